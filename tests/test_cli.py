"""The policyscore command end to end on temporary studies."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main


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
    names = openpyxl.load_workbook(out).sheetnames
    assert "derived" in names and "base" not in names


def test_unknown_scenario_is_an_input_error(mini_study_path, tmp_path, capsys):
    code = main(
        ["run", str(mini_study_path), "--scenario", "nope", "--out", str(tmp_path / "r.xlsx")]
    )
    assert code == EXIT_INPUT
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_unknown_method_is_a_usage_error_listing_valid_methods(mini_study_path, capsys):
    assert main(["run", str(mini_study_path), "--method", "magic"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "invalid choice: 'magic'" in err and "additive" in err and "vikor" in err


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


def test_sensitivity_writes_its_report_and_prints_the_headlines(mini_study_path, tmp_path, capsys):
    before = hashes(mini_study_path)
    out = tmp_path / "s.xlsx"
    code = main(
        [
            "sensitivity",
            str(mini_study_path),
            "--scenario",
            "derived",
            "--samples",
            "2000",
            "--seed",
            "3",
            "--out",
            str(out),
        ]
    )
    assert code == EXIT_OK
    printed = capsys.readouterr()
    assert "Smallest single weight change" in printed.out
    assert "share of samples ranked first" in printed.out
    assert printed.err == ""  # not a terminal: no progress bar
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Acceptability",
        "Switch points",
        "Tornado",
        "Robustness",
        "Issues",
        "Run info",
    ]
    assert "Derived" in wb["Acceptability"]["A5"].value  # first link of the index
    assert hashes(mini_study_path) == before


def test_sensitivity_default_report_name_and_mode(mini_study_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["sensitivity", str(mini_study_path), "--samples", "100", "--quiet"]) == EXIT_OK
    report = tmp_path / "reports" / "mini-sensitivity-base.xlsx"
    assert report.exists()
    assert report.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_bad_smaa_settings_are_input_errors_listed_together(mini_study_path, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    code = main(
        [
            "sensitivity",
            str(mini_study_path),
            "--samples",
            "0",
            "--sampling",
            "dirichlet",
            "--concentration",
            "-1",
            "--out",
            str(out),
        ]
    )
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert "samples-invalid" in err and "concentration" in err
    assert not out.exists()
    code = main(["sensitivity", str(mini_study_path), "--sampling", "gaussian"])
    assert code == EXIT_USAGE
    assert "uniform, ordinal, intervals, dirichlet" in capsys.readouterr().err.replace("'", "")


def test_progress_bar_only_on_a_terminal(mini_study_path, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    args = ["sensitivity", str(mini_study_path), "--samples", "300000", "--profile", "equal"]
    assert main([*args, "--out", str(tmp_path / "a.xlsx")]) == EXIT_OK
    err = capsys.readouterr().err
    assert "SMAA [" in err and "300,000/300,000 samples" in err and err.endswith("\n")
    assert main([*args, "--quiet", "--out", str(tmp_path / "b.xlsx")]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_run_without_sensitivity_and_with_its_settings(mini_study_path, tmp_path):
    plain, full = tmp_path / "plain.xlsx", tmp_path / "full.xlsx"
    assert main(["run", str(mini_study_path), "--no-sensitivity", "--out", str(plain)]) == EXIT_OK
    assert "Acceptability" not in openpyxl.load_workbook(plain).sheetnames
    args = ["run", str(mini_study_path), "--samples", "500", "--seed", "9"]
    assert main([*args, "--sampling", "ordinal", "--out", str(full)]) == EXIT_OK
    info = {r[0].value: r[1].value for r in openpyxl.load_workbook(full)["Run info"].iter_rows()}
    assert info["SMAA"].startswith("500 samples, seed 9, ordinal weight sampling")
