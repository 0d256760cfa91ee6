"""From swing points on the value tree to global criterion weights.

Each profile gives swing points :math:`p_c \\ge 0` for every node :math:`c`.
Within a parent :math:`P`, the local weight is

.. math:: w_c = p_c / \\sum_{s \\in \\text{children}(P)} p_s,

and the global weight of a node is the product of local weights on the path
from the top, :math:`W_c = \\prod_{a \\in \\text{path}(c)} w_a`. Global weights of
the leaf criteria sum to one.

References
----------
von Winterfeldt, D. and Edwards, W. (1986). *Decision Analysis and Behavioral
Research*. Cambridge University Press, ch. 8 (swing weights, hierarchical weights).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.model import ValueTree


@dataclass(frozen=True)
class NodeWeight:
    """A node's swing points, weight within its parent, and global weight."""

    node: str
    parent: str | None
    points: float
    local: float
    global_: float


def node_weights(tree: ValueTree, points: Mapping[str, float]) -> list[NodeWeight]:
    """Local and global weight of every node, depth-first in tree order.

    ``points`` must hold a non-negative number for every node and no sibling
    group may sum to zero (checked by :mod:`engine.validation`).
    """
    result: list[NodeWeight] = []
    global_of: dict[str | None, float] = {None: 1.0}
    for node in tree.nodes:
        siblings = tree.children(node.parent)
        total = sum(points[s] for s in siblings)
        local = points[node.id] / total
        global_of[node.id] = global_of[node.parent] * local
        result.append(NodeWeight(node.id, node.parent, points[node.id], local, global_of[node.id]))
    return result


def criterion_weights(tree: ValueTree, points: Mapping[str, float]) -> dict[str, float]:
    """Global weight of each leaf criterion, in tree order; they sum to one."""
    leaves = {c.id for c in tree.criteria}
    return {w.node: w.global_ for w in node_weights(tree, points) if w.node in leaves}
