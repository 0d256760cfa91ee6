"""Turn a profile's rankings and AHP comparisons into swing points.

A profile may weight the children of a node by direct points, by a ranking
(rank-order centroid, rank sum, rank reciprocal) or by an AHP comparison
matrix. After :func:`resolve_profile` every node has points (derived weights
are scaled to sum to 100 within their node), so the rest of the engine sees one
representation. AHP matrices with a consistency ratio above 0.10 give a warning
naming the node and the judgment to revisit first.
"""

from __future__ import annotations

import numpy as np

from engine.elicitation import CONSISTENCY_LIMIT, ahp, judgment, rank_weights
from engine.errors import Issue, SourceMap, error, warning
from engine.model import Objective, PairwiseElicitation, Profile, RankElicitation, ValueTree

TOP = "top"
RECIPROCAL_TOLERANCE = 0.01


def resolve_profile(
    profile: Profile, tree: ValueTree, where: SourceMap
) -> tuple[Profile, list[Issue]]:
    """The profile with points for every node it elicits, and the issues found."""
    points = dict(profile.weights)
    issues: list[Issue] = []
    for node, spec in profile.rankings.items():
        derived, found = _from_ranking(profile, node, spec, tree, where)
        issues += found
        issues += _merge(points, derived, profile, ("rankings", node), where)
    for node, spec in profile.pairwise.items():
        derived, found = _from_pairwise(profile, node, spec, tree, where)
        issues += found
        issues += _merge(points, derived, profile, ("pairwise", node), where)
    return profile.model_copy(update={"weights": points}), issues


def _children(node: str, tree: ValueTree) -> list[str] | None:
    if node == TOP:
        return tree.children(None)
    if any(isinstance(n, Objective) and n.id == node for n in tree.nodes):
        return tree.children(node)
    return None


def _check_children(profile, node, named, tree, where, path) -> list[Issue]:
    children = _children(node, tree)
    location = where.locate(("profile", profile.id), path)
    if children is None:
        return [
            error(
                "node-unknown",
                location,
                f"'{node}' is not an objective",
                "an objective id or 'top'",
            )
        ]
    if sorted(named) != sorted(children):
        return [
            error(
                "elicitation-children",
                location,
                f"the elicitation names {', '.join(named) or 'nothing'}",
                f"exactly the children of '{node}': {', '.join(children)}",
            )
        ]
    return []


def _from_ranking(profile, node, spec: RankElicitation, tree, where) -> tuple[dict, list[Issue]]:
    path = ("rankings", node, "ranking")
    issues = _check_children(profile, node, list(spec.ranking), tree, where, path)
    if issues:
        return {}, issues
    weights = rank_weights(list(spec.ranking.values()), spec.scheme)
    return {child: 100.0 * w for child, w in zip(spec.ranking, weights, strict=True)}, []


def _from_pairwise(
    profile, node, spec: PairwiseElicitation, tree, where
) -> tuple[dict, list[Issue]]:
    address, path = ("profile", profile.id), ("pairwise", node)
    issues = _check_children(profile, node, list(spec.order), tree, where, (*path, "order"))
    matrix, found = _read_matrix(spec, lambda *p: where.locate(address, (*path, "matrix", *p)))
    issues += found
    if issues:
        return {}, issues
    result = ahp(matrix, spec.method)
    if result.consistency_ratio > CONSISTENCY_LIMIT:
        i, j = result.worst
        issues.append(
            warning(
                "ahp-inconsistent",
                where.locate(address, (*path, "matrix", i, j)),
                f"consistency ratio {result.consistency_ratio:.3f} for the children of '{node}'; "
                f"the judgment {spec.order[i]} vs {spec.order[j]} fits the others least",
                f"a consistency ratio of at most {CONSISTENCY_LIMIT}",
                "revisit that judgment first",
            )
        )
    return {child: 100.0 * w for child, w in zip(spec.order, result.weights, strict=True)}, issues


def _read_matrix(spec: PairwiseElicitation, locate) -> tuple[np.ndarray, list[Issue]]:
    n = len(spec.order)
    if len(spec.matrix) != n or any(len(row) != n for row in spec.matrix):
        return np.ones((n, n)), [
            error(
                "ahp-shape",
                locate(),
                "the matrix is not square or does not match order",
                f"{n} rows of {n} numbers",
            )
        ]
    values = np.ones((n, n))
    issues = []
    for i, row in enumerate(spec.matrix):
        for j, entry in enumerate(row):
            number = judgment(entry)
            if number is None or not 1 / 9 - 1e-9 <= number <= 9 + 1e-9:
                issues.append(
                    error(
                        "ahp-out-of-scale",
                        locate(i, j),
                        f"judgment {entry!r}",
                        "a number or fraction from 1/9 to 9",
                    )
                )
            else:
                values[i, j] = number
    if issues:
        return values, issues
    for i in range(n):
        for j in range(i, n):
            if abs(values[i, j] * values[j, i] - 1) > RECIPROCAL_TOLERANCE:
                issues.append(
                    error(
                        "ahp-not-reciprocal",
                        locate(j, i),
                        f"{values[j, i]:g} is not 1/{values[i, j]:g}",
                        "a_ji = 1 / a_ij and 1 on the diagonal",
                    )
                )
    return values, issues


def _merge(points: dict, derived: dict, profile: Profile, path, where: SourceMap) -> list[Issue]:
    clash = [node for node in derived if node in profile.weights]
    points.update(derived)
    if not clash:
        return []
    return [
        error(
            "weight-conflict",
            where.locate(("profile", profile.id), path),
            f"{', '.join(clash)} also have direct weights",
            "each node weighted one way only",
        )
    ]
