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
    score_rows, margin_rows = [], []
    for kind, factor, low_setting, high_setting, low_scores, high_scores in rows:
        for i, option in enumerate(study.options):
            if kind == "weight" or low_scores[i] != base[i] or high_scores[i] != base[i]:
                score_rows.append(
                    [kind, factor, option, low_setting, high_setting, low_scores[i], high_scores[i]]
                )
        low_margin, high_margin = _margin(low_scores, winner), _margin(high_scores, winner)
        margin_rows.append([kind, factor, low_setting, high_setting, low_margin, high_margin])
    scores = pd.DataFrame(
        score_rows,
        columns=[
            "kind",
            "factor",
            "option",
            "setting_low",
            "setting_high",
            "score_low",
            "score_high",
        ],
    )
    scores["swing"] = (scores["score_high"] - scores["score_low"]).abs()
    margin = pd.DataFrame(
        margin_rows,
        columns=["kind", "factor", "setting_low", "setting_high", "margin_low", "margin_high"],
    )
    margin["swing"] = (margin["margin_high"] - margin["margin_low"]).abs()
    margin = margin.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return TornadoResult(study.options[winner], _margin(base, winner), scores, margin)


def _margin(scores: np.ndarray, winner: int) -> float:
    others = np.delete(scores, winner)
    return float(scores[winner] - others.max()) if len(others) else 0.0


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
    cells = study.cells(scenario)
    out = []
    for i, option in enumerate(study.options):
        for j, criterion in enumerate(study.criteria):
            cell = cells[(option, criterion)][0]
            if cell.low is None or cell.high is None or cell.low == cell.high:
                continue
            record = study.criterion(criterion)
            low_values, high_values = values.copy(), values.copy()
            low_values[i, j] = float(to_value(cell.low, record))
            high_values[i, j] = float(to_value(cell.high, record))
            out.append(
                (
                    "performance",
                    f"{option} / {criterion}",
                    cell.low,
                    cell.high,
                    low_values @ weights,
                    high_values @ weights,
                )
            )
    return out
