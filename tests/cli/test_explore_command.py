"""``policyscore explore`` (issue 26) on the shipped study: the report and its sheets,
bad settings refused together, the drivers file's problems located, and the finding
quoted by ``run --explore``."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest
from conftest import REPO, write_study

from engine.cli import main

FAST = ["--futures", "3000", "--seed", "5"]


@pytest.fixture(scope="module")
def explored(tmp_path_factory):
    out = tmp_path_factory.mktemp("explore") / "ttp-explore.xlsx"
    assert main(["explore", str(REPO), *FAST, "--quiet", "--out", str(out)]) == 0
    return out


def test_the_report_holds_every_sheet_and_names_its_inputs(explored):
    book = openpyxl.load_workbook(explored)
    assert book.sheetnames[:3] == ["Summary", "Read me", "Drivers"]
    assert {"Options", "Packages", "Discovery 1", "Discovery 2", "Run info"} <= set(book.sheetnames)
    info = {r[0]: r[1] for r in book["Run info"].iter_rows(values_only=True) if r and r[0]}
    assert info["Report"] == "explore" and info["Seed"] == "5" and info["Futures"] == "3000"
    drivers = (REPO / "scenarios/uncertainties.yaml").read_bytes()
    assert info["Input scenarios/uncertainties.yaml"] == hashlib.sha256(drivers).hexdigest()
    summary = [r[0] for r in book["Summary"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert any("recommended package" in s for s in summary)
    drivers_sheet = [r[0] for r in book["Drivers"].iter_rows(values_only=True) if r[0]]
    assert "Kabul's stance" in drivers_sheet and "Provincial ownership" in drivers_sheet


def test_the_same_seed_gives_the_same_report_numbers(explored, tmp_path):
    again = tmp_path / "again.xlsx"
    assert (
        main(["explore", str(REPO), *FAST, "--quiet", "--workers", "2", "--out", str(again)]) == 0
    )
    first, second = openpyxl.load_workbook(explored), openpyxl.load_workbook(again)
    for sheet in ("Options", "Packages", "Discovery 1"):
        assert list(first[sheet].iter_rows(values_only=True)) == list(
            second[sheet].iter_rows(values_only=True)
        )


def test_bad_settings_are_refused_together(tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    code = main(
        ["explore", str(REPO), "--futures", "0", "--seed", "-1", "--workers", "0",
         "--regret", "-2", "--weight-concentration", "0", "--time-limit", "0",
         "--out", str(out)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 3 and not out.exists()
    for code_name in ("futures-invalid", "seed-invalid", "workers-invalid", "regret-invalid"):
        assert code_name in err
    assert "concentration-invalid" in err and "time-limit-invalid" in err


def test_problems_of_the_drivers_file_are_located_and_nothing_is_written(tmp_path, capsys):
    study = tmp_path / "study"
    for folder in ("criteria", "scenarios"):
        for path in (REPO / folder).iterdir():
            write_study(study, {f"{folder}/{path.name}": path.read_text(encoding="utf-8")})
    drivers = study / "scenarios/uncertainties.yaml"
    text = drivers.read_text(encoding="utf-8").replace("s4_ttp_escalation", "s4_ttp_escalaton")
    drivers.write_text(text, encoding="utf-8")
    out = tmp_path / "x.xlsx"
    assert main(["explore", str(study), *FAST, "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "scenario-unknown" in err and "s4_ttp_escalaton" in err
    assert "scenarios/uncertainties.yaml" in err and "drivers[2].high.scenario" in err
    assert not out.exists() and drivers.read_text(encoding="utf-8") == text


def test_run_quotes_the_explore_reports_finding_in_its_brief(explored, tmp_path):
    out = tmp_path / "run.xlsx"
    args = ["run", str(REPO), "--no-portfolio", "--no-sensitivity", "--quiet"]
    assert main([*args, "--explore", str(explored), "--out", str(out)]) == 0
    finding = openpyxl.load_workbook(explored)["Summary"]["A5"].value
    summary = [
        v for r in openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True) for v in r
    ]
    assert any(isinstance(v, str) and v.startswith("In generated futures") for v in summary)
    assert finding in summary


def test_run_refuses_a_workbook_that_is_not_an_explore_report(tmp_path, capsys):
    run_report = tmp_path / "run.xlsx"
    args = ["run", str(REPO), "--no-portfolio", "--no-sensitivity", "--quiet"]
    assert main([*args, "--out", str(run_report)]) == 0
    code = main([*args, "--explore", str(run_report), "--out", str(tmp_path / "b.xlsx")])
    err = capsys.readouterr().err
    assert code == 3 and "explore-report-invalid" in err and "Run info" in err


def test_validate_checks_the_drivers_file_too(tmp_path, capsys):
    study = tmp_path / "study"
    for folder in ("criteria", "scenarios"):
        for path in (REPO / folder).iterdir():
            write_study(study, {f"{folder}/{path.name}": path.read_text(encoding="utf-8")})
    assert main(["validate", str(study)]) == 0
    assert "Uncertain drivers (explore): kabul_stance" in capsys.readouterr().out
    drivers = study / "scenarios/uncertainties.yaml"
    drivers.write_text(
        drivers.read_text(encoding="utf-8").replace("base: s0_status_quo", "base: s9")
    )
    assert main(["validate", str(study)]) == 3
    err = capsys.readouterr().err
    assert "scenario-unknown" in err and "uncertainties.yaml, line 7, at base" in err


def test_driver_names_that_look_like_formulas_are_written_as_text(tmp_path):
    study = tmp_path / "study"
    for folder in ("criteria", "scenarios"):
        for path in (REPO / folder).iterdir():
            write_study(study, {f"{folder}/{path.name}": path.read_text(encoding="utf-8")})
    drivers = study / "scenarios/uncertainties.yaml"
    text = drivers.read_text(encoding="utf-8")
    drivers.write_text(
        text.replace('short_name: "Fiscal room"', 'short_name: "=1+2"'), encoding="utf-8"
    )
    out = tmp_path / "x.xlsx"
    assert main(["explore", str(study), *FAST, "--quiet", "--no-packages", "--out", str(out)]) == 0
    cells = [c for row in openpyxl.load_workbook(out)["Drivers"].iter_rows() for c in row]
    found = [c for c in cells if c.value == "=1+2"]
    assert found and all(c.data_type == "s" for c in found)
