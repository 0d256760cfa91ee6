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
from engine.acceptance import study_with
from engine.model import Profile
from engine.scoring import method_matrix, study_params
from engine.sensitivity.lines import sweepable_nodes, weight_line
from engine.study import Study

EPS = 1e-12
PAIR_CELLS = 1 << 20  # option pairs x nodes held at once by the stable-interval pass
ADDITIVE = methods.get("additive")


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
    study, profile = study_with(study, profile)
    matrix = method_matrix(study, scenario, spec)
    grid = np.linspace(0.0, 1.0, steps)
    frames = []
    for node in nodes or sweepable_nodes(study):
        batch = weight_line(study, profile, node).weights(grid)
        scores = spec.kernel(matrix, batch, study.benefit_mask(), **study_params(study, spec))
        ranks = spec.rank(scores)
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
    study, profile = study_with(study, profile)
    values = study.values(scenario).to_numpy()
    nodes = sweepable_nodes(study)
    lines = [weight_line(study, profile, node) for node in nodes]
    if lines:
        intercepts = np.array([line.intercept for line in lines]) @ values.T  # nodes x options
        slopes = np.array([line.slope for line in lines]) @ values.T
        current = np.array([line.current for line in lines])
        stable = _stable_intervals(intercepts, slopes, current)
    by_node = {
        line.node: _node_row(study, line, intercepts[k], slopes[k], stable[k])
        for k, line in enumerate(lines)
    }
    scores = values @ study.weight_vector(profile)
    top = np.flatnonzero(scores >= scores.max() - ADDITIVE.tie_tolerance)
    winner = study.options[int(top[0])]  # first under the tie rule, as on every node's row
    rows = [by_node.get(n.id) or _only_child_row(study, n.id, winner) for n in study.tree.nodes]
    return pd.DataFrame(rows)


def _only_child_row(study: Study, node: str, winner: str) -> dict:
    return {
        "node": node,
        "parent": study.tree.node(node).parent,
        "current_weight": 1.0,
        "winner": winner,
        "lower_switch": None,
        "lower_winner": None,
        "upper_switch": None,
        "upper_winner": None,
        "ranking_stable_from": None,
        "ranking_stable_to": None,
        "note": "only child: its weight within its parent is always 1",
    }


def _node_row(study: Study, line, a: np.ndarray, b: np.ndarray, stable) -> dict:
    w0 = line.current
    scores = a + b * w0
    # ranked first under the tie rule (rank 1 = nobody better by more than the tolerance)
    top = np.flatnonzero(scores >= scores.max() - ADDITIVE.tie_tolerance)
    best = int(top[0])
    up, up_j = _leaving(top, b, best, w0, upward=True)
    if up is None:
        up, up_j = _first_overtake(a, b, _departing(top, b, upward=True), w0, upward=True)
    down, down_j = _leaving(top, b, best, w0, upward=False)
    if down is None:
        down, down_j = _first_overtake(a, b, _departing(top, b, upward=False), w0, upward=False)
    low, high = stable
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
        "note": _note(study, top, up, down),
    }


def _note(study: Study, top: np.ndarray, up, down) -> str:
    if len(top) > 1:
        tied = ", ".join(study.options[i] for i in top)
        return f"tied for first at the current weight: {tied}"
    if up is None and down is None:
        return "never switches: the winner stays first at every weight of this node"
    return ""


def _departing(top: np.ndarray, b: np.ndarray, upward: bool) -> int:
    """Of the options tied first at ``w0``, the one that leads just beyond it.

    Moving up, the steepest line leads; moving down, the flattest. Lines of equal
    slope stay tied, and the tie goes to the first in study order.
    """
    if len(top) == 1:
        return int(top[0])
    slopes = b[top] if upward else -b[top]
    return int(top[np.flatnonzero(slopes >= slopes.max() - EPS)[0]])


def _leaving(top, b, best: int, w0: float, upward: bool) -> tuple[float | None, int | None]:
    """A switch exactly at ``w0``: the winner shares first place there with an option
    that leads on the other side of any move in that direction."""
    inside = w0 < 1 - EPS if upward else w0 > EPS
    if len(top) == 1 or not inside:
        return None, None
    lead = _departing(top, b, upward)
    if not inside or abs(b[lead] - b[best]) <= EPS:
        return None, None
    return float(w0), lead


def _first_overtake(a, b, best, w0, upward: bool) -> tuple[float | None, int | None]:
    """Nearest weight beyond ``w0`` (up or down) where another option passes ``best``.

    A crossing exactly at 0 or 1 is only a tie at the end of the range (nothing lies
    beyond it), so it is not a switch. Where several lines cross ``best`` at the same
    weight, the one that leads beyond it is named (steepest going up, flattest going
    down).
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
    at = crossing[candidates].min() if upward else crossing[candidates].max()
    together = candidates[np.abs(crossing[candidates] - at) <= EPS]
    return float(np.clip(at, 0.0, 1.0)), _departing(together, b, upward)


def _stable_intervals(a: np.ndarray, b: np.ndarray, w0: np.ndarray) -> list[tuple[float, float]]:
    """Per node (rows of ``a`` and ``b``, nodes x options), the weights around its current
    weight ``w0`` between which no two options' scores cross.

    Two options tied at ``w0`` whose lines differ in slope swap places at ``w0`` itself,
    so the ranking is the same only at ``w0``: the interval is ``(w0, w0)``. Nodes are
    taken in chunks of about :data:`PAIR_CELLS` option pairs, so memory stays bounded
    for many options.
    """
    step = max(1, PAIR_CELLS // max(1, a.shape[1] ** 2))
    return [
        interval
        for start in range(0, len(w0), step)
        for interval in _intervals(
            a[start : start + step], b[start : start + step], w0[start : start + step]
        )
    ]


def _intervals(a: np.ndarray, b: np.ndarray, w0: np.ndarray) -> list[tuple[float, float]]:
    da = a[:, :, None] - a[:, None, :]
    db = b[:, None, :] - b[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        crossings = np.where(np.abs(db) > EPS, da / db, np.nan)
    crossings = crossings.reshape(len(w0), -1)
    here = w0[:, None]
    at_current = np.any(np.abs(crossings - here) <= EPS, axis=1) & (w0 > EPS) & (w0 < 1 - EPS)
    below = np.where(crossings < here - EPS, crossings, -np.inf).max(axis=1)
    above = np.where(crossings > here + EPS, crossings, np.inf).min(axis=1)
    low, high = np.maximum(below, 0.0), np.minimum(above, 1.0)
    return [
        (float(w), float(w)) if swap else (float(lo), float(hi))
        for w, swap, lo, hi in zip(w0, at_current, low, high, strict=True)
    ]
