"""The application layer: a command's pipeline, callable from Python, prints nothing."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import digests

from engine.app import load_with_weights, run_report
from engine.errors import InputError
from engine.results import RunSettings


def test_a_run_pipeline_writes_the_report_and_returns_what_the_cli_prints(
    mini_study_path, tmp_path, capsys
):
    before = digests(mini_study_path)
    loaded = load_with_weights(mini_study_path)
    assert loaded.inputs and all(p.is_file() for p in loaded.inputs) and loaded.recorded == {}
    settings = RunSettings(loaded.study.scenarios, loaded.study.profiles, sensitivity=None)
    written = run_report(loaded, settings, tmp_path / "out" / "report.xlsx")
    assert written.target.is_file()
    assert "Summary" in openpyxl.load_workbook(written.target, read_only=True).sheetnames
    assert set(written.results.pairs) == {
        (s, p) for s in loaded.study.scenarios for p in loaded.study.profiles
    }
    assert capsys.readouterr() == ("", "")  # the library never prints
    assert digests(mini_study_path) == before  # inputs untouched


def test_weights_join_the_study_and_are_recorded(mini_study_path, tmp_path):
    from engine.cli import main

    weights = tmp_path / "w.xlsx"
    assert main(["template", "weights", str(mini_study_path), "--out", str(weights)]) == 0
    loaded = load_with_weights(mini_study_path, weights)
    assert loaded.inputs[-1] == weights
    assert loaded.recorded["weights_file"] == str(weights)
    assert set(loaded.recorded["weights_profiles"]) == set(loaded.study.profiles)
    with pytest.raises(InputError):
        load_with_weights(mini_study_path, tmp_path / "missing.xlsx")
