"""Print setup of report sheets: what prints, at what scale, where pages break."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from engine.io.printing import (
    MIN_SCALE,
    PAGED_SCALE,
    PrintPlan,
    column_points,
    printable,
    set_print,
    width_budget,
)
from engine.io.report.excel_writer import render
from engine.io.report.page_plan import MIN_TEXT_WIDTH
from engine.io.report.page_plan import column_widths as _column_widths
from engine.report.layout import Column, Report, Sheet, Table


def _sheet(widths: list[float]):
    ws = Workbook().active
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + j)].width = width
    return ws


def test_narrow_sheet_fits_one_page_wide_at_a_legible_scale():
    ws = _sheet([30, 40, 20])
    scale = set_print(ws, PrintPlan(1, 40, 3), "a4")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert scale == 1.0
    assert ws.print_area == "'Sheet'!$A$1:$C$40"


def test_wide_sheet_is_paged_with_its_key_columns_repeated():
    ws = _sheet([30, 40] + [20] * 10)
    scale = set_print(ws, PrintPlan(1, 40, 12, key_columns=2), "a4")
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == PAGED_SCALE and scale == PAGED_SCALE / 100
    assert ws.print_title_cols == "$A:$B"


@given(st.lists(st.floats(8, 80), min_size=1, max_size=12), st.sampled_from(["a4", "letter"]))
@settings(max_examples=60, deadline=None)
def test_fitted_scale_never_prints_text_below_8_points(widths, paper):
    ws = _sheet(widths)
    scale = set_print(ws, PrintPlan(1, 10, len(widths)), paper)
    assert scale >= MIN_SCALE and 11 * scale >= 8.0
    fitted = ws.sheet_properties.pageSetUpPr.fitToPage
    total = sum(column_points(w) for w in widths)
    assert fitted == (total * MIN_SCALE <= printable(paper)[0])


def test_a_block_that_would_straddle_a_page_starts_a_new_one():
    ws = _sheet([20])
    plan = PrintPlan(1, 60, 1, blocks=[(1, 20), (22, 45)])
    set_print(ws, plan, "a4")  # a page holds about 33 rows of 15 points
    assert [b.id for b in ws.row_breaks.brk] == [21]


def test_no_break_leaves_a_page_with_only_the_sheets_title():
    """The first block under the title rows (1-5, no block) runs on from page 1 even when it
    would fit a fresh page whole: a break there printed the Inclusion frequency sheet's
    title alone on a page (33 measures). A later block still starts a fresh page."""
    ws = _sheet([20])
    set_print(ws, PrintPlan(1, 80, 1, blocks=[(6, 35), (37, 68)]), "a4")
    assert [b.id for b in ws.row_breaks.brk][:1] != [5]
    assert 36 in [b.id for b in ws.row_breaks.brk]


def test_a_block_taller_than_a_page_gets_no_break_of_its_own():
    ws = _sheet([20])
    set_print(ws, PrintPlan(1, 120, 1, blocks=[(1, 10), (12, 110)]), "a4")
    assert [b.id for b in ws.row_breaks.brk] == []


def _table(title, widths, kind="text"):
    columns = [Column(f"c{j}", kind, w) for j, w in enumerate(widths)]
    return Table(title, columns, [["x"] * len(widths)])


def test_screen_only_tables_do_not_widen_the_printed_columns():
    sheet = Sheet(
        "S", "t", "n", [_table("printed", [20, 20]), _table("screen", [60, 60, 60])], printed=1
    )
    widths = _column_widths(sheet, "a4")
    assert (widths[1], widths[2], widths[3]) == (20, 20, 60)


@given(
    st.lists(st.integers(8, 80), min_size=1, max_size=10),
    st.lists(st.booleans(), min_size=10, max_size=10),
)
@settings(max_examples=80, deadline=None)
def test_printed_text_columns_narrow_to_the_budget_and_numbers_keep_their_width(widths, texts):
    columns = [
        Column(f"c{j}", "text" if text else "number", w)
        for j, (w, text) in enumerate(zip(widths, texts, strict=False))
    ]
    sheet = Sheet("S", "t", "n", [Table(None, columns, [])])
    got = _column_widths(sheet, "a4")
    for j, column in enumerate(columns, start=1):
        if column.kind != "text":
            assert got[j] == max(8, column.width)
        else:
            assert min(column.width, MIN_TEXT_WIDTH) - 1e-9 <= got[j] <= column.width
    budget = width_budget("a4")
    floor = sum(
        max(8, c.width) if c.kind != "text" else min(c.width, MIN_TEXT_WIDTH) for c in columns
    )
    assert sum(got.values()) <= max(budget, floor) + 0.6


def test_the_report_marks_what_prints(tmp_path):
    table = _table("t", [10, 10])
    sheets = [
        Sheet("All", "t", "n", [table, table]),
        Sheet("First", "t", "n", [table, table], printed=1),
        Sheet("None", "t", "n", [table], printed=0),
    ]
    wb = render(Report(sheets))
    all_, first, none = (wb[name] for name in ("All", "First", "None"))
    # rows: every block (All) or the first table's (First); columns: the tables', widened
    # to give the wrapped title and note their room (two 10-wide columns: to H)
    assert all_.print_area == "'All'!$A$4:$H$10" and all_.print_title_rows == "$1:$3"
    assert first.print_area == "'First'!$A$4:$H$6"
    assert none.print_area == "'None'!$F$3"  # an empty cell: nothing prints
    assert none["F3"].value is None and none["A1"].value == "t"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_budget_follows_the_paper(paper):
    assert width_budget(paper) * (7.3) * MIN_SCALE == pytest.approx(printable(paper)[0])


def test_a_sheet_paged_across_keeps_each_column_block_on_one_page():
    """The Weights sheet: a profile's swing points and weights never split across pages;
    each page, with the repeated name column, fits the page width at the paged scale."""
    widths = [30, 40, 20, 7] + [11] * 3 * 12  # tree columns, then 12 profiles of 3
    ws = _sheet(widths[:26])
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    blocks = [(5 + 3 * k, 7 + 3 * k) for k in range(12)]
    plan = PrintPlan(1, 30, len(widths), key_columns=1, key_first=2, column_blocks=blocks)
    assert set_print(ws, plan, "a4") == PAGED_SCALE / 100
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks and all(after + 1 in {first for first, _ in blocks} for after in breaks)
    page = printable("a4")[0] / (PAGED_SCALE / 100)
    edges = [0, *breaks, len(widths)]
    for k, (start, end) in enumerate(itertools.pairwise(edges)):
        used = sum(column_points(w) for w in widths[start:end])
        used += column_points(widths[1]) if k else 0.0  # the name column repeats
        assert used <= page
