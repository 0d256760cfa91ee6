"""Weighted product model (WPM).

The score of option :math:`i` is the weighted geometric aggregate of its raw
performances, with cost criteria entering with a negative exponent:

.. math::

    P_i = \\prod_j x_{ij}^{\\, s_j w_j}, \\qquad s_j = +1 \\text{ (benefit)}, -1 \\text{ (cost)}.

Ratios :math:`P_a / P_b` are Bridgman's dimensionless comparison
:math:`\\prod_j (x_{aj}/x_{bj})^{s_j w_j}`, so the ranking does not depend on units.
The kernel works on the raw performance table, as in the literature, and needs
strictly positive performances (a zero would make a product 0 or infinite);
:func:`engine.scoring.evaluate` refuses a table with zero or negative cells with
a located error. Computed in log space for stability.

References
----------
Bridgman, P. W. (1922). *Dimensional Analysis*. Yale University Press.
Miller, D. W. and Starr, M. K. (1969). *Executive Decisions and Operations Research*. Prentice-Hall.
Triantaphyllou, E. (2000). *Multi-Criteria Decision Making Methods: A Comparative Study*.
Kluwer, section 2.2.2.
"""

from __future__ import annotations

import numpy as np


def weighted_product(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """WPM score :math:`P_i` for one weight vector (n,) or a batch (k, n); higher is better.

    Parameters
    ----------
    matrix : ndarray (m, n), strictly positive raw performances
    weights : ndarray (n,) or (k, n)
    benefit : bool ndarray (n,)

    Returns
    -------
    ndarray (m,) or (k, m)
    """
    signs = np.where(np.asarray(benefit, dtype=bool), 1.0, -1.0)
    logs = np.log(np.asarray(matrix, dtype=float)) * signs
    return np.exp(np.asarray(weights, dtype=float) @ logs.T)
