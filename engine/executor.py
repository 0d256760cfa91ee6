"""Where independent pieces of work run: in this process, or in a pool of processes.

One interface for every computation that splits into independent pieces (a frontier's
budget intervals and the inclusion-frequency samples now; generated futures later):
:meth:`Executor.run` takes a
picklable top-level function and its inputs and yields ``(index, result)`` as each piece
finishes, so the caller can report progress and keep what finished when a deadline
passes. Results never depend on the executor: each piece is exact (or seeded from its
index), and the caller orders them by index.

The process pool starts its workers with ``spawn`` (a fresh interpreter each): a forked
child would inherit this process's solver instances and thread state.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Protocol, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Executor(Protocol):
    """Runs ``task`` on every item; yields ``(index, result)`` in the order they finish."""

    workers: int

    def run(
        self, task: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[int, Result]]: ...


class InProcess:
    """Every piece in this process, one after another (the default)."""

    workers = 1

    def run(
        self, task: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[int, Result]]:
        for index, item in enumerate(items):
            yield index, task(item)


class ProcessPool:
    """Pieces spread over ``workers`` processes on this machine, at most ``workers``
    pieces in flight (the items are taken from their iterable as slots free), so memory
    holds few pieces and a caller that stops early leaves little work behind."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1; got {workers}")
        self.workers = workers

    def run(
        self, task: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[int, Result]]:
        context = get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            waiting = enumerate(items)  # drawn as slots free: memory holds few pieces
            running: dict = {}
            try:
                while True:
                    for index, item in itertools.islice(waiting, self.workers - len(running)):
                        running[pool.submit(task, item)] = index
                    if not running:
                        return
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield running.pop(future), future.result()
            finally:
                for future in running:
                    future.cancel()


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def executor_for(workers: int) -> Executor:
    """In this process for one worker, else a pool of ``workers`` processes."""
    return InProcess() if workers <= 1 else ProcessPool(workers)
