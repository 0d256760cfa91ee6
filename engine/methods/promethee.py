"""PROMETHEE II: net outranking flows with per-criterion preference functions.

For options a, b and criterion j, :math:`d_j(a, b)` is the performance
difference oriented so that positive means a is better (reversed for cost
criteria), and :math:`P_j(a, b) = F_j(d_j(a, b)) \\in [0, 1]` is given by one of the
six generalised criteria of Brans and Vincke (1985), with indifference threshold
q, preference threshold p and Gaussian parameter s:

=========== ================================================================
usual       :math:`F(d) = 1` if :math:`d > 0`, else 0
u-shape     :math:`F(d) = 1` if :math:`d > q`, else 0
v-shape     :math:`F(d) = \\min(1, \\max(0, d) / p)`
level       0 if :math:`d \\le q`; 1/2 if :math:`q < d \\le p`; 1 if :math:`d > p`
linear      0 if :math:`d \\le q`; :math:`(d - q)/(p - q)` if :math:`q < d \\le p`; 1 above p
gaussian    :math:`1 - e^{-d^2 / (2 s^2)}` if :math:`d > 0`, else 0
=========== ================================================================

The net flow is

.. math::

    \\phi(a) = \\frac{1}{m-1} \\sum_{b \\ne a} \\sum_j w_j \\, [P_j(a,b) - P_j(b,a)]
             = \\sum_j w_j F_{aj},

linear in the weights, so the per-criterion flows :math:`F` (m x n) are computed
once and a batch of weight vectors is one matrix product. Higher is better.
Works on the raw performance table (thresholds are in the criterion's units).

References
----------
Brans, J.-P. and Vincke, Ph. (1985). A preference ranking organisation method (the
PROMETHEE method for multiple criteria decision-making). *Management Science* 31(6), 647-656.
Brans, J.-P., Vincke, Ph. and Mareschal, B. (1986). How to select and how to rank
projects: the PROMETHEE method. *European Journal of Operational Research* 24(2), 228-238.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FUNCTIONS = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")


def preference(
    d: np.ndarray, function: str, q: float = 0.0, p: float = 0.0, s: float = 1.0
) -> np.ndarray:
    """The generalised criterion :math:`F(d)` applied elementwise."""
    if function == "usual":
        return (d > 0).astype(float)
    if function == "u-shape":
        return (d > q).astype(float)
    if function == "v-shape":
        return np.clip(d / p, 0.0, 1.0)
    if function == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if function == "linear":
        return np.clip((d - q) / (p - q), 0.0, 1.0)
    if function == "gaussian":
        return np.where(d > 0, 1.0 - np.exp(-(d**2) / (2 * s**2)), 0.0)
    raise ValueError(f"unknown preference function '{function}'; valid: {', '.join(FUNCTIONS)}")


def criterion_flows(
    matrix: np.ndarray,
    benefit: np.ndarray,
    functions: Sequence[str] | None = None,
    q: Sequence[float] | None = None,
    p: Sequence[float] | None = None,
    s: Sequence[float] | None = None,
) -> np.ndarray:
    """Single-criterion net flows :math:`F_{aj}`, shape (m, n)."""
    x = np.asarray(matrix, dtype=float)
    m, n = x.shape
    functions = functions or ["usual"] * n
    q, p, s = (
        (np.zeros(n) if q is None else q),
        (np.ones(n) if p is None else p),
        (np.ones(n) if s is None else s),
    )
    signs = np.where(np.asarray(benefit, dtype=bool), 1.0, -1.0)
    flows = np.zeros((m, n))
    for j in range(n):  # one pass per criterion, not per weight vector
        d = (x[:, j, None] - x[None, :, j]) * signs[j]
        pref = preference(d, functions[j], q[j], p[j], s[j])
        flows[:, j] = (pref.sum(axis=1) - pref.sum(axis=0)) / max(m - 1, 1)
    return flows


def promethee_ii(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    functions: Sequence[str] | None = None,
    q: Sequence[float] | None = None,
    p: Sequence[float] | None = None,
    s: Sequence[float] | None = None,
) -> np.ndarray:
    """Net flow :math:`\\phi` for one weight vector (n,) or a batch (k, n); higher is better.

    ``functions``, ``q``, ``p`` and ``s`` are per criterion (default: usual).
    """
    flows = criterion_flows(matrix, benefit, functions, q, p, s)
    return np.asarray(weights, dtype=float) @ flows.T


def promethee_tables(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    functions: Sequence[str] | None = None,
    q: Sequence[float] | None = None,
    p: Sequence[float] | None = None,
    s: Sequence[float] | None = None,
) -> dict[str, np.ndarray]:
    """Single-criterion net flows (m, n), their weighted parts and the net flow (m,)."""
    flows = criterion_flows(matrix, benefit, functions, q, p, s)
    weighted = flows * np.asarray(weights, dtype=float)[None, :]
    return {"criterion_flows": flows, "weighted_flows": weighted, "net_flow": weighted.sum(1)}
