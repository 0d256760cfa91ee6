"""TOPSIS: closeness to the ideal solution.

With normalised performances :math:`r_{ij}` and weighted values
:math:`v_{ij} = w_j r_{ij}`, the ideal :math:`A^+` takes the best and the
anti-ideal :math:`A^-` the worst value of each criterion (max for benefit, min
for cost). Euclidean distances and the relative closeness are

.. math::

    D_i^{\\pm} = \\sqrt{\\textstyle\\sum_j (v_{ij} - v_j^{\\pm})^2}, \\qquad
    C_i = \\frac{D_i^-}{D_i^+ + D_i^-} \\in [0, 1].

Because weights are non-negative, :math:`v_j^{\\pm} = w_j r_j^{\\pm}` and
:math:`(D_i^{\\pm})^2 = \\sum_j w_j^2 (r_{ij} - r_j^{\\pm})^2`: a batch of k weight
vectors is one (k x n) @ (n x m) product. Where :math:`D^+ + D^- = 0` (every
option equal on every weighted criterion) all options get :math:`C = 0.5`.
Works on the raw performance table (vector normalisation by default, as in
Hwang and Yoon; ``minmax``, ``max`` and ``sum`` selectable).

References
----------
Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
Applications*. Springer, pp. 128-134.
"""

from __future__ import annotations

import numpy as np

from engine.methods.normalisation import normalise


def topsis(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalisation: str = "vector"
) -> np.ndarray:
    """Relative closeness :math:`C_i` for one weight vector (n,) or a batch (k, n).

    Higher is better.
    """
    return topsis_details(matrix, weights, benefit, normalisation)["closeness"]


def topsis_details(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalisation: str = "vector"
) -> dict[str, np.ndarray]:
    """Distances to the ideal and anti-ideal, and the closeness, per option.

    Returns
    -------
    dict with ``distance_to_ideal`` :math:`D^+`, ``distance_to_anti_ideal`` :math:`D^-`
    and ``closeness`` :math:`C`, each shaped like the scores.
    """
    r = normalise(matrix, normalisation)
    benefit = np.asarray(benefit, dtype=bool)
    ideal = np.where(benefit, r.max(axis=0), r.min(axis=0))
    anti = np.where(benefit, r.min(axis=0), r.max(axis=0))
    w2 = np.asarray(weights, dtype=float) ** 2
    d_plus = np.sqrt(w2 @ ((r - ideal) ** 2).T)
    d_minus = np.sqrt(w2 @ ((r - anti) ** 2).T)
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    return {
        "distance_to_ideal": d_plus,
        "distance_to_anti_ideal": d_minus,
        "closeness": closeness,
    }
