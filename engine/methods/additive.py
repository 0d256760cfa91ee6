"""Additive value model (multi-attribute value theory).

The score of option :math:`i` under weights :math:`w` is

.. math:: S_i = \\sum_j w_j \\, v_j(x_{ij}), \\qquad \\sum_j w_j = 1,

where :math:`v_j` maps performance to a 0-100 value, so :math:`S_i \\in [0, 100]`.
The kernel works on the value table (value functions already applied and
oriented), not on raw performances: that is how the additive value model is
defined in the literature. ``benefit`` is accepted for a uniform signature and
ignored.

References
----------
Keeney, R. L. and Raiffa, H. (1976). *Decisions with Multiple Objectives*. Wiley, ch. 3.
Belton, V. and Stewart, T. J. (2002). *Multiple Criteria Decision Analysis*. Kluwer, ch. 5.
"""

from __future__ import annotations

import numpy as np


def additive(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray | None = None
) -> np.ndarray:
    """Weighted sum of 0-100 values.

    Parameters
    ----------
    matrix : ndarray, shape (m, n)
        Values of m options on n criteria, 0-100, higher is better.
    weights : ndarray, shape (n,) or (k, n)
        One weight vector or a batch of k.
    benefit : ignored

    Returns
    -------
    ndarray, shape (m,) or (k, m)
        Scores, higher is better.
    """
    return np.asarray(weights, dtype=float) @ np.asarray(matrix, dtype=float).T


def contributions(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per-criterion contributions :math:`w_j v_{ij}`, shape (m, n); rows sum to the scores."""
    return np.asarray(matrix, dtype=float) * np.asarray(weights, dtype=float)[None, :]
