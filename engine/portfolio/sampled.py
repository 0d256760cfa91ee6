"""Sampled portfolio problems: weights, performances and costs drawn, outcomes per sample.

The inclusion frequency decides thousands of sampled problems. Each sample has its own
weights (drawn around a profile), performance table (drawn within the cells' ranges) and
costs (within their ranges), so its own baseline levels and measure changes. Samples
whose every criterion stays linear over its reach are additive (the value is the sum of
benefits, decided in bulk by enumeration where the measures are few); the others carry
their :class:`~engine.portfolio.outcomes.Outcomes` and are decided one exact program each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.portfolio.outcomes import Outcomes


@dataclass(frozen=True)
class Samples:
    """Sampled problems of one scenario.

    Attributes
    ----------
    benefits : ndarray (S, m)
        Each measure's value alone over the baseline.
    costs : ndarray (S, m, r), or None for the problem's own
    outcomes : tuple of Outcomes, or None
        Per sample, when some sample is not additive; None when every one is.
    """

    benefits: np.ndarray
    costs: np.ndarray | None
    outcomes: tuple[Outcomes, ...] | None = None

    def __len__(self) -> int:
        return len(self.benefits)


def sampled_outcomes(
    base: np.ndarray,
    change: np.ndarray,
    weights: np.ndarray,
    points: tuple,
    groups: tuple = (),
) -> tuple[np.ndarray, tuple[Outcomes, ...] | None]:
    """Benefits alone (S, m) and, when any sample is not additive, every sample's
    outcomes; from levels ``base`` (S, n), changes (S, m, n) and weights (S, n)."""
    value = np.empty_like(change)
    base_value = np.empty_like(base)
    additive = not groups
    for j, (xs, vs) in enumerate(points):
        value[:, :, j] = np.interp(base[:, None, j] + change[:, :, j], xs, vs)
        base_value[:, j] = np.interp(base[:, j], xs, vs)
        low = base[:, j] + np.minimum(change[:, :, j], 0).sum(axis=1)
        high = base[:, j] + np.maximum(change[:, :, j], 0).sum(axis=1)
        inside = (xs[None, :] > low[:, None]) & (xs[None, :] < high[:, None])
        additive = additive and not inside.any()
    benefits = np.einsum("smn,sn->sm", value - base_value[:, None, :], weights)
    if additive:
        return benefits, None
    found = tuple(
        Outcomes(base[s], change[s], weights[s], points, groups) for s in range(len(base))
    )
    return benefits, found
