"""One-way weight sweeps and exact switch points of the additive model.

For each tree node the local weight moves over [0, 1] with its siblings rescaled
proportionally (:mod:`engine.sensitivity.lines`); scores are lines
:math:`S_i(w) = a_i + b_i w`. The winner at the current weight :math:`w_0` keeps
first place until another line crosses it,

.. math:: w^{\\uparrow} = \\min_{j : b_j > b_*} \\frac{a_* - a_j}{b_j - b_*} > w_0,

and likewise downwards; the whole ranking is unchanged between the nearest
pairwise crossings below and above :math:`w_0`.

References
----------
Triantaphyllou, E. and Sanchez, A. (1997). A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods. *Decision Sciences* 28(1), 151-194.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine import methods
from engine.model import Profile
from engine.ranking import TIE_TOLERANCE, rank
from engine.scoring import method_matrix, study_params
from engine.sensitivity.lines import sweepable_nodes, weight_line
from engine.study import Study

EPS = 1e-12


def weight_sweep(
    study: Study,
    scenario: str,
    profile: str | Profile,
    method: str = "additive",
    nodes: list[str] | None = None,
    steps: int = 21,
) -> pd.DataFrame:
    """Scores and ranks as each node's local weight moves from 0 to 1.

    Returns a tidy DataFrame with columns ``node``, ``weight``, ``option``,
    ``score``, ``rank`` (``steps`` evenly spaced weights per node).
    """
    spec = methods.get(method)
    matrix = method_matrix(study, scenario, spec)
    grid = np.linspace(0.0, 1.0, steps)
    frames = []
    for node in nodes or sweepable_nodes(study):
        batch = weight_line(study, profile, node).weights(grid)
        scores = spec.kernel(matrix, batch, study.benefit_mask(), **study_params(study, method))
        ranks = rank(scores, spec.higher_is_better)
        frames.append(
            pd.DataFrame(
                {
                    "node": node,
                    "weight": np.repeat(grid, len(study.options)),
                    "option": np.tile(study.options, steps),
                    "score": scores.ravel(),
                    "rank": ranks.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def switch_points(study: Study, scenario: str, profile: str | Profile) -> pd.DataFrame:
    """Exact switch points for every tree node (additive model), one row per node.

    Columns: ``node``, ``parent``, ``current_weight``, ``winner``,
    ``lower_switch`` / ``lower_winner`` (weight below which another option comes
    first, and that option), ``upper_switch`` / ``upper_winner``,
    ``ranking_stable_from`` / ``ranking_stable_to`` (interval of the node's weight
    in which the whole ranking stays the same) and ``note``.
    """
    values = study.values(scenario).to_numpy()
    sweepable = set(sweepable_nodes(study))
    rows = []
    for node in (n.id for n in study.tree.nodes):
        if node not in sweepable:
            rows.append(_only_child_row(study, node))
            continue
        line = weight_line(study, profile, node)
        a, b = values @ line.intercept, values @ line.slope
        rows.append(_node_row(study, line, a, b))
    return pd.DataFrame(rows)


def _only_child_row(study: Study, node: str) -> dict:
    return {
        "node": node,
        "parent": study.tree.node(node).parent,
        "current_weight": 1.0,
        "winner": None,
        "lower_switch": None,
        "lower_winner": None,
        "upper_switch": None,
        "upper_winner": None,
        "ranking_stable_from": None,
        "ranking_stable_to": None,
        "note": "only child: its weight within its parent is always 1",
    }


def _node_row(study: Study, line, a: np.ndarray, b: np.ndarray) -> dict:
    w0 = line.current
    scores = a + b * w0
    best = int(np.argmax(scores))
    up, up_j = _first_overtake(a, b, best, w0, upward=True)
    down, down_j = _first_overtake(a, b, best, w0, upward=False)
    low, high = _stable_interval(a, b, w0)
    never = up is None and down is None
    options = study.options
    return {
        "node": line.node,
        "parent": line.parent,
        "current_weight": w0,
        "winner": options[best],
        "lower_switch": down,
        "lower_winner": options[down_j] if down_j is not None else None,
        "upper_switch": up,
        "upper_winner": options[up_j] if up_j is not None else None,
        "ranking_stable_from": low,
        "ranking_stable_to": high,
        "note": "never switches: the winner stays first at every weight of this node"
        if never
        else "",
    }


def _first_overtake(a, b, best, w0, upward: bool) -> tuple[float | None, int | None]:
    """Nearest weight beyond ``w0`` (up or down) where another option passes the winner.

    A crossing exactly at 0 or 1 is only a tie at the end of the range (nothing lies
    beyond it), so it is not a switch.
    """
    gap_slope = b - b[best]
    mask = gap_slope > EPS if upward else gap_slope < -EPS
    mask[best] = False
    if not mask.any():
        return None, None
    crossing = np.full(len(a), np.nan)
    crossing[mask] = (a[best] - a[mask]) / gap_slope[mask]
    inside = mask & (
        (crossing > w0 + EPS) & (crossing < 1 - EPS)
        if upward
        else (crossing < w0 - EPS) & (crossing > EPS)
    )
    if not inside.any():
        return None, None
    candidates = np.where(inside)[0]
    pick = (
        candidates[np.argmin(crossing[candidates])]
        if upward
        else candidates[np.argmax(crossing[candidates])]
    )
    return float(np.clip(crossing[pick], 0.0, 1.0)), int(pick)


def _stable_interval(a: np.ndarray, b: np.ndarray, w0: float) -> tuple[float, float]:
    """Weights around ``w0`` between which no two options' scores cross."""
    da = a[:, None] - a[None, :]
    db = b[None, :] - b[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        crossings = np.where(np.abs(db) > EPS, da / db, np.nan)
    crossings = crossings[np.isfinite(crossings)]
    below = crossings[crossings < w0 - TIE_TOLERANCE]
    above = crossings[crossings > w0 + TIE_TOLERANCE]
    low = float(max(0.0, below.max())) if below.size else 0.0
    high = float(min(1.0, above.min())) if above.size else 1.0
    return low, high
