"""Tree weight roll-up: local normalisation and products down the tree."""

import math

from hypothesis import given
from hypothesis import strategies as st

from engine.model import Criterion, Objective, ValueTree
from engine.weights import criterion_weights, node_weights


def tree() -> ValueTree:
    scale = {"kind": "constructed", "anchors": {0: "a", 5: "b", 10: "c"}}
    leaf = lambda i, p: Criterion(id=i, name=i, parent=p, direction="benefit", scale=scale)  # noqa: E731
    return ValueTree(
        nodes=(
            Objective(id="security", name="S"),
            leaf("a", "security"),
            leaf("b", "security"),
            Objective(id="legit", name="L"),
            Objective(id="sub", name="Sub", parent="legit"),
            leaf("c", "sub"),
            leaf("d", "sub"),
            leaf("e", "legit"),
        )
    )


POINTS = {"security": 100, "legit": 50, "a": 100, "b": 60, "sub": 30, "c": 1, "d": 3, "e": 90}


def test_global_weight_is_product_of_local_weights_down_the_tree():
    weights = criterion_weights(tree(), POINTS)
    # security = 100/150, a = 100/160; legit = 50/150, sub = 30/120, c = 1/4
    assert math.isclose(weights["a"], (100 / 150) * (100 / 160))
    assert math.isclose(weights["c"], (50 / 150) * (30 / 120) * (1 / 4))
    assert math.isclose(weights["e"], (50 / 150) * (90 / 120))
    assert list(weights) == ["a", "b", "c", "d", "e"]


def test_leaf_weights_sum_to_one_and_objectives_carry_their_share():
    rows = {w.node: w for w in node_weights(tree(), POINTS)}
    assert math.isclose(sum(criterion_weights(tree(), POINTS).values()), 1.0)
    assert math.isclose(rows["sub"].global_, rows["c"].global_ + rows["d"].global_)
    assert rows["security"].parent is None and rows["c"].parent == "sub"


@given(st.floats(0.01, 1000), st.sampled_from(["top", "security", "legit", "sub"]))
def test_scaling_all_points_of_one_sibling_group_leaves_weights_unchanged(factor, group):
    t = tree()
    parent = None if group == "top" else group
    scaled = {k: (v * factor if k in t.children(parent) else v) for k, v in POINTS.items()}
    before, after = criterion_weights(t, POINTS), criterion_weights(t, scaled)
    for key in before:
        assert math.isclose(before[key], after[key], rel_tol=1e-9)
