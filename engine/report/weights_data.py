"""The weights of several profiles over the value tree, as the Weights sheet shows them.

The same data feeds the weights template (``policyscore template weights``) and the
report's Weights sheet, so a report can be read back as a weights workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.model import Profile
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
class WeightsData:
    """Tree rows and one column group per profile."""

    rows: tuple[TreeRow, ...]
    profiles: tuple[ProfileColumn, ...]


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
    return WeightsData(rows, tuple(columns))


def _elicitation_note(record: Profile, parent: str | None) -> str:
    key = parent or "top"
    source = (
        "a ranking"
        if key in record.rankings
        else "AHP comparisons"
        if key in record.pairwise
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
    """Defined name of a profile's swing-points cell for a node (the input)."""
    return f"w_{profile}_{node}"


def global_name(profile: str, node: str) -> str:
    """Defined name of a profile's global-weight cell for a node (a formula)."""
    return f"g_{profile}_{node}"
