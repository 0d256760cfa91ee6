"""Ensembles are reproducible: the same seed gives the same futures and the same numbers
for every executor (this process, a process pool, a local Dask cluster) and chunk size,
with cells and weights drawn per future too."""

import numpy as np
import pandas as pd
import pytest
from conftest import REPO

from engine.executor import DaskCluster, InProcess, ProcessPool
from engine.explore.analysis import Candidates, Questions, explore, prepare
from engine.explore.ensemble import BLOCK, Ensemble, design
from engine.io.load import load_study
from engine.io.text.uncertainties_file import read_uncertainties
from engine.portfolio import study_problems as sp


@pytest.fixture(scope="module")
def shipped():
    study = load_study(REPO)
    found, _ = read_uncertainties(REPO, study)
    chosen = np.random.default_rng(1).random((2, len(sp.measure_ids(study)))) < 0.3
    return study, found, Candidates(("first", "second"), chosen)


def run(shipped, executor, chunk_blocks, **drawn):
    study, found, candidates = shipped
    ensemble = Ensemble(futures=3 * BLOCK + 17, seed=11, chunk_blocks=chunk_blocks, **drawn)
    return explore(
        study,
        found,
        ensemble,
        Questions(study.profiles[0]),
        candidates,
        executor,
        discover_boxes=False,
    )


def same(a, b) -> None:
    pd.testing.assert_frame_equal(a.options, b.options, check_exact=True)
    pd.testing.assert_frame_equal(a.packages, b.packages, check_exact=True)
    np.testing.assert_array_equal(a.winners, b.winners)
    np.testing.assert_array_equal(a.package_regret, b.package_regret)
    np.testing.assert_array_equal(a.package_within, b.package_within)
    np.testing.assert_array_equal(a.points, b.points)


DRAWN = {"cell_spread": True, "weight_concentration": 40.0}


def test_identical_for_every_chunk_size(shipped):
    reference = run(shipped, InProcess(), 1, **DRAWN)
    for blocks in (2, 3, 64):
        same(reference, run(shipped, InProcess(), blocks, **DRAWN))


def test_identical_in_a_process_pool_and_on_a_local_dask_cluster(shipped):
    reference = run(shipped, InProcess(), 4, **DRAWN)
    same(reference, run(shipped, ProcessPool(2), 1, **DRAWN))
    same(reference, run(shipped, DaskCluster(2), 2, **DRAWN))


def test_identical_on_a_dask_cluster_of_processes_reached_by_its_address(shipped):
    """As ``--scheduler`` reaches a cluster: workers in other processes, results pickled."""
    import distributed  # in the test extra: CI installs it

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = run(shipped, DaskCluster(address=cluster.scheduler_address), 1, **DRAWN)
    same(run(shipped, InProcess(), 4, **DRAWN), remote)


def test_the_draws_matter_and_the_seed_decides_them(shipped):
    drawn, plain = run(shipped, InProcess(), 4, **DRAWN), run(shipped, InProcess(), 4)
    assert not drawn.options["mean"].equals(plain.options["mean"])
    study, found, _ = shipped
    one = design(
        Ensemble(futures=500, seed=1), prepare(study, found, Ensemble(), None).model.ranges
    )
    two = design(
        Ensemble(futures=500, seed=2), prepare(study, found, Ensemble(), None).model.ranges
    )
    assert not np.array_equal(one, two)


@pytest.mark.parametrize("kind", ["latin", "sobol"])
def test_designs_fill_each_drivers_range(shipped, kind):
    study, found, _ = shipped
    ranges = prepare(study, found, Ensemble(), None).model.ranges
    points = design(Ensemble(futures=1024, design=kind, seed=5), ranges)
    assert points.shape == (1024, len(found.drivers))
    assert (points >= ranges[:, 0]).all() and (points <= ranges[:, 1]).all()
    for k, (low, high) in enumerate(ranges):  # every tenth of the range holds a tenth
        counts = np.histogram(points[:, k], bins=10, range=(low, high))[0]
        assert counts.min() >= 90 and counts.max() <= 115
    if kind == "latin":  # one point in each of the 1,024 strata of every driver
        for k, (low, high) in enumerate(ranges):
            strata = np.floor((points[:, k] - low) / (high - low) * 1024).astype(int)
            assert sorted(np.minimum(strata, 1023)) == list(range(1024))
