"""Objective reference profiles: entropy and CRITIC weights declared in the profile files."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import minimal_study, write_study
from hypothesis import assume, given
from hypothesis import strategies as st

import engine
from engine.acceptance import with_profiles
from engine.elicitation import critic_weights, entropy_weights
from engine.model import Profile
from engine.objective_profiles import node_points
from engine.weights import criterion_weights

PROFILES = "criteria/profiles.yaml"
MINI_TREE = engine.load_study(write_study(Path(tempfile.mkdtemp()), minimal_study())).tree


def load_with(tmp_path, files, **objective):
    files[PROFILES]["profiles"].append({"id": "ref", "name": "Reference", **objective})
    return engine.load_study(write_study(tmp_path, files))


@pytest.mark.parametrize("method", ["entropy", "critic"])
def test_objective_profile_weights_are_the_method_on_the_scenario_table(
    tmp_path, mini_files, method
):
    study = load_with(tmp_path, mini_files, objective={"method": method, "scenario": "derived"})
    table = study.performance("derived").to_numpy()
    expected = (
        entropy_weights(table)
        if method == "entropy"
        else critic_weights(table, study.benefit_mask())
    )
    np.testing.assert_allclose(study.weights("ref").to_numpy(), expected, atol=1e-12)
    # an ordinary profile from here on: every method and the sensitivity tools accept it
    ranked = engine.evaluate(study, scenario="base", profile="ref", method="topsis")
    assert sorted(ranked["rank"]) == [1, 2, 3]


def test_the_scenario_named_matters(tmp_path, mini_files):
    study = load_with(tmp_path, mini_files, objective={"method": "critic", "scenario": "base"})
    derived = critic_weights(study.performance("derived").to_numpy(), study.benefit_mask())
    assert not np.allclose(study.weights("ref").to_numpy(), derived)


@pytest.mark.parametrize(
    ("profile", "code", "path"),
    [
        (
            {"objective": {"method": "critic", "scenario": "nowhere"}},
            "scenario-unknown",
            "scenario",
        ),
        (
            {"objective": {"method": "entropy", "scenario": "base"}, "weights": {"crit_x": 1}},
            "weight-conflict",
            "objective",
        ),
        ({"objective": {"method": "ahp", "scenario": "base"}}, "choice-invalid", "method"),
    ],
)
def test_objective_profile_errors_are_located(tmp_path, mini_files, profile, code, path):
    with pytest.raises(engine.InputError) as caught:
        load_with(tmp_path, mini_files, **profile)
    found = [i for i in caught.value.issues if i.code == code]
    assert found, [str(i) for i in caught.value.issues]
    assert found[0].location.file == PROFILES and path in found[0].location.path
    assert found[0].location.line is not None


def test_entropy_on_negative_performances_is_refused_naming_the_criterion(tmp_path, mini_files):
    tree = mini_files["criteria/value_tree.yaml"]["objectives"][0]["children"][1]
    tree["scale"]["min"] = -100
    mini_files["scenarios/base.yaml"]["performance"]["opt_b"]["crit_y"]["value"] = -20
    with pytest.raises(engine.InputError) as caught:
        load_with(tmp_path, mini_files, objective={"method": "entropy", "scenario": "derived"})
    (issue,) = caught.value.issues
    assert issue.code == "objective-negative" and "crit_y (lowest -20)" in issue.found
    assert issue.location.file == PROFILES


def test_a_profile_object_with_objective_weights_is_resolved(mini_study_path):
    study = engine.load_study(mini_study_path)
    profile = Profile(id="ref", name="Ref", objective={"method": "entropy", "scenario": "base"})
    expected = entropy_weights(study.performance("base").to_numpy())
    accepted = with_profiles(study, [profile])
    np.testing.assert_allclose(accepted.weights("ref").to_numpy(), expected, atol=1e-12)


def test_a_profile_object_must_be_accepted_before_the_study_weighs_it(mini_study_path):
    """Study.profile is a lookup: a foreign profile object is refused, never re-checked."""
    study = engine.load_study(mini_study_path)
    profile = Profile(id="ref", name="Ref", objective={"method": "entropy", "scenario": "base"})
    with pytest.raises(engine.InputError, match="profile-unknown"):
        study.weights(profile)
    edited = study.profile("equal").model_copy(update={"name": "Edited"})
    with pytest.raises(engine.InputError, match="profile-not-accepted"):
        study.weights(edited)


@given(st.lists(st.floats(0, 1), min_size=3, max_size=3))
def test_node_points_roll_up_to_the_leaf_weights(raw):
    """Whatever the leaf weights (zeros included), the tree's roll-up gives them back."""
    assume(sum(raw) > 0)  # the elicitation functions never return all zeros
    leaf = dict(zip(["crit_x", "crit_y", "crit_z"], raw, strict=True))
    rolled = criterion_weights(MINI_TREE, node_points(MINI_TREE, leaf))
    np.testing.assert_allclose([rolled[c] for c in leaf], np.array(raw) / sum(raw), atol=1e-12)
