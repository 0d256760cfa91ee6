"""SMAA-2: rank acceptability indices, central weight vectors and confidence factors.

For samples of weights :math:`w^{(s)}` (and optionally of performance tables), let
:math:`r_i^{(s)}` be option i's rank. Then

* rank acceptability :math:`b_i^r = \\Pr[r_i = r]`, the share of samples in which
  option i takes rank r (every row and every column of the matrix sums to one);
* central weight vector :math:`w_i^c = E[w \\mid r_i = 1]`, the typical weights that
  make i the best;
* confidence factor :math:`p_i^c = \\Pr[r_i = 1 \\mid w = w_i^c]`, the probability that i
  is best when its central weights are used (1 or 0 without performance uncertainty).

Ties are shared exactly: options whose scores are tied (a chain of scores each within
the method's tie tolerance of the next, best first) jointly occupy the ranks
:math:`p+1, \\dots, p+t` below the :math:`p` options ahead of them, and each takes
:math:`1/t` of each of those ranks in that sample. So every row and every column of the
acceptability matrix sums to one even when ties are frequent (all weight on one
criterion, identical options, a tiny Dirichlet concentration), and without ties this is
the usual count. The central weights and confidence factors count a tie for first the
same way (each of the :math:`t` options first with weight :math:`1/t`).

References
----------
Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making. *Operations Research* 49(3), 444-454.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine import methods
from engine.progress import Progress
from engine.sensitivity.sampling import PerformanceSampler, WeightSampler

Transform = Callable[[np.ndarray], np.ndarray]
MATRIX_GROUP = 64  # weight samples sharing one performance draw for non-additive methods
SCORE_CELLS = 1 << 22  # scores per chunk (32 MB of float64): bounds memory for many options
TABLE_CELLS = 1 << 21  # performance cells per chunk (16 MB of float64) when tables are sampled


@dataclass(frozen=True)
class SmaaArrays:
    """Raw SMAA results: counts of ranks, sums of first-rank weights, confidence."""

    rank_counts: np.ndarray  # (m, m): option x rank
    first_weight_sums: np.ndarray  # (m, n)
    confidence: np.ndarray  # (m,), NaN for options never first
    samples: int

    @property
    def acceptability(self) -> np.ndarray:
        return self.rank_counts / self.samples

    @property
    def central_weights(self) -> np.ndarray:
        """Mean weights of the samples in which each option is first (NaN if never)."""
        return _central(self.first_weight_sums, self.rank_counts[:, 0])


def smaa_arrays(
    method: str,
    matrix: np.ndarray,
    benefit: np.ndarray,
    weights: WeightSampler,
    samples: int,
    chunk: int = 65_536,
    performance: PerformanceSampler | None = None,
    to_method_matrix: Transform | None = None,
    progress: Progress | None = None,
    **params,
) -> SmaaArrays:
    """Run SMAA-2 in chunks of ``chunk`` samples; memory is bounded by the chunk size.

    When performance tables are sampled the chunk shrinks to at most
    :data:`TABLE_CELLS` performance cells (and, for non-additive methods, to whole
    groups of weight samples); the result does not depend on ``chunk``.

    ``matrix`` is what the method scores (values for the additive model, raw
    performances otherwise). With ``performance``, tables are sampled and passed
    through ``to_method_matrix`` (e.g. value functions) before scoring.
    """
    spec = methods.get(method)
    m, n = matrix.shape
    chunk = min(chunk, max(1, SCORE_CELLS // m))  # many options: fewer samples per chunk
    chunk = _chunk_size(chunk, m * n, performance is not None, spec.linear)
    steps = np.zeros(m * (m + 1))  # per option, +share where its ranks start, - after
    first_sums = np.zeros((m, n))
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        w = weights.draw(k)
        scores = _scores(spec, matrix, benefit, w, performance, to_method_matrix, params)
        first, size = tied_blocks(spec, scores)
        share = 1.0 / size
        option = np.broadcast_to(np.arange(m) * (m + 1), first.shape)
        steps += np.bincount((option + first).ravel(), share.ravel(), m * (m + 1))
        steps -= np.bincount((option + first + size).ravel(), share.ravel(), m * (m + 1))
        first_sums += np.where(first == 0, share, 0.0).T @ w
        done += k
        if progress is not None:
            progress(done, samples, "SMAA", "samples")
    counts = np.cumsum(steps.reshape(m, m + 1), axis=1)[:, :m]
    central = _central(first_sums, counts[:, 0])
    draws = min(CONFIDENCE_DRAWS, samples)  # no finer than the acceptability itself
    confidence = _confidence(
        spec, matrix, benefit, central, performance, to_method_matrix, params, draws
    )
    return SmaaArrays(counts, first_sums, confidence, samples)


CONFIDENCE_DRAWS = 4096
"""Performance tables drawn for the confidence factors (at most as many as the samples)."""
CONFIDENCE_CELLS = 1 << 24
"""At most this many performance cells are drawn for the confidence factors in all."""


def _chunk_size(chunk: int, cells: int, sampled_tables: bool, additive: bool) -> int:
    """Samples per chunk: smaller when whole tables are sampled, so memory stays bounded.

    Non-additive methods score each group of :data:`MATRIX_GROUP` weight samples on one
    table; their chunks are whole groups, so which samples share a table (and hence the
    result) does not depend on the chunk size.
    """
    if not sampled_tables:
        return chunk
    if additive:
        return max(1, min(chunk, TABLE_CELLS // cells))
    groups = max(1, min(chunk // MATRIX_GROUP, TABLE_CELLS // cells))
    return groups * MATRIX_GROUP


def _scores(spec, matrix, benefit, w, performance, transform, params) -> np.ndarray:
    if performance is None:
        return spec.kernel(matrix, w, benefit, **params)
    k = len(w)
    if spec.linear:  # exact per-sample tables, fully vectorised
        tables = performance.draw(k)
        tables = transform(tables) if transform else tables
        return np.einsum("kj,kij->ki", w, tables)
    groups = -(-k // MATRIX_GROUP)
    tables = performance.draw(groups)
    tables = transform(tables) if transform else tables
    out = np.empty((k, matrix.shape[0]))
    for g in range(groups):  # one kernel call per group of weight samples, not per sample
        rows = slice(g * MATRIX_GROUP, min(k, (g + 1) * MATRIX_GROUP))
        out[rows] = spec.kernel(tables[g], w[rows], benefit, **params)
    return out


def tied_blocks(spec, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each option's tied block per sample: ``(first, size)``, both (k, m) integers; the
    option shares ranks ``first + 1 .. first + size`` (1 = best) equally with the
    ``size - 1`` options tied with it (a chain of scores, best first, each within the
    method's tie tolerance of the next; ``size`` 1 without a tie)."""
    oriented = np.atleast_2d(spec.oriented(scores))
    k, m = oriented.shape
    order = np.argsort(-oriented, axis=1, kind="stable")
    ranked = np.take_along_axis(oriented, order, axis=1)
    limit = spec.tie_tolerance
    if spec.relative_ties:
        limit = limit * np.maximum(np.abs(ranked[:, :-1]), np.abs(ranked[:, 1:]))
    starts = np.ones((k, m), dtype=bool)
    starts[:, 1:] = ~(ranked[:, :-1] - ranked[:, 1:] <= limit)  # NaN gaps start a block
    ends = np.ones((k, m), dtype=bool)
    ends[:, :-1] = starts[:, 1:]
    position = np.arange(m)
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends, position, m - 1)[:, ::-1], axis=1)[:, ::-1]
    blocks = np.empty((k, m), dtype=np.int64), np.empty((k, m), dtype=np.int64)
    np.put_along_axis(blocks[0], order, first, axis=1)
    np.put_along_axis(blocks[1], order, last - first + 1, axis=1)
    return blocks


def first_share(spec, scores: np.ndarray) -> np.ndarray:
    """(k, m): 1 where an option is alone first, 1/t where t options tie for first."""
    first, size = tied_blocks(spec, scores)
    return np.where(first == 0, 1.0 / size, 0.0)


def first_share_of(spec, scores: np.ndarray, option: int) -> np.ndarray:
    """``first_share(spec, scores)[:, option]`` (k,), without ranking every sample: where
    the option is alone at the top by more than the tie tolerance it holds first place
    (1), where it lies further below the top than a chain of ties could reach it does not
    (0), and only the other samples (ties near the top, NaN) are ranked whole."""
    oriented = np.atleast_2d(spec.oriented(scores))
    k, m = oriented.shape
    if m < 2:
        return first_share(spec, scores)[:, option]
    top2 = -np.partition(-oriented, 1, axis=1)[:, :2]
    own = oriented[:, option]
    limit = np.full(k, spec.tie_tolerance, dtype=float)
    if spec.relative_ties:
        limit = limit * np.abs(oriented).max(axis=1)
    alone = (own == top2[:, 0]) & (top2[:, 1] < top2[:, 0] - limit)
    beyond = top2[:, 0] - own > (m - 1) * limit
    out = np.where(alone, 1.0, 0.0)
    unclear = ~(alone | beyond)
    if unclear.any():
        out[unclear] = first_share(spec, np.atleast_2d(scores)[unclear])[:, option]
    return out


def _central(first_sums: np.ndarray, first_counts: np.ndarray) -> np.ndarray:
    safe = np.maximum(first_counts, 1)[:, None]
    return np.where(first_counts[:, None] > 0, first_sums / safe, np.nan)


def _confidence(
    spec, matrix, benefit, central, performance, transform, params, draws: int = 4096
) -> np.ndarray:
    """Share of sampled performance tables in which each option ever first is first with
    its central weights (1 or 0 with fixed performances).

    Every option is judged on the same tables (common random numbers), drawn in chunks of
    at most :data:`TABLE_CELLS` cells, so memory stays bounded; at most
    :data:`CONFIDENCE_CELLS` cells are drawn in all (fewer tables for very large studies:
    the confidence of a 500 x 200 study rests on 200 tables)."""
    m, n = matrix.shape
    confidence = np.full(m, np.nan)
    ever_first = np.where(np.isfinite(central[:, 0]))[0]
    if performance is None or len(ever_first) == 0:
        for i in ever_first:
            scores = spec.kernel(matrix, central[i], benefit, **params)
            confidence[i] = float(first_share(spec, scores)[0, i])
        return confidence
    draws = max(1, min(draws, CONFIDENCE_CELLS // (m * n)))
    if not spec.linear:
        draws = min(draws, 256)
    chunk = max(1, TABLE_CELLS // (m * n))
    firsts = np.zeros(len(ever_first))
    done = 0
    while done < draws:
        k = min(chunk, draws - done)
        tables = performance.draw(k)
        tables = transform(tables) if transform else tables
        for f, i in enumerate(ever_first):
            if spec.linear:
                scores = tables @ central[i]
            else:
                scores = np.array([spec.kernel(t, central[i], benefit, **params) for t in tables])
            firsts[f] += first_share_of(spec, scores, i).sum()
        done += k
    confidence[ever_first] = firsts / draws
    return confidence


def sample_generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for weights and performances from one seed."""
    weights_seed, performance_seed = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(weights_seed), np.random.default_rng(performance_seed)
