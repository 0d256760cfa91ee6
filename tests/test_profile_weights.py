"""Rankings and AHP comparisons in profile files become weights; their errors are located."""

import numpy as np
import pytest
from conftest import add_criterion, write_study

import engine
from engine.elicitation import ahp, rank_weights

PROFILES = "criteria/profiles.yaml"


def elicited_profile(**extra):
    return {"id": "elicited", "name": "Elicited", "weights": {"crit_z": 1}, **extra}


def load_with(tmp_path, files, profile):
    files[PROFILES]["profiles"].append(profile)
    return engine.load_study(write_study(tmp_path, files))


def test_ranking_and_pairwise_set_the_weights(tmp_path, mini_files):
    profile = elicited_profile(
        rankings={"goal_a": {"scheme": "rank_sum", "ranking": {"crit_x": 2, "crit_y": 1}}},
        pairwise={"top": {"order": ["goal_a", "goal_b"], "matrix": [[1, 3], ["1/3", 1]]}},
    )
    study = load_with(tmp_path, mini_files, profile)
    weights = study.weights("elicited")
    top = ahp(np.array([[1, 3], [1 / 3, 1]])).weights  # (0.75, 0.25)
    inner = rank_weights([2, 1], "rank_sum")  # (1/3, 2/3)
    assert weights["crit_x"] == pytest.approx(top[0] * inner[0])
    assert weights["crit_y"] == pytest.approx(top[0] * inner[1])
    assert weights["crit_z"] == pytest.approx(top[1])


@pytest.mark.parametrize(
    ("extra", "code", "path"),
    [
        (
            {"rankings": {"goal_a": {"ranking": {"crit_x": 1}}}},
            "elicitation-children",
            "rankings.goal_a",
        ),
        ({"rankings": {"crit_x": {"ranking": {"a": 1}}}}, "node-unknown", "rankings.crit_x"),
        (
            {
                "pairwise": {
                    "top": {"order": ["goal_a", "goal_b"], "matrix": [[1, 12], ["1/12", 1]]}
                }
            },
            "ahp-out-of-scale",
            "pairwise.top.matrix",
        ),
        (
            {"pairwise": {"top": {"order": ["goal_a", "goal_b"], "matrix": [[1, 3], [3, 1]]}}},
            "ahp-not-reciprocal",
            "pairwise.top.matrix",
        ),
        (
            {"pairwise": {"top": {"order": ["goal_a", "goal_b"], "matrix": [[1, 3]]}}},
            "ahp-shape",
            "pairwise.top.matrix",
        ),
        (
            {
                "weights": {"crit_z": 1, "crit_x": 5},
                "rankings": {"goal_a": {"ranking": {"crit_x": 1, "crit_y": 2}}},
            },
            "weight-conflict",
            "rankings.goal_a",
        ),
    ],
)
def test_elicitation_errors_are_located(tmp_path, mini_files, extra, code, path):
    profile = elicited_profile(**extra)
    with pytest.raises(engine.InputError) as caught:
        load_with(tmp_path, mini_files, profile)
    found = [i for i in caught.value.issues if i.code == code]
    assert found, [str(i) for i in caught.value.issues]
    assert found[0].location.file == PROFILES and path in found[0].location.path


def test_inconsistent_ahp_is_a_warning_naming_the_node(tmp_path, mini_files):
    add_criterion(mini_files, "crit_w")
    profile = elicited_profile(
        weights={"goal_a": 1, "goal_b": 1, "crit_z": 1},
        pairwise={
            "goal_a": {
                "order": ["crit_x", "crit_y", "crit_w"],
                "matrix": [[1, 5, "1/5"], ["1/5", 1, 5], [5, "1/5", 1]],
            }
        },
    )
    study = load_with(tmp_path, mini_files, profile)
    (issue,) = [i for i in study.issues if i.code == "ahp-inconsistent"]
    assert "children of 'goal_a'" in issue.found and issue.location.file == PROFILES


def test_preference_function_thresholds_are_checked(tmp_path, mini_files):
    criterion = mini_files["criteria/value_tree.yaml"]["objectives"][0]["children"][1]
    criterion["preference"] = {"function": "linear", "q": 5, "p": 2}
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path, mini_files))
    assert [i.code for i in caught.value.issues] == ["preference-invalid"]


def test_promethee_uses_the_declared_preference_functions(tmp_path, mini_files):
    criterion = mini_files["criteria/value_tree.yaml"]["objectives"][0]["children"][1]
    criterion["preference"] = {"function": "linear", "q": 100, "p": 200}  # never a preference
    study = engine.load_study(write_study(tmp_path, mini_files))
    with_threshold = engine.evaluate(study, scenario="base", profile="equal", method="promethee_ii")
    usual = engine.evaluate(
        study,
        scenario="base",
        profile="equal",
        method="promethee_ii",
        functions=["usual"] * 3,
        q=[0] * 3,
        p=[1] * 3,
        s=[1] * 3,
    )
    assert not np.allclose(with_threshold["score"], usual["score"])


@pytest.mark.parametrize(
    "method", ["additive", "weighted_product", "topsis", "vikor", "promethee_ii"]
)
def test_evaluate_works_for_every_method(mini_study_path, method):
    study = engine.load_study(mini_study_path)
    table = engine.evaluate(study, scenario="derived", profile="skewed", method=method)
    assert list(table.index) == study.options
    assert np.all(np.isfinite(table["score"]))
    assert sorted(table["rank"]) == [1, 2, 3]


def test_weighted_product_refuses_zero_performances_at_their_cell(tmp_path, mini_files):
    mini_files["scenarios/base.yaml"]["performance"]["opt_b"]["crit_y"]["value"] = 0
    study = engine.load_study(write_study(tmp_path, mini_files))
    with pytest.raises(engine.InputError) as caught:
        engine.evaluate(study, scenario="derived", profile="equal", method="weighted_product")
    (issue,) = caught.value.issues
    assert issue.code == "method-needs-positive"
    assert issue.location.file == "scenarios/base.yaml"
    assert issue.location.path == "performance.opt_b.crit_y.value"
