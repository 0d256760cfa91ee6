"""Column normalisations of a performance table, shared by distance-based methods.

All return an (m, n) array; a column whose norm, range or sum is zero becomes
all zeros (it cannot discriminate between options).

References
----------
Hwang, C.-L. and Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer, pp. 128-134.
"""

from __future__ import annotations

import numpy as np

NORMALISATIONS = ("vector", "minmax", "max", "sum")


def normalise(matrix: np.ndarray, how: str = "vector") -> np.ndarray:
    """Normalise each column: ``vector`` :math:`x/\\lVert x \\rVert_2`, ``minmax``
    :math:`(x-\\min)/(\\max-\\min)`, ``max`` :math:`x/\\max|x|`, ``sum`` :math:`x/\\sum x`."""
    x = np.asarray(matrix, dtype=float)
    if how == "vector":
        return _divide(x, np.sqrt((x**2).sum(axis=0)))
    if how == "minmax":
        low = x.min(axis=0)
        return _divide(x - low, x.max(axis=0) - low)
    if how == "max":
        return _divide(x, np.abs(x).max(axis=0))
    if how == "sum":
        return _divide(x, x.sum(axis=0))
    raise ValueError(f"unknown normalisation '{how}'; valid: {', '.join(NORMALISATIONS)}")


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, numerator / safe)
