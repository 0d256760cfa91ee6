"""VIKOR: compromise ranking by group utility and individual regret.

With best :math:`f_j^*` and worst :math:`f_j^-` values of each criterion (max and
min for benefit, min and max for cost) and normalised regrets
:math:`d_{ij} = (f_j^* - x_{ij}) / (f_j^* - f_j^-)`,

.. math::

    S_i = \\sum_j w_j d_{ij}, \\qquad R_i = \\max_j w_j d_{ij},

    Q_i = v \\frac{S_i - S^*}{S^- - S^*} + (1 - v) \\frac{R_i - R^*}{R^- - R^*},

with :math:`S^* = \\min_i S_i`, :math:`S^- = \\max_i S_i` (likewise R) and
:math:`v = 0.5` by default. Lower Q is better. A criterion with
:math:`f^* = f^-` contributes nothing; a term whose denominator is zero
(all options equal in S or in R) is taken as zero.

The compromise solution :math:`a^{(1)}` (best Q) is accepted when
C1 *acceptable advantage*, :math:`Q(a^{(2)}) - Q(a^{(1)}) \\ge 1/(m-1)`, and
C2 *acceptable stability*, :math:`a^{(1)}` is also best by S or by R, hold.
Works on the raw performance table (the method's own linear normalisation).

References
----------
Opricovic, S. and Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
analysis of VIKOR and TOPSIS. *European Journal of Operational Research* 156(2), 445-455.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def regrets(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Normalised regrets :math:`d_{ij} \\in [0, 1]` (0 at the best value)."""
    x = np.asarray(matrix, dtype=float)
    benefit = np.asarray(benefit, dtype=bool)
    best = np.where(benefit, x.max(axis=0), x.min(axis=0))
    worst = np.where(benefit, x.min(axis=0), x.max(axis=0))
    span = best - worst
    return np.where(span == 0, 0.0, (best - x) / np.where(span == 0, 1.0, span))


def utility_and_regret(d: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group utility S and individual regret R, shapes (m,) or (k, m).

    R is built criterion by criterion so memory stays (k x m), not (k x m x n).
    """
    w = np.asarray(weights, dtype=float)
    s = w @ d.T
    r = np.zeros_like(s)
    for j in range(d.shape[1]):
        np.maximum(r, w[..., j, None] * d[:, j], out=r)
    return s, r


def _scaled(values: np.ndarray) -> np.ndarray:
    low = values.min(axis=-1, keepdims=True)
    span = values.max(axis=-1, keepdims=True) - low
    return np.where(span == 0, 0.0, (values - low) / np.where(span == 0, 1.0, span))


def vikor(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = 0.5
) -> np.ndarray:
    """Compromise index Q for one weight vector (n,) or a batch (k, n); lower is better."""
    s, r = utility_and_regret(regrets(matrix, benefit), weights)
    return v * _scaled(s) + (1 - v) * _scaled(r)


@dataclass(frozen=True)
class VikorResult:
    """Q, S and R for one weight vector, and whether the compromise conditions hold."""

    q: np.ndarray
    s: np.ndarray
    r: np.ndarray
    acceptable_advantage: bool
    acceptable_stability: bool


def vikor_details(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = 0.5
) -> VikorResult:
    """VIKOR for one weight vector with S, R and the conditions C1 and C2."""
    s, r = utility_and_regret(regrets(matrix, benefit), weights)
    q = v * _scaled(s) + (1 - v) * _scaled(r)
    order = np.argsort(q, kind="stable")
    m = len(q)
    advantage = m < 2 or q[order[1]] - q[order[0]] >= 1.0 / (m - 1) - 1e-12
    first = order[0]
    stability = bool(np.isclose(s[first], s.min()) or np.isclose(r[first], r.min()))
    return VikorResult(q, s, r, bool(advantage), stability)


def vikor_tables(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, v: float = 0.5
) -> dict[str, np.ndarray]:
    """S, R and Q per option, and the compromise conditions (C1, C2) as 0/1 per option.

    ``acceptable_advantage`` and ``acceptable_stability`` are 1 on the best option when
    the condition holds and 0 elsewhere (they speak of the compromise solution only).
    """
    result = vikor_details(matrix, weights, benefit, v)
    first = np.zeros(len(result.q))
    first[int(np.argmin(result.q))] = 1.0
    return {
        "group_utility_S": result.s,
        "individual_regret_R": result.r,
        "compromise_Q": result.q,
        "acceptable_advantage": first * result.acceptable_advantage,
        "acceptable_stability": first * result.acceptable_stability,
    }
