"""Which judgments decide the answer: exact switch values of single performance cells
and delivery likelihoods for an option's first places (additive model).

For a judgment ``t`` (one performance cell, or one option's delivery likelihood) every
option's score is a piecewise-linear function of ``t``: a cell moves its option's
expected level on one criterion (or, for the baseline's cell, every option's with a
delivery likelihood below one), a likelihood moves its option's expected level on every
criterion, and each criterion's value function is piecewise linear and held at the
scale's ends. Between the breakpoints of those functions every score is linear, so the
points where the option stops being first, :math:`s_a(t) = \\max_{b \\ne a} s_b(t)`, are
found exactly by linear interpolation between breakpoints (as weight switch points are
exact, :mod:`engine.sensitivity.switching`). A judgment **decides** the answer when a
switch value lies within its stated range (``low``-``high``), or within a fifth of its
scale on either side of its value.

References
----------
French, S. (2003). Modelling, making inferences and making decisions: the roles of
sensitivity analysis. *TOP* 11, 229-251 (one-way sensitivity to each input).
Rios Insua, D. and French, S. (1991). A framework for sensitivity analysis in discrete
multi-objective decision-making. *EJOR* 54, 176-190.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine import delivery
from engine.study import Study
from engine.valuefn import value_points

FIFTH = 0.2
"""Share of a scale (or of the 0-1 probability range) a judgment is moved either way."""

COLUMNS = [
    "scenario",
    "option",
    "criterion",
    "value",
    "low",
    "high",
    "switch_below",
    "switch_above",
    "in_range",
    "in_fifth",
    "pairs",
    "sourced",
]


@dataclass(frozen=True)
class _Line:
    """Scores of every option along one judgment: breakpoints and scores there."""

    t: np.ndarray  # (k,) sorted
    scores: np.ndarray  # (k, options)


@dataclass(frozen=True)
class _Scene:
    """What every judgment of one scenario and profile reads, computed once."""

    judged: np.ndarray  # options x criteria, the cells as judged (levels if delivered)
    performance: np.ndarray  # options x criteria, expected levels
    likely: np.ndarray  # options, probability of delivery (1 where none)
    spent: np.ndarray  # criteria whose cells count in full (a resource's cost)
    points: list  # per criterion, the value function's breakpoints
    baseline: int | None
    weights: np.ndarray
    scores: np.ndarray


def deciding_judgments(study: Study, option: str, pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Judgments whose change would end ``option``'s first place in one of ``pairs``
    (the pairs where it is first), one row per judgment (see :data:`COLUMNS`); the
    judgments that decide within their stated range first."""
    rows: dict[tuple, dict] = {}
    shared: dict[str, tuple] = {}
    for scenario, profile in pairs:
        if scenario not in shared:
            shared[scenario] = (
                _judged(study, scenario),
                study.performance(scenario).to_numpy(),
                study.values(scenario).to_numpy(),
            )
        for row in _pair_judgments(study, option, scenario, profile, shared[scenario]):
            key = (row["scenario"], row["option"], row["criterion"])
            kept = rows.setdefault(key, {**row, "pairs": []})
            kept["pairs"].append((scenario, profile))
            kept["switch_below"] = _nearest(kept["switch_below"], row["switch_below"], max)
            kept["switch_above"] = _nearest(kept["switch_above"], row["switch_above"], min)
            kept["in_range"] |= row["in_range"]
            kept["in_fifth"] |= row["in_fifth"]
    table = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    table["pairs"] = [len(p) for p in table["pairs"]]
    return table.sort_values(["in_range", "pairs"], ascending=[False, False], kind="stable")


def _nearest(a: float, b: float, pick) -> float:
    if np.isnan(a):
        return b
    return a if np.isnan(b) else pick(a, b)


def _pair_judgments(
    study: Study, option: str, scenario: str, profile: str, tables: tuple
) -> list[dict]:
    judged, performance, values = tables
    weights = study.weight_vector(profile)
    scores = values @ weights
    a = study.options.index(option)
    if int(np.argmax(scores)) != a:
        return []
    cells = study.cells(scenario)
    baseline = study.baseline_index()
    likely = np.ones(len(study.options))
    if baseline is not None:
        likely = delivery.likelihoods(study.option_records)
    points = [value_points(c) for c in study.tree.criteria]
    spent = study.spent_mask()
    context = _Scene(judged, performance, likely, spent, points, baseline, weights, scores)
    found = []
    for i, name in enumerate(study.options):
        for j, criterion in enumerate(study.criteria):
            if weights[j] == 0:
                continue
            cell, origin = cells[(name, criterion)]
            scale = study.tree.criteria[j].scale
            if i != baseline and _cannot_decide(study, i, j, cell, a, context):
                continue
            line = _cell_line(i, j, context)
            found.append(
                _judgment(line, a, (origin, name, criterion), cell, (scale.min, scale.max))
            )
    for i, record in enumerate(study.option_records):
        if record.delivery is not None and i != baseline:
            line = _delivery_line(i, context)
            found.append(_judgment(line, a, (scenario, record.id, None), record.delivery, (0, 1)))
    return [f for f in found if f["in_range"] or f["in_fifth"]]


def _cannot_decide(study: Study, i: int, j: int, cell, a: int, context) -> bool:
    """An exact screen: the most option i's score can move while its cell (i, j) stays
    within its range and a fifth of its scale is less than a's lead over i (or, for a's own
    cell, over the runner-up). Value functions are monotone, so the extremes of the value
    lie at the window's ends. Not for the baseline's cells, which move every option."""
    scale = study.tree.criteria[j].scale
    fifth = FIFTH * (scale.max - scale.min)
    low = min(cell.value - fifth, cell.value if cell.low is None else cell.low)
    high = max(cell.value + fifth, cell.value if cell.high is None else cell.high)
    likely = 1.0 if context.spent[j] else context.likely[i]
    level = context.performance[i, j]
    ends = np.clip(
        [level + likely * (low - cell.value), level + likely * (high - cell.value)],
        scale.min,
        scale.max,
    )
    xs, vs = context.points[j]
    moved = context.weights[j] * np.max(np.abs(np.interp(ends, xs, vs) - np.interp(level, xs, vs)))
    scores = context.scores
    lead = scores[a] - (np.delete(scores, a).max() if i == a else scores[i])
    return bool(moved < lead)


def _judgment(line: _Line, a: int, key: tuple, judged, ends: tuple[float, float]) -> dict:
    t0 = judged.value
    low = t0 if judged.low is None else judged.low
    high = t0 if judged.high is None else judged.high
    below, above = switch_values(line, a, t0)
    fifth = FIFTH * (ends[1] - ends[0])
    return {
        "scenario": key[0],
        "option": key[1],
        "criterion": key[2],
        "value": t0,
        "low": low,
        "high": high,
        "switch_below": below,
        "switch_above": above,
        "in_range": bool(below >= low or above <= high),
        "in_fifth": bool(below >= t0 - fifth or above <= t0 + fifth),
        "sourced": bool(judged.evidence),
    }


def switch_values(line: _Line, a: int, t0: float) -> tuple[float, float]:
    """The nearest values below and above ``t0`` at which option ``a`` stops being first
    (``-inf`` / ``inf`` where it stays first to the end of the line)."""
    t, s = line.t, line.scores
    lead = s[:, [a]] - np.delete(s, a, axis=1)  # (k, others): a's lead over each
    points = [t, [t0]]
    for k in range(len(t) - 1):
        d0, d1 = lead[k], lead[k + 1]
        crossing = (d0 > 0) != (d1 > 0)
        if np.any(crossing):
            share = d0[crossing] / (d0[crossing] - d1[crossing])
            points.append(t[k] + share * (t[k + 1] - t[k]))
    points = np.unique(np.clip(np.concatenate(points), t[0], t[-1]))
    middle = (points[:-1] + points[1:]) / 2
    k = np.clip(np.searchsorted(t, middle, side="right") - 1, 0, len(t) - 2)
    share = ((middle - t[k]) / (t[k + 1] - t[k]))[:, None] if len(t) > 1 else 0.0
    at = s[k] + share * (s[np.minimum(k + 1, len(t) - 1)] - s[k])
    first = at[:, a] >= np.delete(at, a, axis=1).max(axis=1)
    below, above = -np.inf, np.inf
    for k in np.flatnonzero(~first):
        if points[k + 1] <= t0:
            below = max(below, points[k + 1])
        elif points[k] >= t0:
            above = min(above, points[k])
    return below, above


def _cell_line(i: int, j: int, context: _Scene) -> _Line:
    """Scores of every option as cell (i, j) moves over the criterion's scale."""
    xs, vs = context.points[j]
    slope = np.zeros(len(context.likely))  # d expected level / d t, per option
    likely = np.ones_like(context.likely) if context.spent[j] else context.likely
    if i == context.baseline:
        slope = 1.0 - likely
        slope[i] = 1.0
    else:
        slope[i] = likely[i]
    level = context.performance[:, j]
    t0 = context.judged[i, j]
    moved = np.flatnonzero(slope)
    breaks = [xs[0], xs[-1]] + [t0 + (x - level[k]) / slope[k] for k in moved for x in xs]
    t = np.unique(np.clip(breaks, xs[0], xs[-1]))
    out = np.repeat(context.scores[None], len(t), axis=0)
    for k in moved:
        now = np.interp(level[k], xs, vs)
        change = np.interp(level[k] + slope[k] * (t - t0), xs, vs) - now
        out[:, k] += context.weights[j] * change
    return _Line(t, out)


def _delivery_line(i: int, context: _Scene) -> _Line:
    """Scores of every option as option i's delivery likelihood moves over 0-1."""
    # a resource's cost counts in full whatever the likelihood: held at its judged cell
    base = np.where(context.spent, context.judged[i], context.judged[context.baseline])
    change = np.where(context.spent, 0.0, context.judged[i] - base)
    breaks = [0.0, 1.0]
    points = context.points
    for j, (xs, _) in enumerate(points):
        if change[j] != 0:
            breaks += [(x - base[j]) / change[j] for x in xs]
    t = np.unique(np.clip(breaks, 0.0, 1.0))
    out = np.repeat(context.scores[None], len(t), axis=0)
    levels = base[None, :] + t[:, None] * change[None, :]
    value = np.column_stack([np.interp(levels[:, j], xs, vs) for j, (xs, vs) in enumerate(points)])
    out[:, i] = value @ context.weights
    return _Line(t, out)


def _judged(study: Study, scenario: str) -> np.ndarray:
    """The cells as judged (levels if delivered), options x criteria."""
    cells = study.cells(scenario)
    return np.array([[cells[(o, c)][0].value for c in study.criteria] for o in study.options])
