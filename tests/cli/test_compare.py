"""The ``policyscore compare`` command end to end."""

from __future__ import annotations

import zipfile

import openpyxl
from conftest import digests

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.io.workbooks.weights_layout import weight_name


def _edited_copy(template, target, points):
    wb = openpyxl.load_workbook(template)
    sheet, ref = next(
        iter(wb.defined_names[weight_name("exfata_residents", "security")].destinations)
    )
    wb[sheet][ref.replace("$", "")] = points
    wb.save(target)
    return target


def test_compare_two_weight_sets_writes_the_report_and_prints_the_headline(
    shipped_study_path, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    study = str(shipped_study_path)
    assert main(["template", "weights", study, "--out", "ministry-a.xlsx"]) == EXIT_OK
    _edited_copy(tmp_path / "ministry-a.xlsx", tmp_path / "ministry-b.xlsx", 900)
    before = digests(tmp_path)
    capsys.readouterr()
    code = main(["compare", "ministry-a.xlsx", "ministry-b.xlsx", "--study", study])
    assert code == EXIT_OK
    printed = capsys.readouterr().out
    assert (
        "The winner differs in" in printed
        and f"of {_pairs(shipped_study_path)} scenario x profile pairs" in printed
    )
    target = tmp_path / "reports" / "compare-ministry-a-vs-ministry-b.xlsx"
    assert str(target.resolve()) in printed
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:2] == ["Overview", "Read me"]
    assert {"Winners", "Rank changes", "Weights", "Study diff", "Agreement"} <= set(wb.sheetnames)
    table = wb["Winners"].tables["compare_winners"]
    ws = wb["Winners"]
    first = ws[table.ref.split(":")[0]]
    header = [c.value for c in ws[first.row]][:4]
    assert header == ["Scenario", "Profile", "ministry-a", "ministry-b"]
    differing = [
        r for r in ws.iter_rows(min_row=first.row + 1, values_only=True) if r[2] and r[2] != r[3]
    ]
    assert differing and all(r[1].startswith("Ex-FATA residents") for r in differing)
    assert f"differs in {len(differing)} of {_pairs(shipped_study_path)}" in printed
    after = {k: v for k, v in digests(tmp_path).items() if k in before}
    assert after == before  # the inputs are never touched


def test_an_input_that_is_not_comparable_is_one_located_error(tmp_path, capsys, shipped_study_path):
    text = tmp_path / "notes.txt"
    text.write_text("weights", encoding="utf-8")
    code = main(["compare", str(shipped_study_path), str(text), "--out", str(tmp_path / "c.xlsx")])
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert "notes.txt" in err and "compare-input-unknown" in err
    assert not (tmp_path / "c.xlsx").exists()


def test_weights_of_another_value_tree_are_one_error_not_one_per_cell(
    shipped_study_path, mini_study_path, tmp_path, capsys
):
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    assert main(["template", "weights", str(shipped_study_path), "--out", str(ours)]) == EXIT_OK
    assert main(["template", "weights", str(mini_study_path), "--out", str(theirs)]) == EXIT_OK
    capsys.readouterr()
    args = ["compare", str(ours), str(theirs), "--study", str(shipped_study_path)]
    assert main([*args, "--out", str(tmp_path / "c.xlsx")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("error [") == 1 and "compare-tree-differs" in err
    assert "theirs.xlsx, sheet 'Weights', cell A7" in err


def test_a_report_of_an_unknown_format_is_refused_where_it_says_so(
    shipped_study_path, tmp_path, capsys
):
    report = tmp_path / "r.xlsx"
    args = ["run", str(shipped_study_path), "--no-sensitivity", "--no-portfolio", "--quiet"]
    assert main([*args, "--out", str(report)]) == EXIT_OK
    wb = openpyxl.load_workbook(report)
    ws = wb["Run info"]
    row = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Report format")
    ws.cell(row, 2).value = 99
    future = tmp_path / "future.xlsx"
    wb.save(future)
    capsys.readouterr()
    code = main(["compare", str(report), str(future), "--study", str(shipped_study_path)])
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert "compare-report-format" in err and f"sheet 'Run info', cell B{row}" in err
    assert err.count("error [") == 1


def _pairs(study_path) -> int:
    """Scenario x profile pairs of the shipped study (36 in its second edition)."""
    study = engine.load_study(study_path)
    return len(study.scenarios) * len(study.profiles)


def test_compare_reads_workbooks_through_the_guards_run_weights_uses(
    shipped_study_path, tmp_path, capsys
):
    """Issue 28, class 6: one reader for every command. A weights sheet renamed by a
    planner is read by ``compare`` as by ``run --weights``; a workbook whose XML is
    broken is one located error, not an internal one."""
    weights = tmp_path / "weights.xlsx"
    assert main(["template", "weights", str(shipped_study_path), "--out", str(weights)]) == 0
    book = openpyxl.load_workbook(weights)
    book["Weights"].title = "My weights"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    argv = ["compare", str(renamed), str(weights), "--study", str(shipped_study_path)]
    assert main([*argv, "--out", str(tmp_path / "c.xlsx")]) == 0, capsys.readouterr().err
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(weights) as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(
                item, data[: len(data) // 2] if item.filename == "xl/workbook.xml" else data
            )
    capsys.readouterr()
    argv = ["compare", str(broken), str(weights), "--study", str(shipped_study_path)]
    assert main([*argv, "--out", str(tmp_path / "d.xlsx")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "broken.xlsx" in err and "error [" in err and "internal" not in err.lower()
