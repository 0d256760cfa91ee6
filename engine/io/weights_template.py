"""Write the Weights sheet (template and report) and the weights workbook.

Swing points are the only input cells (unlocked, shaded, data validation: a number
>= 0); weights within the parent and global weights are live formulas whose cached
values are the engine's, so the sheet reads correctly before any recalculation.
The sheet is protected without a password against accidental edits of formulas
and ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.cached_values import Cached, save_workbook
from engine.io.excel_writer import (
    HEADER_FILL,
    HEADER_FONT,
    NOTE_FONT,
    TITLE_FONT,
    put_text,
    put_value,
)
from engine.io.files import refuse_input_target, write_atomically
from engine.io.weights_layout import (
    FIRST_ROW,
    HEADER_ROW,
    ID_LABEL,
    ID_ROW,
    INSTRUCTIONS_SHEET,
    NAME_LABEL,
    NAME_ROW,
    PROFILE_HEADERS,
    TOP_PARENT,
    TREE_COLUMNS,
    TREE_HEADERS,
    WEIGHTS_SHEET,
    global_name,
    points_column,
    weight_name,
)
from engine.report.weights_data import ProfileColumn, WeightsData, weights_data
from engine.study import Study

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WEIGHT_FORMAT = "0.0%"
INSTRUCTIONS = [
    "How to use this workbook",
    "",
    "1. The Weights sheet lists the value tree down the rows and one group of three columns "
    "per stakeholder profile.",
    "2. Edit only the shaded 'Swing points' cells: how much each node matters compared with "
    "its siblings (same parent). Points are relative: 100 and 50 means twice as important.",
    "3. 'Weight within parent' and 'Global weight' are formulas and update as you type.",
    "4. Give every node a number of zero or more; siblings must not all be zero.",
    "5. Do not change the node ids in column A or the profile ids in row 3 (the engine finds "
    "nodes and profiles by them; you may move columns or rename the sheet).",
    "6. Save, then run:  policyscore run STUDY --weights THIS_FILE.xlsx",
    "",
    "A profile read from this workbook replaces the study's profile with the same id for that "
    "run (recorded in the report's Run info); the study's files are not changed. A report's "
    "own Weights sheet has the same layout, so a report can be fed back the same way.",
]


def weights_workbook(
    study: Study, profiles: Sequence[str] | None = None
) -> tuple[Workbook, Cached]:
    """The weights workbook of ``profiles`` (default: all) and its cached formula values."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    for row, line in enumerate(INSTRUCTIONS, start=1):
        put_text(instructions.cell(row, 1), line)
    instructions["A1"].font = TITLE_FONT
    instructions.column_dimensions["A"].width = 110
    ws = workbook.create_sheet(WEIGHTS_SHEET)
    cached = {ws.title: write_weights_sheet(workbook, ws, weights_data(study, profiles))}
    return workbook, cached


def write_weights_template(
    study: Study, target: Path, inputs: Iterable[Path] = (), profiles: Sequence[str] | None = None
) -> None:
    """Write the weights workbook atomically; refuse a target that is an input file."""
    refuse_input_target(target, inputs)
    workbook, cached = weights_workbook(study, profiles)
    write_atomically(target, lambda path: save_workbook(workbook, path, cached))


def write_weights_sheet(
    workbook: Workbook, ws: Worksheet, data: WeightsData, title: str = "Weights by profile"
) -> dict[str, float]:
    """Fill ``ws`` with the Weights layout; returns the cached values of its formulas."""
    put_text(ws["A1"], title).font = TITLE_FONT
    put_text(ws["A2"], "Edit the shaded swing points; the weights follow.").font = NOTE_FONT
    put_text(ws.cell(ID_ROW, 1), ID_LABEL).font = Font(bold=True)
    put_text(ws.cell(NAME_ROW, 1), NAME_LABEL).font = Font(bold=True)
    for j, header in enumerate(TREE_HEADERS, start=1):
        _header(ws.cell(HEADER_ROW, j), header)
    for offset, row in enumerate(data.rows):
        r = FIRST_ROW + offset
        put_text(ws.cell(r, TREE_COLUMNS["node"]), row.node)
        put_text(ws.cell(r, TREE_COLUMNS["name"]), row.name)
        put_text(ws.cell(r, TREE_COLUMNS["parent"]), row.parent or TOP_PARENT)
        put_value(ws.cell(r, TREE_COLUMNS["level"]), row.level)
    validation = _points_validation()
    ws.add_data_validation(validation)
    cached: dict[str, float] = {}
    for k, profile in enumerate(data.profiles):
        cached |= _write_profile(workbook, ws, data, profile, points_column(k), validation)
    _finish(ws, len(data.profiles))
    return cached


def _write_profile(workbook, ws, data, profile: ProfileColumn, column: int, validation):
    put_text(ws.cell(ID_ROW, column), profile.id).font = Font(bold=True)
    put_text(ws.cell(NAME_ROW, column), profile.name)
    for j, header in enumerate(PROFILE_HEADERS):
        _header(ws.cell(HEADER_ROW, column + j), header)
    last = FIRST_ROW + len(data.rows) - 1
    cached = {}
    for offset, row in enumerate(data.rows):
        r = FIRST_ROW + offset
        points = put_value(ws.cell(r, column), profile.points[offset])
        points.fill, points.protection = INPUT_FILL, Protection(locked=False)
        validation.add(points.coordinate)
        if profile.notes[offset]:
            points.comment = Comment(profile.notes[offset], "policyscore")
        local, glob = _write_formulas(ws, r, column, last, top=row.parent is None)
        cached[local] = profile.local[offset]
        cached[glob] = profile.global_[offset]
        _define(workbook, weight_name(profile.id, row.node), ws.title, column, r)
        _define(workbook, global_name(profile.id, row.node), ws.title, column + 2, r)
    return cached


def _write_formulas(ws: Worksheet, row: int, column: int, last: int, top: bool):
    p, loc, g = (get_column_letter(column + j) for j in range(3))
    c, a = get_column_letter(TREE_COLUMNS["parent"]), get_column_letter(TREE_COLUMNS["node"])
    siblings = f"SUMIFS({p}${FIRST_ROW}:{p}${last},${c}${FIRST_ROW}:${c}${last},${c}{row})"
    local = ws.cell(row, column + 1, f"=IF({siblings}=0,0,{p}{row}/{siblings})")
    parent = f"INDEX({g}${FIRST_ROW}:{g}${last},MATCH(${c}{row},${a}${FIRST_ROW}:${a}${last},0))"
    glob = ws.cell(row, column + 2, f"={loc}{row}" if top else f"={loc}{row}*{parent}")
    local.number_format = glob.number_format = WEIGHT_FORMAT
    return local.coordinate, glob.coordinate


def _define(workbook: Workbook, name: str, sheet: str, column: int, row: int) -> None:
    reference = f"{quote_sheetname(sheet)}!${get_column_letter(column)}${row}"
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)


def _header(cell, text: str) -> None:
    put_text(cell, text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def _points_validation() -> DataValidation:
    return DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Swing points",
        error="Swing points must be a number of zero or more.",
        showInputMessage=True,
        promptTitle="Swing points",
        prompt="How much this node matters compared with its siblings (0 or more).",
    )


def _finish(ws: Worksheet, profiles: int) -> None:
    for key, width in {"node": 30, "name": 44, "parent": 24, "level": 7}.items():
        ws.column_dimensions[get_column_letter(TREE_COLUMNS[key])].width = width
    for k in range(profiles):
        for j, width in enumerate((13, 13, 13)):
            ws.column_dimensions[get_column_letter(points_column(k) + j)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, points_column(0))
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.protection.sheet = True  # no password: a guard against accidents, not a lock
