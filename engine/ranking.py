"""Scores to ranks, with one tie rule used everywhere.

Rule ("standard competition" ranking with a tolerance): the rank of an option is
one plus the number of options whose score is better than its own by more than
the tolerance,

.. math:: r_i = 1 + \\#\\{ j : s_j > s_i + \\tau_{ij} \\}.

Options within the tolerance of each other share the better rank, and the next
rank is skipped (1, 2, 2, 4). The tolerance is scale-free, and each method states
its own on its :class:`~engine.methods.MethodSpec`:

* on a bounded index (additive 0-100, TOPSIS closeness and VIKOR's Q in [0, 1],
  PROMETHEE's net flow in [-1, 1]) it is absolute, :math:`\\tau_{ij} = \\tau`;
* on an index whose size depends on the units (the weighted product) it is relative,
  :math:`\\tau_{ij} = \\tau \\max(|s_i|, |s_j|)`, so multiplying every performance of a
  criterion by a constant never changes a rank.

The default :math:`\\tau` is ``TIE_TOLERANCE`` = 1e-9.
"""

from __future__ import annotations

import numpy as np

TIE_TOLERANCE = 1e-9


def rank(
    scores: np.ndarray,
    higher_is_better: bool = True,
    tolerance: float = TIE_TOLERANCE,
    relative: bool = False,
) -> np.ndarray:
    """Rank scores along the last axis (1 = best).

    Parameters
    ----------
    scores : ndarray, shape (m,) or (k, m)
        One score per option, or a batch of k score vectors.
    higher_is_better : bool
        False for indices where lower is better (e.g. VIKOR's Q).
    tolerance : float
        Scores closer than this are tied.
    relative : bool
        Scale the tolerance by the larger magnitude of the two scores compared.

    Returns
    -------
    ndarray of int, same shape as ``scores``.
    """
    oriented = np.asarray(scores, dtype=float)
    if not higher_is_better:
        oriented = -oriented
    return _count_better(oriented, tolerance, relative)


def _count_better(oriented: np.ndarray, tolerance: float, relative: bool = False) -> np.ndarray:
    """1 + number of options better by more than the tolerance, along the last axis.

    Works option by option on a transposed copy (contiguous rows) with a small
    integer accumulator: one vectorised pass per option, none per weight vector.
    """
    m = oriented.shape[-1]
    columns = np.ascontiguousarray(np.moveaxis(oriented, -1, 0))
    threshold = columns + tolerance
    magnitude = np.abs(columns) if relative else None
    counts = np.ones(columns.shape, dtype=np.uint8 if m < 255 else np.int32)
    for j in range(m):
        if relative:
            threshold = columns + tolerance * np.maximum(magnitude, magnitude[j])
        counts += columns[j] > threshold
    return np.moveaxis(counts, 0, -1).astype(np.int32)


def kendall_tau(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b between two rankings (ties handled); 1 = same order, -1 = reversed.

    .. math:: \\tau_b = \\frac{n_c - n_d}{\\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    with concordant and discordant pair counts :math:`n_c, n_d`, :math:`n_0 = n(n-1)/2`
    and :math:`n_1, n_2` the pairs tied in ``a`` and in ``b``. Returns 1.0 when
    either ranking ties every option (nothing to disagree on).

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    upper = np.triu_indices(len(a), 1)
    da = np.sign(a[:, None] - a[None, :])[upper]
    db = np.sign(b[:, None] - b[None, :])[upper]
    n0 = len(da)
    denominator = np.sqrt(float(n0 - np.sum(da == 0)) * float(n0 - np.sum(db == 0)))
    return 1.0 if denominator == 0 else float(np.sum(da * db) / denominator)
