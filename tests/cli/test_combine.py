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
    assert "Federal security establishment: full agreement (W 1.00" in printed
    exfata = next(line for line in printed.splitlines() if "Ex-FATA residents:" in line)
    assert "full agreement" not in exfata and "farthest from the pool" in exfata
    assert "Next:" in printed and "policyscore run --weights" in printed
    group = tmp_path / "reports" / "ttp-2025-group-weights.xlsx"
    shipped = engine.load_study(shipped_study_path)
    # by default the group workbook holds the pooled profiles only (what run --weights
    # scores: each profile once); --planner-copies adds each planner's, named for them
    assert set(engine.load_weights(group, shipped)) == set(shipped.profiles)
    argv = ["combine", "a.xlsx", "b.xlsx", "--study", study, "--planner-copies"]
    assert main([*argv, "--out", "copies.xlsx"]) == EXIT_OK
    profiles = engine.load_weights(tmp_path / "copies.xlsx", shipped)
    assert "exfata_residents" in profiles and "exfata_residents__Ayesha_Khan" in profiles
    assert profiles["exfata_residents__Ayesha_Khan"].name == "Ex-FATA residents (Ayesha_Khan)"
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


def test_combine_refuses_one_workbook_given_twice(shipped_study_path, tmp_path, capsys):
    """Issue 28, class 9: the same file twice counted one planner twice, silently."""
    weights = tmp_path / "w.xlsx"
    assert main(["template", "weights", str(shipped_study_path), "--out", str(weights)]) == 0
    capsys.readouterr()
    argv = ["combine", str(weights), str(tmp_path / "." / "w.xlsx")]
    assert main([*argv, "--study", str(shipped_study_path)]) == EXIT_INPUT
    assert "given twice" in capsys.readouterr().err


def test_combine_pools_a_study_with_an_ahp_profile_and_refuses_bad_judgments_at_their_cell(
    tmp_path, mini_files, capsys, monkeypatch
):
    """Issue 28, class 9: combine failed on every study with an AHP profile, even with
    untouched templates (the points the AHP sheet derived were a second weighting); a
    judgment of text or 1000 was an internal error, or located in the study's file."""
    from conftest import add_ahp_profile, write_study

    monkeypatch.chdir(tmp_path)
    add_ahp_profile(mini_files)
    study = str(write_study(tmp_path / "study", mini_files))
    assert main(["template", "weights", study, "--out", "a.xlsx"]) == EXIT_OK
    (tmp_path / "b.xlsx").write_bytes((tmp_path / "a.xlsx").read_bytes())
    assert main(["combine", "a.xlsx", "b.xlsx", "--study", study]) == EXIT_OK
    book = openpyxl.load_workbook(tmp_path / "a.xlsx")
    ws = book["AHP"]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Profile")
    ws.cell(top + 2, 3).value = "lots"  # the first judgment above the diagonal
    ws.cell(top + 2, 4).value = 1000
    book.save(tmp_path / "c.xlsx")
    capsys.readouterr()
    assert main(["combine", "c.xlsx", "b.xlsx", "--study", study]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert err.count("[ahp-out-of-scale]") == 2 and "sheet 'AHP'" in err
    assert f"C{top + 2}" in err and f"D{top + 2}" in err


def test_planners_ahp_judgments_are_pooled_by_geometric_mean_with_their_consistency(
    tmp_path, mini_files, capsys, monkeypatch
):
    """Two planners judge the objectives by AHP in their workbooks (edited, recalculated
    by LibreOffice, as a planner's spreadsheet program would): the group's objective
    weights are the AHP priorities of the element-wise geometric mean of their matrices
    (Forman and Peniwati 1998, AIJ), and the Disagreement sheet lists each planner's and
    the pooled matrix's consistency ratio."""
    import numpy as np
    from conftest import add_ahp_profile, recalculate, write_study

    from engine.compare.group import combine
    from engine.elicitation import ahp
    from engine.io.workbooks.group_workbook import read_planners

    add_ahp_profile(mini_files)
    study_path = write_study(tmp_path / "ahp", mini_files)
    study = engine.load_study(study_path)
    template = tmp_path / "t.xlsx"
    assert main(["template", "weights", str(study_path), "--out", str(template)]) == EXIT_OK
    matrices = {"p": (2.0, 9.0, 4.0), "q": (5.0, 3.0, 0.5)}  # a-b, a-c, b-c
    paths = []
    for name, (ab, ac, bc) in matrices.items():
        wb = openpyxl.load_workbook(template)
        ws = wb["AHP"]
        header = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Row vs column")
        ws.cell(header + 1, 3).value, ws.cell(header + 1, 4).value = ab, ac
        ws.cell(header + 2, 4).value = bc
        wb["Weights"].cell(PLANNER_ROW, 2).value = name
        edited = tmp_path / f"{name}-edited.xlsx"
        wb.save(edited)
        paths.append(recalculate(edited, tmp_path / f"calc-{name}"))
    planners = read_planners(paths, study)
    group = combine(study, planners)

    def full(ab, ac, bc):
        return np.array([[1, ab, ac], [1 / ab, 1, bc], [1 / ac, 1 / bc, 1]])

    pooled = np.sqrt(full(*matrices["p"]) * full(*matrices["q"]))
    expected = ahp(pooled)
    local = {w.node: w.local for w in group.study.node_weights("ahp")}
    np.testing.assert_allclose(
        [local["goal_a"], local["goal_b"], local["goal_c"]], expected.weights, rtol=1e-9
    )
    rows = group.consistency[group.consistency["Profile"] == "AHP"]
    ratios = dict(zip(rows["Planner"], rows["Consistency ratio"], strict=True))
    assert ratios["group"] == pytest.approx(expected.consistency_ratio)
    assert ratios["p"] == pytest.approx(ahp(full(*matrices["p"])).consistency_ratio)
    assert ratios["q"] == pytest.approx(ahp(full(*matrices["q"])).consistency_ratio)


def test_agreement_words_follow_schmidt_1997():
    """Schmidt (1997), Decision Sciences 28(3), Table 2: W 0.7 strong, 0.5 moderate,
    0.3 weak, below it very weak; 1 is full agreement."""
    from engine.cli.combine import agreement_words

    assert agreement_words(1.0) == "full"
    assert agreement_words(0.75) == "strong"
    assert agreement_words(0.69) == "moderate"
    assert agreement_words(0.3) == "weak"
    assert agreement_words(0.1) == "very weak"
    assert agreement_words(float("nan")).startswith("not measurable")
