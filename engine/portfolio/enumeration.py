"""Best packages for many sampled problems at once, exactly, by enumerating candidates.

The core index needs the optimal package for thousands of samples of benefits and
costs. Solving one integer program per sample costs milliseconds each; when the
measures are few (at most :data:`MAX_MEASURES`), the candidates are enumerated once
and every sample is decided by array operations instead:

1. every package that meets the logical constraints (bit operations on all
   :math:`2^m` codes) and the limits at the lowest sampled costs;
2. less every package ``P`` that some ``P + j`` beats in every sample: ``j``'s benefit
   plus its interactions with ``P`` is positive in every sample, ``P + j`` meets the
   logical constraints and fits the limits at the highest sampled costs;
3. per sample, the candidate of highest value among those within its limits (exact
   ties go to the lower nominal cost, then the lower code).

Nothing is approximated: a package dropped in steps 1-2 is infeasible or strictly
beaten in every sample drawn. Past the size limits the caller solves one program per
sample with HiGHS instead (:func:`engine.portfolio.core_index.best_packages`).
"""

from __future__ import annotations

import numpy as np

from engine.portfolio.problem import FEASIBILITY_TOLERANCE, Problem

MAX_MEASURES = 22
MAX_CANDIDATES = 400_000
CHUNK_ELEMENTS = 4_000_000


def candidates(
    problem: Problem, low_costs: np.ndarray, high_costs: np.ndarray, min_benefit: np.ndarray
) -> np.ndarray | None:
    """Codes (bit i = measure i) of the packages that can be optimal in some sample, or
    None when there are too many measures or candidates to enumerate."""
    m = problem.size
    if m > MAX_MEASURES:
        return None
    codes = np.arange(1 << m, dtype=np.int64)
    logical = _logical(problem, codes)
    limit = _limits(problem)
    feasible_low = logical & _fits(codes, low_costs, limit)
    fits_high = _fits(codes, high_costs, limit)
    keep = feasible_low.copy()
    better = logical & fits_high  # P + j is allowed and fits in every sample
    for j in range(m):
        # Codes as (high bits, bit j, low bits): [:, 0, :] lack j, [:, 1, :] are them plus j.
        shape = (1 << (m - j - 1), 2, 1 << j)
        column = _column(problem, j)
        if np.any(column):
            gain = (min_benefit[j] + _sums(codes, column)).reshape(shape)[:, 0, :] > 0
        elif min_benefit[j] > 0:
            gain = True
        else:
            continue  # adding j can lower the value in some sample: no dominance
        view = keep.reshape(shape)
        view[:, 0, :] &= ~(gain & better.reshape(shape)[:, 1, :])
    found = codes[keep]
    return found if len(found) <= MAX_CANDIDATES else None


def best_of(
    problem: Problem, codes: np.ndarray, benefits: np.ndarray, costs: np.ndarray | None
) -> np.ndarray:
    """Index into ``codes`` of the best feasible candidate per sample (-1: none).

    ``benefits`` (S, m); ``costs`` (S, m, r) sampled, or None for the problem's own.
    ``codes`` must be in the order ties are to be broken (:func:`in_tie_order`): the
    first of equal values wins. Samples are taken in chunks so that a chunk's value
    matrix holds at most :data:`CHUNK_ELEMENTS` entries."""
    bits = ((codes[:, None] >> np.arange(problem.size)) & 1).astype(float)
    interaction = (
        problem.values(bits, np.zeros(problem.size))
        if problem.synergy is not None
        else np.zeros(len(codes))
    )
    limit = _limits(problem)
    finite = np.flatnonzero(np.isfinite(limit))
    if costs is None:  # fixed costs: infeasible candidates dropped once
        kept = np.flatnonzero(np.all(bits @ problem.costs[:, finite] <= limit[finite], axis=1))
        found = best_of(problem, codes[kept], benefits, np.zeros((len(benefits), problem.size, 0)))
        return np.where(found >= 0, kept[np.maximum(found, 0)], -1)
    finite = finite[finite < costs.shape[2]]
    chunk = max(1, CHUNK_ELEMENTS // max(1, len(codes)))
    out = np.empty(len(benefits), dtype=np.int64)
    for start in range(0, len(benefits), chunk):
        stop = min(start + chunk, len(benefits))
        value = benefits[start:stop] @ bits.T
        value += interaction
        for k in finite:
            value[costs[start:stop, :, k] @ bits.T > limit[k]] = -np.inf
        pick = np.argmax(value, axis=1)
        out[start:stop] = np.where(np.isfinite(value[np.arange(stop - start), pick]), pick, -1)
    return out


def in_tie_order(problem: Problem, codes: np.ndarray) -> np.ndarray:
    """``codes`` sorted so that ties go to the lower nominal total cost, then the lower
    code (stable)."""
    nominal = _sums(codes, problem.costs.sum(axis=1))
    return codes[np.lexsort((codes, nominal))]


def bits_of(codes: np.ndarray, m: int) -> np.ndarray:
    """Boolean packages (len(codes), m) of codes."""
    return ((codes[:, None] >> np.arange(m)) & 1).astype(bool)


def _limits(problem: Problem) -> np.ndarray:
    limits = problem.limits
    finite = np.where(np.isinf(limits), 0.0, limits)
    return limits + FEASIBILITY_TOLERANCE * np.maximum(1.0, np.abs(finite))


def _mask(group) -> int:
    return int(sum(1 << int(i) for i in group))


def _count(codes: np.ndarray, mask: int) -> np.ndarray:
    return np.bitwise_count(codes & mask)


def _logical(problem: Problem, codes: np.ndarray) -> np.ndarray:
    ok = np.ones(len(codes), dtype=bool)
    for group in problem.exclusive:
        ok &= _count(codes, _mask(group)) <= 1
    for i, j in problem.requires:
        ok &= ((codes >> i) & 1) <= ((codes >> j) & 1)
    for group, k in problem.at_most:
        ok &= _count(codes, _mask(group)) <= k
    for group, k in problem.at_least:
        ok &= _count(codes, _mask(group)) >= k
    include, exclude = _mask(problem.include), _mask(problem.exclude)
    ok &= (codes & include) == include
    ok &= (codes & exclude) == 0
    return ok


def _sums(codes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sum of ``weights[i]`` over the bits of each code, by 8-bit lookup tables."""
    total = np.zeros(len(codes))
    for start in range(0, len(weights), 8):
        part = weights[start : start + 8]
        table = (((np.arange(256)[:, None] >> np.arange(len(part))) & 1) * part).sum(axis=1)
        total += table[(codes >> start) & 255]
    return total


def _fits(codes: np.ndarray, costs: np.ndarray, limit: np.ndarray) -> np.ndarray:
    ok = np.ones(len(codes), dtype=bool)
    for k in range(costs.shape[1]):
        if np.isfinite(limit[k]):
            ok &= _sums(codes, costs[:, k]) <= limit[k]
    return ok


def _column(problem: Problem, j: int) -> np.ndarray:
    if problem.synergy is None:
        return np.zeros(problem.size)
    column = problem.synergy[:, j].copy()
    column[j] = 0.0
    return column
