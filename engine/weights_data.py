"""The weights of several profiles over the value tree, as the Weights sheet shows them.

The same data feeds the weights template (``policyscore template weights``) and the
report's Weights sheet, so a report can be read back as a weights workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.elicitation import consistency, judgment, rank_weights
from engine.model import PairwiseElicitation, Profile, RankElicitation
from engine.study import Study


@dataclass(frozen=True)
class TreeRow:
    """A node of the value tree: id, name, parent (None at the top) and level (1 = top)."""

    node: str
    name: str
    parent: str | None
    level: int


@dataclass(frozen=True)
class ProfileColumn:
    """One profile's swing points, local and global weights, in tree-row order.

    ``notes`` says, per node, how the study files set its points (ranking or AHP), or "".
    """

    id: str
    name: str
    points: tuple[float, ...]
    local: tuple[float, ...]
    global_: tuple[float, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class AhpBlock:
    r"""One AHP comparison matrix of a profile, for a live AHP sheet.

    ``priorities`` and ``consistency_ratio`` are what the sheet's formulas compute:
    for ``eigenvector`` :data:`POWER_STEPS` power iterations from the geometric-mean
    priorities (the principal eigenvector to machine precision), else the geometric
    means; :math:`\lambda_{max}` as the mean of :math:`(A w)_i / w_i`.
    """

    profile: str
    node: str
    method: str
    order: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    geometric: tuple[float, ...]
    steps: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]
    priorities: tuple[float, ...]
    lambdas: tuple[float, ...]
    consistency_ratio: float


@dataclass(frozen=True)
class RankBlock:
    """One ranking of a node's children (1 = most important), for a live Rankings sheet."""

    profile: str
    node: str
    scheme: str
    children: tuple[str, ...]
    ranks: tuple[int, ...]
    position_weights: tuple[float, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class WeightsData:
    """Tree rows, one column group per profile, and the profiles' rankings and AHP matrices."""

    rows: tuple[TreeRow, ...]
    profiles: tuple[ProfileColumn, ...]
    ahp: tuple[AhpBlock, ...] = ()
    rankings: tuple[RankBlock, ...] = ()


def weights_data(study: Study, profiles: Sequence[str] | None = None) -> WeightsData:
    """The Weights sheet content for ``profiles`` (default: all) of ``study``."""
    levels = _levels(study)
    rows = tuple(TreeRow(n.id, n.name, n.parent, levels[n.id]) for n in study.tree.nodes)
    columns = []
    for profile in profiles or study.profiles:
        record = study.profile(profile)
        by_node = {w.node: w for w in study.node_weights(profile)}
        columns.append(
            ProfileColumn(
                record.id,
                record.name,
                tuple(float(by_node[r.node].points) for r in rows),
                tuple(float(by_node[r.node].local) for r in rows),
                tuple(float(by_node[r.node].global_) for r in rows),
                tuple(_elicitation_note(record, r.parent) for r in rows),
            )
        )
    blocks = tuple(
        ahp_block(record.id, node, spec)
        for record in (study.profile(p) for p in profiles or study.profiles)
        for node, spec in record.pairwise.items()
    )
    ranked = tuple(
        rank_block(record.id, node, spec)
        for record in (study.profile(p) for p in profiles or study.profiles)
        for node, spec in record.rankings.items()
    )
    return WeightsData(rows, tuple(columns), blocks, ranked)


def rank_block(profile: str, node: str, spec: RankElicitation) -> RankBlock:
    """The Rankings sheet's numbers for one ranking, computed as its formulas do."""
    children, ranks = tuple(spec.ranking), tuple(spec.ranking.values())
    n = len(ranks)
    by_position = rank_weights(list(range(1, n + 1)), spec.scheme)
    return RankBlock(
        profile,
        node,
        spec.scheme,
        children,
        ranks,
        tuple(float(w) for w in by_position),
        tuple(float(w) for w in rank_weights(list(ranks), spec.scheme)),
    )


POWER_STEPS = 40


def ahp_block(profile: str, node: str, spec: PairwiseElicitation) -> AhpBlock:
    """The AHP sheet's numbers for one matrix, computed as its formulas do."""
    a = np.array([[judgment(x) for x in row] for row in spec.matrix])
    n = len(spec.order)
    lower = np.tril_indices(n, -1)
    a[lower] = 1.0 / a.T[lower]  # the sheet holds the upper triangle; the rest follows
    geometric = np.exp(np.log(a).mean(axis=1))
    p = geometric / geometric.sum()
    steps = []
    if spec.method == "eigenvector":
        for _ in range(POWER_STEPS):
            u = a @ p
            p = u / u.sum()
            steps.append((tuple(u), tuple(p)))
    lambdas = (a @ p) / p
    _, cr = consistency(float(lambdas.mean()), n)
    return AhpBlock(
        profile,
        node,
        spec.method,
        tuple(spec.order),
        tuple(tuple(float(x) for x in row) for row in a),
        tuple(geometric),
        tuple(steps),
        tuple(p),
        tuple(lambdas),
        float(cr),
    )


def _elicitation_note(record: Profile, parent: str | None) -> str:
    key, objective = parent or "top", record.objective
    source = (
        "a ranking"
        if key in record.rankings
        else "AHP comparisons"
        if key in record.pairwise
        else f"{objective.method} weights of scenario {objective.scenario}"
        if objective is not None
        else ""
    )
    if not source:
        return ""
    return f"Derived from {source} in the study files; typing points here sets direct points."


def _levels(study: Study) -> dict[str, int]:
    parents = {n.id: n.parent for n in study.tree.nodes}
    levels: dict[str, int] = {}
    for node in parents:
        level, parent = 1, parents[node]
        while parent is not None:
            level, parent = level + 1, parents[parent]
        levels[node] = level
    return levels


def weight_name(profile: str, node: str) -> str:
    """Defined name of a profile's swing-points cell for a node (the input).

    Names join ids with a period, which ids never contain, so two (profile, node) pairs
    never share a name; ids are unique ignoring case (:mod:`engine.validation`), as
    spreadsheet names are.
    """
    return f"w.{profile}.{node}"


def global_name(profile: str, node: str) -> str:
    """Defined name of a profile's global-weight cell for a node (a formula); see
    :func:`weight_name`."""
    return f"g.{profile}.{node}"
