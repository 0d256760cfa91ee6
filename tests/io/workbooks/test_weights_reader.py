"""The weights workbook: template layout, round trip, located validation, live formulas."""

from __future__ import annotations

import datetime
import hashlib
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import REPO, add_ahp_profile, add_criterion, recalculate, write_study

import engine
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.io.workbooks.group_workbook import planner_id
from engine.io.workbooks.weights_layout import FIRST_ROW, ID_ROW, global_name, weight_name
from engine.io.workbooks.weights_template import write_weights_template
from engine.io.workbooks.workbook_files import SheetPeek, sheet_parts

SHEET = "Weights"


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
        if ws.cell(row, 1).value == node:
            return row
    raise AssertionError(node)


def column_of(ws, profile: str) -> int:
    for column in range(2, ws.max_column + 1):
        if ws.cell(ID_ROW, column).value == profile:
            return column
    raise AssertionError(profile)


def points_cell(ws, profile: str, node: str) -> str:
    """Coordinate of a profile's swing points for a node."""
    letter = openpyxl.utils.get_column_letter(column_of(ws, profile))
    return f"{letter}{row_of(ws, node)}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_lays_out_the_tree_with_named_protected_inputs(shipped, template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instructions", SHEET]
    ws = wb[SHEET]
    assert ws.protection.sheet
    assert [ws.cell(r, 1).value for r in range(FIRST_ROW, ws.max_row + 1)] == [
        n.id for n in shipped.tree.nodes
    ]
    for profile in shipped.profiles:
        column = column_of(ws, profile)
        for w in shipped.node_weights(profile):
            sheet, ref = next(iter(wb.defined_names[weight_name(profile, w.node)].destinations))
            cell = wb[sheet][ref.replace("$", "")]
            assert cell.coordinate == points_cell(ws, profile, w.node)
            assert cell.value == pytest.approx(w.points) and not cell.protection.locked
            sheet, ref = next(iter(wb.defined_names[global_name(profile, w.node)].destinations))
            assert wb[sheet][ref.replace("$", "")].column == column + 2
        assert ws.cell(FIRST_ROW, column + 1).value.startswith("=IF(SUMIFS(")
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "decimal" and validation.formula1 == "0"
    assert points_cell(ws, shipped.profiles[-1], shipped.tree.nodes[-1].id) in str(validation.sqref)


def test_formulas_carry_the_engine_weights_as_cached_values(shipped, template):
    ws = openpyxl.load_workbook(template, data_only=True)[SHEET]
    for profile in shipped.profiles:
        column = column_of(ws, profile)
        for w in shipped.node_weights(profile):
            row = row_of(ws, w.node)
            assert ws.cell(row, column + 1).value == pytest.approx(w.local)
            assert ws.cell(row, column + 2).value == pytest.approx(w.global_)


def test_round_trip_gives_the_same_weights(shipped, template):
    before = digest(template)
    profiles = engine.load_weights(template, shipped)
    assert list(profiles) == shipped.profiles
    for profile_id, profile in profiles.items():
        np.testing.assert_allclose(shipped.weights(profile), shipped.weights(profile_id))
    assert digest(template) == before  # read, never written


def test_edited_points_and_percent_cells_are_read_as_numbers(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    edits = {"security": 80, "economy": 5, "sec_violence_reduction": 0.25}
    for node, points in edits.items():
        ws[points_cell(ws, "exfata_residents", node)] = points
    ws[points_cell(ws, "exfata_residents", "sec_violence_reduction")].number_format = "0%"
    ws.title = "renamed by a planner"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    profile = engine.load_weights(edited, shipped)["exfata_residents"]
    expected = dict(shipped.profile("exfata_residents").weights) | edits
    assert profile.weights == pytest.approx(expected)
    result = engine.evaluate(shipped, scenario="s0_status_quo", profile=profile)
    accepted = shipped.replace_profiles([profile])  # load_weights accepted it
    by_hand = shipped.values("s0_status_quo") @ accepted.weights("exfata_residents")
    np.testing.assert_allclose(result["score"], by_hand)


def test_every_bad_cell_is_reported_at_its_cell_in_one_pass(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
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
    cells = {node: points_cell(ws, "equal_weights", node) for node in bad}
    for node, (value, _) in bad.items():
        ws[cells[node]] = value
    last, equal = ws.max_row, column_of(ws, "equal_weights")
    letter = openpyxl.utils.get_column_letter(equal)
    ws.cell(last + 1, 1, "not_in_the_tree")
    ws.cell(last + 2, 1, "security")
    for profile in shipped.profiles:
        ws.cell(last + 1, column_of(ws, profile), 5)
        ws.cell(last + 2, column_of(ws, profile), 5)
    for node in shipped.tree.children("legitimacy"):
        ws[points_cell(ws, "exfata_residents", node)] = 0
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    before = digest(broken)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(broken, shipped)
    found = {(i.code, i.location.sheet, i.location.cell) for i in caught.value.issues}
    for node, (_, code) in bad.items():
        assert (code, SHEET, cells[node]) in found
    assert ("node-unknown", SHEET, f"{letter}{last + 1}") in found
    assert ("id-duplicate", SHEET, f"A{last + 2}") in found
    assert sum(i.code == "id-duplicate" for i in caught.value.issues) == 1
    zero = [i for i in caught.value.issues if i.code == "weight-all-zero"]
    exfata = openpyxl.utils.get_column_letter(column_of(ws, "exfata_residents"))
    assert zero and zero[0].location.cell.startswith(exfata)
    assert all(i.location.file == str(broken) for i in caught.value.issues)
    assert any("(a decimal comma)" in i.message for i in caught.value.issues)
    assert digest(broken) == before


def test_a_missing_node_row_is_reported(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    ws.delete_rows(row_of(ws, "sus_durability"))
    target = tmp_path / "short.xlsx"
    wb.save(target)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(target, shipped)
    missing = [i for i in caught.value.issues if i.code == "weight-missing"]
    assert len(missing) == len(shipped.profiles)
    assert all("sus_durability" in i.message and i.location.sheet == SHEET for i in missing)


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
    assert wb.sheetnames == ["Instructions", SHEET]
    ws = wb[SHEET]
    assert [ws.cell(ID_ROW, c).value for c in range(2, ws.max_column + 1)] == [
        None,
        None,
        None,
        "equal_weights",
        None,
        None,
    ]
    ws[points_cell(ws, "equal_weights", "security")] = 1000
    wb.save(template)
    out = tmp_path / "report.xlsx"
    args = ["run", str(shipped_study_path), "--weights", str(template), "--no-sensitivity"]
    assert main([*args, "--out", str(out), "--quiet"]) == EXIT_OK
    report = openpyxl.load_workbook(out, data_only=True)
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
        if r[1] == f"{study.profile('equal_weights').name} (weights from {template.name})"
    ]
    assert winners[0][2] == study.option(best).label  # its short name: the column is narrow
    capsys.readouterr()
    assert main([*args, "--out", str(template)]) == 4  # the workbook is an input


def test_cli_reports_workbook_problems_with_their_cells(shipped_study_path, tmp_path, capsys):
    target = tmp_path / "w.xlsx"
    assert main(["template", "weights", str(shipped_study_path), "--out", str(target)]) == 0
    wb = openpyxl.load_workbook(target)
    ws = wb[SHEET]
    ws[points_cell(ws, "equal_weights", "security")] = "lots"
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
    assert f"sheet 'Weights', cell {points_cell(ws, 'equal_weights', 'security')}" in err
    assert "the text 'lots'" in err and not (tmp_path / "r.xlsx").exists()


def test_libreoffice_computes_the_engine_weights_after_an_edit(shipped, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    ws[points_cell(ws, "federal_security_establishment", "legitimacy")] = 55
    ws[points_cell(ws, "federal_security_establishment", "sec_sanctuary_denial")] = 0
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    computed = openpyxl.load_workbook(recalculate(edited, tmp_path / "calc"), data_only=True)
    sheet = computed[SHEET]
    profiles = engine.load_weights(edited, shipped)
    accepted = shipped.replace_profiles(profiles.values())
    for profile_id in profiles:
        column = column_of(sheet, profile_id)
        for w in accepted.node_weights(profile_id):
            row = row_of(sheet, w.node)
            assert sheet.cell(row, column + 1).value == pytest.approx(w.local)
            assert sheet.cell(row, column + 2).value == pytest.approx(w.global_)
    assert profiles["federal_security_establishment"].weights["legitimacy"] == 55


@pytest.fixture
def ahp_study(tmp_path, mini_files):
    """The mini study with a third objective and an inconsistent AHP matrix at the top."""
    add_ahp_profile(mini_files)
    return engine.load_study(write_study(tmp_path / "ahp", mini_files))


def ahp_cells(ws) -> tuple[dict[tuple[str, str], str], str]:
    """Judgment cells by (row child, column child), and the consistency-ratio cell."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Row vs column")
    children = [ws.cell(header, 2 + j).value for j in range(3)]
    cells = {
        (children[i], children[j]): ws.cell(header + 1 + i, 2 + j).coordinate
        for i in range(3)
        for j in range(3)
    }
    return cells, f"B{header + 4}"


def test_ahp_matrices_get_a_live_sheet_with_the_consistency_ratio(ahp_study, tmp_path):
    from engine.elicitation import ahp

    target = tmp_path / "w.xlsx"
    write_weights_template(ahp_study, target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Instructions", SHEET, "AHP"]
    cells, ratio = ahp_cells(wb["AHP"])
    assert not wb["AHP"][cells[("goal_a", "goal_b")]].protection.locked
    assert wb["AHP"][cells[("goal_b", "goal_a")]].value.startswith("=1/")
    assert wb["AHP"][ratio].value.startswith("=((AVERAGE(")
    ws = wb[SHEET]
    assert ws[points_cell(ws, "ahp", "goal_a")].value.startswith("=100*'AHP'!")
    matrix = np.array([[1, 3, 7], [1 / 3, 1, 5], [1 / 7, 1 / 5, 1]])
    expected = ahp(matrix)
    cached = openpyxl.load_workbook(target, data_only=True)
    assert cached["AHP"][ratio].value == pytest.approx(expected.consistency_ratio, abs=1e-9)
    computed = openpyxl.load_workbook(recalculate(target, tmp_path / "calc"), data_only=True)
    assert computed["AHP"][ratio].value == pytest.approx(expected.consistency_ratio, abs=1e-9)
    for name in ("AHP", SHEET):
        for row in cached[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    theirs = computed[name][cell.coordinate].value
                    assert theirs == pytest.approx(cell.value, abs=1e-9), cell.coordinate


def test_an_edited_ahp_judgment_flows_into_the_weights(ahp_study, tmp_path):
    from engine.elicitation import ahp

    target = tmp_path / "w.xlsx"
    write_weights_template(ahp_study, target)
    wb = openpyxl.load_workbook(target)
    cells, _ = ahp_cells(wb["AHP"])
    wb["AHP"][cells[("goal_a", "goal_c")]] = 2
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    with pytest.raises(engine.InputError) as caught:  # openpyxl saved no results
        engine.load_weights(edited, ahp_study)
    assert {i.code for i in caught.value.issues} == {"formula-no-value"}
    saved = recalculate(edited, tmp_path / "calc")
    profile = engine.load_weights(saved, ahp_study)["ahp"]
    matrix = np.array([[1, 3, 2], [1 / 3, 1, 5], [1 / 2, 1 / 5, 1]])
    priorities = ahp(matrix).weights
    for goal, weight in zip(["goal_a", "goal_b", "goal_c"], priorities, strict=True):
        assert profile.weights[goal] == pytest.approx(100 * weight, abs=1e-7)


@pytest.fixture
def ranked_study(tmp_path, mini_files):
    """The mini study whose 'skewed' profile weights goal_a's children by a tied ranking."""
    add_criterion(mini_files, "crit_v", value=4)
    profiles = mini_files["criteria/profiles.yaml"]["profiles"]
    skewed = profiles[1]
    skewed["weights"] = {"goal_a": 100, "goal_b": 25, "crit_z": 10}
    skewed["rankings"] = {
        "goal_a": {
            "scheme": "rank_order_centroid",
            "ranking": {"crit_x": 1, "crit_y": 2, "crit_v": 2},
        }
    }
    return engine.load_study(write_study(tmp_path / "ranked", mini_files))


def rank_cells(ws) -> tuple[dict[str, str], str]:
    """Rank input cell of each child, and the scheme cell."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Profile")
    cells = {}
    for r in range(top + 2, ws.max_row + 1):
        if ws.cell(r, 1).value is None:
            break
        cells[ws.cell(r, 1).value] = f"B{r}"
    return cells, f"F{top}"


def test_rankings_get_a_live_sheet_that_libreoffice_computes_like_the_engine(
    ranked_study, tmp_path
):
    from engine.elicitation import rank_weights

    target = tmp_path / "w.xlsx"
    write_weights_template(ranked_study, target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Instructions", SHEET, "Rankings"]
    cells, scheme = rank_cells(wb["Rankings"])
    ws = wb[SHEET]
    assert ws[points_cell(ws, "skewed", "crit_x")].value.startswith("=100*'Rankings'!")
    cached = openpyxl.load_workbook(target, data_only=True)
    computed = openpyxl.load_workbook(recalculate(target, tmp_path / "calc"), data_only=True)
    for name in ("Rankings", SHEET):
        for row in cached[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    theirs = computed[name][cell.coordinate].value
                    assert theirs == pytest.approx(cell.value, abs=1e-9), (name, cell.coordinate)
    wb["Rankings"][cells["crit_v"]] = 3
    wb["Rankings"][scheme] = "rank_reciprocal"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    saved = recalculate(edited, tmp_path / "calc2")
    profile = engine.load_weights(saved, ranked_study)["skewed"]
    expected = rank_weights([1, 2, 3], "rank_reciprocal")
    for child, weight in zip(["crit_x", "crit_y", "crit_v"], expected, strict=True):
        assert profile.weights[child] == pytest.approx(100 * weight, abs=1e-9)


def test_profiles_past_the_limit_are_refused_not_dropped(shipped, template, monkeypatch):
    """Issue 13, class 11: the profile past the limit used to vanish without a word."""
    from engine.io.workbooks import weights_reader

    monkeypatch.setattr(weights_reader, "MAX_PROFILES", 4)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(template, shipped)
    [issue] = caught.value.issues
    assert issue.code == "limit-exceeded" and "6 profiles" in issue.found
    ws = openpyxl.load_workbook(template)[SHEET]
    fifth = sorted(c.column for c in ws[ID_ROW] if c.column >= 2 and c.value)[4]
    assert issue.location.cell == f"{openpyxl.utils.get_column_letter(fifth)}{ID_ROW}"


def test_a_workbook_cannot_take_a_study_past_its_profile_limit(shipped, template, monkeypatch):
    from engine import acceptance

    profiles = engine.load_weights(template, shipped)
    renamed = [p.model_copy(update={"id": f"{p.id}_copy"}) for p in profiles.values()]
    monkeypatch.setitem(acceptance.LIMITS, "profile", 10)
    with pytest.raises(engine.InputError) as caught:
        acceptance.join_accepted(shipped, renamed)
    assert [i.code for i in caught.value.issues] == ["limit-exceeded"]
    assert len(acceptance.join_accepted(shipped, renamed[:4]).profiles) == 10


def _with_sheets(source: Path, target: Path, titles, cells: int, label: str = "") -> None:
    """``source`` with sheets of ``cells`` filled cells each added (and ``label`` in A3)."""
    book = openpyxl.load_workbook(source)
    for title in titles:
        ws = book.create_sheet(title)
        if label:
            ws.cell(ID_ROW, 1, label)
        for row in range(cells):
            ws.cell(10 + row // 100, 1 + row % 100, 1.0)
    book.save(target)


def test_sheets_a_weights_reader_does_not_read_do_not_count(template, shipped, tmp_path):
    """Issue 27, item 1: a report's other sheets (charts, tables, evidence) may hold any
    number of cells; the limit applies to the sheets read, and its message says so."""
    unread = tmp_path / "unread.xlsx"
    _with_sheets(template, unread, ["Evidence", "Tables"], 60_000)
    assert (
        engine.load_weights(unread, shipped).keys() == engine.load_weights(template, shipped).keys()
    )
    read = tmp_path / "read.xlsx"
    _with_sheets(template, read, ["More", "Most"], 60_000, label="Profile id")
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(read, shipped)
    [issue] = caught.value.issues
    assert issue.code == "limit-exceeded" and issue.location.sheet == "Most"
    assert "in the sheets read ('Weights', 'More', 'Most')" in issue.found
    assert "the other sheets are not read" in issue.found


def test_a_peek_reads_the_first_rows_as_saved(template, tmp_path):
    """The peek that chooses the sheets sees shared strings, numbers and yes/no in the
    first rows, and nothing of a sheet it cannot parse."""
    book = openpyxl.load_workbook(template)
    ws = book.create_sheet("Peeked")
    ws["A1"], ws["B2"], ws["C3"], ws["D20"] = "words", 2.5, True, "too far"
    target = tmp_path / "peeked.xlsx"
    book.save(target)
    with zipfile.ZipFile(target) as package:
        peek = SheetPeek(package, sheet_parts(package))
        assert peek.value("Peeked", 1, 1) == "words"
        assert peek.value("Peeked", 2, 2) == 2.5
        assert peek.value("Peeked", 3, 3) is True
        assert peek.value("Peeked", 4, 4) is None
        assert peek.value(SHEET, ID_ROW, 1) == "Profile id"
        assert peek.value("No such sheet", 1, 1) is None
        with pytest.raises(ValueError):
            peek.value("Peeked", 20, 4)


def test_profile_ids_differing_only_in_case_are_refused_at_their_cell(template, shipped, tmp_path):
    """Issue 28, class 8: 'P1' beside 'p1' (in one workbook, or against the study's own
    profile) ended in an internal error (a table name twice); refused at the id cell."""
    book = openpyxl.load_workbook(template)
    ws = book[SHEET]
    ids = [ws.cell(ID_ROW, c).value for c in range(1, ws.max_column + 1)]
    first = next(c for c, v in enumerate(ids, start=1) if v == "equal_weights")
    ws.cell(ID_ROW, first).value = "EQUAL_weights"
    target = tmp_path / "case.xlsx"
    book.save(target)
    with pytest.raises(engine.InputError) as caught:
        engine.load_weights(target, shipped)
    [issue] = [i for i in caught.value.issues if i.code == "id-duplicate"]
    assert "differs only in case" in issue.found and issue.location.cell.endswith(str(ID_ROW))
    assert planner_id("ann", ["Ann"]) == "ann_2"  # combine: planners Ann and ann
