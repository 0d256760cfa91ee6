"""Weight elicitation: rank-based weights, AHP, and objective (entropy, CRITIC) weights.

Every function returns weights that sum to one, in the order of its input.

References
----------
Barron, F. H. and Barrett, B. E. (1996). Decision quality using ranked attribute weights.
*Management Science* 42(11), 1515-1523 (rank-order centroid, Table 1).
Stillwell, W. G., Seaver, D. A. and Edwards, W. (1981). A comparison of weight approximation
techniques in multiattribute utility decision making. *Organizational Behavior and Human
Performance* 28(1), 62-77 (rank sum, rank reciprocal).
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill (eigenvector, consistency
index and random index).
Crawford, G. and Williams, C. (1985). A note on the analysis of subjective judgment matrices.
*Journal of Mathematical Psychology* 29(4), 387-405 (geometric mean of rows).
Shannon entropy weights: Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision
Making*. Springer, pp. 52-54.
Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining objective weights in
multiple criteria problems: the CRITIC method. *Computers & Operations Research* 22(7), 763-770.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from engine.model import RANK_SCHEMES

#: Saaty's random consistency index by matrix order (n = 1..15).
RANDOM_INDEX = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
CONSISTENCY_LIMIT = 0.10


def rank_weights(ranks: Sequence[int], scheme: str = "rank_order_centroid") -> np.ndarray:
    """Weights from a ranking of criteria (1 = most important; ties allowed).

    With n criteria and position i (1-based):

    * rank-order centroid :math:`w_i = \\frac{1}{n} \\sum_{k=i}^{n} 1/k`
    * rank sum :math:`w_i = 2 (n + 1 - i) / (n (n + 1))`
    * rank reciprocal :math:`w_i = (1/i) / \\sum_k 1/k`

    Tied criteria share the mean weight of the positions they occupy.
    """
    ranks = np.asarray(ranks)
    n = len(ranks)
    positions = np.arange(1, n + 1)
    if scheme == "rank_order_centroid":
        by_position = np.array([np.sum(1.0 / positions[i - 1 :]) / n for i in positions])
    elif scheme == "rank_sum":
        by_position = 2.0 * (n + 1 - positions) / (n * (n + 1))
    elif scheme == "rank_reciprocal":
        by_position = (1.0 / positions) / np.sum(1.0 / positions)
    else:
        raise ValueError(f"unknown rank scheme '{scheme}'; valid: {', '.join(RANK_SCHEMES)}")
    order = np.argsort(ranks, kind="stable")
    weights = np.empty(n)
    weights[order] = by_position
    for value in np.unique(ranks):  # ties share their positions' mean weight
        tied = ranks == value
        weights[tied] = weights[tied].mean()
    return weights


def random_index(n: int) -> float:
    """Saaty's random consistency index for an n x n matrix (the last value beyond the table)."""
    return RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]


def judgment(entry: float | str) -> float | None:
    """An AHP judgment as written (a number, or a fraction such as ``"1/3"``); None if neither."""
    if isinstance(entry, (int, float)):
        return float(entry)
    try:
        return float(Fraction(entry.strip()))
    except (ValueError, ZeroDivisionError):
        return None


@dataclass(frozen=True)
class AhpResult:
    """Priorities of an AHP comparison matrix and its consistency.

    ``worst`` is the (row, column) of the judgment furthest from the priorities
    (largest :math:`a_{ij} w_j / w_i + w_i / (a_{ij} w_j)`), the one to revisit first.
    """

    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    worst: tuple[int, int]

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


def consistency(lambda_max: float, n: int) -> tuple[float, float]:
    r"""Saaty's consistency index and ratio of an n x n matrix with eigenvalue estimate
    :math:`\lambda_{max}`: :math:`CI = (\lambda_{max} - n)/(n - 1)`, :math:`CR = CI / RI_n`
    (both 0 for n <= 2, where every reciprocal matrix is consistent)."""
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = random_index(n)
    return ci, (ci / ri if ri > 0 else 0.0)


def ahp(matrix: np.ndarray, method: str = "eigenvector") -> AhpResult:
    """Priorities by the principal eigenvector (or ``geometric`` row means).

    :math:`\\lambda_{max}` is estimated as the mean of :math:`(A w)_i / w_i`;
    :math:`CI = (\\lambda_{max} - n)/(n - 1)` and :math:`CR = CI / RI_n`.
    The matrix must be positive and reciprocal (checked by the caller).
    """
    a = np.asarray(matrix, dtype=float)
    n = a.shape[0]
    if method == "eigenvector":
        values, vectors = np.linalg.eig(a)
        principal = np.real(vectors[:, np.argmax(np.real(values))])
        weights = np.abs(principal) / np.abs(principal).sum()
    elif method == "geometric":
        geometric = np.exp(np.log(a).mean(axis=1))
        weights = geometric / geometric.sum()
    else:
        raise ValueError("unknown AHP method; valid: eigenvector, geometric")
    lambda_max = float(np.mean((a @ weights) / weights))
    ci, cr = consistency(lambda_max, n)
    error = a * weights[None, :] / weights[:, None]
    deviation = error + 1.0 / error
    worst = np.unravel_index(np.argmax(np.triu(deviation, 1)), a.shape)
    return AhpResult(
        weights, lambda_max, max(ci, 0.0), max(cr, 0.0), (int(worst[0]), int(worst[1]))
    )


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    """Shannon entropy weights of a non-negative performance table (m x n).

    :math:`p_{ij} = x_{ij} / \\sum_i x_{ij}`, :math:`E_j = -\\frac{1}{\\ln m} \\sum_i p_{ij}
    \\ln p_{ij}`, :math:`w_j = (1 - E_j) / \\sum_k (1 - E_k)`. A column that does not vary
    gets weight 0; if no column varies the weights are equal.
    """
    x = np.asarray(matrix, dtype=float)
    m = x.shape[0]
    totals = x.sum(axis=0)
    p = np.where(totals == 0, 1.0 / m, x / np.where(totals == 0, 1.0, totals))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p), 0.0)
    diversity = (
        np.clip(1.0 + terms.sum(axis=0) / np.log(m), 0.0, None) if m > 1 else np.zeros(x.shape[1])
    )
    return _share(np.where(_varies(x.min(axis=0), x.max(axis=0)), diversity, 0.0))


def critic_weights(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Performances are min-max normalised towards the best value;
    :math:`C_j = \\sigma_j \\sum_k (1 - r_{jk})`, :math:`w_j = C_j / \\sum_k C_k`. A column
    that does not vary has :math:`\\sigma_j = 0` and weight 0.
    """
    x = np.asarray(matrix, dtype=float)
    benefit = np.asarray(benefit, dtype=bool)
    low, high = x.min(axis=0), x.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    z = np.where(benefit, (x - low) / span, (high - x) / span)
    varying = _varies(low, high)  # a single option varies nowhere, so ddof=1 is safe below
    sigma = np.zeros(x.shape[1])
    sigma[varying] = z[:, varying].std(axis=0, ddof=1)
    correlation = np.eye(x.shape[1])
    if varying.sum() > 1:
        correlation[np.ix_(varying, varying)] = np.corrcoef(z[:, varying], rowvar=False)
    conflict = 1.0 - correlation
    conflict[conflict < _NOISE] = 0.0  # perfectly correlated up to rounding: no conflict
    information = sigma * conflict.sum(axis=0)
    return _share(information)


_NOISE = 1e-9


def _varies(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Columns whose spread exceeds rounding: max - min > 1e-9 * max(|max|, |min|).

    Both methods are scale-free, so without this a column differing in the last bit would be
    stretched to full contrast and could take all the weight.
    """
    return high - low > _NOISE * np.maximum(np.abs(high), np.abs(low))


def _share(amounts: np.ndarray) -> np.ndarray:
    total = amounts.sum()
    if total <= 0:
        return np.full(len(amounts), 1.0 / len(amounts))
    return amounts / total
