"""Study diagnostics (issue 17): each warning on a small study built to show it, and not
on one built not to."""

from __future__ import annotations

import copy

import pytest
from conftest import write_study

import engine


def codes(study) -> list[str]:
    return [i.code for i in study.issues]


@pytest.fixture
def files(mini_files):
    """The mini study made quiet: unequal objective points (no single-criterion warning)."""
    files = copy.deepcopy(mini_files)
    files["criteria/profiles.yaml"]["profiles"][0]["weights"]["goal_b"] = 2
    return files


def load(tmp_path, files):
    return engine.load_study(write_study(tmp_path / "s", files))


def test_the_quiet_mini_study_has_no_diagnostic(tmp_path, files):
    assert codes(load(tmp_path, files)) == []


def test_a_scale_the_options_barely_use(tmp_path, files):
    base = files["scenarios/base.yaml"]["performance"]
    for option, value in (("opt_a", 40), ("opt_b", 45), ("opt_c", 50)):  # 10 of 0-100
        base[option]["crit_y"]["value"] = value
    issues = load(tmp_path, files).issues
    found = [i for i in issues if i.code == "scale-underused"]
    assert len(found) == 1 and "40-50 of the scale 0-100" in found[0].found
    assert found[0].location.line is not None  # located in value_tree.yaml


def _five_options(files, z_of_x):
    """Two more options (five: enough for a correlation), Z set from X by ``z_of_x``."""
    files["scenarios/options.yaml"]["options"] += [
        {"id": "opt_d", "name": "Option D", "category": "kinetic"},
        {"id": "opt_e", "name": "Option E", "category": "justice"},
    ]
    base = files["scenarios/base.yaml"]["performance"]
    y = {"opt_a": 60, "opt_b": 10, "opt_c": 90, "opt_d": 30, "opt_e": 75}
    for option, x in (("opt_a", 8), ("opt_b", 4), ("opt_c", 1), ("opt_d", 6), ("opt_e", 2)):
        cell = {"rationale": "analyst judgment", "evidence": ["src"]}
        base[option] = {
            "crit_x": cell | {"value": x},
            "crit_y": cell | {"value": y[option]},
            "crit_z": cell | {"value": z_of_x(x)},
        }


def test_two_criteria_that_move_together(tmp_path, files):
    apart = copy.deepcopy(files)
    _five_options(files, lambda x: x)  # Z's value function keeps X's order: r > 0.85
    found = [i for i in load(tmp_path, files).issues if i.code == "criteria-correlated"]
    assert len(found) == 1 and "'crit_x' and 'crit_z'" in found[0].found
    _five_options(apart, lambda x: {8: 3, 4: 9, 1: 5, 6: 1, 2: 7}[x])  # unrelated
    assert "criteria-correlated" not in codes(load(tmp_path / "apart", apart))


def test_criteria_that_differ_only_by_rounding_noise_are_not_correlated(tmp_path, files):
    """Issue 28, class 10: two criteria whose values differ across the options by 1e-12
    carry no information; they were flagged as correlated at r = 1.00."""
    _five_options(files, lambda x: 5 + 1e-12 * x)
    base = files["scenarios/base.yaml"]["performance"]
    for option in base:
        base[option]["crit_x"]["value"] = base[option]["crit_z"]["value"]
    assert "criteria-correlated" not in codes(load(tmp_path, files))


def test_judgment_only_ranges_narrower_than_sourced_ones(tmp_path, files):
    base = files["scenarios/base.yaml"]["performance"]
    for option in ("opt_a", "opt_b"):
        base[option]["crit_x"] |= {"low": base[option]["crit_x"]["value"] - 1}
        base[option]["crit_x"]["high"] = base[option]["crit_x"]["value"] + 1
    base["opt_c"]["crit_x"] = {"value": 1, "low": 0.5, "high": 1.5, "rationale": "Judgment."}
    files["scenarios/derived.yaml"]["performance"] = {}
    found = [i for i in load(tmp_path, files).issues if i.code == "judgment-range-narrow"]
    assert len(found) == 1 and "on 'crit_x'" in found[0].found
    base["opt_c"]["crit_x"] |= {"low": 0, "high": 3}  # wider than the sourced ones: quiet
    assert "judgment-range-narrow" not in codes(load(tmp_path / "wide", files))


def test_with_a_baseline_ranges_are_compared_relative_to_the_change(tmp_path, files):
    """Issue 24, item 4: in a study whose options are a baseline plus a measure, a range is
    judged against the size of the change it brackets. A sourced change of 4 with a range 4
    wide and a judged change of 1 with a range 2 wide are quiet (1 against 2 per unit of
    change), though the judged range is the narrower in absolute terms; a judged change of
    1 with a range 0.5 wide is flagged."""
    base = files["scenarios/base.yaml"]["performance"]
    files["scenarios/derived.yaml"]["performance"] = {}
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "opt_a",
        "resources": [{"id": "money", "name": "Money", "criterion": "crit_y", "limit": 500}],
    }
    level = 3
    base["opt_a"]["crit_x"] = {"value": level, "rationale": "The baseline.", "evidence": ["src"]}
    base["opt_b"]["crit_x"] = {
        "value": level + 4, "low": level + 2, "high": level + 6, "rationale": "Sourced.",
        "evidence": ["src"],
    }  # fmt: skip
    base["opt_c"]["crit_x"] = {
        "value": level - 1, "low": level - 2, "high": level, "rationale": "Judgment.",
    }  # fmt: skip
    assert "judgment-range-narrow" not in codes(load(tmp_path, files))
    base["opt_c"]["crit_x"] |= {"low": level - 1.25, "high": level - 0.75}
    found = [i for i in load(tmp_path / "n", files).issues if i.code == "judgment-range-narrow"]
    assert len(found) == 1 and "relative to the size of their change" in found[0].found


def test_illustrative_profiles_are_flagged(tmp_path, files):
    files["criteria/profiles.yaml"]["profiles"][1]["illustrative"] = True
    found = [i for i in load(tmp_path, files).issues if i.code == "profile-illustrative"]
    assert len(found) == 1 and "'skewed'" in found[0].found


def test_equal_objectives_over_a_single_criterion(tmp_path, mini_files):
    """The mini study as written: 'equal' weighs both objectives alike and goal_b holds one
    criterion, which then gets half the weight alone."""
    found = [i for i in load(tmp_path, mini_files).issues if i.code == "objective-single-criterion"]
    assert len(found) == 1 and "goal_b" in found[0].found and "50.0%" in found[0].found
