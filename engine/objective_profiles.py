"""Objective reference profiles: entropy or CRITIC weights from a scenario's table.

A profile with ``objective: {method: entropy | critic, scenario: ID}`` gets its leaf
weights :math:`g_c` from :func:`engine.elicitation.entropy_weights` or
:func:`engine.elicitation.critic_weights` applied to that scenario's performance table
(raw performances, criterion directions for CRITIC). Every node then gets the points

.. math::

    \\text{points}(v) = 100 \\, \\frac{G(v)}{\\sum_{u \\in \\text{siblings}(v)} G(u)},
    \\qquad G(v) = \\sum_{c \\text{ under } v} g_c,

so rolling the tree up again gives back exactly :math:`g` (a sibling group whose
criteria all carry zero weight gets equal points; its parent's weight is zero anyway).
The weights are computed once, when the study is loaded, from the scenario named, so the
profile is an ordinary profile everywhere else (scoring, sensitivity, the weights workbook).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.elicitation import critic_weights, entropy_weights
from engine.errors import Issue, SourceMap, error
from engine.model import Criterion, Direction, Profile, Scenario, ValueTree, resolve_cells


def check_objective(profile: Profile, scenario_ids: set[str], where: SourceMap) -> list[Issue]:
    """An objective profile names a known scenario and declares no weights of its own."""
    spec = profile.objective
    if spec is None:
        return []
    address = ("profile", profile.id)
    issues = []
    if spec.scenario not in scenario_ids:
        issues.append(
            error(
                "scenario-unknown",
                where.locate(address, ("objective", "scenario")),
                f"scenario '{spec.scenario}' does not exist",
                f"one of: {', '.join(sorted(scenario_ids))}",
            )
        )
    declared = [key for key in ("weights", "rankings", "pairwise") if getattr(profile, key)]
    if declared:
        issues.append(
            error(
                "weight-conflict",
                where.locate(address, ("objective",)),
                f"objective weights and {', '.join(declared)} in one profile",
                "either objective weights or the profile's own weights",
            )
        )
    return issues


def resolve_objective(
    profile: Profile, tree: ValueTree, scenarios: Sequence[Scenario], where: SourceMap
) -> tuple[Profile, list[Issue]]:
    """The profile with points for every node; unchanged if it is not objective.

    The caller guarantees the study validated: the scenario exists and every cell is set.
    """
    spec = profile.objective
    if spec is None:
        return profile, []
    criteria = list(tree.criteria)
    table = _table(tree, scenarios, spec.scenario)
    if spec.method == "entropy":
        issues = _negative(profile, criteria, table, where)
        if issues:
            return profile, issues
        leaf = entropy_weights(table)
    else:
        benefit = np.array([c.direction is Direction.BENEFIT for c in criteria])
        leaf = critic_weights(table, benefit)
    points = node_points(tree, dict(zip((c.id for c in criteria), leaf, strict=True)))
    return profile.model_copy(update={"weights": points}), []


def node_points(tree: ValueTree, leaf: dict[str, float]) -> dict[str, float]:
    """Points for every node such that the tree's roll-up gives back the leaf weights."""
    below: dict[str, float] = {}
    for node in reversed(tree.nodes):  # depth-first order: children come after parents
        if isinstance(node, Criterion):
            below[node.id] = float(leaf[node.id])
        else:
            below[node.id] = sum(below[c] for c in tree.children(node.id))
    points: dict[str, float] = {}
    for parent in [None, *(o.id for o in tree.objectives)]:
        siblings = tree.children(parent)
        total = sum(below[s] for s in siblings)
        for sibling in siblings:
            points[sibling] = 100.0 * below[sibling] / total if total > 0 else 100.0 / len(siblings)
    return points


def _table(tree: ValueTree, scenarios: Sequence[Scenario], scenario_id: str) -> np.ndarray:
    cells = resolve_cells({s.id: s for s in scenarios}, scenario_id)
    options = sorted({option for option, _ in cells})
    return np.array(
        [[cells[(o, c.id)][0].value for c in tree.criteria] for o in options], dtype=float
    )


def _negative(profile, criteria, table, where) -> list[Issue]:
    columns = [j for j in range(table.shape[1]) if table[:, j].min() < 0]
    if not columns:
        return []
    named = ", ".join(f"{criteria[j].id} (lowest {table[:, j].min():g})" for j in columns)
    return [
        error(
            "objective-negative",
            where.locate(("profile", profile.id), ("objective", "method")),
            f"entropy weights need non-negative performances; {named}",
            "non-negative performances in the scenario named",
            "use method: critic, or a scale without negative values",
        )
    ]
