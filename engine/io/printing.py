"""Print setup of a report sheet: what prints, at what scale, and where pages break.

A sheet prints its *printed blocks* (title rows, then the tables the report layer marks
as printed, with the charts beside them) on landscape pages. The scale is decided from
the widths of the printed columns so that 11-point body text never prints below
:data:`MIN_TEXT_POINTS`:

- when the printed columns fit one page wide at a scale of at least
  :data:`MIN_SCALE`, the sheet is fitted to one page wide (as many pages tall as needed);
- otherwise it prints at :data:`PAGED_SCALE`, paged across, with its key columns (id and
  name) and its header row repeated on every page.

A block (a table with its title and header) that would straddle a page boundary but fits
on one page starts a new page. Everything is estimated from the column widths and row
heights the writer set. Widths are estimated as LibreOffice prints them (measured on its
PDFs: about 7 points per unit of column width at 100 %, where Excel's ``7 w + 5`` pixels
would give 5.25): Excel, printing columns narrower, fits them at a larger scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break, ColBreak, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.cells import clean_text

BODY_POINTS = 11.0
"""Size of the report's body text (the workbook's default font)."""
MIN_TEXT_POINTS = 8.0
"""Smallest body text a printed page may have."""
MIN_SCALE = 0.75
"""Smallest print scale: 11-point text prints at 8.25 points."""
PAGED_SCALE = 76
"""Scale (percent) of a sheet too wide for one page at :data:`MIN_SCALE` (11-point text at
8.4 points)."""

PAPER_POINTS = {"a4": (842.0, 595.0), "letter": (792.0, 612.0)}
"""Landscape page (width, height) in points."""
MARGINS = PageMargins(left=0.4, right=0.4, top=0.65, bottom=0.65, header=0.3, footer=0.3)
"""Narrow margins (inches), with room for the header and footer lines."""
POINTS_PER_CHARACTER = 7.0
"""Printed points (at 100 %) per unit of column width, as LibreOffice prints them."""
DEFAULT_WIDTH = 8.43
"""Width (characters) of a column whose width was never set."""
DEFAULT_HEIGHT = 15.0
"""Height (points) of a row whose height was never set."""
CM = 28.3465
"""Points per centimetre (chart sizes are in centimetres)."""


@dataclass(frozen=True)
class PrintPlan:
    """What a sheet prints: rows ``first_row`` to ``last_row`` of its first ``columns``
    columns (and the charts anchored there); ``blocks`` are the row spans kept on one page
    where they fit; ``title_rows`` (first, last) repeat on every page; ``key_columns``
    repeat on every page of a sheet paged across."""

    first_row: int
    last_row: int
    columns: int
    """0: nothing prints (the print area is one empty cell, a page that LibreOffice leaves
    out and Excel finds nothing to print on)."""
    blocks: Sequence[tuple[int, int]] = ()
    key_columns: int = 2
    title_rows: tuple[int, int] | None = None
    key_first: int = 1
    """The first key column (the Weights sheet repeats its names, column B, not its ids)."""
    blank_column: int = 1
    """A column empty in row 3 (right of every table), for a sheet that prints nothing."""
    breaks_after: Sequence[int] = ()
    """Rows after which a new page starts whatever room is left."""
    column_blocks: Sequence[tuple[int, int]] = ()
    """Column spans (first, last) kept on one page of a sheet paged across (a profile's
    swing points and weights on the Weights sheet)."""


def column_points(width: float | None) -> float:
    """Printed width (points at 100 %) of a column ``width`` characters wide."""
    return POINTS_PER_CHARACTER * (DEFAULT_WIDTH if width is None else width) + 1


def width_budget(paper: str) -> float:
    """Total column width (characters) that prints one page wide at :data:`MIN_SCALE`."""
    return printable(paper)[0] / MIN_SCALE / (POINTS_PER_CHARACTER + 0.3)


def printable(paper: str) -> tuple[float, float]:
    """Width and height (points) inside the margins of a landscape page."""
    width, height = PAPER_POINTS[paper]
    return width - 72 * (MARGINS.left + MARGINS.right), height - 72 * (MARGINS.top + MARGINS.bottom)


def set_print(ws: Worksheet, plan: PrintPlan, paper: str) -> float:
    """Print area, scale, repeated rows and columns and block page breaks of ``ws``;
    returns the scale it will print at (1.0 = 100 %)."""
    ws.page_margins = MARGINS
    if plan.columns == 0:
        ws.print_area = f"{get_column_letter(plan.blank_column)}3"
        return 1.0
    last_column = _last_column(ws, plan)
    widths = [_width(ws, j) for j in range(1, last_column + 1)]
    room_wide, room_tall = printable(paper)
    total = sum(widths)
    setup, properties = ws.page_setup, ws.sheet_properties.pageSetUpPr
    if total * MIN_SCALE <= room_wide:
        scale = min(1.0, room_wide / total)
        properties.fitToPage = True
        setup.fitToWidth, setup.fitToHeight, setup.scale = 1, 0, None
    else:
        scale = PAGED_SCALE / 100
        properties.fitToPage = False
        setup.fitToWidth = setup.fitToHeight = None
        setup.scale = PAGED_SCALE
        first = get_column_letter(plan.key_first)
        ws.print_title_cols = f"{first}:{get_column_letter(plan.key_first + plan.key_columns - 1)}"
        _keep_columns_together(ws, plan, widths, room_wide / scale)
    if plan.title_rows is not None:
        ws.print_title_rows = "{}:{}".format(*plan.title_rows)
    ws.print_area = f"A{plan.first_row}:{get_column_letter(last_column)}{plan.last_row}"
    _keep_blocks_together(ws, plan, room_tall / scale)
    return scale


def _width(ws: Worksheet, column: int) -> float:
    return column_points(ws.column_dimensions[get_column_letter(column)].width)


def _height(ws: Worksheet, row: int) -> float:
    return ws.row_dimensions[row].height or DEFAULT_HEIGHT


def _last_column(ws: Worksheet, plan: PrintPlan) -> int:
    """The rightmost printed column: the plan's, or under a chart anchored in the printed
    rows."""
    last = max(1, plan.columns)
    for chart in ws._charts:
        column, row = _anchor(chart.anchor)
        if not plan.first_row <= row <= plan.last_row:
            continue
        right, j = chart.width * CM, column
        while right > 0:
            right -= _width(ws, j)
            j += 1
        last = max(last, j - 1)
    return last


def _anchor(anchor) -> tuple[int, int]:
    """Column and row (1-based) of a chart's top-left cell."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    if isinstance(anchor, str):
        letters, row = coordinate_from_string(anchor)
        return column_index_from_string(letters), row
    start = anchor._from
    return start.col + 1, start.row + 1


def _keep_blocks_together(ws: Worksheet, plan: PrintPlan, page: float) -> None:
    """A break before each block that would straddle a page but fits on a fresh one
    (``page``: the printed height of a page in sheet points), unless no block has begun
    on the page yet: a break there would leave a page holding only the sheet's title."""
    repeated = _title_rows_height(ws)
    room = page - repeated
    breaks, used, row = [], 0.0, plan.first_row
    starts = {start: end for start, end in plan.blocks}
    in_blocks = {r for start, end in plan.blocks for r in range(start, end + 1)}
    forced = set(plan.breaks_after)
    holds_block = False  # whether the current page holds rows of a block yet
    while row <= plan.last_row:
        if row - 1 in forced and used > 0:
            breaks.append(row - 1)
            used, holds_block = 0.0, False
        end = starts.get(row)
        if end is not None and used > 0 and holds_block:
            block = sum(_height(ws, r) for r in range(row, end + 1))
            if used + block > room and block <= room:
                breaks.append(row - 1)
                used, holds_block = 0.0, False
        height = _height(ws, row)
        if used + height > room:
            used, holds_block = 0.0, False
        used += height
        holds_block = holds_block or row in in_blocks
        row += 1
    ws.row_breaks = RowBreak()
    for after in breaks:
        ws.row_breaks.append(Break(id=after))


def _keep_columns_together(
    ws: Worksheet, plan: PrintPlan, widths: list[float], page: float
) -> None:
    """A break before each column block that would straddle a page but fits on a fresh
    one (``page``: the printed width of a page in sheet points; the key columns repeat
    at the left of every page after the first)."""
    if not plan.column_blocks:
        return
    keys = range(plan.key_first, plan.key_first + plan.key_columns)
    repeated = sum(widths[j - 1] for j in keys if j <= len(widths))
    starts = {first: last for first, last in plan.column_blocks}
    breaks, used = [], 0.0
    for j in range(1, len(widths) + 1):
        last = starts.get(j)
        if last is not None and used > repeated:
            block = sum(widths[i - 1] for i in range(j, min(last, len(widths)) + 1))
            if used + block > page and repeated + block <= page:
                breaks.append(j - 1)
                used = repeated
        if used + widths[j - 1] > page:
            used = repeated
        used += widths[j - 1]
    ws.col_breaks = ColBreak()
    for after in breaks:
        ws.col_breaks.append(Break(id=after))


def _title_rows_height(ws: Worksheet) -> float:
    titles = ws.print_title_rows
    if not titles:
        return 0.0
    first, last = (int(part.strip("$")) for part in titles.split(":"))
    return sum(_height(ws, r) for r in range(first, last + 1))


PAPER_SIZES = {"letter": 1, "a4": 9}  # the spreadsheet codes of the paper sizes


def set_page(ws: Worksheet, paper: str, study: str) -> None:
    """Landscape on the chosen paper, with the study and sheet in the header and the page
    number in the footer of every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_SIZES[paper]
    header = clean_text(study).replace("&", "&&")[:120]
    ws.oddHeader.left.text = header
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.right.text = "policyscore"
