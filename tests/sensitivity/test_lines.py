"""Weight lines: leaf weights affine in one node's local weight, siblings rescaled."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import REPO

import engine
from engine.acceptance import with_profiles
from engine.sensitivity.lines import sweepable_nodes, weight_line

GRID = np.linspace(0.0, 1.0, 101)


@pytest.fixture(scope="module")
def shipped():
    return engine.load_study(REPO)


def test_line_passes_through_the_profile_weights_and_stays_on_the_simplex(shipped):
    base = shipped.weights("exfata_residents").to_numpy()
    for node in sweepable_nodes(shipped):
        line = weight_line(shipped, "exfata_residents", node)
        np.testing.assert_allclose(line.weights(line.current), base, atol=1e-12)
        path = line.weights(GRID)
        np.testing.assert_allclose(path.sum(axis=1), 1.0)
        assert (path >= -1e-12).all()


@pytest.mark.parametrize("w", [0.0, 0.2, 0.65, 1.0])
def test_a_point_on_the_line_is_the_profile_with_that_local_weight(shipped, w):
    """Independent of the line algebra: set the node's points so its local weight is w,
    rescale its siblings' points proportionally, and weigh the edited profile."""
    profile = shipped.profile("federal_security_establishment")
    for node in ("legitimacy", "sec_sanctuary_denial"):
        parent = shipped.tree.node(node).parent
        siblings = [s for s in shipped.tree.children(parent) if s != node]
        others = sum(profile.weights[s] for s in siblings)
        points = dict(profile.weights)
        points[node] = 100.0 * w
        for sibling in siblings:
            points[sibling] = 100.0 * (1 - w) * profile.weights[sibling] / others
        edited = profile.model_copy(update={"id": "edited", "weights": points})
        expected = with_profiles(shipped, [edited]).weights("edited").to_numpy()
        line = weight_line(shipped, "federal_security_establishment", node)
        np.testing.assert_allclose(line.weights(w), expected, atol=1e-12)


def test_only_children_are_not_sweepable(mini_study_path):
    study = engine.load_study(mini_study_path)
    assert "crit_z" not in sweepable_nodes(study)  # goal_b's only child
    assert {"goal_a", "goal_b", "crit_x", "crit_y"} <= set(sweepable_nodes(study))
