"""A whole study in one workbook: lossless conversion both ways, located errors, CLI."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import REPO, write_study

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_writer import write_study_folder
from engine.io.workbooks.study_workbook_reader import read_workbook
from engine.io.workbooks.study_workbook_writer import write_study_workbook
from engine.io.workbooks.weights_template import write_weights_template

PARTS = ("info", "nodes", "options", "sources", "scenarios", "profiles")


def same_records(a, b) -> None:
    for part in PARTS:
        assert getattr(a, part) == getattr(b, part), part


@pytest.fixture
def elicited_files(mini_files):
    """The mini study with a ranking, an AHP matrix and objective weights (paths the shipped
    study lacks)."""
    profile = mini_files["criteria/profiles.yaml"]["profiles"][1]
    profile["weights"] = {"goal_a": 100, "goal_b": 25, "crit_z": 10}
    profile["rankings"] = {"goal_a": {"scheme": "rank_sum", "ranking": {"crit_x": 1, "crit_y": 2}}}
    mini_files["criteria/profiles.yaml"]["profiles"].append(
        {
            "id": "ahp",
            "name": "AHP",
            "illustrative": True,
            "weights": {"crit_x": 1, "crit_y": 1, "crit_z": 1},
            "pairwise": {
                "top": {
                    "method": "geometric",
                    "order": ["goal_a", "goal_b"],
                    "matrix": [[1, 3], ["1/3", 1]],
                }
            },
        }
    )
    mini_files["criteria/profiles.yaml"]["profiles"].append(
        {"id": "critic", "name": "CRITIC", "objective": {"method": "critic", "scenario": "derived"}}
    )
    return mini_files


@pytest.mark.parametrize("which", ["shipped", "elicited"])
def test_folder_to_workbook_to_folder_is_lossless(which, tmp_path, elicited_files):
    source = REPO if which == "shipped" else write_study(tmp_path / "src", elicited_files)
    original = read_folder(source)
    assert not original.issues
    workbook = tmp_path / "study.xlsx"
    write_study_workbook(original, workbook)
    from_workbook = read_workbook(workbook)
    assert not from_workbook.issues
    same_records(from_workbook, original)
    folder = tmp_path / "back"
    write_study_folder(from_workbook, folder)
    again = read_folder(folder)
    assert not again.issues
    same_records(again, original)
    a, b = engine.load_study(source), engine.load_study(workbook)
    for scenario in a.scenarios:
        for profile in a.profiles:
            np.testing.assert_allclose(
                engine.evaluate(a, scenario=scenario, profile=profile)["score"],
                engine.evaluate(b, scenario=scenario, profile=profile)["score"],
            )


def shipped_workbook(tmp_path: Path) -> Path:
    target = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(REPO), target)
    return target


def test_every_bad_cell_of_a_study_workbook_is_located(tmp_path):
    target = shipped_workbook(tmp_path)
    wb = openpyxl.load_workbook(target)
    performance = wb["Performance"]
    performance["D2"] = "high"  # value
    performance["E3"] = datetime.datetime(2025, 3, 1)  # low
    performance["C4"] = "not_a_criterion"
    performance["D5"] = "=2+2"  # never calculated
    wb["Tree"]["C2"] = "branch"  # kind
    wb["Tree"]["P1"] = "colour"  # unknown column
    wb["Options"]["C3"] = None  # category missing
    last = performance.max_row + 1
    for j, value in enumerate(["s9_unknown", "intel_based_ops", "sus_durability", 3], 1):
        performance.cell(last, j, value)
    del wb["Scenarios"]
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    before = hashlib.sha256(broken.read_bytes()).hexdigest()
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(broken)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    expected = {
        ("value-not-numeric", "Performance", "D2"),
        ("value-not-numeric", "Performance", "E3"),
        ("formula-no-value", "Performance", "D5"),
        ("choice-invalid", "Tree", "C2"),
        ("key-unknown", "Tree", "P1"),
        ("key-missing", "Options", "C3"),
        ("scenario-unknown", "Performance", f"A{last}"),
        ("sheet-missing", "Scenarios", None),
    }
    assert expected <= found, expected - found
    assert all(i.location.file == "broken.xlsx" for i in caught.value.issues)
    assert hashlib.sha256(broken.read_bytes()).hexdigest() == before


def test_unknown_ids_in_performance_are_located_by_validation(tmp_path):
    target = shipped_workbook(tmp_path)
    wb = openpyxl.load_workbook(target)
    wb["Performance"]["C4"] = "not_a_criterion"
    wb["Tree"]["D3"] = "no_such_objective"  # parent of the second node
    broken = tmp_path / "ids.xlsx"
    wb.save(broken)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(broken)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    assert ("criterion-unknown", "Performance", "C4") in found
    assert ("node-unknown", "Tree", "D3") in found


def test_numbers_typed_as_names_are_read_as_text(tmp_path):
    target = shipped_workbook(tmp_path)
    wb = openpyxl.load_workbook(target)
    wb["Options"]["B2"] = 2025
    edited = tmp_path / "names.xlsx"
    wb.save(edited)
    study = engine.load_study(edited)
    assert study.option(study.options[0]).name == "2025"


def test_cli_template_run_and_convert(tmp_path, monkeypatch, capsys, shipped_study_path):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "study", str(shipped_study_path)]) == EXIT_OK
    workbook = tmp_path / "reports" / "ttp-2025-study.xlsx"
    assert main(["run", str(workbook), "--no-sensitivity", "--quiet"]) == EXIT_OK
    report = tmp_path / "reports" / "ttp-2025-report.xlsx"
    info = {r[0].value: r[1].value for r in openpyxl.load_workbook(report)["Run info"].iter_rows()}
    assert info["Study folder"].endswith("ttp-2025-study.xlsx")
    assert main(["convert", str(workbook), str(tmp_path / "folder")]) == EXIT_OK
    same_records(read_folder(tmp_path / "folder"), read_folder(shipped_study_path))
    capsys.readouterr()
    # into the study folder it wrote: updated in place, and nothing differs
    assert main(["convert", str(workbook), str(tmp_path / "folder")]) == EXIT_OK
    assert "already matches the workbook" in capsys.readouterr().out
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("not a study")
    assert main(["convert", str(workbook), str(tmp_path / "other")]) == EXIT_OUTPUT
    assert "not empty" in capsys.readouterr().err
    assert main(["convert", str(tmp_path / "folder"), str(tmp_path / "again.xlsx")]) == EXIT_OK
    same_records(read_workbook(tmp_path / "again.xlsx"), read_folder(shipped_study_path))
    assert main(["run", str(workbook), "--out", str(workbook)]) == EXIT_OUTPUT


def test_a_broken_workbook_is_not_converted(tmp_path, capsys):
    target = shipped_workbook(tmp_path)
    wb = openpyxl.load_workbook(target)
    wb["Performance"]["D2"] = "high"
    wb.save(target)
    assert main(["convert", str(target), str(tmp_path / "out")]) == EXIT_INPUT
    assert "sheet 'Performance', cell D2" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_objective_profile_cells_are_located(tmp_path, elicited_files):
    target = tmp_path / "study.xlsx"
    write_study_workbook(read_folder(write_study(tmp_path / "src", elicited_files)), target)
    wb = openpyxl.load_workbook(target)
    sheet = wb["Profiles"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "critic")
    method = sheet.cell(row, headers.index("objective") + 1)
    scenario = sheet.cell(row, headers.index("objective scenario") + 1)
    method.value, scenario.value = "gini", "nowhere"
    wb.save(target)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(target)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    assert found == {("choice-invalid", "Profiles", method.coordinate)}
    method.value = "critic"
    wb.save(target)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(target)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    assert found == {("scenario-unknown", "Profiles", scenario.coordinate)}


def test_a_weights_workbook_given_as_the_study_is_named_as_one(mini_study_path, tmp_path):
    """Issue 27, item 5: one issue that says what the file is and what to do, not one
    per missing study sheet."""
    weights = tmp_path / "weights.xlsx"
    write_weights_template(engine.load_study(mini_study_path), weights)
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(weights)
    [issue] = caught.value.issues
    assert issue.code == "workbook-format"
    assert issue.found.startswith("a weights workbook") and "--weights" in issue.hint
