"""Best packages for many sampled problems at once, exactly, by enumerating candidates.

The inclusion frequency needs the optimal package for thousands of samples of benefits and
costs. Solving one integer program per sample costs milliseconds each; when the
measures are few (at most :data:`MAX_MEASURES`), the candidates are enumerated once
and every sample is decided by array operations instead:

1. every package that meets the logical constraints (bit operations on all
   :math:`2^m` codes) and the limits at the lowest sampled costs;
2. less every package a neighbour beats in every sample while fitting whenever it fits
   (one measure more, one less, or one swapped for a better and cheaper one; see
   :func:`candidates`);
3. per sample, the candidate of highest value among those within its limits (exact
   ties go to the lower nominal cost, then the lower code).

Nothing is approximated: a package dropped in steps 1-2 is infeasible or strictly
beaten in every sample drawn. Past the size limits the caller solves one program per
sample with HiGHS instead (:func:`engine.portfolio.inclusion.best_packages`).
"""

from __future__ import annotations

import numpy as np

from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.problem import FEASIBILITY_TOLERANCE, Problem

MAX_MEASURES = 22
MAX_CANDIDATES = 400_000
CHUNK_ELEMENTS = 4_000_000


def candidates(
    problem: Problem, benefits: np.ndarray, costs: np.ndarray | None = None
) -> np.ndarray | None:
    """Codes (bit i = measure i) of the packages that can be optimal in some sample, or
    None when there are too many measures or candidates to enumerate.

    ``benefits`` (S, m) and ``costs`` (S, m, r) are the samples (None: the problem's
    costs). A package is dropped when it is infeasible at the lowest sampled costs, or
    when a neighbour beats it in every sample and fits whenever it does:

    * ``P + j``: j's benefit plus its interactions with P is positive in every sample,
      and ``P + j`` is allowed and fits at the highest sampled costs;
    * ``P - i``: i's benefit plus its interactions with P is negative in every sample,
      ``P - i`` is allowed, and i costs nothing negative (so ``P - i`` costs no more);
    * ``P - i + j`` (no interactions on i or j): :math:`b_j > b_i` and
      :math:`c_j \\le c_i` in every sample and resource, and ``P - i + j`` is allowed.
    """
    m = problem.size
    if m > MAX_MEASURES:
        return None
    low = problem.costs if costs is None else costs.min(axis=0)
    high = problem.costs if costs is None else costs.max(axis=0)
    codes = np.arange(1 << m, dtype=np.int64)
    logical = _logical(problem, codes)
    limit = _limits(problem)
    keep = logical & _fits(codes, low, limit)
    better = logical & _fits(codes, high, limit)  # allowed and fits in every sample
    lowest, highest = benefits.min(axis=0), benefits.max(axis=0)
    for j in range(m):
        shape = (1 << (m - j - 1), 2, 1 << j)  # [:, 0, :] lack j; [:, 1, :] hold it
        column = _column(problem, j)
        interacts = bool(np.any(column))
        sums = _sums(codes, column).reshape(shape)[:, 0, :] if interacts else 0.0
        gain = lowest[j] + sums > 0
        loss = (highest[j] + sums < 0) & bool(np.all(low[j] >= 0))
        view = keep.reshape(shape)
        if np.any(gain):
            view[:, 0, :] &= ~(gain & better.reshape(shape)[:, 1, :])
        if np.any(loss):
            view[:, 1, :] &= ~(loss & logical.reshape(shape)[:, 0, :])
    for i, j in _swaps(problem, benefits, costs):
        low_bit, high_bit = min(i, j), max(i, j)
        shape = (1 << (m - high_bit - 1), 2, 1 << (high_bit - low_bit - 1), 2, 1 << low_bit)
        view, allowed = keep.reshape(shape), logical.reshape(shape)
        if i < j:  # P holds i (low bit), lacks j (high bit); P - i + j flips both
            view[:, 0, :, 1, :] &= ~allowed[:, 1, :, 0, :]
        else:
            view[:, 1, :, 0, :] &= ~allowed[:, 0, :, 1, :]
    found = codes[keep]
    return found if len(found) <= MAX_CANDIDATES else None


def _swaps(problem: Problem, benefits: np.ndarray, costs: np.ndarray | None):
    """Pairs (i, j): j beats i in every sample and costs no more, neither interacts."""
    loose = [
        k for k in range(problem.size) if problem.synergy is None or not np.any(_column(problem, k))
    ]
    sampled = problem.costs[None] if costs is None else costs
    out = []
    for i in loose:
        for j in loose:
            beats = i != j and np.min(benefits[:, j] - benefits[:, i]) > 0
            if beats and np.max(sampled[:, j, :] - sampled[:, i, :], initial=0.0) <= 0:
                out.append((i, j))
    return out


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
    columns = np.ascontiguousarray(bits.T)
    # Buffers reused chunk after chunk: fresh large arrays would cost page faults each time.
    value = np.empty((chunk, len(codes)))
    spent = np.empty((chunk, len(codes)))
    over = np.empty((chunk, len(codes)), dtype=bool)
    out = np.empty(len(benefits), dtype=np.int64)
    for start in range(0, len(benefits), chunk):
        stop = min(start + chunk, len(benefits))
        n = stop - start
        v, t, o = value[:n], spent[:n], over[:n]
        np.matmul(benefits[start:stop], columns, out=v)
        v += interaction
        for k in finite:
            np.matmul(costs[start:stop, :, k], columns, out=t)
            np.greater(t, limit[k], out=o)
            np.copyto(v, -np.inf, where=o)
        pick = np.argmax(v, axis=1)
        out[start:stop] = np.where(np.isfinite(v[np.arange(n), pick]), pick, -1)
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


def _logical(problem: Problem, codes: np.ndarray) -> np.ndarray:
    ok = np.ones(len(codes), dtype=bool)
    for name, entry in problem.constraints:
        ok &= KINDS[name].holds_codes(codes, entry)
    return ok


TABLE_BITS = 11


def _sums(codes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sum of ``weights[i]`` over the bits of each code, by 11-bit lookup tables (two
    lookups for the 22 measures enumeration allows)."""
    total = np.zeros(len(codes))
    mask = (1 << TABLE_BITS) - 1
    for start in range(0, len(weights), TABLE_BITS):
        part = weights[start : start + TABLE_BITS]
        table = ((np.arange(1 << len(part))[:, None] >> np.arange(len(part))) & 1) @ part
        total += table[(codes >> start) & mask]
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
