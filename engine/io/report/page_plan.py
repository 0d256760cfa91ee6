"""Where a report sheet's columns and pages go, decided before anything is written: the
width of each column, the printed blocks and their page breaks (:class:`PrintPlan`), and
the splitting of a long table into parts that each print on one page under their own
header (:func:`split_for_print`).

Every estimate here uses the same measures as the writer (:mod:`engine.io.text_metrics`
for wrapped text, :mod:`engine.io.printing` for paper, scale and column widths), so the
plan and the printed pages agree.
"""

from __future__ import annotations

from dataclasses import replace

from engine.io.printing import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    MIN_SCALE,
    PAGED_SCALE,
    PrintPlan,
    column_points,
    printable,
    width_budget,
)
from engine.io.text_metrics import (
    BOLD,
    CHARACTERS_PER_WIDTH,
    LINE_HEIGHT,
    PADDING,
    lines_needed,
    text_units,
    wrapped_lines,
)
from engine.report import Chart, Sheet, Table
from engine.report.layout import Formula

MIN_COLUMN = 8
"""Narrowest a table's column is made (characters)."""
MAX_WIDTH = 80
"""Widest a column is made (characters); longer text wraps."""


def longest_word(text: str) -> float:
    """Width (characters) a column needs for the longest word of a bold header, so that
    the header wraps between words, never inside one ('criterio / n')."""
    words = str(text).split()
    return max((text_units(w) * BOLD for w in words), default=0.0) + PADDING + 0.2


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
    printed, screen = sheet.printed_tables, sheet.screen_tables
    widths: dict[int, float] = {}
    for tables in (printed, screen):
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
    budget = width_budget(paper)
    narrow_text(widths, printed, budget)
    _fit_header_words(widths, printed, screen, budget)
    return widths


def _fit_header_words(
    widths: dict[int, float], printed: list[Table], screen: list[Table], budget: float
) -> None:
    """Widen columns to their header's longest word (a header wraps between words, never
    inside one, as 'criterio / n'): every screen-only column, and printed columns while
    the printed page still fits ``budget``, the smallest widenings first."""
    extent = max([0] + [sum(c.span for c in t.columns) for t in printed])
    need: dict[int, float] = {}
    for table in (*printed, *screen):
        for j, column in enumerate(table.columns, start=1):
            if column.span == 1:
                need[j] = max(need.get(j, 0.0), longest_word(column.header))
    total = sum(width_of(widths, j) for j in range(1, extent + 1))
    lacking = sorted(
        (need[j] - width_of(widths, j), j) for j in need if need[j] > width_of(widths, j)
    )
    for extra, j in lacking:
        if j <= extent and total + extra > budget:
            continue
        widths[j] = round(need[j], 2)
        total += extra if j <= extent else 0.0


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
    count = len(sheet.printed_tables)
    blocks = [(start, end) for (start, _, _), end in zip(positions[:count], ends, strict=False)]
    for k, top, bottom in charts_below:  # a table, then its chart: two blocks
        if k < count:
            blocks[k] = (blocks[k][0], top - 1)
            blocks.append((top, bottom))
    blocks.sort()
    columns = printed_span(sheet)
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


# --- Long tables split for print -------------------------------------------------------

CONTINUED = " (continued)"
"""Added to the title of each part after the first of a table split for print."""


def split_for_print(sheet: Sheet, widths: dict[int, float], paper: str) -> Sheet:
    """The sheet with each printed table taller than a page split into parts that each fit
    on one, every part under its own title and header row.

    A spreadsheet repeats one set of rows on every printed page of a sheet; a sheet of
    several tables can repeat only its title rows, so a table that ran over a page break
    would continue without its header. Only tables whose cells stand alone are split: no
    Excel table name, inputs, pick lists, heat map or sign colours, no chart beside them,
    no formula over the table's own rows (``{first}``/``{last}``); a chart below a table
    reads the first part and is drawn after the last, so its rows must lie in the first
    part (the tornado charts its widest swings, the first rows). Heights are
    estimated as the writer sets them (:func:`row_height`), at the scale the sheet will
    print at (:func:`print_scale`).
    """
    count = len(sheet.printed_tables)
    if len(sheet.tables) < 2 or count == 0:
        return sheet
    scale = print_scale(sheet, widths, paper)
    page = printable(paper)[1] / scale - title_rows_height(sheet, widths)
    room = page - SLACK
    tables: list[Table] = []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    used = 0.0  # height already taken on the current page (estimated only without charts)
    for k, table in enumerate(sheet.tables):
        first[k] = len(tables)
        if k - 1 in sheet.page_after or sheet.charts:
            used = 0.0
        heights = [row_height(table, row, widths) for row in table.rows]
        block = heading_height(table, widths) + sum(heights) + DEFAULT_HEIGHT * len(table.footer)
        parts = (
            _parts(table, heights, widths, room, room - used)
            if k < count and block > page and _splittable(sheet, k)
            else []
        )
        if parts and _charts_keep(sheet, k, parts[0]):
            tables += parts
            used = _block_height(parts[-1], widths)
        else:
            tables.append(table)
            used = used + block if used + block <= page or block > page else block
            used %= page
        used += DEFAULT_HEIGHT  # the blank row after a table
        last[k] = len(tables) - 1
    if len(tables) == len(sheet.tables):
        return sheet
    charts = [
        replace(
            chart,
            table=first[chart.table],  # a chart reads the first part of a split table
            anchor=last[anchor_of(chart)] if chart.below else chart.anchor,  # drawn after all
        )
        for chart in sheet.charts
    ]
    return replace(
        sheet,
        tables=tables,
        charts=charts,
        printed=None if sheet.printed is None else last[count - 1] + 1,
        page_after=tuple(last[k] for k in sheet.page_after if k in last),
    )


SLACK = 2 * LINE_HEIGHT
"""Room (points) a part leaves on its page: the writer's page plan measures the printed
columns (a chart beside them included) where this plan estimates them, and a part that
filled its page to the point would be pushed to the next by a rounding."""


def _splittable(sheet: Sheet, k: int) -> bool:
    table = sheet.tables[k]
    if table.name or table.inputs or table.choices or table.heat_columns or table.signed:
        return False
    if any(k == chart.table and not chart.below for chart in sheet.charts):
        return False  # a chart beside a table takes the rows beside it
    return not any(
        type(value) is Formula and ("{first}" in value.text or "{last}" in value.text)
        for row in table.rows
        for value in row
    )


def _charts_keep(sheet: Sheet, k: int, first: Table) -> bool:
    """Whether every chart drawn from table ``k`` reads only rows of its first part (a
    chart of the first ``rows`` rows, such as the tornado's widest swings)."""
    return all(
        chart.rows is not None and chart.rows <= len(first.rows)
        for chart in sheet.charts
        if chart.table == k
    )


def _parts(
    table: Table, heights: list[float], widths: dict[int, float], room: float, left: float
) -> list[Table]:
    """``table`` (its rows ``heights`` tall) cut into consecutive parts, each with its
    heading within ``room`` (the first within ``left``, the room left on the page where it
    starts, unless that holds fewer than :data:`MIN_ROWS` rows: then the first part starts
    a page too)."""
    heading = heading_height(table, widths)
    if left < heading + sum(heights[:MIN_ROWS]):
        left = room
    chunks: list[list] = [[]]
    used, limit = heading, left
    for row, height in zip(table.rows, heights, strict=True):
        if chunks[-1] and used + height > limit:
            chunks.append([])
            used, limit = heading, room
        chunks[-1].append(row)
        used += height
    if used + DEFAULT_HEIGHT * len(table.footer) > limit:
        chunks.append([])  # the footer goes under a header onto a page of its own
    if len(chunks) == 1:
        return [table]
    title = table.title or ""
    return [
        replace(
            table,
            title=table.title if i == 0 else f"{title}{CONTINUED}".strip(),
            rows=rows,
            footer=table.footer if i == len(chunks) - 1 else [],
            continues=i > 0,
        )
        for i, rows in enumerate(chunks)
    ]


MIN_ROWS = 3
"""Fewest rows the first part of a split table takes at the foot of a page."""


def _block_height(table: Table, widths: dict[int, float]) -> float:
    rows = sum(row_height(table, row, widths) for row in table.rows)
    return heading_height(table, widths) + rows + DEFAULT_HEIGHT * len(table.footer)


def printed_span(sheet: Sheet) -> int:
    """Sheet columns the printed tables take (the widest of them)."""
    return max([0] + [sum(c.span for c in t.columns) for t in sheet.printed_tables])


def print_scale(sheet: Sheet, widths: dict[int, float], paper: str) -> float:
    """The scale a sheet prints at (1.0 = 100 %), as :func:`engine.io.printing.set_print`
    will set it from the printed columns (a chart beside a table can only make it smaller,
    which leaves more room on a page, never less)."""
    columns = heading_columns(printed_span(sheet), widths)
    total = sum(column_points(width_of(widths, j)) for j in range(1, columns + 1))
    room_wide = printable(paper)[0]
    if total * MIN_SCALE <= room_wide:
        return min(1.0, room_wide / total)
    return PAGED_SCALE / 100


TITLE_FACTOR = 14 / 11 * 1.2
"""How much wider the sheet title (14-point bold) prints than body text."""


def title_rows_height(sheet: Sheet, widths: dict[int, float]) -> float:
    """Rows 1-3 (title, note, banner) as the writer sets them: repeated on every page."""
    room = sum(
        width_of(widths, j) for j in range(1, heading_columns(printed_span(sheet), widths) + 1)
    )
    title = heading_row_height(sheet.title, room, TITLE_FACTOR, 14 / 11)
    note = heading_row_height(sheet.note, room, 1.0, 1.0)
    return title + note + DEFAULT_HEIGHT


def heading_row_height(text: str, room: float, factor: float, size: float) -> float:
    """Height (points) of the wrapped sheet title or note: ``size`` its font against body
    text, ``factor`` how much wider it prints."""
    lines = wrapped_lines(text, int(room), CHARACTERS_PER_WIDTH / factor)
    return round(LINE_HEIGHT * size * 1.1 * lines, 1)


def heading_height(table: Table, widths: dict[int, float]) -> float:
    """Title, group and header rows of a table."""
    height = 0.0
    if table.title:
        height += table_title_height(table, widths) or DEFAULT_HEIGHT
    if table.groups:
        height += group_row_height(table, widths)
    headers = list(zip([c.header for c in table.columns], _rooms(table, widths), strict=True))
    return height + LINE_HEIGHT * lines_needed(headers, bold=True)


def group_row_height(table: Table, widths: dict[int, float]) -> float:
    """Height of a table's group row: each label wraps within the columns it spans."""
    texts, column = [], 1
    for label, span in table.groups:
        room = sum(width_of(widths, j) for j in range(column, column + span))
        texts.append((label, room))
        column += span
    return LINE_HEIGHT * lines_needed(texts, bold=True)


def table_title_height(table: Table, widths: dict[int, float]) -> float | None:
    """Height of a table's title row when it wraps across the table (else None)."""
    span = sum(c.span for c in table.columns)
    room = sum(width_of(widths, j) for j in range(1, span + 1))
    if span > 1 and len(table.title or "") > room:
        lines = wrapped_lines(table.title or "", int(room), CHARACTERS_PER_WIDTH / 1.3)
        return round(LINE_HEIGHT * 12 / 11 * lines, 1)
    return None


def row_height(table: Table, values: list, widths: dict[int, float]) -> float:
    """Height (points) the writer gives a body row: enough lines for its longest wrapped
    text (a text cell wraps only when longer than its column, as the writer decides)."""
    texts = []
    spanned = any(c.span > 1 for c in table.columns)
    for column, room, value in zip(table.columns, _rooms(table, widths), values, strict=False):
        text = value.cached if type(value) is Formula else value
        if spanned and value:
            texts.append((str(value), room))
        elif column.kind == "text" and isinstance(text, str) and len(text) > room:
            texts.append((text, room))
    return LINE_HEIGHT * max(1, lines_needed(texts)) if texts else DEFAULT_HEIGHT


def _rooms(table: Table, widths: dict[int, float]) -> list[float]:
    """Width of each table column: the sheet columns it spans."""
    rooms, column = [], 1
    for c in table.columns:
        rooms.append(sum(width_of(widths, j) for j in range(column, column + c.span)))
        column += c.span
    return rooms
