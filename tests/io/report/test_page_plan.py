"""Long tables on sheets of several tables are split for print: every printed page of such a
table starts under its title and header (issue 27, item 4)."""

from __future__ import annotations

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.io.printing import printable
from engine.io.report.excel_writer import write_report
from engine.io.report.page_plan import (
    CONTINUED,
    column_widths,
    heading_height,
    print_scale,
    row_height,
    split_for_print,
    title_rows_height,
)
from engine.report.layout import Chart, Column, Formula, Report, Sheet, Table


def _table(rows: int, title: str = "Long", text: str = "a short cell", **kwargs) -> Table:
    return Table(
        title,
        [Column("Name", width=30), Column("Note", width=40), Column("Value", "number")],
        [[f"row {i}", text if i % 3 else text * 4, float(i)] for i in range(rows)],
        **kwargs,
    )


def _sheet(*tables: Table, **kwargs) -> Sheet:
    return Sheet("Sheet", "A sheet of several tables", "Read: a note.", list(tables), **kwargs)


def _page(sheet: Sheet) -> tuple[dict, float]:
    widths = column_widths(sheet, "a4")
    room = printable("a4")[1] / print_scale(sheet, widths, "a4") - title_rows_height(sheet, widths)
    return widths, room


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(1, 160), words=st.integers(1, 60), footer=st.booleans())
def test_every_part_fits_a_page_and_the_parts_are_the_table(rows, words, footer):
    """Whatever the table's length and text, each part with its heading fits a page, the
    parts hold the table's rows in order, only the last holds the footer, and the parts
    after the first say they continue it."""
    long = _table(rows, text=" ".join(["word"] * words), footer=[["Total", "", 1.0]] * footer)
    sheet = _sheet(long, _table(3, "Short"))
    widths, room = _page(sheet)
    out = split_for_print(sheet, widths, "a4")
    parts = out.tables[:-1]
    assert out.tables[-1] is sheet.tables[1]
    assert [row for part in parts for row in part.rows] == long.rows
    for part in parts:  # (a single row taller than a page has a page of its own)
        body = sum(row_height(part, row, widths) for row in part.rows)
        fits = heading_height(part, widths) + body + 15 * len(part.footer) <= room
        assert fits or len(part.rows) == 1
    assert [p.continues for p in parts] == [False] + [True] * (len(parts) - 1)
    assert all(p.title == f"Long{CONTINUED}" for p in parts[1:])
    assert [bool(p.footer) for p in parts] == [False] * (len(parts) - 1) + [footer]
    total = heading_height(long, widths) + sum(row_height(long, r, widths) for r in long.rows)
    assert (len(parts) > 1) == (total + 15 * footer > room)  # split only when too long


def test_printed_count_page_breaks_and_charts_follow_the_parts():
    """The sheet's printed tables, forced breaks and charts point at the parts: a chart
    below a split table reads the first part (its rows are there) and is drawn after the
    last."""
    chart = Chart("Widest", table=1, categories=0, series=[2], rows=5, below=True)
    sheet = _sheet(
        _table(3, "First"),
        _table(200),
        _table(3, "Screen"),
        charts=[chart],
        printed=2,
        page_after=(1,),
    )
    widths, _ = _page(sheet)
    out = split_for_print(sheet, widths, "a4")
    parts = [t for t in out.tables if t.title and t.title.startswith("Long")]
    assert len(parts) > 2
    assert out.printed == 1 + len(parts)  # the screen-only table still does not print
    assert out.page_after == (len(parts),)  # after the last part
    assert out.charts[0].table == 1 and out.charts[0].anchor == len(parts)


def test_tables_that_formulas_or_readers_address_are_not_split():
    """A named table (its range is looked up), inputs, a formula over the table's own
    rows, a heat map (its colour scale spans the table) or a chart beside it: whole."""
    self_referring = _table(200)
    self_referring.rows[0][2] = Formula("=SUM(C{first}:C{last})", 1.0)
    for long in (
        _table(200, name="named"),
        _table(200, inputs=[2]),
        self_referring,
        _table(200, heat_columns=[2]),
    ):
        sheet = _sheet(long, _table(3, "Short"))
        widths, _ = _page(sheet)
        assert split_for_print(sheet, widths, "a4").tables == sheet.tables
    beside = Chart("All rows", table=0, categories=0, series=[2])
    sheet = _sheet(_table(200), _table(3, "Short"), charts=[beside])
    widths, _ = _page(sheet)
    assert split_for_print(sheet, widths, "a4") is sheet


def test_the_writer_gives_each_part_its_header_and_links_the_table_once(tmp_path):
    sheet = _sheet(_table(3, "First"), _table(150), index=True)
    path = tmp_path / "split.xlsx"
    write_report(Report([sheet]), path)
    ws = openpyxl.load_workbook(path)["Sheet"]
    column = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    titles = [v for v in column if isinstance(v, str) and v.startswith("Long")]
    assert len(titles) > 2 and titles.count("Long") == 2  # the link, then the first part
    assert column.count("Name") == 1 + (len(titles) - 1)  # First's, and one under every part
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks
    for brk in breaks:  # a page never starts inside a part: after a break, a title
        after = next(v for v in column[brk:] if v is not None)
        assert after == "First" or after.startswith("Long")
