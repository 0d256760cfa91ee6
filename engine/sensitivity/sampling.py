"""Random weight vectors and performance tables for SMAA, drawn chunk by chunk.

Every sampler draws from its own ``numpy.random.Generator`` in a fixed order, so
the stream of samples does not depend on how many are requested at a time: the
same seed gives the same samples whatever the chunk size.

Weight sampling modes
---------------------
``uniform``
    Uniform on the simplex (no preference information): normalised exponentials,
    i.e. Dirichlet(1, ..., 1).
``ordinal``
    Uniform on the part of the simplex that respects a ranking of the criteria:
    a uniform sample sorted in decreasing order and assigned by rank.
``intervals``
    Uniform on the simplex restricted to per-weight bounds
    :math:`l_j \\le w_j \\le u_j`. Lower bounds are met exactly by drawing
    :math:`w = l + (1 - \\sum l)\\,d` with :math:`d` uniform on the simplex (an
    affine image of the simplex, so still uniform); upper bounds by rejection in
    fixed-size batches (an error if the bounds leave almost no room).
``dirichlet``
    Perturbation around a weight vector :math:`w`: Dirichlet(:math:`c\\,w`) with
    concentration :math:`c` (larger c, tighter around w).

References
----------
Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making. *Operations Research* 49(3), 444-454.
Tervonen, T. and Lahdelma, R. (2007). Implementing stochastic multicriteria acceptability
analysis. *European Journal of Operational Research* 178(2), 500-513.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SAMPLING_MODES = ("uniform", "ordinal", "intervals", "dirichlet")
REJECTION_BATCH = 8192
MIN_ACCEPTANCE = 1e-4


class SamplingError(ValueError):
    """The requested sampling cannot produce samples (e.g. empty interval region)."""


def uniform_simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k weight vectors uniform on the (n-1)-simplex."""
    draws = rng.standard_exponential((k, n))
    return draws / draws.sum(axis=1, keepdims=True)


@dataclass
class WeightSampler:
    """Draws weight vectors (k, n) in one of :data:`SAMPLING_MODES`.

    Parameters
    ----------
    mode : str
    n : int
        Number of criteria.
    rng : numpy.random.Generator
    ranks : array (n,), for ``ordinal``: 1 = most important (ties broken by order).
    lower, upper : arrays (n,), for ``intervals``.
    center : array (n,), for ``dirichlet``; ``concentration`` its scale.
    """

    mode: str
    n: int
    rng: np.random.Generator
    ranks: np.ndarray | None = None
    lower: np.ndarray | None = None
    upper: np.ndarray | None = None
    center: np.ndarray | None = None
    concentration: float = 50.0
    _buffer: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    def draw(self, k: int) -> np.ndarray:
        if self.mode == "uniform":
            return uniform_simplex(self.rng, k, self.n)
        if self.mode == "ordinal":
            ordered = -np.sort(-uniform_simplex(self.rng, k, self.n), axis=1)
            positions = np.argsort(np.asarray(self.ranks), kind="stable")
            out = np.empty_like(ordered)
            out[:, positions] = ordered
            return out
        if self.mode == "dirichlet":
            draws = self.rng.standard_gamma(
                self.concentration * np.asarray(self.center), (k, self.n)
            )
            return draws / draws.sum(axis=1, keepdims=True)
        if self.mode == "intervals":
            return self._draw_intervals(k)
        raise SamplingError(f"unknown sampling '{self.mode}'; valid: {', '.join(SAMPLING_MODES)}")

    def _draw_intervals(self, k: int) -> np.ndarray:
        if self._buffer.shape[1:] != (self.n,):
            self._buffer = np.empty((0, self.n))
        lower = np.maximum(np.asarray(self.lower, dtype=float), 0.0)
        upper = np.asarray(self.upper, dtype=float)
        free = 1.0 - lower.sum()
        if free < 0 or upper.sum() < 1 or np.any(upper < lower):
            raise SamplingError(
                "the weight intervals cannot hold weights that sum to 1 "
                f"(lower bounds sum to {lower.sum():.3g}, upper bounds to {upper.sum():.3g})"
            )
        tried = accepted = 0
        while len(self._buffer) < k:
            batch = lower + free * uniform_simplex(self.rng, REJECTION_BATCH, self.n)
            keep = np.all(batch <= upper, axis=1)
            self._buffer = np.concatenate([self._buffer, batch[keep]])
            tried, accepted = tried + REJECTION_BATCH, accepted + int(keep.sum())
            if tried >= 50 * REJECTION_BATCH and accepted < MIN_ACCEPTANCE * tried:
                raise SamplingError(
                    "the weight intervals leave almost no room on the simplex "
                    f"({accepted} of {tried} draws fit); widen them or check they can sum to 1"
                )
        out, self._buffer = self._buffer[:k], self._buffer[k:]
        return out


@dataclass
class PerformanceSampler:
    """Draws performance tables (k, m, n) within each cell's [low, high] range.

    ``mode`` is ``uniform`` or ``triangular`` (mode at the cell's value); cells
    without a range stay fixed.
    """

    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mode: str
    rng: np.random.Generator

    def draw(self, k: int) -> np.ndarray:
        u = self.rng.random((k, *self.value.shape))
        width = self.high - self.low
        if self.mode == "uniform":
            return self.low + u * width
        if self.mode == "triangular":
            return _triangular(u, self.low, self.value, self.high)
        raise SamplingError("performance sampling must be 'uniform' or 'triangular'")


def _triangular(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution (degenerate cells return their value)."""
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    split = (mode - low) / safe
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < split, left, right), mode)
