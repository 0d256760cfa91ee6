"""Package outcomes on the criteria: where a package leaves each criterion, and its value.

A package is "the baseline plus these measures". Its **level** on criterion ``j`` is the
baseline's level plus the sum of its measures' changes plus the declared criterion
interactions of the groups it holds whole,

.. math:: L_j(x) = \\ell^0_j + \\sum_i \\Delta_{ij} x_i + \\sum_G g_{Gj} \\prod_{i \\in G} x_i ,

where :math:`\\Delta_{ij} = p_i (x_{ij} - \\ell^0_j)` is measure ``i``'s change over the
baseline at its expected size (``p_i`` its delivery likelihood, 1 by default). The level
is **clipped to the criterion's scale** and the criterion's value function applied to it,
so a package's value (value points over the baseline) is

.. math:: V(x) = \\sum_j w_j \\big( v_j(\\operatorname{clip}(L_j(x))) - v_j(\\ell^0_j) \\big)

with the profile's weights renormalised over the criteria that are not resources. With
linear value functions, no criterion interaction and no level past a scale end, this is
the sum of the measures' benefits alone (additive independence, Keeney and Raiffa 1976,
ch. 6); otherwise measures that push the same criterion overlap where the scale ends or
the value function flattens, as a planner expects of two measures that both cut violence.

References
----------
Keeney, R. L. and Raiffa, H. (1976). *Decisions with Multiple Objectives*. Wiley, ch. 6.
Salo, A., Keisler, J. and Morton, A. (eds.) (2011). *Portfolio Decision Analysis*.
Springer, ch. 1 (portfolio value from criterion-level outcomes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from engine.portfolio.reach import level_bounds

Group = tuple[tuple[int, ...], int, float]
"""A criterion interaction: (measures, criterion index, change when all are chosen)."""

Points = tuple[np.ndarray, np.ndarray]
"""A value function's breakpoints (performances increasing, values); the first and last
performances are the scale's ends."""


@dataclass(frozen=True)
class Outcomes:
    """Criterion-level data of one scenario x profile pair (``n`` benefit criteria).

    Attributes
    ----------
    base : ndarray (n,)
        The baseline's level on each criterion.
    change : ndarray (m, n)
        Each measure's change over the baseline (at its expected size).
    weight : ndarray (n,)
        Weights renormalised over the benefit criteria.
    points : tuple of (xs, vs) per criterion
        Value-function breakpoints; ``xs[0]`` and ``xs[-1]`` are the scale's ends.
    groups : tuple of (measures, criterion, change)
        Criterion interactions.
    """

    base: np.ndarray
    change: np.ndarray
    weight: np.ndarray
    points: tuple[Points, ...]
    groups: tuple[Group, ...] = ()
    bounds: tuple[np.ndarray, np.ndarray] | None = None
    """Lowest and highest levels a package within the limits can reach
    (:meth:`within`); None: every measure at once."""

    @property
    def criteria(self) -> int:
        return len(self.base)

    def levels(self, packages: np.ndarray) -> np.ndarray:
        """Unclipped levels (k, n) of packages (k, m)."""
        x = np.atleast_2d(np.asarray(packages, dtype=float))
        out = self.base + x @ self.change
        for members, j, g in self.groups:
            out[:, j] += g * np.prod(x[:, list(members)], axis=1)
        return out

    def clipped(self, levels: np.ndarray) -> np.ndarray:
        """Levels held within each criterion's scale."""
        low = np.array([xs[0] for xs, _ in self.points])
        high = np.array([xs[-1] for xs, _ in self.points])
        return np.clip(levels, low, high)

    def criterion_values(self, levels: np.ndarray) -> np.ndarray:
        """0-100 values (k, n) of levels (k, n), clipped to the scale."""
        levels = np.atleast_2d(levels)
        out = np.empty_like(levels, dtype=float)
        for j, (xs, vs) in enumerate(self.points):
            out[:, j] = np.interp(levels[:, j], xs, vs)  # held at the ends: the clip
        return out

    def values(self, packages: np.ndarray) -> np.ndarray:
        """Value (k,) of packages over the baseline, in value points."""
        gained = self.criterion_values(self.levels(packages))
        return (gained - self.criterion_values(self.base[None])) @ self.weight

    @cached_property
    def _reach(self) -> tuple[np.ndarray, np.ndarray]:
        gains = self._interaction_gains()
        low = self.base + np.minimum(self.change, 0).sum(axis=0) + gains[0]
        high = self.base + np.maximum(self.change, 0).sum(axis=0) + gains[1]
        if self.bounds is not None:
            low, high = np.maximum(low, self.bounds[0]), np.minimum(high, self.bounds[1])
        return low, np.maximum(high, low)

    def _interaction_gains(self) -> np.ndarray:
        """(2, n): the most the criterion interactions can take off and add."""
        gains = np.zeros((2, self.criteria))
        for _, j, g in self.groups:
            gains[0, j] += min(g, 0.0)
            gains[1, j] += max(g, 0.0)
        return gains

    def within(self, costs: np.ndarray, limits: np.ndarray) -> Outcomes:
        """The same outcomes with the reach bounded by what packages within ``limits``
        can reach (:func:`engine.portfolio.reach.level_bounds`): fewer kinks to model,
        the same values."""
        found = level_bounds(self.base, self.change, self._interaction_gains(), costs, limits)
        return replace(self, bounds=found)

    def reach(self) -> tuple[np.ndarray, np.ndarray]:
        """Lowest and highest level (n,) any package can reach (computed once)."""
        return self._reach

    def pieces(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Breakpoints ``t`` and values ``v_j(t)`` of criterion ``j`` over the levels its
        packages can reach: the reach's ends and every breakpoint (scale ends included)
        strictly inside it (computed once per criterion)."""
        return self._pieces[j]

    @cached_property
    def _pieces(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        lows, highs = self.reach()
        found = []
        for (xs, vs), low, high in zip(self.points, lows, highs, strict=True):
            inner = xs[(xs > low) & (xs < high)]
            t = np.unique(np.concatenate([[low], inner, [high]]))
            found.append((t, np.interp(t, xs, vs)))
        return tuple(found)

    def linear(self, j: int) -> bool:
        """Whether criterion ``j``'s value is linear in its level over the reach (one
        piece, no group on it): then it adds up measure by measure."""
        return len(self.pieces(j)[0]) <= 2 and not any(k == j for _, k, _ in self.groups)

    def slope(self, j: int) -> float:
        """Value points per unit of level on a linear criterion (0 where nothing moves)."""
        t, v = self.pieces(j)
        return float((v[-1] - v[0]) / (t[-1] - t[0])) if len(t) == 2 else 0.0

    def is_additive(self) -> bool:
        """Whether every criterion is linear over its reach (the value is then the sum of
        the measures' benefits alone)."""
        return all(self.linear(j) for j in range(self.criteria))

    def alone(self) -> np.ndarray:
        """Each measure's value (m,) alone over the baseline."""
        return self.values(np.eye(self.change.shape[0], dtype=bool))

    def saturated(self, package: np.ndarray) -> np.ndarray:
        """Criteria (n,) where the package's unclipped level lies past a scale end."""
        levels = self.levels(package)[0]
        return self.clipped(levels[None])[0] != levels


def make_outcomes(
    base: Sequence[float],
    change,
    weight: Sequence[float],
    points: Sequence[tuple[Sequence[float], Sequence[float]]],
    groups: Sequence[tuple[Sequence[int], int, float]] = (),
) -> Outcomes:
    """:class:`Outcomes` from array-likes, shapes checked (ValueError when they disagree)."""
    base = np.asarray(base, dtype=float).reshape(-1)
    n = base.size
    change = np.asarray(change, dtype=float).reshape(-1, n)
    weight = np.asarray(weight, dtype=float).reshape(-1)
    if weight.size != n or len(points) != n:
        raise ValueError(f"weights and value functions must be given for all {n} criteria")
    pts = tuple((np.asarray(xs, float), np.asarray(vs, float)) for xs, vs in points)
    if any(len(xs) < 2 or np.any(np.diff(xs) <= 0) or len(xs) != len(vs) for xs, vs in pts):
        raise ValueError("value-function performances must increase, two points or more")
    arrays = [base, change, weight, *(a for p in pts for a in p)]
    if not all(np.all(np.isfinite(a)) for a in arrays):
        raise ValueError("levels, changes, weights and value functions must be finite")
    m = change.shape[0]
    checked = []
    for members, j, g in groups:
        members = tuple(int(i) for i in members)
        if not (0 <= int(j) < n and all(0 <= i < m for i in members) and np.isfinite(g)):
            raise ValueError(f"a criterion interaction out of range: {members}, {j}, {g}")
        checked.append((members, int(j), float(g)))
    return Outcomes(base, change, weight, pts, tuple(checked))
