"""engine.load_study and engine.evaluate on a small study: the public API."""

import numpy as np
import pytest
from conftest import write_study
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.model import Profile


def test_public_api_exposes_ordered_ids(mini_study_path):
    study = engine.load_study(mini_study_path)
    assert study.options == ["opt_a", "opt_b", "opt_c"]
    assert study.criteria == ["crit_x", "crit_y", "crit_z"]
    assert study.scenarios == ["base", "derived"]
    assert study.profiles == ["equal", "skewed"]


def test_values_apply_value_functions_and_base_scenarios(mini_study_path):
    study = engine.load_study(mini_study_path)
    base, derived = study.values("base"), study.values("derived")
    assert base.loc["opt_a", "crit_x"] == 80.0  # linear 0-10 benefit
    assert base.loc["opt_a", "crit_y"] == 40.0  # cost 0-100: 60 -> 40
    assert base.loc["opt_b", "crit_z"] == pytest.approx(84.0)  # piecewise: 6 -> 80 + 20/5
    assert derived.loc["opt_c", "crit_x"] == 90.0  # overridden
    assert derived.loc["opt_a", "crit_y"] == 40.0  # inherited


def test_weights_are_global_and_sum_to_one(mini_study_path):
    weights = engine.load_study(mini_study_path).weights("skewed")
    assert weights.sum() == pytest.approx(1.0)
    assert weights["crit_x"] == pytest.approx(0.8 * 100 / 150)
    assert weights["crit_z"] == pytest.approx(0.2)


def test_evaluate_returns_score_rank_and_contributions_that_sum_to_the_score(mini_study_path):
    study = engine.load_study(mini_study_path)
    table = engine.evaluate(study, scenario="base", profile="equal")
    assert list(table.index) == study.options
    assert list(table.columns) == ["score", "rank", *study.criteria]
    np.testing.assert_allclose(table[study.criteria].sum(axis=1), table["score"])
    assert table["score"].between(0, 100).all()
    assert sorted(table["rank"]) == [1, 2, 3]


def test_evaluate_accepts_a_profile_object(mini_study_path):
    study = engine.load_study(mini_study_path)
    custom = Profile(
        id="custom",
        name="Custom",
        weights={"goal_a": 0, "goal_b": 1, "crit_x": 1, "crit_y": 1, "crit_z": 1},
    )
    table = engine.evaluate(study, scenario="base", profile=custom)
    # only crit_z counts: opt_b (6 -> 84) beats opt_a (2 -> 32) beats opt_c (1 -> 16)
    assert table["rank"].to_dict() == {"opt_a": 2, "opt_b": 1, "opt_c": 3}


def test_evaluate_rejects_an_invalid_profile_object(mini_study_path):
    study = engine.load_study(mini_study_path)
    bad = Profile(id="bad", name="Bad", weights={"goal_a": -1, "goal_b": 1})
    with pytest.raises(engine.InputError) as caught:
        engine.evaluate(study, scenario="base", profile=bad)
    assert {"weight-negative", "weight-missing"} <= {i.code for i in caught.value.issues}


def test_unknown_scenario_is_an_input_error_listing_valid_ids(mini_study_path):
    study = engine.load_study(mini_study_path)
    with pytest.raises(engine.InputError, match="one of: base, derived"):
        engine.evaluate(study, scenario="nope", profile="equal")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(0.01, 1000), st.sampled_from(["top", "goal_a"]))
def test_scaling_all_swing_points_of_a_node_leaves_ranks_unchanged(
    tmp_path_factory, mini_files, factor, node
):
    from conftest import minimal_study

    files = minimal_study()
    profile = files["criteria/profiles.yaml"]["profiles"][1]["weights"]
    group = ["goal_a", "goal_b"] if node == "top" else ["crit_x", "crit_y"]
    original = engine.load_study(write_study(tmp_path_factory.mktemp("a"), files))
    for key in group:
        profile[key] = profile[key] * factor
    scaled = engine.load_study(write_study(tmp_path_factory.mktemp("b"), files))
    for scenario in ("base", "derived"):
        a = engine.evaluate(original, scenario=scenario, profile="skewed")
        b = engine.evaluate(scaled, scenario=scenario, profile="skewed")
        assert a["rank"].tolist() == b["rank"].tolist()
        np.testing.assert_allclose(a["score"], b["score"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=2), st.integers(0, 100))
def test_a_dominating_option_never_ranks_below_the_dominated_one(
    tmp_path_factory, mini_files, xz, y
):
    from conftest import minimal_study

    files = minimal_study()
    table = files["scenarios/base.yaml"]["performance"]
    x, z = xz
    table["opt_a"] = {
        "crit_x": {"value": x, "rationale": "r"},
        "crit_y": {"value": y, "rationale": "r"},
        "crit_z": {"value": z, "rationale": "r"},
    }
    # opt_b dominates opt_a: at least as good on every criterion (crit_y is a cost)
    table["opt_b"] = {
        "crit_x": {"value": min(x + 1, 10), "rationale": "r"},
        "crit_y": {"value": max(y - 5, 0), "rationale": "r"},
        "crit_z": {"value": z, "rationale": "r"},
    }
    study = engine.load_study(write_study(tmp_path_factory.mktemp("d"), files))
    for profile in study.profiles:
        ranks = engine.evaluate(study, scenario="base", profile=profile)["rank"]
        assert ranks["opt_b"] <= ranks["opt_a"]
