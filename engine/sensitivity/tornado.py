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

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine import delivery
from engine.acceptance import study_with
from engine.errors import InputError, Location, error
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
    """Swings of every option's score and of the winner's margin, factor by factor.

    Raises
    ------
    InputError
        ``delta-invalid`` unless 0 < ``delta`` <= 1.
    """
    if not (math.isfinite(delta) and 0 < delta <= 1):
        raise InputError(
            [
                error(
                    "delta-invalid",
                    Location(path="--delta"),
                    f"delta {delta:g}",
                    "a move of a local weight above 0 and at most 1",
                )
            ]
        )
    study, profile = study_with(study, profile)
    values = study.values(scenario).to_numpy()
    weights = study.weight_vector(profile)
    base = values @ weights
    winner = int(np.argmax(base))
    by_weight = _weight_factors(study, profile, values, delta)
    low = _matrix([r[4] for r in by_weight], base)
    high = _matrix([r[5] for r in by_weight], base)
    cells = _performance_factors(study, scenario, values, weights)
    moved = cells["option"]
    cell_low, cell_high = base[moved] + cells["low_change"], base[moved] + cells["high_change"]
    shown = (cell_low != base[moved]) | (cell_high != base[moved])
    f, o = np.nonzero(np.ones_like(low, dtype=bool))  # weight factors: every option
    names = [r[1] for r in by_weight] + cells["factor"]
    lows = [r[2] for r in by_weight] + cells["setting_low"]
    highs = [r[3] for r in by_weight] + cells["setting_high"]
    rows = np.concatenate([f, len(by_weight) + np.flatnonzero(shown)]).astype(int)
    options = np.concatenate([o, moved[shown]]).astype(int)
    scores = pd.DataFrame(
        {
            "kind": ["weight"] * len(f) + ["performance"] * int(shown.sum()),
            "factor": [names[k] for k in rows],
            "option": [study.options[i] for i in options],
            "setting_low": [lows[k] for k in rows],
            "setting_high": [highs[k] for k in rows],
            "score_low": np.concatenate([low[f, o], cell_low[shown]]),
            "score_high": np.concatenate([high[f, o], cell_high[shown]]),
        }
    )
    scores["swing"] = (scores["score_high"] - scores["score_low"]).abs()
    margin = pd.DataFrame(
        {
            "kind": ["weight"] * len(by_weight) + ["performance"] * len(moved),
            "factor": names,
            "setting_low": lows,
            "setting_high": highs,
            "margin_low": np.concatenate(
                [_margins(low, winner), _moved_margins(base, winner, moved, cell_low)]
            ),
            "margin_high": np.concatenate(
                [_margins(high, winner), _moved_margins(base, winner, moved, cell_high)]
            ),
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


def _moved_margins(base: np.ndarray, winner: int, moved: np.ndarray, new: np.ndarray) -> np.ndarray:
    """:func:`_margins` when each factor moves one option's score (``moved[k]`` to
    ``new[k]``): from the two best other scores, in O(factors) memory, not factors x m."""
    if len(base) < 2:
        return np.zeros(len(moved))
    others = base.copy()
    others[winner] = -np.inf
    first = int(np.argmax(others))
    best = others[first]
    others[first] = -np.inf
    second = others.max()
    best_unmoved = np.where(moved == first, second, best)
    return np.where(moved == winner, new - best, base[winner] - np.maximum(best_unmoved, new))


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
) -> dict:
    """Each performance cell with a range, at its low and its high end, alone: only that
    cell's option moves, by weight x (value at the end - current value).

    Returns the factor names, settings, the moved option's index and its score change at
    each end, one entry per cell (arrays of length F, never F x options).
    """
    cells = study.cells(scenario)
    found = [
        (i, j, cell)
        for i, option in enumerate(study.options)
        for j, criterion in enumerate(study.criteria)
        if _has_range(cell := cells[(option, criterion)][0])
    ]
    option = np.array([i for i, _, _ in found], dtype=int)
    column = np.array([j for _, j, _ in found], dtype=int)
    ranges = np.array([(cell.low, cell.high) for _, _, cell in found], dtype=float)
    baseline = study.baseline_index()
    if baseline is not None and found:  # a measure's change counts at its expected size
        base = study.performance(scenario).to_numpy()[baseline, column]
        likely = delivery.likelihoods(study.option_records)[option]
        likely[(option == baseline) | study.spent_mask()[column]] = 1.0  # costs: in full
        ranges = base[:, None] + likely[:, None] * (ranges - base[:, None])
    ends = np.zeros((len(found), 2))
    for j, criterion in enumerate(study.tree.criteria):  # one value function call per criterion
        rows = column == j
        if rows.any():
            ends[rows] = to_value(ranges[rows], criterion)
    now = values[option, column] if found else np.zeros(0)
    return {
        "factor": [f"{study.options[i]} / {study.criteria[j]}" for i, j, _ in found],
        "setting_low": [cell.low for _, _, cell in found],
        "setting_high": [cell.high for _, _, cell in found],
        "option": option,
        "low_change": weights[column] * (ends[:, 0] - now),
        "high_change": weights[column] * (ends[:, 1] - now),
    }


def _has_range(cell) -> bool:
    return cell.low is not None and cell.high is not None and cell.low != cell.high
