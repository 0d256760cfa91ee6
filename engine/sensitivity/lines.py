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
    rows = {w.node: w for w in study.node_weights(profile)}
    tree = study.tree
    parent = rows[node].parent
    parent_global = 1.0 if parent is None else rows[parent].global_
    siblings = [s for s in tree.children(parent) if s != node]
    current = rows[node].local
    leaves = study.criteria
    intercept = study.weights(profile).to_numpy().copy()
    slope = np.zeros(len(leaves))
    for j, leaf in enumerate(leaves):
        top = _child_on_path(study, leaf, parent)
        if top is None:
            continue  # not under this parent: unchanged
        rel = _relative(rows, study, leaf, top)
        if top == node:
            intercept[j], slope[j] = 0.0, parent_global * rel
        else:
            share = rows[top].local / (1 - current) if current < 1 else 1.0 / len(siblings)
            intercept[j] = parent_global * share * rel
            slope[j] = -intercept[j]
    return WeightLine(node, parent, current, intercept, slope)


def _child_on_path(study: Study, leaf: str, parent: str | None) -> str | None:
    """The child of ``parent`` on the path from the top to ``leaf`` (None if not below it)."""
    path = _path(study, leaf)
    if parent is None:
        return path[0]
    return path[path.index(parent) + 1] if parent in path else None


def _path(study: Study, node: str) -> list[str]:
    chain = [node]
    while (parent := study.tree.node(chain[0]).parent) is not None:
        chain.insert(0, parent)
    return chain


def _relative(rows: dict, study: Study, leaf: str, ancestor: str) -> float:
    """Product of local weights strictly below ``ancestor`` down to ``leaf``."""
    path = _path(study, leaf)
    below = path[path.index(ancestor) + 1 :]
    return float(np.prod([rows[n].local for n in below])) if below else 1.0
