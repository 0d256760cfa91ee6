"""The policyscore command end to end on temporary studies."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main


def hashes(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def test_run_writes_the_report_and_prints_rankings(mini_study_path, tmp_path, capsys):
    before = hashes(mini_study_path)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(mini_study_path), "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Base  x  Equal" in printed and f"Report written to {out}" in printed
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert hashes(mini_study_path) == before


def test_run_chooses_scenarios_and_profiles(mini_study_path, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    code = main(
        [
            "run",
            str(mini_study_path),
            "--scenario",
            "derived",
            "--profile",
            "skewed",
            "--out",
            str(out),
        ]
    )
    assert code == EXIT_OK
    assert "Derived  x  Skewed" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames[1:2] == ["derived"]


def test_unknown_scenario_is_an_input_error(mini_study_path, tmp_path, capsys):
    code = main(
        ["run", str(mini_study_path), "--scenario", "nope", "--out", str(tmp_path / "r.xlsx")]
    )
    assert code == EXIT_INPUT
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_unknown_method_lists_valid_methods(mini_study_path, capsys):
    assert main(["run", str(mini_study_path), "--method", "magic"]) == EXIT_INPUT
    assert "valid methods: additive" in capsys.readouterr().err


def test_validate_lists_every_issue_with_location_and_exits_non_zero(mini_study_path, capsys):
    profiles = mini_study_path / "criteria/profiles.yaml"
    profiles.write_text(profiles.read_text().replace("crit_x: 100", "crit_x: -100"))
    assert main(["validate", str(mini_study_path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "criteria/profiles.yaml, line" in err and "[weight-negative]" in err
    assert "Traceback" not in err


def test_validate_reports_a_clean_study(mini_study_path, capsys):
    assert main(["validate", str(mini_study_path)]) == EXIT_OK
    assert "no errors" in capsys.readouterr().out


def test_output_into_an_unwritable_place_is_an_output_error(mini_study_path, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["run", str(mini_study_path), "--out", str(blocker / "r.xlsx")]) == EXIT_OUTPUT
    assert "cannot write" in capsys.readouterr().err


def test_python_dash_m_engine_runs_the_shipped_study_in_its_folder(shipped_study_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, "-m", "engine", "run", "--quiet"],
        cwd=shipped_study_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    written = list((shipped_study_path / "reports").glob("*-report.xlsx"))
    assert len(written) == 1
    assert result.stdout.strip() == f"Report written to reports/{written[0].name}"


def test_run_with_another_method_and_the_method_comparison_sheet(mini_study_path, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["run", str(mini_study_path), "--method", "topsis", "--out", str(out)]) == EXIT_OK
    wb = openpyxl.load_workbook(out)
    info = {row[0]: row[1] for row in wb["Run info"].iter_rows(values_only=True) if row[0]}
    assert info["Method"].startswith("topsis")
    rows = list(wb["Methods"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Option")
    assert "TOPSIS (closeness to ideal)" in header and "Additive value model" in header
    tau = next(r for r in rows if r[0] == "Kendall tau")
    assert tau[1] == "agreement with topsis"
    assert tau[header.index("TOPSIS (closeness to ideal)")] == 1.0
