"""Criterion-level package outcomes in a mixed 0-1 program, exactly.

For each criterion ``j`` of positive weight, the value :math:`v_j(\\operatorname{clip}(L_j))`
is piecewise linear in the level :math:`L_j` (flat past the scale's ends, the value
function's own pieces inside). Over the levels the measures can reach,
:math:`[t_0, t_K]`, with breakpoints :math:`t_0 < t_1 < \\dots < t_K` (the scale's ends
and the value function's breakpoints inside the reach), the level is written as the sum
of segment fills :math:`\\delta_k \\in [0, t_k - t_{k-1}]` (the incremental, or delta,
formulation):

.. math::

    \\sum_i \\Delta_{ij} x_i + \\sum_G g_{Gj} y_G - \\sum_k \\delta_k = t_0 - \\ell^0_j ,
    \\qquad
    v_j(\\operatorname{clip}(L_j)) = v_j(t_0) + \\sum_k \\sigma_k \\delta_k ,

with :math:`\\sigma_k` the slope of segment ``k``. Every program here maximises value (or
bounds it from below), so where the slopes do not increase (a concave piece: clipping at
the top, a concave value function) the fills take the steepest segments first on their
own. At each kink ``k`` where the slope rises (clipping at a scale's worst end, a convex
or S-shaped value function), a binary :math:`z_k` forces the order: every segment up to
``k`` is full when :math:`z_k = 1` (:math:`\\delta_i \\ge (t_i - t_{i-1}) z_k`, ``i <= k``),
and no segment after ``k`` is used when :math:`z_k = 0`
(:math:`\\delta_i \\le (t_i - t_{i-1}) z_k`, ``i > k``); between such kinks the slopes
fall, and the fills take them in order on their own. A criterion linear over its whole reach
(one piece, no interaction on it) needs no column: its value adds up measure by measure.
A group's product :math:`y_G = \\prod_{i \\in G} x_i` is linearised exactly
(:math:`y_G \\le x_i`, :math:`y_G \\ge \\sum_{i \\in G} x_i - |G| + 1`).

References
----------
Dantzig, G. B. (1960). On the significance of solving linear programming problems with
some integer variables. *Econometrica* 28, 30-44 (the delta formulation).
Vielma, J. P., Ahmed, S. and Nemhauser, G. (2010). Mixed-integer models for nonseparable
piecewise-linear optimization. *Operations Research* 58, 303-315.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.portfolio.highs import Model
from engine.portfolio.outcomes import Outcomes

CONVEX_TOLERANCE = 1e-12
"""Relative rise of a slope below which two segments count as one concave piece."""


@dataclass(frozen=True)
class LevelColumns:
    """The columns that hold a package's levels (segment fills per criterion, with their
    slopes, and the criterion interactions' products). Pairs whose levels are the same
    (the profiles of one scenario: only their weights differ) share one set: for a given
    package each criterion's fills maximise its value under every positive weight alike,
    so one set serves them all (:func:`levels_key`)."""

    fills: dict[int, tuple[np.ndarray, np.ndarray]]
    products: list[int]


def levels_key(outcomes: Outcomes) -> tuple:
    """What decides the level columns: baseline, changes, value functions, interactions
    and reach (not the weights)."""
    points = tuple((xs.tobytes(), vs.tobytes()) for xs, vs in outcomes.points)
    reach = tuple(r.tobytes() for r in outcomes.reach())
    return (outcomes.base.tobytes(), outcomes.change.tobytes(), points, outcomes.groups, reach)


def add_levels(
    model: Model, x: np.ndarray, outcomes: Outcomes, criteria: np.ndarray
) -> LevelColumns:
    """Add the level columns and rows of the ``criteria`` (boolean mask) that are not
    linear over their reach."""
    products = _products(model, x, outcomes)
    fills = {}
    for j in np.flatnonzero(criteria):
        t, v = outcomes.pieces(j)
        if len(t) < 2 or outcomes.linear(j):
            continue  # nothing moves it, or it adds up measure by measure
        columns, slopes = _segments(model, t, v)
        on_j = [k for k, (_, c, _) in enumerate(outcomes.groups) if c == j]
        index = np.concatenate([x, [products[k] for k in on_j], columns])
        coefficient = np.concatenate(
            [outcomes.change[:, j], [outcomes.groups[k][2] for k in on_j], -np.ones(len(columns))]
        )
        level = t[0] - outcomes.base[j]
        model.row(index, coefficient, lower=level, upper=level)
        fills[int(j)] = (columns, slopes)
    return LevelColumns(fills, products)


def level_terms(
    levels: LevelColumns, outcomes: Outcomes
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], float]:
    """The value of ``outcomes`` (its weights) over ``levels``: as
    :func:`add_outcomes` returns it."""
    linear = np.zeros(outcomes.change.shape[0])
    columns: list[np.ndarray] = []
    coefficients: list[np.ndarray] = []
    constant = 0.0
    base_values = outcomes.criterion_values(outcomes.base[None])[0]
    for j in range(outcomes.criteria):
        w = float(outcomes.weight[j])
        t, v = outcomes.pieces(j)
        if w == 0 or len(t) < 2:
            continue  # no weight, or no package moves this criterion
        if outcomes.linear(j):
            linear += w * outcomes.slope(j) * outcomes.change[:, j]
            continue
        fills, slopes = levels.fills[j]
        columns.append(fills)
        coefficients.append(w * slopes)
        constant += w * (v[0] - base_values[j])
    return linear, columns, coefficients, constant


def add_outcomes(
    model: Model, x: np.ndarray, outcomes: Outcomes
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], float]:
    """Add the columns and rows of ``outcomes`` to ``model``.

    Returns
    -------
    linear : ndarray (m,)
        Value per measure from the criteria linear over their reach.
    columns, coefficients : lists of ndarrays
        Segment columns and their value per unit of fill.
    constant : float
        So that the package's value is ``linear @ x + coefficients @ columns + constant``.
    """
    levels = add_levels(model, x, outcomes, outcomes.weight != 0)
    return level_terms(levels, outcomes)


def _segments(model: Model, t: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill columns of the segments between breakpoints ``t``, with one binary at each
    kink where the slope rises; returns the columns and the slopes."""
    lengths = np.diff(t)
    slopes = np.diff(v) / lengths
    fills = model.columns(len(lengths), lower=0.0, upper=lengths, integer=False)
    scale = max(1.0, float(np.max(np.abs(slopes))))
    for k in np.flatnonzero(np.diff(slopes) > CONVEX_TOLERANCE * scale):
        z = model.columns(1)[0]  # 1: every segment up to k is full; 0: none after k is used
        for i in range(len(lengths)):
            if i <= k:
                model.row([fills[i], z], [1.0, -lengths[i]], lower=0.0)
            else:
                model.row([fills[i], z], [1.0, -lengths[i]], upper=0.0)
    return fills, slopes


def _products(model: Model, x: np.ndarray, outcomes: Outcomes) -> list[int]:
    """One column per criterion interaction equal to the product of its members."""
    out = []
    for members, _, _ in outcomes.groups:
        y = int(model.columns(1, integer=False)[0])
        for i in members:
            model.row([y, x[i]], [1.0, -1.0], upper=0.0)
        model.row(
            [y, *x[list(members)]], [1.0, *(-np.ones(len(members)))], lower=1.0 - len(members)
        )
        out.append(y)
    return out
