"""The accepted study: lookups, cached numeric views, replacing profiles."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.acceptance import accept_profile


@pytest.fixture
def study(mini_study_path):
    return engine.load_study(mini_study_path)


def test_ids_are_in_file_order(study):
    assert study.options == ["opt_a", "opt_b", "opt_c"]
    assert study.criteria == ["crit_x", "crit_y", "crit_z"]
    assert study.scenarios == ["base", "derived"] and study.profiles == ["equal", "skewed"]


def test_unknown_ids_are_input_errors_listing_the_valid_ones(study):
    for lookup, kind in (
        (study.option, "option"),
        (study.scenario, "scenario"),
        (study.profile, "profile"),
        (study.criterion, "criterion"),
    ):
        with pytest.raises(engine.InputError, match=f"{kind}-unknown") as caught:
            lookup("nowhere")
        assert caught.value.issues[0].expected.startswith("one of:")


def test_derived_scenarios_inherit_and_override_cells(study):
    base, derived = study.performance("base"), study.performance("derived")
    assert derived.loc["opt_c", "crit_x"] == 9 and base.loc["opt_c", "crit_x"] == 1
    assert derived.drop(index="opt_c").equals(base.drop(index="opt_c"))
    assert study.cells("derived")[("opt_a", "crit_x")][1] == "base"  # set in the base


def test_weights_roll_down_the_tree_and_sum_to_one(study):
    weights = study.weights("skewed")
    # goal_a 100 of 125, crit_x 100 of 150 within it; goal_b 25 of 125, crit_z alone
    assert weights["crit_x"] == pytest.approx(0.8 * 2 / 3)
    assert weights["crit_z"] == pytest.approx(0.2)
    assert weights.sum() == pytest.approx(1.0)
    vector = study.weight_vector("skewed")
    vector[:] = 0  # a copy: the cache cannot be corrupted through it
    assert study.weights("skewed").sum() == pytest.approx(1.0)


def test_views_are_copies(study):
    values = study.values("base")
    values.iloc[0, 0] = -1
    assert study.values("base").iloc[0, 0] != -1


def test_replace_profiles_gives_a_new_study_and_keeps_the_old(study):
    points = dict(study.profile("equal").weights) | {"goal_b": 3}
    edited, issues = accept_profile(
        study.profile("equal").model_copy(update={"weights": points}), study
    )
    assert not issues
    changed = study.replace_profiles([edited])
    assert changed.weights("equal")["crit_z"] == pytest.approx(0.75)
    assert study.weights("equal")["crit_z"] == pytest.approx(0.5)
    assert changed.profiles == study.profiles
    np.testing.assert_allclose(changed.weights("skewed"), study.weights("skewed"))
