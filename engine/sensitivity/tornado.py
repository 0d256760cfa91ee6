"""Tornado analysis of the additive model: one factor at a time.

Two kinds of factor:

* **weights**: each node's local weight moves by ``-delta`` and ``+delta``
  (clipped to [0, 1]) with its siblings rescaled proportionally;
* **performance**: each cell moves to its low and to its high end (cells
  without a range do not appear).

For every factor the table gives each option's score at both ends, and the
winner's margin (score of the base-case winner minus the best other score) at
both ends; a negative margin means the winner is overtaken.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.acceptance import study_with
from engine.model import Profile
from engine.sensitivity.lines import sweepable_nodes, weight_line
from engine.study import Study
from engine.valuefn import to_value


@dataclass(frozen=True)
class TornadoResult:
    """``scores``: factor x option rows; ``margin``: one row per factor, widest swing first."""

    winner: str
    base_margin: float
    scores: pd.DataFrame
    margin: pd.DataFrame


def tornado(
    study: Study, scenario: str, profile: str | Profile, delta: float = 0.1
) -> TornadoResult:
    """Swings of every option's score and of the winner's margin, factor by factor."""
    study, profile = study_with(study, profile)
    values = study.values(scenario).to_numpy()
    weights = study.weight_vector(profile)
    base = values @ weights
    winner = int(np.argmax(base))
    rows = _weight_factors(study, profile, values, delta) + _performance_factors(
        study, scenario, values, weights
    )
    kinds = [r[0] for r in rows]
    low, high = _matrix([r[4] for r in rows], base), _matrix([r[5] for r in rows], base)
    changed = (
        (low != base) | (high != base) | np.array(kinds, dtype=object)[:, None].__eq__("weight")
    )
    f, o = np.nonzero(changed)  # factor-major, options in study order
    scores = pd.DataFrame(
        {
            "kind": [kinds[k] for k in f],
            "factor": [rows[k][1] for k in f],
            "option": [study.options[i] for i in o],
            "setting_low": [rows[k][2] for k in f],
            "setting_high": [rows[k][3] for k in f],
            "score_low": low[f, o],
            "score_high": high[f, o],
        }
    )
    scores["swing"] = (scores["score_high"] - scores["score_low"]).abs()
    margin = pd.DataFrame(
        {
            "kind": kinds,
            "factor": [r[1] for r in rows],
            "setting_low": [r[2] for r in rows],
            "setting_high": [r[3] for r in rows],
            "margin_low": _margins(low, winner),
            "margin_high": _margins(high, winner),
        }
    )
    margin["swing"] = (margin["margin_high"] - margin["margin_low"]).abs()
    margin = margin.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return TornadoResult(
        study.options[winner], float(_margins(base[None, :], winner)[0]), scores, margin
    )


def _matrix(rows: list[np.ndarray], base: np.ndarray) -> np.ndarray:
    return np.array(rows, dtype=float).reshape(len(rows), len(base))


def _margins(scores: np.ndarray, winner: int) -> np.ndarray:
    """The winner's score minus the best other score, per row of ``scores`` (factors x m)."""
    if scores.shape[1] < 2:
        return np.zeros(len(scores))
    others = scores.copy()
    others[:, winner] = -np.inf
    return scores[:, winner] - others.max(axis=1)


def _weight_factors(study: Study, profile, values: np.ndarray, delta: float) -> list:
    out = []
    for node in sweepable_nodes(study):
        line = weight_line(study, profile, node)
        low, high = max(0.0, line.current - delta), min(1.0, line.current + delta)
        out.append(
            ("weight", node, low, high, values @ line.weights(low), values @ line.weights(high))
        )
    return out


def _performance_factors(
    study: Study, scenario: str, values: np.ndarray, weights: np.ndarray
) -> list:
    """Each performance cell with a range at its low and its high end, alone; only that
    cell's option moves, by weight x (value at the end - current value)."""
    cells = study.cells(scenario)
    base = values @ weights
    found = [
        (i, j, cell)
        for i, option in enumerate(study.options)
        for j, criterion in enumerate(study.criteria)
        if _has_range(cell := cells[(option, criterion)][0])
    ]
    ends = np.zeros((len(found), 2))
    for j, criterion in enumerate(study.tree.criteria):  # one value function call per criterion
        rows = [k for k, (_, column, _) in enumerate(found) if column == j]
        if rows:
            ranges = [(found[k][2].low, found[k][2].high) for k in rows]
            ends[rows] = to_value(np.array(ranges, dtype=float), criterion)
    out = []
    for (i, j, cell), (low_value, high_value) in zip(found, ends, strict=True):
        low_scores, high_scores = base.copy(), base.copy()
        low_scores[i] += weights[j] * (low_value - values[i, j])
        high_scores[i] += weights[j] * (high_value - values[i, j])
        name = f"{study.options[i]} / {study.criteria[j]}"
        out.append(("performance", name, cell.low, cell.high, low_scores, high_scores))
    return out


def _has_range(cell) -> bool:
    return cell.low is not None and cell.high is not None and cell.low != cell.high
