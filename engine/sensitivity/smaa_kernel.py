"""SMAA-2: rank acceptability indices, central weight vectors and confidence factors.

For samples of weights :math:`w^{(s)}` (and optionally of performance tables), let
:math:`r_i^{(s)}` be option i's rank. Then

* rank acceptability :math:`b_i^r = \\Pr[r_i = r]`, the share of samples in which
  option i takes rank r (rows and columns of the matrix sum to one without ties);
* central weight vector :math:`w_i^c = E[w \\mid r_i = 1]`, the typical weights that
  make i the best;
* confidence factor :math:`p_i^c = \\Pr[r_i = 1 \\mid w = w_i^c]`, the probability that i
  is best when its central weights are used (1 or 0 without performance uncertainty).

Ties follow :mod:`engine.ranking`: tied options share the better rank, so a
column can then sum to more than one.

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
from engine.sensitivity.sampling import PerformanceSampler, WeightSampler

Progress = Callable[[int, int], None]
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
    counts = np.zeros((m, m), dtype=np.int64)
    first_sums = np.zeros((m, n))
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        w = weights.draw(k)
        scores = _scores(spec, matrix, benefit, w, performance, to_method_matrix, params)
        ranks = spec.rank(scores)
        flat = (ranks - 1) + m * np.arange(m)
        counts += np.bincount(flat.ravel(), minlength=m * m).reshape(m, m)
        first_sums += (ranks == 1).T.astype(float) @ w
        done += k
        if progress is not None:
            progress(done, samples)
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
            confidence[i] = float(spec.rank(scores)[i] == 1)
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
            firsts[f] += np.sum(spec.rank(scores)[:, i] == 1)
        done += k
    confidence[ever_first] = firsts / draws
    return confidence


def sample_generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for weights and performances from one seed."""
    weights_seed, performance_seed = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(weights_seed), np.random.default_rng(performance_seed)
