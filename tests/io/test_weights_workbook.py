"""The weights workbook: template layout, round trip, located validation, live formulas."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import REPO

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.io.weights_layout import COLUMNS, FIRST_ROW, weight_name
from engine.io.weights_template import write_weights_template

POINTS = openpyxl.utils.get_column_letter(COLUMNS["points"])


@pytest.fixture(scope="module")
def shipped():
    return engine.load_study(REPO)


@pytest.fixture
def template(shipped, tmp_path) -> Path:
    target = tmp_path / "weights.xlsx"
    write_weights_template(shipped, target)
    return target


def row_of(ws, node: str) -> int:
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row, COLUMNS["node"]).value == node:
            return row
    raise AssertionError(node)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_has_a_sheet_per_profile_with_named_protected_inputs(shipped, template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", *shipped.profiles]
    for profile in shipped.profiles:
        ws = wb[profile]
        assert ws["B3"].value == profile and ws.protection.sheet
        for w in shipped.node_weights(profile):
            name = wb.defined_names[weight_name(profile, w.node)]
            sheet, ref = next(iter(name.destinations))
            cell = wb[sheet][ref.replace("$", "")]
            assert sheet == profile and cell.value == pytest.approx(w.points)
            assert cell.column == COLUMNS["points"] and not cell.protection.locked
        validation = ws.data_validations.dataValidation[0]
        assert validation.type == "decimal" and validation.formula1 == "0"
        assert f"{POINTS}{FIRST_ROW}" in str(validation.sqref)
        assert ws.cell(FIRST_ROW, COLUMNS["local"]).value.startswith("=IF(SUMIFS(")


def test_round_trip_gives_the_same_weights(shipped, template):
    before = digest(template)
    profiles = engine.load_weights(template, shipped)
    assert list(profiles) == shipped.profiles
    for profile_id, profile in profiles.items():
        np.testing.assert_allclose(shipped.weights(profile), shipped.weights(profile_id))
    assert digest(template) == before  # read, never written


def test_edited_points_and_percent_cells_are_read_as_numbers(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["exfata_residents"]
    edits = {"security": 80, "economy": 5, "sec_violence_reduction": 0.25}
    for node, points in edits.items():
        ws[f"{POINTS}{row_of(ws, node)}"] = points
    ws[f"{POINTS}{row_of(ws, 'sec_violence_reduction')}"].number_format = "0%"
    ws.title = "renamed by a planner"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    profile = engine.load_weights(edited, shipped)["exfata_residents"]
    expected = dict(shipped.profile("exfata_residents").weights) | edits
    assert profile.weights == pytest.approx(expected)
    result = engine.evaluate(shipped, scenario="s0_status_quo", profile=profile)
    by_hand = shipped.values("s0_status_quo") @ shipped.weights(profile)
    np.testing.assert_allclose(result["score"], by_hand)


def test_every_bad_cell_is_reported_at_its_cell_in_one_pass(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["equal_weights"]
    bad = {
        "sec_violence_reduction": ("abc", "value-not-numeric"),
        "sec_sanctuary_denial": (True, "value-not-numeric"),
        "sec_recruitment_finance_denial": (datetime.datetime(2025, 1, 1), "value-not-numeric"),
        "legitimacy": ("#DIV/0!", "value-not-numeric"),
        "governance": ("2,5", "value-not-numeric"),
        "economy": (None, "weight-missing"),
        "diplomacy": (-3, "weight-negative"),
        "risks": ("=1+1", "formula-no-value"),
    }
    for node, (value, _) in bad.items():
        ws[f"{POINTS}{row_of(ws, node)}"] = value
    last = ws.max_row
    ws.cell(last + 1, 1, "not_in_the_tree")
    ws.cell(last + 1, COLUMNS["points"], 5)
    ws.cell(last + 2, 1, "security")
    ws.cell(last + 2, COLUMNS["points"], 5)
    legit = shipped.tree.children("legitimacy")
    other = wb["exfata_residents"]
    for node in legit:
        other[f"{POINTS}{row_of(other, node)}"] = 0
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    before = digest(broken)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(broken, shipped)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    for node, (_, code) in bad.items():
        assert (code, "equal_weights", f"{POINTS}{row_of(ws, node)}") in found
    assert ("node-unknown", "equal_weights", f"{POINTS}{last + 1}") in found
    assert ("id-duplicate", "equal_weights", f"A{last + 2}") in found
    zero = [i for i in caught.value.issues if i.code == "weight-all-zero"]
    assert zero and zero[0].location.sheet == "exfata_residents"
    assert all(i.location.file == str(broken) for i in caught.value.issues)
    assert any("(a decimal comma)" in i.message for i in caught.value.issues)
    assert digest(broken) == before


def test_a_missing_node_row_is_reported(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["kp_provincial_political"]
    ws.delete_rows(row_of(ws, "sus_durability"))
    target = tmp_path / "short.xlsx"
    wb.save(target)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(target, shipped)
    issue = next(i for i in caught.value.issues if i.code == "weight-missing")
    assert "sus_durability" in issue.message and issue.location.sheet == "kp_provincial_political"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"name,weight\nsecurity,3\n", "workbook-unreadable"),
        (None, "profile-sheet-missing"),
    ],
)
def test_files_that_are_not_weights_workbooks(tmp_path, content, code):
    target = tmp_path / "weights.xlsx"
    if content is None:
        openpyxl.Workbook().save(target)
    else:
        target.write_bytes(content)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(target)
    assert [i.code for i in caught.value.issues] == [code]


def test_cli_template_then_run_with_edited_weights(
    shipped_study_path, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "weights", str(shipped_study_path), "--profile", "equal_weights"]) == 0
    template = tmp_path / "reports" / "ttp-2025-weights.xlsx"
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", "equal_weights"]
    ws = wb["equal_weights"]
    ws[f"{POINTS}{row_of(ws, 'security')}"] = 1000
    wb.save(template)
    out = tmp_path / "report.xlsx"
    args = ["run", str(shipped_study_path), "--weights", str(template), "--no-sensitivity"]
    assert main([*args, "--out", str(out), "--quiet"]) == EXIT_OK
    report = openpyxl.load_workbook(out)
    info = {r[0].value: r[1].value for r in report["Run info"].iter_rows() if r[0].value}
    assert digest(template) in info["Weights workbook"]
    assert info["Profiles from the workbook"].startswith("equal_weights")
    edited = engine.load_weights(template)["equal_weights"]
    study = engine.load_study(shipped_study_path)
    expected = engine.evaluate(study, scenario="s0_status_quo", profile=edited)
    best = expected["score"].idxmax()
    winners = [
        r
        for r in report["Summary"].iter_rows(values_only=True)
        if r[1] == "Equal weights (reference)"
    ]
    assert winners[0][2] == study.option(best).name
    capsys.readouterr()
    assert main([*args, "--out", str(template)]) == 4  # the workbook is an input


def test_cli_reports_workbook_problems_with_their_cells(shipped_study_path, tmp_path, capsys):
    target = tmp_path / "w.xlsx"
    assert main(["template", "weights", str(shipped_study_path), "--out", str(target)]) == 0
    wb = openpyxl.load_workbook(target)
    ws = wb["equal_weights"]
    ws[f"{POINTS}{row_of(ws, 'security')}"] = "lots"
    wb.save(target)
    capsys.readouterr()
    code = main(
        [
            "run",
            str(shipped_study_path),
            "--weights",
            str(target),
            "--out",
            str(tmp_path / "r.xlsx"),
        ]
    )
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"sheet 'equal_weights', cell {POINTS}{row_of(ws, 'security')}" in err
    assert "the text 'lots'" in err and not (tmp_path / "r.xlsx").exists()


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") or os.environ.get("POLICYSCORE_REQUIRE_SOFFICE"):
            pytest.fail(
                "LibreOffice (soffice) is required in CI: apt-get install libreoffice-calc-nogui"
            )
        pytest.skip("LibreOffice (soffice) is not installed; these tests need a real spreadsheet")
    return found


def recalculate(path: Path, folder: Path) -> Path:
    """Open, recalculate and save ``path`` in LibreOffice Calc; return the saved copy."""
    folder.mkdir(exist_ok=True)
    profile_dir = folder / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / path.name


def test_libreoffice_computes_the_engine_weights_after_an_edit(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb["federal_security_establishment"]
    ws[f"{POINTS}{row_of(ws, 'legitimacy')}"] = 55
    ws[f"{POINTS}{row_of(ws, 'sec_sanctuary_denial')}"] = 0
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    profile = engine.load_weights(edited, shipped)["federal_security_establishment"]
    expected = {w.node: w for w in shipped.node_weights(profile)}
    sheet = computed["federal_security_establishment"]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        node = sheet.cell(row, COLUMNS["node"]).value
        if node is None:
            continue
        assert sheet.cell(row, COLUMNS["local"]).value == pytest.approx(expected[node].local)
        assert sheet.cell(row, COLUMNS["global"]).value == pytest.approx(expected[node].global_)
