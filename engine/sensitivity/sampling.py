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
    fixed-size batches. Where rejection accepts almost nothing (many criteria, tight
    bounds: +-50 % around 18 weights accepts about one draw in 20,000), hit-and-run
    chains sample the same region (Tervonen et al. 2013), thinned by the number of
    criteria.
``dirichlet``
    Perturbation around a weight vector :math:`w`: Dirichlet(:math:`c\\,w`) with
    concentration :math:`c` (larger c, tighter around w).

References
----------
Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making. *Operations Research* 49(3), 444-454.
Tervonen, T. and Lahdelma, R. (2007). Implementing stochastic multicriteria acceptability
analysis. *European Journal of Operational Research* 178(2), 500-513.
Smith, R. L. (1984). Efficient Monte Carlo procedures for generating points uniformly
distributed over bounded regions. *Operations Research* 32(6), 1296-1308.
Tervonen, T., van Valkenhoef, G., Basturk, N. and Postmus, D. (2013). Hit-and-run enables
efficient weight generation for simulation-based multiple criteria decision analysis.
*European Journal of Operational Research* 224(3), 552-559.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.delivery import expected

SAMPLING_MODES = ("uniform", "ordinal", "intervals", "dirichlet")
REJECTION_BATCH = 8192
MIN_ACCEPTANCE = 1e-4


class SamplingError(ValueError):
    """The requested sampling cannot produce samples (e.g. empty interval region)."""


TINY_SHAPE = 0.1
"""Dirichlet shapes below this are drawn in logarithms (a Gamma(0.1) draw underflows to 0
with probability about 1e-31; a Gamma(0.001) one almost always)."""


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
    method : for ``intervals``: ``auto`` (rejection unless a pilot finds it accepts almost
        nothing, then hit-and-run), ``rejection`` or ``hit_and_run``.
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
    method: str = "auto"
    _buffer: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    _chains: np.ndarray | None = None
    _tiny: np.random.Generator | None = None

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
            alpha = self.concentration * np.asarray(self.center, dtype=float)
            if np.any((alpha > 0) & (alpha < TINY_SHAPE)):
                return self._dirichlet_in_logs(alpha, k)
            draws = self.rng.standard_gamma(alpha, (k, self.n))
            return draws / draws.sum(axis=1, keepdims=True)
        if self.mode == "intervals":
            return self._draw_intervals(k)
        raise SamplingError(f"unknown sampling '{self.mode}'; valid: {', '.join(SAMPLING_MODES)}")

    def _dirichlet_in_logs(self, alpha: np.ndarray, k: int) -> np.ndarray:
        """Dirichlet(alpha) with some shapes so small that Gamma draws underflow to 0 (a
        whole sample of zeros would be 0/0): :math:`G_j = G'_j U_j^{1/\\alpha_j}` with
        :math:`G'_j \\sim \\Gamma(\\alpha_j + 1)` and :math:`U_j` uniform (Marsaglia and
        Tsang 2000), normalised in logarithms, so every sample is a proper weight vector.
        The uniforms come from a generator spawned once from this one, so the stream does
        not depend on the chunk size."""
        if self._tiny is None:
            self._tiny = self.rng.spawn(1)[0]
        boosted = self.rng.standard_gamma(alpha + (alpha < 1), (k, self.n))
        u = self._tiny.random((k, self.n))
        with np.errstate(divide="ignore"):
            logs = np.log(boosted) + np.where(alpha < 1, np.log(u) / np.maximum(alpha, 1e-300), 0)
        logs = np.where(alpha > 0, logs, -np.inf)
        logs -= logs.max(axis=1, keepdims=True)
        draws = np.exp(logs)
        return draws / draws.sum(axis=1, keepdims=True)

    def _draw_intervals(self, k: int) -> np.ndarray:
        lower = np.maximum(np.asarray(self.lower, dtype=float), 0.0)
        upper = np.asarray(self.upper, dtype=float)
        if 1.0 - lower.sum() < 0 or upper.sum() < 1 or np.any(upper < lower):
            raise SamplingError(
                "the weight intervals cannot hold weights that sum to 1 "
                f"(lower bounds sum to {lower.sum():.3g}, upper bounds to {upper.sum():.3g})"
            )
        if self._buffer.shape[1:] != (self.n,):
            self._buffer = np.empty((0, self.n))
        if self.method == "auto":
            self.method = self._pilot(lower, upper)
        while len(self._buffer) < k:
            if self.method == "rejection":
                more = self._reject(lower, upper)
            else:
                more = self._walk(lower, upper)
            self._buffer = np.concatenate([self._buffer, more])
        out, self._buffer = self._buffer[:k], self._buffer[k:]
        return out

    def _reject(self, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """One batch of exact uniform draws: the lower bounds met by construction, the
        upper ones by rejection."""
        batch = lower + (1.0 - lower.sum()) * uniform_simplex(self.rng, REJECTION_BATCH, self.n)
        return batch[np.all(batch <= upper, axis=1)]

    def _pilot(self, lower: np.ndarray, upper: np.ndarray) -> str:
        """Rejection while it accepts at least :data:`MIN_ACCEPTANCE` of the first
        :data:`PILOT_BATCHES` batches (their accepted draws are kept); otherwise, as with
        many criteria and tight bounds, hit-and-run. Decided on a fixed number of draws, so
        the stream does not depend on how many samples a call asks for."""
        accepted = [self._reject(lower, upper) for _ in range(PILOT_BATCHES)]
        kept = sum(len(a) for a in accepted)
        if kept >= MIN_ACCEPTANCE * PILOT_BATCHES * REJECTION_BATCH:
            self._buffer = np.concatenate([self._buffer, *accepted])
            return "rejection"
        return "hit_and_run"

    def _walk(self, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """:data:`CHAINS` hit-and-run chains on the polytope
        :math:`\\{w : \\sum w = 1, l \\le w \\le u\\}`, each moved :math:`n` steps
        (thinning) before its state is emitted; started from an interior point and run
        :data:`BURN_IN` steps first. Each step picks a uniform direction in the plane
        :math:`\\sum d = 0` and a uniform point on the chord through the polytope, whose
        stationary distribution is uniform (Smith 1984; Tervonen et al. 2013)."""
        if self._chains is None:
            span = upper - lower
            start = lower + (1.0 - lower.sum()) * span / span.sum()
            self._chains = np.tile(start, (CHAINS, 1))
            for _ in range(BURN_IN):
                self._step(lower, upper)
        for _ in range(self.n):
            self._step(lower, upper)
        return self._chains.copy()

    def _step(self, lower: np.ndarray, upper: np.ndarray) -> None:
        x = self._chains
        free = upper - lower > 1e-12  # a weight fixed by its bounds never moves
        d = self.rng.standard_normal(x.shape) * free
        d -= free * (d.sum(axis=1, keepdims=True) / max(1, int(free.sum())))
        with np.errstate(divide="ignore", invalid="ignore"):
            to_lower, to_upper = (lower - x) / d, (upper - x) / d
        moving = np.abs(d) > 1e-12
        low = np.where(moving, np.minimum(to_lower, to_upper), -np.inf).max(axis=1)
        high = np.where(moving, np.maximum(to_lower, to_upper), np.inf).min(axis=1)
        low, high = np.minimum(low, 0.0), np.maximum(high, 0.0)  # x is inside: 0 is on the chord
        t = low + self.rng.random(len(x)) * (high - low)
        self._chains = np.clip(x + t[:, None] * d, lower, upper)


PILOT_BATCHES = 50
"""Rejection batches drawn before deciding between rejection and hit-and-run."""
CHAINS = 256
"""Hit-and-run chains run side by side (one emitted draw each per round)."""
BURN_IN = 500
"""Hit-and-run steps before the first draw is emitted."""


@dataclass
class PerformanceSampler:
    """Draws performance tables (k, m, n) within each cell's [low, high] range.

    ``mode`` is ``uniform`` or ``triangular`` (mode at the cell's value), or ``fixed``
    (every cell at its value); cells without a range stay fixed. With ``delivery`` (the
    baseline's row, each option's low and high probability of delivery, and the mask of
    the criteria spent in full), each table's changes over the baseline are then counted
    at a probability drawn uniformly within its range (:mod:`engine.delivery`).
    """

    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mode: str
    rng: np.random.Generator
    delivery: tuple[int, np.ndarray, np.ndarray, np.ndarray] | None = None

    def draw(self, k: int) -> np.ndarray:
        """``k`` tables; each sample takes one row of uniforms (its cells', then its
        delivery probabilities'), so the stream does not depend on ``k``."""
        shape = self.value.shape
        cells = 0 if self.mode == "fixed" else int(np.prod(shape))
        extra = 0 if self.delivery is None else shape[0]
        u = self.rng.random((k, cells + extra)) if cells + extra else np.empty((k, 0))
        tables = self._cells(k, u[:, :cells].reshape(k, *shape) if cells else None)
        if self.delivery is None:
            return tables
        baseline, low, high, spent = self.delivery
        probability = low + u[:, cells:] * (high - low)
        return expected(tables, baseline, probability, spent)

    def _cells(self, k: int, u: np.ndarray | None) -> np.ndarray:
        if self.mode == "fixed":
            return np.broadcast_to(self.value, (k, *self.value.shape)).copy()
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
