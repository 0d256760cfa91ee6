"""The ``policyscore run`` command end to end on temporary studies."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
from conftest import REPO, digests

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main


def test_run_writes_the_report_and_prints_rankings(mini_study_path, tmp_path, capsys):
    before = digests(mini_study_path)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(mini_study_path), "--out", str(out), "--top", "3"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Base  x  Equal" in printed and f"Report written to {out.resolve()}" in printed
    assert printed.index("Base  x  Equal") < printed.index("Most often first")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert digests(mini_study_path) == before


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
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert any(row[:2] == ["Derived", "Skewed"] for row in rows)
    names = openpyxl.load_workbook(out).sheetnames
    assert "Derived" in names and "Base" not in names  # tabs: the scenarios' names


def test_unknown_scenario_is_an_input_error(mini_study_path, tmp_path, capsys):
    code = main(
        ["run", str(mini_study_path), "--scenario", "nope", "--out", str(tmp_path / "r.xlsx")]
    )
    assert code == EXIT_INPUT
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


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
    assert result.stdout.strip() == f"Report written to {written[0].resolve()}"


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


def test_run_without_sensitivity_and_with_its_settings(mini_study_path, tmp_path):
    plain, full = tmp_path / "plain.xlsx", tmp_path / "full.xlsx"
    assert main(["run", str(mini_study_path), "--no-sensitivity", "--out", str(plain)]) == EXIT_OK
    assert "Acceptability" not in openpyxl.load_workbook(plain).sheetnames
    args = ["run", str(mini_study_path), "--samples", "500", "--seed", "9"]
    assert main([*args, "--sampling", "ordinal", "--out", str(full)]) == EXIT_OK
    info = {r[0].value: r[1].value for r in openpyxl.load_workbook(full)["Run info"].iter_rows()}
    assert info["SMAA"].startswith("500 samples, seed 9, ordinal weight sampling")


def test_progress_bar_only_on_a_terminal(mini_study_path, tmp_path, capsys, monkeypatch):
    from engine.cli.output import ProgressBar

    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)  # draw at once (a quick run stays quiet)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    args = ["sensitivity", str(mini_study_path), "--samples", "300000", "--profile", "equal"]
    assert main([*args, "--out", str(tmp_path / "a.xlsx")]) == EXIT_OK
    err = capsys.readouterr().err
    # one bar over both runs: the profile's and the 'no preference information' reference,
    # with the time left, cleared when the work ends (tqdm, issue 25)
    assert "SMAA 100% [" in err and "600,000/600,000 samples" in err and " left)" in err
    assert re.search("\r +\r", err)
    assert main([*args, "--quiet", "--out", str(tmp_path / "b.xlsx")]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    """``policyscore run | head -1``: no internal error, exit 141 (as SIGPIPE), and the
    report is written before anything is printed."""
    out = tmp_path / "r.xlsx"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine",
            "run",
            str(REPO),
            "--no-portfolio",
            "--no-sensitivity",
            "--top",
            "0",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader goes away before the first line is printed
    assert process.wait(timeout=120) == 141
    err = process.stderr.read().decode()
    assert "Error" not in err and "Traceback" not in err and "internal error" not in err
    assert err.count("\n") <= 1  # at most the one line that counts the study diagnostics
    assert out.exists()


def test_rerun_with_a_reports_weights_writes_beside_it(tmp_path):
    """``run --weights REPORT`` without ``--out``: named after the weights file, never over
    the report it reads (which stays byte-identical)."""
    folder = tmp_path / "work"
    folder.mkdir()
    first = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "run",
            str(REPO),
            "--quiet",
            "--no-sensitivity",
            "--no-portfolio",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    report = folder / "reports" / "ttp-2025-report.xlsx"
    before = report.read_bytes()
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "run",
            str(REPO),
            "--quiet",
            "--no-sensitivity",
            "--no-portfolio",
            "--weights",
            str(report),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert second.returncode == 0, second.stderr
    assert (folder / "reports" / "ttp-2025-report-ttp-2025-report.xlsx").exists()
    assert report.read_bytes() == before


def test_the_terminal_shows_one_table_of_winners_and_the_absolute_report_path(tmp_path):
    out = tmp_path / "r.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "engine", "run", str(REPO), "--no-sensitivity", "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(
        i for i, line in enumerate(lines) if line.split()[:3] == ["Scenario", "Profile", "Winner"]
    )
    study = engine.load_study(REPO)
    pairs = len(study.scenarios) * len(study.profiles)
    table = lines[header + 1 : header + 1 + pairs]
    assert all(line.split()[-1].replace(".", "").isdigit() for line in table)
    assert len(table) == pairs
    assert any(line.startswith(f"Most often first, of {pairs} pairs:") for line in lines)
    assert any(line.startswith("Recommended package (least maximum regret") for line in lines)
    assert lines[-1] == f"Report written to {out.resolve()}"


def test_a_study_of_one_criterion_runs(tmp_path, mini_files, capsys):
    """Issue 28, class 10: one criterion (no weight can move: every switch-point row is an
    only child) ended in an IndexError; the report is written and names each winner."""
    from conftest import write_study

    tree = mini_files["criteria/value_tree.yaml"]
    first = tree["objectives"][0]
    tree["objectives"] = [{**first, "children": first["children"][:1]}]
    for profile in mini_files["criteria/profiles.yaml"]["profiles"]:
        profile["weights"] = {"goal_a": 1, "crit_x": 1}
    for name in ("scenarios/base.yaml", "scenarios/derived.yaml"):
        table = mini_files[name]["performance"]
        mini_files[name]["performance"] = {
            o: {"crit_x": cells["crit_x"]} for o, cells in table.items() if "crit_x" in cells
        }
    root = write_study(tmp_path / "one", mini_files)
    out = tmp_path / "r.xlsx"
    assert main(["run", str(root), "--out", str(out)]) == 0, capsys.readouterr().err
    assert out.exists() and "Option A" in capsys.readouterr().out


def test_long_package_analyses_show_their_stages_on_a_terminal(tmp_path, capsys, monkeypatch):
    """Issue 25: portfolio (and run) were silent for their whole duration; on a terminal
    each stage of the package analysis draws its bar, and nothing when piped."""
    from engine.cli.output import ProgressBar

    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    args = ["portfolio", str(REPO), "--quiet", "--samples", "12", "--scenario", "s0_status_quo"]
    assert main([*args, "--out", str(tmp_path / "p.xlsx")]) == 0
    err = capsys.readouterr().err
    assert err == ""  # --quiet: no bar
    assert main(args[:2] + args[3:] + ["--out", str(tmp_path / "q.xlsx")]) == 0
    err = capsys.readouterr().err
    for stage in ("Best packages 100% [", "Inclusion frequency 100% ["):
        assert stage in err
    assert "6/6 pairs" in err and "12/12 samples" in err and re.search("\r +\r", err)
