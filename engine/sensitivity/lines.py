"""Global weights as an affine function of one node's local weight.

Moving the local weight of node N (parent P) from its current value :math:`w_0` to
:math:`w`, with its siblings rescaled proportionally so local weights still sum to
one, gives every leaf a global weight :math:`W_L(w) = C_L + w D_L`:

* leaves under N: :math:`W_L = G_P \\, w \\, r_{L,N}`;
* leaves under a sibling k: :math:`W_L = G_P \\, s_k \\frac{1 - w}{1 - w_0} r_{L,k}`
  (siblings share :math:`1 - w` equally when :math:`w_0 = 1`);
* every other leaf keeps its weight,

where :math:`G_P` is the parent's global weight and :math:`r_{L,X}` the product of
local weights from X down to L. Under the additive model every option's score is
then a line :math:`S_i(w) = a_i + b_i w`, which makes switch points exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.acceptance import study_with
from engine.model import Profile
from engine.study import Study


@dataclass(frozen=True)
class WeightLine:
    """Leaf weights along one node's weight: ``weights(w) = intercept + w * slope``."""

    node: str
    parent: str | None
    current: float
    intercept: np.ndarray
    slope: np.ndarray

    def weights(self, w: np.ndarray | float) -> np.ndarray:
        """Leaf weight vectors at local weight(s) ``w``: shape (n,) or (len(w), n)."""
        w = np.asarray(w, dtype=float)
        return (
            self.intercept + w[..., None] * self.slope
            if w.ndim
            else self.intercept + w * self.slope
        )


def sweepable_nodes(study: Study) -> list[str]:
    """Tree nodes that have at least one sibling (an only child's weight is always 1)."""
    return [n.id for n in study.tree.nodes if len(study.tree.children(n.parent)) > 1]


def weight_line(study: Study, profile: str | Profile, node: str) -> WeightLine:
    """The affine path of leaf weights as ``node``'s local weight moves from 0 to 1."""
    study, profile = study_with(study, profile)
    key = ("weight_lines", profile)
    if key not in study._cache:
        study._cache[key] = _LineContext(study, profile)
    return study._cache[key].line(node)


class _LineContext:
    """What every weight line of one profile needs: node weights and each leaf's path."""

    def __init__(self, study: Study, profile: str) -> None:
        self.tree = study.tree
        self.rows = {w.node: w for w in study.node_weights(profile)}
        self.base = study.weight_vector(profile)
        self.paths = [_path(study, leaf) for leaf in study.criteria]
        self.lines: dict[str, WeightLine] = {}

    def line(self, node: str) -> WeightLine:
        if node not in self.lines:
            self.lines[node] = self._line(node)
        return self.lines[node]

    def _line(self, node: str) -> WeightLine:
        rows = self.rows
        parent = rows[node].parent
        parent_global = 1.0 if parent is None else rows[parent].global_
        siblings = [s for s in self.tree.children(parent) if s != node]
        current = rows[node].local
        intercept = self.base.copy()
        slope = np.zeros(len(intercept))
        for j, path in enumerate(self.paths):
            top = _child_on_path(path, parent)
            if top is None:
                continue  # not under this parent: unchanged
            rel = _relative(rows, path, top)
            if top == node:
                intercept[j], slope[j] = 0.0, parent_global * rel
            else:
                share = rows[top].local / (1 - current) if current < 1 else 1.0 / len(siblings)
                intercept[j] = parent_global * share * rel
                slope[j] = -intercept[j]
        intercept.setflags(write=False)  # lines are cached and shared: never modified
        slope.setflags(write=False)
        return WeightLine(node, parent, current, intercept, slope)


def _child_on_path(path: list[str], parent: str | None) -> str | None:
    """The child of ``parent`` on a path from the top to a leaf (None if not below it)."""
    if parent is None:
        return path[0]
    return path[path.index(parent) + 1] if parent in path else None


def _path(study: Study, node: str) -> list[str]:
    chain = [node]
    while (parent := study.tree.node(chain[0]).parent) is not None:
        chain.insert(0, parent)
    return chain


def _relative(rows: dict, path: list[str], ancestor: str) -> float:
    """Product of local weights strictly below ``ancestor`` down to the path's leaf."""
    below = path[path.index(ancestor) + 1 :]
    return math.prod(rows[n].local for n in below)
