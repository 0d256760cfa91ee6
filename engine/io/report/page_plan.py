"""Where a report sheet's columns and pages go, decided before anything is written: the
width of each column, the printed blocks and their page breaks (:class:`PrintPlan`), and
the splitting of a long table into parts that each print on one page under their own
header (:func:`split_for_print`).

Every estimate here uses the same measures as the writer (:mod:`engine.io.report.text_metrics`
for wrapped text, :mod:`engine.io.printing` for paper, scale and column widths), so the
plan and the printed pages agree.
"""

from __future__ import annotations

from engine.io.printing import DEFAULT_WIDTH, PrintPlan, width_budget
from engine.report import Chart, Sheet, Table

MIN_COLUMN = 8
"""Narrowest a table's column is made (characters)."""
MAX_WIDTH = 80
"""Widest a column is made (characters); longer text wraps."""


def width_of(widths: dict[int, float], column: int) -> float:
    """Width (characters) of a sheet column: as planned, else the default."""
    return widths.get(column, DEFAULT_WIDTH)


HEADING_ROOM = 70
"""Fewest characters of width a sheet's wrapped title and note get."""


def heading_columns(printed: int, widths: dict[int, float]) -> int:
    """The printed columns, and more while they are narrower than :data:`HEADING_ROOM`."""
    columns = max(1, printed)
    while sum(width_of(widths, j) for j in range(1, columns + 1)) < HEADING_ROOM:
        columns += 1
    return columns


def column_widths(sheet: Sheet, paper: str) -> dict[int, float]:
    """Width (characters) of each sheet column: what the printed tables ask for, so that
    the screen-only tables below them never widen a printed page (their text wraps
    instead); columns no printed table uses take what the other tables ask for. Printed
    text columns are narrowed (down to :data:`MIN_TEXT_WIDTH`) when the printed columns
    would not fit one page wide with legible text."""
    count = len(sheet.tables) if sheet.printed is None else sheet.printed
    widths: dict[int, float] = {}
    for tables in (sheet.tables[:count], sheet.tables[count:]):
        wanted: dict[int, float] = {}
        for table in tables:
            for j, column in enumerate(table.columns, start=1):
                if column.span == 1:
                    width = min(max(MIN_COLUMN, column.width or len(column.header) + 2), MAX_WIDTH)
                    wanted[j] = max(wanted.get(j, MIN_COLUMN), width)
        widths |= {j: w for j, w in wanted.items() if j not in widths}
    for table in sheet.tables:  # a merged cell lacking room widens its last column
        column = 1
        for c in table.columns:
            covered = range(column, column + c.span)
            lacking = (c.width or len(c.header) + 2) - sum(width_of(widths, j) for j in covered)
            if c.span > 1 and lacking > 0:
                widths[covered[-1]] = width_of(widths, covered[-1]) + lacking
            column += c.span
    narrow_text(widths, sheet.tables[:count], width_budget(paper))
    return widths


MIN_TEXT_WIDTH = 14
"""Narrowest a printed text column is made to fit the page (its text wraps)."""


def narrow_text(widths: dict[int, float], printed: list[Table], budget: float) -> None:
    """Narrow the printed text columns, the widest first, until the printed columns fit
    ``budget`` characters; none goes below :data:`MIN_TEXT_WIDTH` or below what a number
    column of another printed table needs at the same place."""
    extent = max([0] + [sum(c.span for c in t.columns) for t in printed])
    floor: dict[int, float] = {}
    for t in (t for t in printed if all(c.span == 1 for c in t.columns)):
        for j, c in enumerate(t.columns, start=1):
            need = (
                MIN_TEXT_WIDTH
                if c.kind == "text"
                else max(MIN_COLUMN, c.width or len(c.header) + 2)
            )
            floor[j] = max(floor.get(j, 0), need)
    text = {
        j
        for t in printed
        if all(c.span == 1 for c in t.columns)
        for j, c in enumerate(t.columns, start=1)
        if c.kind == "text"
    }
    excess = sum(width_of(widths, j) for j in range(1, extent + 1)) - budget
    while excess > 0.5:
        wide = sorted((j for j in text if widths[j] > floor[j] + 0.05), key=lambda j: -widths[j])
        if not wide:
            return
        top = widths[wide[0]]
        level = [j for j in wide if widths[j] == top]
        below = max([widths[j] for j in wide if widths[j] < top] + [floor[j] for j in level])
        cut = min(top - below, excess / len(level))
        for j in level:
            widths[j] = round(top - cut, 2)
        excess -= cut * len(level)


def print_plan(
    sheet: Sheet,
    positions: list[tuple[int, int, int]],
    ends: list[int],
    charts_below: list[tuple[int, int, int]],
):
    """The printed rows of a sheet: its first ``sheet.printed`` tables (``ends``: the last
    row of each table's block, a chart under it included). A sheet of several tables
    repeats its title, note and banner (rows 1-3) on every page and leaves its table of
    links out; a sheet of one table prints from the top and repeats its header."""
    count = len(sheet.tables) if sheet.printed is None else sheet.printed
    blocks = [(start, end) for (start, _, _), end in zip(positions[:count], ends, strict=False)]
    for k, top, bottom in charts_below:  # a table, then its chart: two blocks
        if k < count:
            blocks[k] = (blocks[k][0], top - 1)
            blocks.append((top, bottom))
    blocks.sort()
    columns = max([0] + [sum(c.span for c in table.columns) for table in sheet.tables[:count]])
    several = len(sheet.tables) > 1
    return PrintPlan(
        first_row=blocks[0][0] if blocks and several else 1,
        last_row=blocks[-1][1] if blocks else 3,
        columns=columns,
        blocks=blocks,
        key_columns=sheet.key_columns,
        title_rows=(1, 3) if several else None,
        blank_column=max([4] + [sum(c.span for c in t.columns) for t in sheet.tables]) + 2,
        breaks_after=[ends[k] for k in sheet.page_after if k < min(count, len(ends)) - 1],
    )


def anchor_of(chart: Chart) -> int:
    """The table a chart drawn below a table is drawn under."""
    return chart.table if chart.anchor is None else chart.anchor
