"""Where independent pieces of work run: in this process, or in a pool of processes.

One interface for every computation that splits into independent pieces (a frontier's
budget intervals, the inclusion-frequency samples, chunks of generated futures):
:meth:`Executor.run` takes a
picklable top-level function and its inputs and yields ``(index, result)`` as each piece
finishes, so the caller can report progress and keep what finished when a deadline
passes. Results never depend on the executor: each piece is exact (or seeded from its
index), and the caller orders them by index.

The process pool starts its workers with ``spawn`` (a fresh interpreter each): a forked
child would inherit this process's solver instances and thread state. :class:`DaskCluster`
runs the pieces on Dask distributed (Rocklin 2015): a cluster already running (its
scheduler's address) or a local cluster of worker threads started for the run; Dask is
imported only then (the optional extra ``policyscore[dask]``).

References
----------
Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task
scheduling. *Proceedings of the 14th Python in Science Conference*, 130-136.
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


class DaskMissing(ImportError):
    """Dask distributed is not installed (``pip install 'policyscore[dask]'``)."""


class DaskCluster:
    """Pieces on a Dask distributed cluster: the scheduler at ``address``
    (``tcp://host:8786``), or a local cluster of ``workers`` threads of this process
    started for each run and closed after it (numpy work releases the GIL: no process to
    start, no piece to copy). At most two pieces per worker are in flight, so memory holds
    few pieces."""

    def __init__(self, workers: int = 2, address: str | None = None) -> None:
        if address is None and workers < 1:
            raise ValueError(f"workers must be at least 1; got {workers}")
        self.workers = workers
        self.address = address

    def run(
        self, task: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[tuple[int, Result]]:
        distributed = _distributed()
        with self._client(distributed) as client:
            slots = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
            waiting = enumerate(items)
            running = distributed.as_completed()
            index_of: dict = {}
            for index, item in itertools.islice(waiting, slots):
                future = client.submit(task, item, pure=False)
                index_of[future.key] = index
                running.add(future)
            for future in running:
                yield index_of.pop(future.key), future.result()
                future.release()
                for index, item in itertools.islice(waiting, 1):
                    new = client.submit(task, item, pure=False)
                    index_of[new.key] = index
                    running.add(new)

    def _client(self, distributed):
        if self.address is not None:
            return distributed.Client(self.address, timeout="10s")
        cluster = distributed.LocalCluster(  # workers are threads of this process
            n_workers=self.workers,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            silence_logs=50,  # logging.CRITICAL: the command line reports, not Dask
        )
        return _Owned(distributed.Client(cluster), cluster)


class _Owned:
    """A client whose local cluster closes with it."""

    def __init__(self, client, cluster) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.cluster.close()


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise DaskMissing(
            "running on Dask needs Dask distributed: pip install 'policyscore[dask]'"
        ) from exc
    return distributed


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def executor_for(workers: int, scheduler: str | None = None, dask: bool = False) -> Executor:
    """The scheduler's Dask cluster when an address is given; a local Dask cluster of
    ``workers`` threads when ``dask``; else in this process for one worker and a pool of
    ``workers`` processes for more."""
    if scheduler is not None or dask:
        return DaskCluster(workers, scheduler)
    return InProcess() if workers <= 1 else ProcessPool(workers)
