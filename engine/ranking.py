"""Scores to ranks, with one tie rule used everywhere.

Rule ("standard competition" ranking with a tolerance): the rank of an option is
one plus the number of options whose score is better than its own by more than
``TIE_TOLERANCE``,

.. math:: r_i = 1 + \\#\\{ j : s_j > s_i + \\tau \\}.

Options within the tolerance of each other share the better rank, and the next
rank is skipped (1, 2, 2, 4). The tolerance is absolute, ``1e-9``, on the
method's native index (0-100 for the additive model).
"""

from __future__ import annotations

import numpy as np

TIE_TOLERANCE = 1e-9


def rank(
    scores: np.ndarray, higher_is_better: bool = True, tolerance: float = TIE_TOLERANCE
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

    Returns
    -------
    ndarray of int, same shape as ``scores``.
    """
    oriented = np.asarray(scores, dtype=float)
    if not higher_is_better:
        oriented = -oriented
    better = oriented[..., None, :] > oriented[..., :, None] + tolerance
    return 1 + better.sum(axis=-1)
