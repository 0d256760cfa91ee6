"""Explore an ensemble of generated futures: robustness of every option and candidate
package, and the futures in which the choice fails (scenario discovery).

The ensemble runs in chunks through an :class:`~engine.executor.Executor` (in process, a
process pool or a Dask cluster); every chunk is exact given its blocks' seeds, and the
tallies are added in block order, so the result is the same for any executor and chunk
size.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from engine.executor import Executor, InProcess
from engine.explore.discovery import Discovery, PrimMissing, discover
from engine.explore.ensemble import BLOCK, Ensemble, chunks, design
from engine.explore.futures import delivery_of, future_model
from engine.explore.kernel import Fold, Job, Scales, Thresholds, run_chunk
from engine.explore.package_model import package_arrays
from engine.explore.records import Uncertainties
from engine.explore.robustness import most_robust, robustness_table
from engine.progress import Progress, tick
from engine.study import Study
from engine.valuefn import value_points

REGRET_LIMIT = 2.0
"""Default regret (value points, 2 % of the value scale) past which the recommended package
counts as failing."""


@dataclass(frozen=True)
class Candidates:
    """Packages valued in every future: labels, measures chosen (packages, measures) and
    the recommended one's index."""

    labels: tuple[str, ...]
    chosen: np.ndarray
    recommended: int = 0
    measures: tuple[str, ...] = ()
    """The measures' option ids, in the columns' order."""
    stopped: str = ""
    """What the package analysis's time limit cut short ("": nothing)."""


@dataclass(frozen=True)
class Questions:
    """What scenario discovery asks: for which profile, past which package regret."""

    profile: str
    regret_limit: float = REGRET_LIMIT
    coverage: float = 0.75
    peel_alpha: float = 0.05


@dataclass(frozen=True)
class Exploration:
    """Everything the explore report and the command line show."""

    ensemble: Ensemble
    drivers: tuple[str, ...]
    points: np.ndarray
    options: pd.DataFrame
    """Robustness of every option per profile (:func:`robustness_table`)."""
    most_robust: dict[str, str]
    winners: np.ndarray
    questions: Questions
    discoveries: tuple[Discovery, ...]
    packages: pd.DataFrame | None = None
    candidates: Candidates | None = None
    package_regret: np.ndarray | None = None
    package_within: np.ndarray | None = None
    discovery_missing: str = ""
    """Why no scenario discovery ran (empty: it did)."""

    @property
    def futures(self) -> int:
        return len(self.points)


def prepare(
    study: Study, found: Uncertainties, ensemble: Ensemble, candidates: Candidates | None
) -> Job:
    """The job every chunk runs (picklable, small)."""
    model = future_model(study, found)
    points = [value_points(c) for c in study.tree.criteria]
    scales = Scales(tuple(p[0] for p in points), tuple(p[1] for p in points))
    weights = np.stack([study.weight_vector(p) for p in study.profiles])
    return Job(
        model,
        scales,
        weights,
        ensemble.seed,
        delivery_of(study),
        thresholds_of(study, found),
        None if candidates is None else package_arrays(study, found, model, candidates),
        _spread(study, found) if ensemble.cell_spread else None,
        ensemble.weight_concentration,
    )


def explore(
    study: Study,
    found: Uncertainties,
    ensemble: Ensemble,
    questions: Questions,
    candidates: Candidates | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    discover_boxes: bool = True,
) -> Exploration:
    """Generate the ensemble, evaluate it chunk by chunk and discover where things fail
    (``discover_boxes`` False: robustness only)."""
    job = prepare(study, found, ensemble, candidates)
    points = design(ensemble, job.model.ranges)
    run = _run(job, points, ensemble, executor or InProcess(), progress)
    options = robustness_table(run.options.tally(), len(points), study.options, study.profiles)
    robust = most_robust(options, study.profiles, study.options)
    winners, packages, regret, within = run.winners, None, None, None
    if candidates is not None:
        tally = run.packages.tally()
        packages = robustness_table(tally, len(points), list(candidates.labels), study.profiles)
        regret, within = run.package_regret, run.package_within
    ids = tuple(d.id for d in found.drivers)
    frame = pd.DataFrame(points, columns=list(ids))
    try:
        discoveries, missing = (), ""
        if discover_boxes:
            discoveries = _discoveries(study, frame, questions, robust, winners, regret)
    except PrimMissing as exc:  # the optional extra: robustness is still worth reporting
        discoveries, missing = (), str(exc)
    return Exploration(
        ensemble,
        ids,
        points,
        options,
        robust,
        winners,
        questions,
        discoveries,
        packages,
        candidates,
        regret,
        within,
        missing,
    )


@dataclass
class _Run:
    """Tallies folded as chunks finish, and the outcome vector of every future."""

    options: Fold
    packages: Fold
    winners: np.ndarray
    package_regret: np.ndarray | None
    package_within: np.ndarray | None


def _run(job: Job, points, ensemble: Ensemble, executor: Executor, progress) -> _Run:
    """Every chunk evaluated and folded in (they finish in any order; memory holds the
    chunks in flight, one histogram per kind and the per-future outcome vector)."""
    futures, profiles = len(points), job.weights.shape[0]
    with_packages = job.packages is not None
    run = _Run(
        Fold(),
        Fold(),
        np.zeros((futures, profiles), np.int16),
        np.zeros((futures, profiles), np.float32) if with_packages else None,
        np.zeros(futures, bool) if with_packages else None,
    )
    blocks = ensemble.chunk_size(executor.workers)
    size, done = BLOCK * blocks, 0
    tick(progress, 0, futures, "Futures", "futures")
    with threadpool_limits(1):  # small products: BLAS threads only contend with workers
        for index, result in executor.run(_Task(job), chunks(points, blocks)):
            done += _fold(run, index, index * size, result)
            tick(progress, done, futures, "Futures", "futures")
    return run


def _fold(run: _Run, index: int, start: int, result) -> int:
    """Fold one chunk's result into the run; the number of futures it held."""
    at = slice(start, start + len(result.winners))
    run.options.add(index, result.options)
    run.winners[at] = result.winners
    if run.package_regret is not None:
        run.packages.add(index, result.packages)
        run.package_regret[at] = result.package_regret
        run.package_within[at] = result.package_within
    return len(result.winners)


class _Task:
    """The chunk function with its job bound (picklable: a module-level class). In another
    process (a pool's, a cluster's) it keeps BLAS to one thread, as this process does:
    the kernel's products are small, and the workers already use every core."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.home = os.getpid()

    def __call__(self, chunk):
        if os.getpid() == self.home:
            return run_chunk(self.job, chunk)
        with threadpool_limits(1):
            return run_chunk(self.job, chunk)


def _discoveries(study, frame, questions: Questions, robust, winners, regret):
    p = study.profiles.index(questions.profile)
    favourite = robust[questions.profile]
    not_first = winners[:, p] != study.options.index(favourite)
    asked = [
        discover(
            frame,
            not_first,
            f"the most robust option ({study.option(favourite).name}) is not first "
            f"for {study.profile(questions.profile).name}",
            coverage=questions.coverage,
            peel_alpha=questions.peel_alpha,
        )
    ]
    if regret is not None:
        asked.insert(
            0,
            discover(
                frame,
                regret[:, p] > questions.regret_limit,
                f"the recommended package falls more than {questions.regret_limit:g} value "
                f"points behind the best candidate for {study.profile(questions.profile).name}",
                coverage=questions.coverage,
                peel_alpha=questions.peel_alpha,
            ),
        )
    return tuple(asked)


def thresholds_of(study: Study, found: Uncertainties) -> Thresholds | None:
    """The study's thresholds as arrays (None: it declares none)."""
    if not found.thresholds:
        return None
    rows = found.thresholds
    return Thresholds(
        np.array([study.criteria.index(t.criterion) for t in rows]),
        np.array([-np.inf if t.at_least is None else t.at_least for t in rows]),
        np.array([np.inf if t.at_most is None else t.at_most for t in rows]),
        np.array(
            [-1 if t.no_worse_than is None else study.options.index(t.no_worse_than) for t in rows]
        ),
        np.array([study.criterion(t.criterion).direction.value == "benefit" for t in rows]),
    )


def _spread(study: Study, found: Uncertainties) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's distance below and above its value in the base scenario (0: no range)."""
    cells = study.cells(found.base)
    below = np.zeros((len(study.options), len(study.criteria)))
    above = np.zeros_like(below)
    for i, option in enumerate(study.options):
        for j, criterion in enumerate(study.criteria):
            cell = cells[(option, criterion)][0]
            if cell.low is not None and cell.high is not None:
                below[i, j], above[i, j] = cell.value - cell.low, cell.high - cell.value
    return below, above
