"""The ``policyscore combine`` command end to end."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import digests

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.io.workbooks.weights_layout import PLANNER_ROW, weight_name


def _planner_workbook(template, target, planner, points):
    wb = openpyxl.load_workbook(template)
    wb["Weights"].cell(PLANNER_ROW, 2).value = planner
    sheet, ref = next(
        iter(wb.defined_names[weight_name("exfata_residents", "security")].destinations)
    )
    wb[sheet][ref.replace("$", "")] = points
    wb.save(target)


def test_combine_pools_planners_and_writes_round_two_workbooks(
    shipped_study_path, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    study = str(shipped_study_path)
    assert main(["template", "weights", study, "--out", "t.xlsx"]) == EXIT_OK
    _planner_workbook("t.xlsx", tmp_path / "a.xlsx", "Ayesha Khan", 20)
    _planner_workbook("t.xlsx", tmp_path / "b.xlsx", None, 80)  # blank: the file's stem
    before = digests(tmp_path)
    capsys.readouterr()
    assert main(["combine", "a.xlsx", "b.xlsx", "--study", study]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Pooled 2 planners: Ayesha_Khan, b" in printed and "Kendall's W" in printed
    group = tmp_path / "reports" / "ttp-2025-group-weights.xlsx"
    shipped = engine.load_study(shipped_study_path)
    profiles = engine.load_weights(group, shipped)
    assert "exfata_residents" in profiles and "exfata_residents__Ayesha_Khan" in profiles
    ids = ["exfata_residents", "exfata_residents__Ayesha_Khan", "exfata_residents__b"]
    joined = shipped.replace_profiles([profiles[i] for i in ids])
    local, a, b = ({w.node: w.local for w in joined.node_weights(i)} for i in ids)
    assert a["security"] != b["security"]
    assert local["security"] == pytest.approx((a["security"] + b["security"]) / 2)
    assert "Disagreement" in openpyxl.load_workbook(group).sheetnames
    for name in ("Ayesha_Khan", "b"):
        round_two = tmp_path / "reports" / "round2" / f"{name}.xlsx"
        back = engine.load_weights(round_two, shipped)  # ready to send back as it is
        assert set(back) == set(shipped.profiles)
        assert "Group" in openpyxl.load_workbook(round_two).sheetnames
    after = {k: v for k, v in digests(tmp_path).items() if k in before}
    assert after == before


def test_combine_needs_two_workbooks(shipped_study_path, tmp_path, capsys):
    assert main(["combine", str(tmp_path / "one.xlsx"), "--study", str(shipped_study_path)]) == (
        EXIT_INPUT
    )
    assert "compare-inputs" in capsys.readouterr().err
