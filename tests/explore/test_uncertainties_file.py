"""The drivers file is read like every study file: every problem in one pass, each named
by file, key path and line; the study's own files are never touched."""

import pytest
import yaml
from conftest import write_study
from explore_study import explore_files

from engine.errors import InputError
from engine.io.load import load_study
from engine.io.text.uncertainties_file import read_uncertainties


def issues_of(tmp_path, change) -> list:
    files = explore_files()
    change(files["scenarios/uncertainties.yaml"])
    root = write_study(tmp_path / "study", files)
    study = load_study(root)
    with pytest.raises(InputError) as caught:
        read_uncertainties(root, study)
    return caught.value.issues


def test_every_problem_is_reported_at_once_with_its_key_path_and_line(tmp_path):
    def break_it(data):
        data["drivers"][0]["high"]["scenario"] = "kabul_act"  # a typo
        data["drivers"][1].pop("low")  # no end at all
        data["combinations"][0]["at"] = {"kabul": -1}  # one driver
        data["thresholds"].append({"criterion": "crit_q", "at_least": 5})
        data["thresholds"].append({"criterion": "crit_x", "at_least": 5, "at_most": 7})

    found = {(i.code, i.location.path) for i in issues_of(tmp_path, break_it)}
    assert ("scenario-unknown", "drivers[0].high.scenario") in found
    assert ("driver-unanchored", "drivers[1]") in found
    assert ("threshold-invalid", "thresholds[2]") in found
    issues = issues_of(tmp_path, break_it)
    assert all(i.location.file == "scenarios/uncertainties.yaml" for i in issues)
    assert all(i.location.line for i in issues)


def test_cross_checks_name_what_they_found(tmp_path):
    def break_it(data):
        data["combinations"][0]["at"] = {"kabul": -1, "money": 1}  # money has no +1 end
        data["combinations"][0]["performance"] = {"opt_a": {"crit_x": 12}}  # off the scale
        data["thresholds"].append({"criterion": "crit_q", "at_least": 5})

    issues = {i.code: i for i in issues_of(tmp_path, break_it)}
    assert "an end without a scenario" in issues["combination-invalid"].found
    assert issues["combination-invalid"].location.path == "combinations[0].at.money"
    assert issues["value-out-of-scale"].location.path == "combinations[0].performance.opt_a.crit_x"
    assert "crit_q" in issues["criterion-unknown"].found


def test_a_study_without_drivers_says_where_they_belong(tmp_path):
    files = explore_files()
    files.pop("scenarios/uncertainties.yaml")
    root = write_study(tmp_path / "study", files)
    with pytest.raises(InputError) as caught:
        read_uncertainties(root, load_study(root))
    (issue,) = caught.value.issues
    assert issue.code == "uncertainties-missing"
    assert "docs/explore.md" in issue.hint


def test_toml_drivers_read_the_same_and_the_file_is_hashed(tmp_path):
    files = explore_files()
    data = files.pop("scenarios/uncertainties.yaml")
    root = write_study(tmp_path / "yaml", {**files, "scenarios/uncertainties.yaml": data})
    study = load_study(root)
    from_yaml, hashed = read_uncertainties(root, study)
    toml = tmp_path / "toml"
    write_study(toml, files)
    lines = ["format_version = 1", 'base = "base"']
    for d in data["drivers"]:
        lines += ["[[drivers]]", f'id = "{d["id"]}"', f'name = "{d["name"]}"']
        for side in ("low", "high"):
            if side in d:
                end = d[side]
                lines.append(
                    f'{side} = {{scenario = "{end["scenario"]}", label = "{end["label"]}"}}'
                )
    lines += ["[[combinations]]", 'id = "war_and_squeeze"', "at = {kabul = -1, money = -1}"]
    lines += ["performance = {opt_a = {crit_x = 3}}"]
    lines += ["[[thresholds]]", 'criterion = "crit_x"', 'no_worse_than = "opt_b"']
    (toml / "scenarios/uncertainties.toml").write_text("\n".join(lines) + "\n")
    from_toml, _ = read_uncertainties(toml, load_study(toml))
    assert from_toml == from_yaml
    assert hashed.path == "scenarios/uncertainties.yaml" and len(hashed.sha256) == 64


def test_the_drivers_file_is_not_read_as_a_scenario(tmp_path):
    root = write_study(tmp_path / "study", explore_files())
    assert "uncertainties" not in load_study(root).scenarios
    yaml.safe_load((root / "scenarios/uncertainties.yaml").read_text())  # still there, as written


def test_a_file_without_drivers_or_base_says_so_beside_its_items_problems(tmp_path):
    def break_it(data):
        data.pop("drivers")
        data.pop("base")
        data["thresholds"].append({"criterion": "crit_x"})

    found = {(i.code, i.location.path) for i in issues_of(tmp_path, break_it)}
    assert ("key-missing", "drivers") in found
    assert ("key-missing", "base") in found
    assert ("threshold-invalid", "thresholds[1]") in found
