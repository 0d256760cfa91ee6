"""Every validation code: triggered from files, located, and collected in one pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import write_study

import engine
from engine.errors import Severity

TREE, PROFILES = "criteria/value_tree.yaml", "criteria/profiles.yaml"
OPTIONS, SOURCES = "scenarios/options.yaml", "scenarios/sources.yaml"
BASE, DERIVED = "scenarios/base.yaml", "scenarios/derived.yaml"


def crit(files, i=0, j=0):
    return files[TREE]["objectives"][i]["children"][j]


def cells(files, name=BASE):
    return files[name]["performance"]


def weights(files, k=0):
    return files[PROFILES]["profiles"][k]["weights"]


def _set(mapping: dict, key: str, value: Any) -> None:
    mapping[key] = value


# (code, mutation of the files dict, file expected in the location, text expected in the path)
CASES: list[tuple[str, Callable[[dict], Any], str, str]] = [
    ("file-missing", lambda f: f.pop(OPTIONS), OPTIONS, ""),
    ("format-version", lambda f: _set(f[OPTIONS], "format_version", 2), OPTIONS, "format_version"),
    (
        "key-unknown",
        lambda f: _set(f[OPTIONS]["options"][0], "colour", "red"),
        OPTIONS,
        "options[0].colour",
    ),
    ("key-missing", lambda f: f[OPTIONS]["options"][0].pop("name"), OPTIONS, "options[0]"),
    (
        "id-invalid",
        lambda f: _set(f[OPTIONS]["options"][0], "id", "opt a!"),
        OPTIONS,
        "options[0].id",
    ),
    ("id-duplicate", lambda f: _set(f[OPTIONS]["options"][1], "id", "opt_a"), OPTIONS, ""),
    (
        "text-expected",
        lambda f: _set(f[OPTIONS]["options"][0], "name", 2025),
        OPTIONS,
        "options[0].name",
    ),
    ("choice-invalid", lambda f: _set(crit(f), "direction", "more"), TREE, "direction"),
    (
        "boolean-expected",
        lambda f: _set(f[PROFILES]["profiles"][0], "illustrative", "yes"),
        PROFILES,
        "illustrative",
    ),
    ("structure-invalid", lambda f: _set(f[OPTIONS], "options", {"a": 1}), OPTIONS, "options"),
    (
        "option-unknown",
        lambda f: _set(cells(f), "opt_zz", {"crit_x": {"value": 1}}),
        BASE,
        "performance.opt_zz",
    ),
    (
        "criterion-unknown",
        lambda f: _set(cells(f)["opt_a"], "crit_q", {"value": 1, "rationale": "r"}),
        BASE,
        "performance.opt_a.crit_q",
    ),
    (
        "source-unknown",
        lambda f: _set(cells(f)["opt_a"]["crit_x"], "evidence", ["nowhere"]),
        BASE,
        "evidence[0]",
    ),
    ("scenario-unknown", lambda f: _set(f[DERIVED], "base", "ghost"), DERIVED, "base"),
    ("base-cycle", lambda f: _set(f[BASE], "base", "derived"), BASE, "base"),
    ("value-missing", lambda f: cells(f)["opt_b"].pop("crit_y"), BASE, "performance.opt_b"),
    (
        "value-not-numeric",
        lambda f: _set(cells(f)["opt_a"]["crit_x"], "value", "7,5"),
        BASE,
        "performance.opt_a.crit_x.value",
    ),
    (
        "value-not-numeric",
        lambda f: _set(cells(f)["opt_a"]["crit_x"], "value", True),
        BASE,
        "crit_x.value",
    ),
    (
        "value-not-numeric",
        lambda f: _set(weights(f), "crit_x", "heavy"),
        PROFILES,
        "weights.crit_x",
    ),
    (
        "value-out-of-scale",
        lambda f: _set(cells(f)["opt_a"]["crit_x"], "value", 11),
        BASE,
        "performance.opt_a.crit_x.value",
    ),
    (
        "value-out-of-scale",
        lambda f: _set(cells(f)["opt_a"]["crit_y"], "high", 150),
        BASE,
        "crit_y.high",
    ),
    ("range-invalid", lambda f: cells(f)["opt_a"]["crit_x"].update(low=9, high=10), BASE, "crit_x"),
    ("scale-invalid", lambda f: crit(f, 0, 1)["scale"].update(min=100, max=0), TREE, "scale"),
    ("anchor-missing", lambda f: crit(f)["scale"]["anchors"].pop(5), TREE, "scale"),
    (
        "valuefn-not-monotone",
        lambda f: _set(crit(f, 1, 0)["value_function"], "points", [[0, 0], [5, 90], [10, 40]]),
        TREE,
        "objectives[1].children[0]",
    ),
    (
        "valuefn-not-monotone",
        lambda f: _set(
            crit(f, 1, 0)["value_function"], "points", [[0, 0], [5, 50], [5, 60], [10, 100]]
        ),
        TREE,
        "children[0]",
    ),
    (
        "valuefn-outside-scale",
        lambda f: _set(crit(f, 1, 0)["value_function"], "points", [[0, 0], [12, 100]]),
        TREE,
        "children[0]",
    ),
    ("weight-negative", lambda f: _set(weights(f), "crit_x", -1), PROFILES, "weights.crit_x"),
    (
        "weight-all-zero",
        lambda f: weights(f).update(crit_x=0, crit_y=0),
        PROFILES,
        "weights.crit_x",
    ),
    ("node-unknown", lambda f: _set(weights(f), "crit_w", 5), PROFILES, "weights.crit_w"),
    ("weight-missing", lambda f: weights(f).pop("crit_z"), PROFILES, "weights"),
    (
        "objective-empty",
        lambda f: _set(f[TREE]["objectives"][1], "children", []),
        TREE,
        "objectives[1]",
    ),
    ("study-empty", lambda f: _set(f[OPTIONS], "options", []), OPTIONS, ""),
    (
        "name-duplicate",  # case and spaces ignored: a planner could not tell them apart
        lambda f: _set(f[OPTIONS]["options"][1], "name", "  option   a "),
        OPTIONS,
        "options[1].name",
    ),
    (
        "name-duplicate",  # a short name that is another option's label
        lambda f: _set(f[OPTIONS]["options"][2], "short_name", "Option B"),
        OPTIONS,
        "options[2].short_name",
    ),
    (
        "name-duplicate",  # two scenario tabs of one name: a scenario's short name
        lambda f: _set(f["scenarios/derived.yaml"], "short_name", "base"),
        "scenarios/derived.yaml",
        "short_name",
    ),
    (
        "name-duplicate",
        lambda f: _set(f[PROFILES]["profiles"][1], "name", "EQUAL"),
        PROFILES,
        "profiles[1].name",
    ),
    (
        "yaml-syntax",
        lambda f: _set(f, OPTIONS, "format_version: 1\noptions:\n  - id: [unclosed\n"),
        OPTIONS,
        "",
    ),
    (
        "yaml-duplicate-key",
        lambda f: _set(f, SOURCES, "format_version: 1\nsources: []\nsources: []\n"),
        SOURCES,
        "sources",
    ),
    (
        "yaml-anchor",
        lambda f: _set(f, SOURCES, "format_version: 1\nsources: &a []\nx: *a\n"),
        SOURCES,
        "",
    ),
    (
        "yaml-tag",
        lambda f: _set(f, SOURCES, "format_version: 1\nsources: !!python/object:os.system []\n"),
        SOURCES,
        "",
    ),
    (
        "yaml-too-deep",
        lambda f: _set(f, SOURCES, "format_version: 1\nsources: " + "[" * 200 + "]" * 200 + "\n"),
        SOURCES,
        "",
    ),
    (
        "yaml-multiple-documents",
        lambda f: _set(f, SOURCES, "format_version: 1\n---\nformat_version: 1\n"),
        SOURCES,
        "",
    ),
]


@pytest.mark.parametrize(
    ("code", "mutate", "file", "path"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_code_is_reported_at_its_location(tmp_path, mini_files, code, mutate, file, path):
    mutate(mini_files)
    root = write_study(tmp_path, mini_files)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(root)
    matching = [i for i in caught.value.issues if i.code == code]
    assert matching, f"no {code} among {[str(i) for i in caught.value.issues]}"
    issue = matching[0]
    assert issue.severity is Severity.ERROR
    assert issue.location.file == file
    assert path in issue.location.path
    assert issue.found


def test_locations_carry_the_yaml_line(tmp_path, mini_files):
    mini_files[BASE] = (
        "format_version: 1\nid: base\nname: Base\nperformance:\n"
        "  opt_a: {crit_x: {value: 8, rationale: r}, crit_y: {value: 60, rationale: r}, crit_z: {value: 2, rationale: r}}\n"
        "  opt_b: {crit_x: {value: 40, rationale: r}, crit_y: {value: 10, rationale: r}, crit_z: {value: 6, rationale: r}}\n"
        "  opt_c: {crit_x: {value: 1, rationale: r}, crit_y: {value: 90, rationale: r}, crit_z: {value: 1, rationale: r}}\n"
    )
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path, mini_files))
    (issue,) = [i for i in caught.value.issues if i.code == "value-out-of-scale"]
    assert issue.location.line == 6
    assert "expected a number from 0 to 10" in str(issue)


def test_all_problems_of_all_files_come_in_one_pass(tmp_path, mini_files):
    weights(mini_files)["crit_x"] = -3
    cells(mini_files)["opt_a"]["crit_x"]["value"] = 99
    mini_files[OPTIONS]["options"][2]["colour"] = "blue"
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path, mini_files))
    codes = {i.code for i in caught.value.issues}
    assert {"weight-negative", "value-out-of-scale", "key-unknown"} <= codes


def test_yaml_core_schema_keeps_no_as_text_and_refuses_sexagesimal_numbers(tmp_path, mini_files):
    mini_files[OPTIONS] = mini_files[OPTIONS] | {}
    text = "format_version: 1\noptions:\n"
    for option, name in zip(mini_files[OPTIONS]["options"], ("NO", "Off", "n"), strict=True):
        text += f"  - {{id: {option['id']}, name: {name}, category: {option['category']}}}\n"
    mini_files[OPTIONS] = text
    cells(mini_files)["opt_a"]["crit_y"]["value"] = "1:30"
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path, mini_files))
    issues = caught.value.issues
    assert [i.code for i in issues] == ["value-not-numeric"]
    assert "'1:30'" in issues[0].found


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"\xff\xfe\x00o\x00p", "file-not-text"),
        (b"format_version: 1\nsources: [{id: s, title: caf\xe9}]\n", "file-encoding"),
    ],
)
def test_undecodable_files_are_refused_with_a_message(tmp_path, mini_files, raw, code):
    root = write_study(tmp_path, mini_files)
    (root / SOURCES).write_bytes(raw)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(root)
    assert code in {i.code for i in caught.value.issues}


def test_bom_is_accepted(tmp_path, mini_files):
    root = write_study(tmp_path, mini_files)
    path = root / SOURCES
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert engine.load_study(root).options == ["opt_a", "opt_b", "opt_c"]


def test_missing_rationale_and_unchanged_override_are_warnings_that_do_not_block(
    tmp_path, mini_files
):
    cells(mini_files)["opt_a"]["crit_x"]["rationale"] = ""
    cells(mini_files, DERIVED)["opt_a"] = {"crit_y": {"value": 60, "rationale": "same as base"}}
    study = engine.load_study(write_study(tmp_path, mini_files))
    codes = {i.code: i for i in study.issues}
    assert codes["rationale-missing"].severity is Severity.WARNING
    assert codes["rationale-missing"].location.path == "performance.opt_a.crit_x"
    assert codes["override-unchanged"].location.file == DERIVED


def test_study_folder_that_does_not_exist(tmp_path):
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(tmp_path / "nowhere")
    assert caught.value.issues[0].code == "study-not-found"


def test_the_shipped_study_validates_without_errors_its_warnings_all_diagnostics(
    shipped_study_path,
):
    from engine.diagnostics import CODES

    study = engine.load_study(shipped_study_path)
    assert study.issues and {i.code for i in study.issues} <= CODES


def test_criterion_ids_that_name_result_columns_are_refused(tmp_path, mini_files):
    """A criterion called 'score' would overwrite the score column of every result."""
    from conftest import add_criterion, write_study

    add_criterion(mini_files, "score")
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path / "s", mini_files))
    [issue] = [i for i in caught.value.issues if i.code == "id-invalid"]
    assert "reserved" in issue.found and "value_tree.yaml" in str(issue.location)


def test_text_that_would_display_reordered_is_refused_and_right_to_left_text_is_not(
    tmp_path, mini_files
):
    """Issue 13: bidirectional overrides and isolates make a name read reversed; the marks
    and joiners that Urdu or Pashto text needs stay text."""
    from conftest import write_study

    options = mini_files["scenarios/options.yaml"]["options"]
    options[0]["name"] = "Option \u202eA"  # right-to-left override
    options[1]["description"] = "text \u2067isolated\u2069"  # isolate controls
    options[2]["name"] = "\u0622\u067e\u0634\u0646 \u200f\u200c C"  # Urdu, RLM and ZWNJ
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(write_study(tmp_path / "s", mini_files))
    found = {(i.code, i.location.path) for i in caught.value.issues}
    assert found == {
        ("text-reordering", "options[0].name"),
        ("text-reordering", "options[1].description"),
    }
