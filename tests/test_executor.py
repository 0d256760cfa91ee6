"""The executor interface (issue 25; issue 26 adds Dask): every executor yields each
piece's result once, with its index, whatever order the pieces finish in."""

import math

import pytest

from engine.executor import InProcess, ProcessPool, cores, executor_for


def test_a_pool_and_this_process_give_the_same_results_by_index():
    items = list(range(23))
    here = dict(InProcess().run(math.factorial, items))
    there = dict(ProcessPool(2).run(math.factorial, items))
    assert here == there == {k: math.factorial(k) for k in items}


def test_a_piece_that_fails_raises_in_the_caller():
    with pytest.raises(ValueError):
        list(ProcessPool(2).run(math.factorial, [3, -1, 4]))


def test_one_worker_runs_here_and_more_run_in_a_pool():
    assert isinstance(executor_for(1), InProcess)
    assert isinstance(executor_for(2), ProcessPool) and executor_for(2).workers == 2
    assert cores() >= 1
    with pytest.raises(ValueError):
        ProcessPool(0)
