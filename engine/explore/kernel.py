"""The explore kernel: a chunk of futures in, streaming aggregates out (numpy only).

For each future :math:`f` (a row of driver positions) the kernel builds the performance
table (:mod:`engine.explore.futures`), its expected levels, the 0-100 values, and each
option's additive score under each profile :math:`p`,
:math:`s_{fop} = \\sum_c w_{pc} v_c(x_{foc})`. Its **regret** is the distance to the best
option in that future, :math:`r_{fop} = \\max_{o'} s_{fo'p} - s_{fop}` (Savage 1951). The
same is done for a few candidate packages (their value over the baseline, regret against
the best candidate within that future's limits).

Nothing per future and option is kept: each chunk returns per-block sums (scores, squares,
regrets), counts (first places, futures in which thresholds are met), maxima and a
histogram of regrets in steps of :data:`RESOLUTION` value points, from which percentiles
are read. Per future it keeps only the outcome vector PRIM needs: each profile's winner,
and the recommended package's regret and whether it fits the limits.

References
----------
Savage, L. J. (1951). The theory of statistical decision. *Journal of the American
Statistical Association* 46(253), 55-67.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.explore.ensemble import BLOCK, Chunk, block_rng
from engine.explore.futures import Delivery, FutureModel, superposed
from engine.ranking import TIE_TOLERANCE

RESOLUTION = 0.01
"""Width of a regret histogram bin (value points): percentiles are exact to this."""
BINS = 10_002
"""Bin 0 holds regret 0 (first place); bin k holds (k - 1, k] x RESOLUTION; the last
bin every larger regret (past 100 value points only for packages with synergies)."""


@dataclass(frozen=True)
class Scales:
    """Value functions of the criteria: affine where a function is one straight piece."""

    xs: tuple[np.ndarray, ...]
    vs: tuple[np.ndarray, ...]

    def values(self, levels: np.ndarray, clipped: bool = False) -> np.ndarray:
        """0-100 values of levels (..., criteria), held at the scale ends (``clipped``:
        the levels are known to lie within them)."""
        if self.affine is not None:
            slope, intercept, low, high = self.affine
            out = np.multiply(levels if clipped else np.clip(levels, low, high), slope)
            out += intercept
            return out
        out = np.empty(levels.shape, dtype=float)
        for j, (x, v) in enumerate(zip(self.xs, self.vs, strict=True)):
            out[..., j] = np.interp(levels[..., j], x, v)
        return out

    @cached_property
    def ends(self) -> tuple[np.ndarray, np.ndarray]:
        """Each scale's lowest and highest performance."""
        return np.array([x[0] for x in self.xs]), np.array([x[-1] for x in self.xs])

    def clip(self, levels: np.ndarray) -> np.ndarray:
        """Levels held within each criterion's scale."""
        return np.clip(levels, *self.ends)

    @cached_property
    def affine(self) -> tuple[np.ndarray, ...] | None:
        """(slope, intercept, low, high) when every function is one straight piece."""
        if not all(len(x) == 2 for x in self.xs):
            return None
        low, high = self.ends
        slope = np.array(
            [(v[1] - v[0]) / (x[1] - x[0]) for x, v in zip(self.xs, self.vs, strict=True)]
        )
        intercept = np.array([v[0] for v in self.vs]) - low * slope
        return slope, intercept, low, high

    def subset(self, mask: np.ndarray) -> Scales:
        keep = np.flatnonzero(mask)
        return Scales(tuple(self.xs[j] for j in keep), tuple(self.vs[j] for j in keep))


@dataclass(frozen=True)
class Thresholds:
    """Levels an option must reach in a future: per threshold its criterion, lowest and
    highest acceptable level, and the option it must match or beat (-1: none)."""

    criteria: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    reference: np.ndarray
    benefit: np.ndarray

    def met(self, levels: np.ndarray, reference_levels: np.ndarray) -> np.ndarray:
        """(futures, rows) True where every threshold holds for levels (futures, rows,
        criteria); ``reference_levels`` (futures, options, criteria) are the options'."""
        ok = np.ones(levels.shape[:2], dtype=bool)
        for t, j in enumerate(self.criteria):
            level = levels[..., j]
            ok &= (level >= self.lower[t] - TIE_TOLERANCE) & (
                level <= self.upper[t] + TIE_TOLERANCE
            )
            if self.reference[t] >= 0:
                ref = reference_levels[:, self.reference[t], j][:, None]
                ok &= (
                    level >= ref - TIE_TOLERANCE
                    if self.benefit[t]
                    else level <= ref + TIE_TOLERANCE
                )
        return ok


@dataclass(frozen=True)
class Packages:
    """Candidate packages valued in every future (measures in study order).

    ``chosen`` (packages, measures); ``rows`` the measures' option rows; ``mask`` the
    criteria that count towards a package's value; ``groups`` (packages, benefit
    criteria) the criterion interactions each package holds; ``synergy`` (packages,) its
    value-point interactions; costs and limits as base and change toward each driver end.
    """

    chosen: np.ndarray
    rows: np.ndarray
    baseline: int
    mask: np.ndarray
    groups: np.ndarray
    synergy: np.ndarray
    costs: tuple[np.ndarray, np.ndarray, np.ndarray]
    limits: tuple[np.ndarray, np.ndarray, np.ndarray]
    recommended: int = 0
    """Index of the recommended package among the candidates (its regret is kept per future)."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs for any chunk (small, picklable)."""

    model: FutureModel
    scales: Scales
    weights: np.ndarray
    """(profiles, criteria)."""
    seed: int
    delivery: Delivery | None = None
    thresholds: Thresholds | None = None
    packages: Packages | None = None
    spread: tuple[np.ndarray, np.ndarray] | None = None
    """Each cell's distance below and above its value (options, criteria), when drawn."""
    concentration: float | None = None


@dataclass
class Tally:
    """Aggregates of one kind of candidate (options or packages) over a chunk."""

    sums: np.ndarray
    """(blocks, 3, candidates, profiles): score, squared score and regret summed per block."""
    worst: np.ndarray
    """(candidates, profiles): largest regret."""
    first: np.ndarray
    """(candidates, profiles): futures where the candidate is best (regret 0)."""
    histogram: np.ndarray
    """(candidates, profiles, BINS): futures per regret bin."""
    satisfied: np.ndarray
    """(candidates,): futures in which every threshold holds."""
    within: np.ndarray
    """(candidates,): futures in which it fits every resource limit."""


@dataclass
class ChunkResult:
    """What a chunk returns: tallies and the per-future outcome vector."""

    options: Tally
    packages: Tally | None
    winners: np.ndarray
    """(futures, profiles) index of the best option (the first in study order on ties)."""
    package_regret: np.ndarray | None
    """(futures, profiles) the recommended package's regret."""
    package_within: np.ndarray | None
    """(futures,) whether the recommended package fits the limits."""


def run_chunk(job: Job, chunk: Chunk) -> ChunkResult:
    """Evaluate every future of ``chunk`` (whole blocks, each with its own generator);
    regret histograms are counted once per chunk from every block's bins."""
    parts = [
        _block(job, chunk.points[s : s + BLOCK], block_rng(job.seed, chunk.first_block + b))
        for b, s in enumerate(range(0, len(chunk.points), BLOCK))
    ]
    with_packages = job.packages is not None
    return ChunkResult(
        _merge([p[0] for p in parts]),
        _merge([p[1] for p in parts]) if with_packages else None,
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]) if with_packages else None,
        np.concatenate([p[4] for p in parts]) if with_packages else None,
    )


COUNTED_TOGETHER = 16
"""Blocks whose regret bins are counted into the histogram at once (the bins of a few
blocks are held at a time, not a whole chunk's)."""


def _merge(tallies: list[_BlockTally]) -> Tally:
    """Tallies of consecutive blocks as one: float sums kept per block, the regret bins of
    every block counted into one histogram, a few blocks at a time."""
    shape = tallies[0].worst.shape
    size = int(np.prod(shape)) * BINS
    histogram = np.zeros(size, np.int64)
    for start in range(0, len(tallies), COUNTED_TOGETHER):
        group = tallies[start : start + COUNTED_TOGETHER]
        histogram += np.bincount(np.concatenate([t.bins for t in group]), minlength=size)
        for t in group:
            t.bins = None  # counted: let it go
    return Tally(
        np.stack([t.sums for t in tallies]),
        np.max([t.worst for t in tallies], axis=0),
        np.sum([t.first for t in tallies], axis=0),
        histogram.astype(np.int32).reshape(*shape, BINS),
        np.sum([t.satisfied for t in tallies], axis=0),
        np.sum([t.within for t in tallies], axis=0),
    )


@dataclass
class _BlockTally:
    """One block's tally before its bins are counted."""

    sums: np.ndarray
    worst: np.ndarray
    first: np.ndarray
    bins: np.ndarray
    """(futures x candidates x profiles,) each regret's histogram cell (int32)."""
    satisfied: np.ndarray
    within: np.ndarray


class Fold:
    """Tallies of chunks folded in as they arrive, in any order: counts and maxima are
    added at once (so a run holds one histogram, not one per chunk); the per-block float
    sums are kept by chunk index and joined in block order at the end."""

    def __init__(self) -> None:
        self.total: Tally | None = None
        self.sums: dict[int, np.ndarray] = {}

    def add(self, index: int, tally: Tally) -> None:
        self.sums[index] = tally.sums
        if self.total is None:
            self.total = Tally(None, tally.worst, tally.first, tally.histogram.astype(np.int64),
                               tally.satisfied, tally.within)  # fmt: skip
            return
        total = self.total
        np.maximum(total.worst, tally.worst, out=total.worst)
        total.first += tally.first
        total.histogram += tally.histogram
        total.satisfied += tally.satisfied
        total.within += tally.within

    def tally(self) -> Tally:
        """Every chunk's tally as one (chunks 0, 1, ... all added)."""
        sums = np.concatenate([self.sums[i] for i in range(len(self.sums))])
        total = self.total
        return Tally(sums, total.worst, total.first, total.histogram, total.satisfied, total.within)


SLAB = 128
"""Futures whose tables are built at once inside a block: a slab's arrays (128 x 30 x 18
cells, half a megabyte) stay in a core's cache, so two workers do not queue for memory.
Slabs change no number: every draw is made per block, every sum per block."""


def _block(job: Job, points: np.ndarray, rng: np.random.Generator):
    """One block: tables slab by slab, then scores, regrets and their tally."""
    futures = len(points)
    u = rng.random((futures, *job.model.base.shape)) if job.spread is not None else None
    weights = _weights(job, rng, futures)
    options, profiles = job.model.base.shape[0], job.weights.shape[0]
    scores = np.empty((futures, options, profiles))
    met = None if job.thresholds is None else np.empty((futures, options), bool)
    package = None if job.packages is None else _PackageOutcomes.empty(job, futures)
    for start in range(0, futures, SLAB):
        at = slice(start, start + SLAB)
        levels = _levels(job, points[at], None if u is None else u[at])
        slab_weights = weights if weights.ndim == 2 else weights[at]
        scores[at] = _scores(job.scales.values(levels, clipped=True), slab_weights)
        if met is not None:
            met[at] = job.thresholds.met(levels, levels)
        if package is not None:
            package.fill(at, *_package_values(job, levels, slab_weights, points[at]))
    winners = np.argmax(scores, axis=1).astype(np.int16)
    tally = _tally(scores, _regret(scores), met, None)
    if package is None:
        return tally, None, winners, None, None
    regret = _regret(package.value, package.within)
    packages = _tally(package.value, regret, package.met, package.within)
    kept = job.packages.recommended
    return tally, packages, winners, regret[:, kept].astype(np.float32), package.within[:, kept]


def _levels(job: Job, points: np.ndarray, u: np.ndarray | None) -> np.ndarray:
    """Expected levels (futures, options, criteria) of a slab: superposed cells, moved
    within their spread, at each option's delivery likelihood."""
    cells = job.model.cells(points)
    if u is not None:
        cells = _spread(cells, job.spread, u, job.model)
    return cells if job.delivery is None else job.delivery.expected(cells)


def _scores(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Additive scores (futures, options, profiles) under fixed or per-future weights."""
    if weights.ndim == 2:
        return values @ weights.T
    return np.einsum("foc,fpc->fop", values, weights)


@dataclass
class _PackageOutcomes:
    """A block's candidate packages: value, fits the limits, meets the thresholds."""

    value: np.ndarray
    within: np.ndarray
    met: np.ndarray | None

    @classmethod
    def empty(cls, job: Job, futures: int) -> _PackageOutcomes:
        count, profiles = len(job.packages.chosen), job.weights.shape[0]
        met = None if job.thresholds is None else np.empty((futures, count), bool)
        return cls(np.empty((futures, count, profiles)), np.empty((futures, count), bool), met)

    def fill(self, at: slice, value, within, met) -> None:
        self.value[at], self.within[at] = value, within
        if self.met is not None:
            self.met[at] = met


def _spread(cells: np.ndarray, spread, u: np.ndarray, model: FutureModel):
    """Each cell moved within its range (triangular, mode at the superposed value), by
    the uniforms ``u`` (inverse distribution function)."""
    below, above = spread
    width = below + above
    safe = np.where(width > 0, width, 1.0)
    left = -below + np.sqrt(u * width * below)
    right = above - np.sqrt((1 - u) * width * above)
    step = np.where(width > 0, np.where(u < below / safe, left, right), 0.0)
    return np.clip(cells + step, model.low, model.high)


def _weights(job: Job, rng: np.random.Generator, futures: int) -> np.ndarray:
    """(profiles, criteria), or (futures, profiles, criteria) drawn around them."""
    if job.concentration is None:
        return job.weights
    alpha = job.concentration * job.weights
    draws = rng.standard_gamma(np.maximum(alpha, 1e-300), (futures, *alpha.shape))
    draws = np.where(alpha > 0, draws, 0.0)
    return draws / draws.sum(axis=-1, keepdims=True)


def _regret(scores: np.ndarray, within: np.ndarray | None = None) -> np.ndarray:
    """(futures, candidates, profiles): the best candidate's score (among those within the
    limits where any is) minus each one's."""
    if within is None:
        best = scores.max(axis=1, keepdims=True)
    else:
        feasible = within.any(axis=1)[:, None, None]
        masked = np.where(within[:, :, None] | ~feasible, scores, -np.inf)
        best = masked.max(axis=1, keepdims=True)
    return np.maximum(best - scores, 0.0)


def _tally(
    scores: np.ndarray, regret: np.ndarray, met: np.ndarray | None, within: np.ndarray | None
) -> _BlockTally:
    """A block's tally of scores and their regrets (futures, candidates, profiles)."""
    futures, candidates, profiles = scores.shape
    first = regret <= TIE_TOLERANCE
    bins = np.minimum(np.ceil(regret * (1 / RESOLUTION)), BINS - 1).astype(np.int32)
    bins[first] = 0
    bins += (BINS * np.arange(candidates * profiles, dtype=np.int32)).reshape(candidates, profiles)
    return _BlockTally(
        np.stack([scores.sum(axis=0), (scores**2).sum(axis=0), regret.sum(axis=0)]),
        regret.max(axis=0),
        first.sum(axis=0),
        bins.ravel(),
        np.zeros(candidates, np.int64) if met is None else met.sum(axis=0),
        np.full(candidates, futures, np.int64) if within is None else within.sum(axis=0),
    )


def _package_values(job: Job, levels: np.ndarray, weights: np.ndarray, points: np.ndarray):
    """Each candidate package's value over the baseline (futures, packages, profiles),
    whether it fits the limits (futures, packages) and meets the thresholds."""
    packages = job.packages
    mask = packages.mask
    base = levels[:, packages.baseline][:, mask]  # (futures, n)
    change = levels[:, packages.rows][:, :, mask] - base[:, None, :]
    package_levels = (
        base[:, None, :] + np.einsum("km,fmn->fkn", packages.chosen, change) + packages.groups
    )
    scales = job.scales.subset(mask)
    gained = scales.values(package_levels) - scales.values(base)[:, None, :]
    benefit = weights[..., mask]
    benefit = benefit / np.where(
        benefit.sum(-1, keepdims=True) > 0, benefit.sum(-1, keepdims=True), 1
    )
    value = _scores(gained, benefit)
    value += packages.synergy[None, :, None]
    costs = superposed(*packages.costs, points)  # (futures, measures, resources)
    limits = superposed(*packages.limits, points)  # (futures, resources)
    spent = np.einsum("km,fmr->fkr", packages.chosen, np.maximum(costs, 0))
    within = (spent <= limits[:, None, :] + 1e-9 * np.maximum(1, np.abs(limits[:, None, :]))).all(
        -1
    )
    met = None
    if job.thresholds is not None:
        full = np.zeros((*package_levels.shape[:2], levels.shape[2]))
        full[..., mask] = scales.clip(package_levels)
        full[..., ~mask] = levels[:, packages.baseline][:, None, ~mask]
        met = job.thresholds.met(full, levels)
    return value, within, met
