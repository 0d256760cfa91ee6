"""The ``policyscore sensitivity`` command end to end."""

from __future__ import annotations

import os

import openpyxl
from conftest import digests

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main


def test_sensitivity_writes_its_report_and_prints_the_headlines(mini_study_path, tmp_path, capsys):
    before = digests(mini_study_path)
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
    # not a terminal: no progress bar; only the line that counts the study's diagnostics
    assert "\r" not in printed.err and printed.err.count("\n") == 1
    assert printed.err.startswith("1 study diagnostic warning(s) (objective-single-criterion)")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Acceptability",
        "Read me",
        "Switch points",
        "Tornado",
        "Robustness",
        "Issues",
        "Run info",
    ]
    assert wb["Acceptability"]["A5"].value.startswith("Share of samples")  # first link
    assert "Derived" in wb["Acceptability"]["A6"].value  # then the first scenario's blocks
    assert digests(mini_study_path) == before


def test_sensitivity_default_report_name_and_mode(mini_study_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["sensitivity", str(mini_study_path), "--samples", "100", "--quiet"]) == EXIT_OK
    report = tmp_path / "reports" / "mini-sensitivity-base.xlsx"
    assert report.exists()
    assert report.stat().st_mode & 0o777 == 0o666 & ~current_umask()


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


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
