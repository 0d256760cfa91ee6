"""Render a :class:`~engine.report.Report` to an .xlsx workbook with openpyxl.

User text is always stored as a literal string: a name starting with ``=`` is
not a formula, ``#REF!`` is not an error cell, and control characters that the
file format cannot hold are replaced. The workbook is written to a temporary
file next to the target and moved into place only when complete.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.files import refuse_input_target, write_atomically
from engine.report import Chart, Report, Sheet, Table

FORMATS = {"integer": "0", "score": "0.0", "weight": "0.0%", "number": "0.00", "percent": "0.0%"}
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
BEST_FILL = PatternFill("solid", fgColor="C6EFCE")
BEST_FONT = Font(bold=True, color="006100")
NOTE_FONT = Font(italic=True, color="595959")
HEAT_COLOURS = {"good": "63BE7B", "bad": "F8696B"}
MAX_TEXT = 32_000
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_report(report: Report, target: Path, inputs: Iterable[Path] = ()) -> None:
    """Write ``report`` to ``target`` atomically; refuse a target that is an input file."""
    refuse_input_target(target, inputs)
    workbook = render(report)
    write_atomically(target, workbook.save)


def render(report: Report) -> Workbook:
    """Build the openpyxl workbook of a report (not saved)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = sheet_names([s.name for s in report.sheets])
    for sheet, name in zip(report.sheets, names, strict=True):
        _render_sheet(workbook.create_sheet(name), sheet)
    return workbook


def sheet_names(wanted: list[str]) -> list[str]:
    """Valid, unique worksheet names (at most 31 characters, no []:*?/\\)."""
    names: list[str] = []
    for raw in wanted:
        base = _SHEET_CHARS.sub("_", raw).strip("'")[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in (x.lower() for x in names):
            suffix = f"~{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def _render_sheet(ws: Worksheet, sheet: Sheet) -> None:
    put_text(ws.cell(1, 1), sheet.title).font = TITLE_FONT
    put_text(ws.cell(2, 1), sheet.note).font = NOTE_FONT
    row = 4
    if sheet.index and len(sheet.tables) > 1:
        row = _render_index(ws, sheet, row)
    widths: dict[int, int] = {}
    first_header = None
    positions = []
    for table in sheet.tables:
        start = row
        row, header_row = _render_table(ws, table, row)
        positions.append((start, header_row, header_row + len(table.rows)))
        first_header = first_header or header_row
        for j, column in enumerate(table.columns, start=1):
            widths[j] = max(widths.get(j, 8), column.width or len(column.header) + 2)
    for j, width in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = min(width, 80)
    if first_header and len(sheet.tables) == 1:
        ws.freeze_panes = ws.cell(first_header + 1, 1)  # header row stays visible
    elif first_header:
        ws.freeze_panes = ws.cell(4, 3)  # title rows and the first two columns stay visible
    for chart in sheet.charts:
        _render_chart(ws, chart, sheet.tables[chart.table], positions[chart.table])
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _render_index(ws: Worksheet, sheet: Sheet, row: int) -> int:
    """Links to each table of the sheet, so any block is one click away."""
    ws.cell(row, 1, "Jump to:").font = Font(bold=True)
    start = row + 1 + len(sheet.tables) + 1
    for k, table in enumerate(sheet.tables):
        cell = put_text(ws.cell(row + 1 + k, 1), table.title or f"Table {k + 1}")
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate, location=f"{quote_sheetname(ws.title)}!A{start}"
        )
        cell.font = Font(color="0563C1", underline="single")
        start += _table_height(table)
    return row + 1 + len(sheet.tables) + 1


def _table_height(table: Table) -> int:
    heading = (1 if table.title else 0) + (1 if table.groups else 0) + 1
    return heading + len(table.rows) + len(table.footer) + 1


def _render_table(ws: Worksheet, table: Table, row: int) -> tuple[int, int]:
    if table.title:
        put_text(ws.cell(row, 1), table.title).font = Font(bold=True, size=12)
        row += 1
    if table.groups:
        column = 1
        for label, span in table.groups:
            cell = put_text(ws.cell(row, column), label)
            cell.fill, cell.font = GROUP_FILL, Font(bold=True)
            if span > 1:
                ws.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + span - 1
                )
            column += span
        row += 1
    header_row = row
    for j, column in enumerate(table.columns, start=1):
        cell = put_text(ws.cell(row, j), column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, values in enumerate(table.rows, start=1):
        for j, (column, value) in enumerate(zip(table.columns, values, strict=False), start=1):
            cell = put_value(ws.cell(row + i, j), value)
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            elif (
                column.kind == "text"
                and isinstance(value, str)
                and len(value) > (column.width or 60)
            ):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = row + len(table.rows)
    _highlight_best(ws, table, row + 1, last)
    _shade_heat(ws, table, row + 1, last)
    for i, values in enumerate(table.footer, start=1):
        for j, value in enumerate(values, start=1):
            cell = put_value(ws.cell(last + i, j), value)
            cell.font = Font(italic=True)
            if isinstance(value, float):
                cell.number_format = "0.00"
    return last + len(table.footer) + 2, header_row


def _highlight_best(ws: Worksheet, table: Table, first: int, last: int) -> None:
    if last < first:
        return
    for j in table.best_columns:
        letter = get_column_letter(j + 1)
        ws.conditional_formatting.add(
            f"{letter}{first}:{letter}{last}",
            CellIsRule(operator="equal", formula=["1"], fill=BEST_FILL, font=BEST_FONT),
        )


def _shade_heat(ws: Worksheet, table: Table, first: int, last: int) -> None:
    """One colour scale over all heat columns (white = lowest value, colour = highest)."""
    if last < first or not table.heat_columns:
        return
    left = get_column_letter(min(table.heat_columns) + 1)
    right = get_column_letter(max(table.heat_columns) + 1)
    ws.conditional_formatting.add(
        f"{left}{first}:{right}{last}",
        ColorScaleRule(
            start_type="min",
            start_color="FFFFFF",
            end_type="max",
            end_color=HEAT_COLOURS[table.heat],
        ),
    )


def _render_chart(ws: Worksheet, chart: Chart, table: Table, position: tuple[int, int, int]):
    """A native horizontal bar chart to the right of its table, first row on top."""
    top, header, last = position
    if last <= header:
        return
    if chart.rows is not None:
        last = min(last, header + chart.rows)
    bar = BarChart()
    bar.type = "bar"
    bar.title = chart.title
    bar.grouping = "stacked" if chart.style == "stacked" else "clustered"
    bar.overlap = 100
    for j in chart.series:
        bar.add_data(
            Reference(ws, min_col=j + 1, min_row=header, max_row=last), titles_from_data=True
        )
    categories = Reference(ws, min_col=chart.categories + 1, min_row=header + 1, max_row=last)
    bar.set_categories(categories)
    bar.x_axis.scaling.orientation = "maxMin"  # first table row at the top
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.x_axis.tickLblPos = "low"  # labels at the left edge, clear of negative bars
    bar.x_axis.tickLblSkip = 1
    bar.y_axis.title = chart.axis_title
    bar.y_axis.number_format = "0%" if chart.style == "stacked" else "0.0"
    bar.y_axis.majorGridlines = None
    bar.height = max(7.5, 0.8 * (last - header) + 3)
    bar.width = 22
    ws.add_chart(bar, ws.cell(top, len(table.columns) + 2).coordinate)


def put_value(cell: Cell, value: Any) -> Cell:
    """Store a number, an empty cell or (via :func:`put_text`) text."""
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        number = float(value)
        cell.value = (
            None
            if not math.isfinite(number)
            else (int(value) if isinstance(value, int) else number)
        )
    elif hasattr(value, "item"):  # numpy scalar
        return put_value(cell, value.item())
    else:
        put_text(cell, str(value))
    return cell


def put_text(cell: Cell, text: str) -> Cell:
    """Store ``text`` as a literal string: never a formula, never an error value."""
    clean = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:MAX_TEXT]
    cell.value = clean
    cell.data_type = "s"
    if clean[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell
