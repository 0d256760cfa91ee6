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
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ListObject
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from engine.errors import OutputError
from engine.io.cached_values import Cached, save_workbook
from engine.io.cells import (
    BEST_FILL,
    BEST_FONT,
    FORMATS,
    GROUP_FILL,
    HEAT_COLOURS,
    NOTE_FONT,
    TITLE_FONT,
    clean_text,
    put_header,
    put_text,
    put_value,
)
from engine.io.files import refuse_input_target, write_atomically
from engine.io.printing import CM, PrintPlan, set_page, set_print
from engine.io.report.page_plan import (
    TITLE_FACTOR,
    anchor_of,
    column_widths,
    group_row_height,
    heading_columns,
    heading_row_height,
    print_plan,
    split_for_print,
    table_title_height,
    width_of,
)
from engine.io.report.report_charts import chart_height, chart_rows, render_chart
from engine.io.sheet_data import SheetData, Style
from engine.io.text_metrics import (
    LINE_HEIGHT,
    lines_needed,
)
from engine.io.workbooks.weights_layout import profile_blocks
from engine.io.workbooks.weights_template import write_weights_sheet
from engine.report import Report, Sheet, Table
from engine.report.layout import Formula

HEADER = Style(header=True)
NUMBER_HEADER = Style(header=True, right=True)  # over right-aligned numbers
MARK_HEADER = Style(header=True, centre=True)  # over centred ticks
HEADERS = {"text": HEADER, "mark": MARK_HEADER}
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_TABLE_TOKEN = re.compile(r"\{([^{}|]+)\|([^{}]+)\}")  # {table name|column header}
_COLUMN_TOKEN = re.compile(r"\{c(\d+)\}")


def write_report(report: Report, target: Path, inputs: Iterable[Path] = ()) -> None:
    """Write ``report`` to ``target`` atomically; refuse a target that is an input file,
    and a report whose sheets Excel's grid cannot hold."""
    refuse_input_target(target, inputs)
    check_grid(report)
    context = _render(report)
    bodies = {
        ws.title: (context.data.serialise(ws, context.resolve_text), context.data.extent(ws.title))
        for ws in context.workbook.worksheets
    }
    write_atomically(
        target, lambda path: save_workbook(context.workbook, path, context.cached, bodies)
    )


MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # Excel's grid


def check_grid(report: Report) -> None:
    """Raise :class:`OutputError` when a sheet would need more rows or columns than a
    worksheet has (a run over very many scenarios, profiles, options or criteria)."""
    for sheet in report.sheets:
        if sheet.weights is not None:
            continue  # the Weights layout: one row per node, three columns per profile
        rows = 4 + (len(sheet.tables) + 2 if sheet.index and len(sheet.tables) > 1 else 0)
        rows += sum(_table_height(table) for table in sheet.tables)
        columns = max((len(table.columns) for table in sheet.tables), default=0)
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise OutputError(
                f"the report's sheet '{sheet.name}' would need {rows:,} rows and {columns:,} "
                f"columns; a worksheet holds {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns: "
                "run with fewer scenarios or profiles (--scenario, --profile)"
            )


def render(report: Report) -> Workbook:
    """Build the openpyxl workbook of a report: titles, headers, tables, charts and formats
    (not saved; table bodies are written into the sheets' XML when saved)."""
    return _render(report).workbook


@dataclass
class _Context:
    """What rendering collects across sheets: table bodies, cached formula values and
    named tables."""

    workbook: Workbook
    data: SheetData
    cached: Cached = field(default_factory=dict)
    tables: dict[str, tuple[str, dict[str, str], int, int]] = field(default_factory=dict)
    paper: str = "a4"
    lists: list[tuple[Worksheet, Table, int, int]] = field(default_factory=list)
    """Tables with pick lists, validated once every table they may refer to is placed."""
    user_named: set[str] = field(default_factory=set)
    """Titles of the sheets named by user text (see :attr:`Sheet.user_named`)."""

    def resolve_text(self, text: str) -> str:
        """A formula with its references to named tables' columns made cell ranges."""
        return _TABLE_TOKEN.sub(self._range, text)

    def _range(self, match: re.Match) -> str:
        """``{TABLE|Column}``: that column's cells; ``{TABLE|First~Last}``: the block of
        columns from First to Last. On a sheet named by user text, a workbook name for
        them (:meth:`_named`), so that the formula holds no user text."""
        sheet, letters, first, last = self.tables[match.group(1)]
        left, _, right = match.group(2).partition("~")
        start, end = letters[left], letters[right or left]
        if start == end and first == last:  # one cell: a cell reference, not a range
            reference = f"{quote_sheetname(sheet)}!${start}${first}"
        else:
            reference = f"{quote_sheetname(sheet)}!${start}${first}:${end}${last}"
        if sheet in self.user_named:
            return self._named(f"_x.{match.group(1)}.{start}.{end}", reference)
        return reference

    def _named(self, name: str, reference: str) -> str:
        """A workbook-level name for ``reference`` (made once): ``name`` is built from
        table ids and column letters only."""
        if name not in self.workbook.defined_names:
            self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)
        return name


def _render(report: Report) -> _Context:
    workbook = Workbook()
    context = _Context(workbook, SheetData(workbook), paper=report.paper)
    context.workbook.remove(context.workbook.active)
    names = sheet_names([SNAPSHOT, *(s.name for s in report.sheets)])[1:]  # SNAPSHOT kept
    plans: dict[str, PrintPlan] = {}
    for sheet, name in zip(report.sheets, names, strict=True):
        ws = context.workbook.create_sheet(name)
        if sheet.user_named:
            context.user_named.add(name)
        if sheet.weights is not None:
            context.cached |= write_weights_sheet(context.workbook, ws, sheet.weights, sheet.title)
            blocks = profile_blocks(len(sheet.weights.profiles))
            plans[name] = PrintPlan(
                1, ws.max_row, ws.max_column, key_columns=1, key_first=2, column_blocks=blocks
            )
        else:
            plans[name] = _render_sheet(ws, sheet, context)
    weights = next((s for s in report.sheets if s.weights is not None), None)
    if weights is not None and any(s.computed for s in report.sheets):
        changed = _snapshot(context, names[report.sheets.index(weights)], weights.weights)
        for sheet, name in zip(report.sheets, names, strict=True):
            if sheet.computed:
                _banner(context, context.workbook[name], changed, sheet.stale or STALE)
    for ws, table, first, last in context.lists:
        _validate_choices(context, ws, table, first, last)
    for ws in context.workbook.worksheets:
        set_page(ws, report.paper, report.study)
        if ws.title in plans:
            set_print(ws, plans[ws.title], report.paper)
    context.workbook.calculation.fullCalcOnLoad = True
    return context


SNAPSHOT = "Weights as run"
STALE = (
    "Weights changed since this report was made: this sheet shows the results of the "
    "weights as run. Run `policyscore run --weights THIS_FILE` to update it."
)
CURRENT = "The weights are those of the run: this sheet is up to date."


def _snapshot(context: _Context, weights_sheet: str, data) -> str:
    """A hidden sheet holding every profile's global weights as run, and a cell that is
    TRUE when the Weights sheet's global weights differ from them; returns that cell."""
    from engine.io.workbooks.weights_layout import FIRST_ROW, points_column

    ws = context.workbook.create_sheet(SNAPSHOT)
    ws.sheet_state = "hidden"
    put_text(ws.cell(1, 1), "Global weights as run (compared with the Weights sheet)")
    first, last = FIRST_ROW, FIRST_ROW + len(data.rows) - 1
    parts = []
    for k, profile in enumerate(data.profiles):
        column = points_column(k) + 2  # the global weight column on the Weights sheet
        letter = get_column_letter(column)
        put_text(ws.cell(FIRST_ROW - 1, column), profile.id)
        for offset, value in enumerate(profile.global_):
            ws.cell(first + offset, column, float(value))
        here = f"${letter}${first}:${letter}${last}"
        parts.append(f"SUMPRODUCT(ABS({quote_sheetname(weights_sheet)}!{here}-{here}))")
    cell = ws.cell(2, 1, "=(" + "+".join(parts) + ")>1E-9")
    context.cached.setdefault(ws.title, {})[cell.coordinate] = False
    return f"{quote_sheetname(ws.title)}!$A$2"


def _banner(context: _Context, ws: Worksheet, changed: str, stale: str = STALE) -> None:
    """Row 3 of a computed sheet: a quiet line while the weights are as run, a red
    warning (``stale``: which parts are stale) once they have been edited."""
    words = stale.replace('"', "'")
    cell = ws.cell(3, 1, f'=IF({changed},"{words}","{CURRENT}")')
    cell.font = NOTE_FONT
    ws.conditional_formatting.add(
        "A3", FormulaRule(formula=[changed], font=Font(bold=True, color="C00000"))
    )
    context.cached.setdefault(ws.title, {})[cell.coordinate] = CURRENT


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


def _render_sheet(ws: Worksheet, sheet: Sheet, context: _Context) -> PrintPlan:
    """Titles, tables and charts of ``sheet``; returns what of it prints."""
    widths = column_widths(sheet, context.paper)
    sheet = split_for_print(sheet, widths, context.paper)
    put_text(ws.cell(1, 1), sheet.title).font = TITLE_FONT
    put_text(ws.cell(2, 1), sheet.note).font = NOTE_FONT
    row = 4
    if sheet.index and len(sheet.tables) > 1:
        row = _render_index(ws, sheet, row)
    first_header = None
    positions = []
    below = {anchor_of(chart): chart for chart in sheet.charts if chart.below}
    beside = {chart.table: chart for chart in sheet.charts if not chart.below}
    ends, charts_below, chart_rows_at = [], [], {}
    for k, table in enumerate(sheet.tables):
        start = row
        row, header_row = _render_table(ws, table, row, context, widths)
        positions.append((start, header_row, header_row + len(table.rows)))
        if k in beside:  # blank rows under a short table, so its chart fits beside it
            taken = sum(ws.row_dimensions[r].height or LINE_HEIGHT for r in range(start, row))
            missing = chart_height(beside[k], table) * CM - taken
            row += max(0, math.ceil(missing / LINE_HEIGHT))
        ends.append(row - 2)
        if k in below:  # the chart's rows: a block of its own, kept on one page
            chart = below[k]
            data = sheet.tables[chart.table]
            charts_below.append((k, row - 1, row - 2 + chart_rows(chart, data)))
            chart_rows_at[id(chart)] = row
            ends[-1] = charts_below[-1][2]
            row = ends[-1] + 2
        first_header = first_header or header_row
    for j, width in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = width
    if first_header and len(sheet.tables) == 1:
        ws.freeze_panes = ws.cell(first_header + 1, 1)  # header row stays visible
        ws.print_title_rows = f"{first_header}:{first_header}"  # and on every printed page
    elif first_header:
        ws.freeze_panes = "C4"  # title rows and the first two columns stay visible (a merged
        # cell there has no coordinate of its own: name it)
    for chart in sheet.charts:
        at = chart_rows_at.get(id(chart))
        cells = tuple((context.resolve_text(ref), text) for ref, text in chart.axis_cells)
        chart = replace(chart, axis_cells=cells)  # cell references, no longer tokens
        render_chart(ws, chart, sheet.tables[chart.table], positions[chart.table], at)
    plan = print_plan(sheet, positions, ends, charts_below)
    if plan.columns == 0:  # nothing prints: the heading spans the first columns on screen
        _wrap_heading(ws, sheet, max(4, max(widths, default=1)), widths)
        return plan
    columns = heading_columns(plan.columns, widths)
    _wrap_heading(ws, sheet, columns, widths)
    return replace(plan, columns=columns)  # the printed page holds the whole heading


def _wrap_heading(ws: Worksheet, sheet: Sheet, columns: int, widths: dict[int, float]) -> None:
    """Title and note merged across the printed columns and wrapped, so that neither is
    cut at the edge of the page."""
    room = sum(width_of(widths, j) for j in range(1, columns + 1))
    for row, text, factor, size in ((1, sheet.title, TITLE_FACTOR, 14 / 11), (2, sheet.note, 1, 1)):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = heading_row_height(text, room, factor, size)


def _render_index(ws: Worksheet, sheet: Sheet, row: int) -> int:
    """Links to each table of the sheet (not to the continued parts of a table split for
    print), so any block is one click away."""
    ws.cell(row, 1, "Jump to:").font = Font(bold=True)
    listed = [not table.continues for table in sheet.tables]
    start = row + 1 + sum(listed) + 1
    link = row + 1
    for table, shown in zip(sheet.tables, listed, strict=True):
        if shown:
            cell = put_text(ws.cell(link, 1), table.title or f"Table {link - row}")
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=f"{quote_sheetname(ws.title)}!A{start}"
            )
            cell.font = Font(color="0563C1", underline="single")
            link += 1
        start += _table_height(table)
    return row + 1 + sum(listed) + 1


def _table_height(table: Table) -> int:
    heading = (1 if table.title else 0) + (1 if table.groups else 0) + 1
    return heading + len(table.rows) + len(table.footer) + 1


def _render_table(
    ws: Worksheet, table: Table, row: int, context: _Context, widths: dict[int, float]
) -> tuple[int, int]:
    if any(c.span > 1 for c in table.columns):
        return _render_spanned(ws, table, row, widths)
    if table.title:
        _table_title(ws, table, row, widths)
        row += 1
    if table.groups:
        column = 1
        ws.row_dimensions[row].height = group_row_height(table, widths)
        for label, span in table.groups:
            cell = put_text(ws.cell(row, column), label)
            cell.fill, cell.font = GROUP_FILL, Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if span > 1:
                ws.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + span - 1
                )
            column += span
        row += 1
    header_row = row
    context.data.put_row(
        ws,
        row,
        [
            (j, column.header, HEADERS.get(column.kind, NUMBER_HEADER))
            for j, column in enumerate(table.columns, start=1)
        ],
    )
    headers = [(c.header, width_of(widths, j)) for j, c in enumerate(table.columns, start=1)]
    _fit_height(ws, row, headers, bold=True)
    first, last = row + 1, row + len(table.rows)
    _put_body(ws, table, row, context, widths)
    _highlight_best(ws, table, first, last)
    _shade_heat(ws, table, first, last)
    if table.name and table.rows:
        _add_list_object(ws, table, header_row, last, context)
    if table.inputs and table.rows:
        _validate_inputs(ws, table, first, last)
    if table.choices and table.rows:
        context.lists.append((ws, table, first, last))
    if table.signed and table.rows:
        _colour_by_sign(ws, table, first, last)
    for i, values in enumerate(table.footer, start=1):
        for j, value in enumerate(values, start=1):
            style = Style("0.00" if isinstance(value, float) else None, italic=True)
            context.data.put(ws, last + i, j, value, style)
    return last + len(table.footer) + 2, header_row


def _table_title(ws: Worksheet, table: Table, row: int, widths: dict[int, float]) -> None:
    """A table's title in bold; one longer than the table is wide wraps across it."""
    cell = put_text(ws.cell(row, 1), table.title or "")
    cell.font = Font(bold=True, size=12)
    height = table_title_height(table, widths)
    if height is not None:
        span = sum(c.span for c in table.columns)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = height


def _render_spanned(
    ws: Worksheet, table: Table, row: int, widths: dict[int, float]
) -> tuple[int, int]:
    """A small table of text whose columns are merged across several sheet columns (no
    formulas, groups, highlights or footer: the report layer uses it for sentences)."""
    if table.groups or table.footer or table.name or table.best_columns or table.inputs:
        raise ValueError("a table with merged columns holds plain cells only")  # our bug
    if table.title:
        _table_title(ws, table, row, widths)
        row += 1
    header_row = row
    room, column = [], 1
    for c in table.columns:
        room.append(sum(width_of(widths, j) for j in range(column, column + c.span)))
        column += c.span
    for offset, values in enumerate([[c.header for c in table.columns], *table.rows]):
        column, r = 1, header_row + offset
        for c, value in zip(table.columns, values, strict=False):
            cell = ws.cell(r, column)
            put_header(cell, value) if offset == 0 else put_value(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c.span > 1:
                ws.merge_cells(
                    start_row=r, start_column=column, end_row=r, end_column=column + c.span - 1
                )
            column += c.span
        texts = [(str(v), w) for w, v in zip(room, values, strict=False) if v]
        _fit_height(ws, r, texts, bold=offset == 0)
    return header_row + len(table.rows) + 2, header_row


def _put_body(
    ws: Worksheet, table: Table, header_row: int, context: _Context, widths: dict[int, float]
) -> None:
    """The table's rows as sheet data: each column's number format; text longer than its
    column wraps; formulas get their row, first, last and column references."""
    first, last = header_row + 1, header_row + len(table.rows)
    numbers = range(1, len(table.columns) + 1)
    styles = [
        Style(FORMATS.get(c.kind), right=c.kind not in HEADERS, centre=c.kind == "mark")
        for c in table.columns
    ]
    texts = [(j, width_of(widths, j + 1)) for j, c in enumerate(table.columns) if c.kind == "text"]
    wrapped = Style(wrap=True)
    templates: dict[str, str] = {}
    for i, values in enumerate(table.rows, start=1):
        cells = list(zip(numbers, values, styles, strict=False))  # the common case, in C
        long = []
        for j, width in texts:
            value = cells[j][1] if j < len(cells) else None
            text = value.cached if type(value) is Formula else value
            if isinstance(text, str) and len(text) > width:
                cells[j] = (j + 1, value, wrapped)
                long.append((text, width))
        if long:
            _fit_height(ws, header_row + i, long)
        if any(type(value) is Formula for value in values):
            for j, (number, value, style) in enumerate(cells):
                if type(value) is Formula and "{" in value.text:
                    template = templates.get(value.text)
                    if template is None:
                        template = templates[value.text] = _table_tokens(value.text, first, last)
                    local = template.replace("{row}", str(header_row + i))
                    cells[j] = (number, Formula(local, value.cached), style)
        context.data.put_row(ws, header_row + i, cells)


def _fit_height(
    ws: Worksheet, row: int, texts: list[tuple[str, int]], *, bold: bool = False
) -> None:
    """Make ``row`` tall enough for the wrapped ``texts`` (text, column width): neither
    program grows a row for wrapped text written without a height, so text would print
    over the next row. Bold text (headers) prints :data:`BOLD` times wider."""
    lines = lines_needed(texts, bold=bold)
    if lines > 1:
        current = ws.row_dimensions[row].height or LINE_HEIGHT
        ws.row_dimensions[row].height = max(current, LINE_HEIGHT * lines)


def _table_tokens(text: str, first: int, last: int) -> str:
    """A formula with the table's first and last rows and its column letters filled in;
    ``{row}`` is left for each row."""
    text = text.replace("{first}", str(first)).replace("{last}", str(last))
    return _COLUMN_TOKEN.sub(lambda m: get_column_letter(int(m.group(1)) + 1), text)


def _add_list_object(ws: Worksheet, table: Table, header: int, last: int, context) -> None:
    """The header and rows as a filterable Excel table (ListObject) named ``table.name``."""
    right = get_column_letter(len(table.columns))
    listed = ListObject(displayName=table.name, ref=f"A{header}:{right}{last}")
    listed.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    listed._initialise_columns()
    for column, spec in zip(listed.tableColumns, table.columns, strict=True):
        column.name = clean_text(spec.header)  # the header cell's text, exactly
    ws.add_table(listed)
    letters = {c.header: get_column_letter(j) for j, c in enumerate(table.columns, start=1)}
    context.tables[table.name] = (ws.title, letters, header + 1, last)


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


def _validate_inputs(ws: Worksheet, table: Table, first: int, last: int) -> None:
    """Input columns accept 0 or 1 only (a message says so) and are shaded."""
    rule = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="1",
        showErrorMessage=True,
        errorTitle="0 or 1",
        error="Type 1 to put the measure in the package, 0 to leave it out.",
    )
    ws.add_data_validation(rule)
    for j in table.inputs:
        letter = get_column_letter(j + 1)
        cells = f"{letter}{first}:{letter}{last}"
        rule.add(cells)
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=["1"], fill=BEST_FILL, font=BEST_FONT)
        )
        ws.conditional_formatting.add(cells, FormulaRule(formula=["TRUE"], fill=INPUT_FILL))


def _validate_choices(context: _Context, ws: Worksheet, table: Table, first: int, last: int):
    """Pick-list columns: only a value of their list is accepted; shaded as inputs."""
    for j, source in table.choices.items():
        rule = DataValidation(
            type="list",
            formula1=context.resolve_text(source),
            showErrorMessage=True,
            errorTitle="Pick from the list",
            error="Choose one of the names in the drop-down list.",
        )
        ws.add_data_validation(rule)
        letter = get_column_letter(j + 1)
        rule.add(f"{letter}{first}:{letter}{last}")
        ws.conditional_formatting.add(
            f"{letter}{first}:{letter}{last}", FormulaRule(formula=["TRUE"], fill=INPUT_FILL)
        )


GAIN_FONT, LOSS_FONT = Font(color="1A7F37", bold=True), Font(color="C00000", bold=True)


def _colour_by_sign(ws: Worksheet, table: Table, first: int, last: int) -> None:
    """Cells green where the value column is above zero, red where it is below."""
    value, coloured = table.signed
    letter = get_column_letter(value + 1)
    for j in coloured:
        cells = f"{get_column_letter(j + 1)}{first}:{get_column_letter(j + 1)}{last}"
        for test, font in ((">0", GAIN_FONT), ("<0", LOSS_FONT)):
            rule = FormulaRule(formula=[f"${letter}{first}{test}"], font=font)
            ws.conditional_formatting.add(cells, rule)
