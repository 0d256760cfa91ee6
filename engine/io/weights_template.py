"""Write the weights workbook planners edit: ``policyscore template weights``.

Swing points are the only input cells (unlocked, shaded, data validation: a number
>= 0); weights within the parent and global weights are live formulas, so a
planner sees the effect of an edit at once. Sheets are protected without a
password against accidental edits of the formulas and ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.excel_writer import (
    HEADER_FILL,
    HEADER_FONT,
    NOTE_FONT,
    TITLE_FONT,
    put_text,
    put_value,
    sheet_names,
)
from engine.io.files import refuse_input_target, write_atomically
from engine.io.weights_layout import (
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    ID_CELL,
    ID_LABEL,
    INSTRUCTIONS_SHEET,
    NAME_CELL,
    NAME_LABEL,
    TOP_PARENT,
    weight_name,
)
from engine.study import Study

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INSTRUCTIONS = [
    "How to use this workbook",
    "",
    "1. Each sheet holds the weights of one stakeholder profile, laid out as the value tree.",
    "2. Edit only the shaded 'Swing points' cells: how much each node matters compared with "
    "its siblings (same parent). Points are relative: 100 and 50 means twice as important.",
    "3. 'Weight within parent' and 'Global weight' are formulas and update as you type.",
    "4. Give every node a number of zero or more; siblings must not all be zero.",
    "5. Do not change the node ids in column A or the profile id in cell B3 (the engine "
    "finds profiles by that id; you may rename the sheet).",
    "6. To add a profile, copy a sheet and give it a new profile id and name in B3 and B4.",
    "7. Save, then run:  policyscore run STUDY --weights THIS_FILE.xlsx",
    "",
    "A profile read from this workbook replaces the study's profile with the same id for that "
    "run (recorded in the report's Run info); the study's files are not changed.",
]


def weights_workbook(study: Study, profiles: Sequence[str] | None = None) -> Workbook:
    """The weights workbook of ``profiles`` (default: all) of a study (not saved)."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions)
    chosen = list(profiles or study.profiles)
    for profile, name in zip(chosen, sheet_names(chosen), strict=True):
        _write_profile(workbook, workbook.create_sheet(name), study, profile)
    workbook.calculation.fullCalcOnLoad = True  # Excel computes the formulas on opening
    return workbook


def write_weights_template(
    study: Study, target: Path, inputs: Iterable[Path] = (), profiles: Sequence[str] | None = None
) -> None:
    """Write the weights workbook atomically; refuse a target that is an input file."""
    refuse_input_target(target, inputs)
    write_atomically(target, weights_workbook(study, profiles).save)


def _write_instructions(ws: Worksheet) -> None:
    for row, line in enumerate(INSTRUCTIONS, start=1):
        put_text(ws.cell(row, 1), line)
    ws["A1"].font = TITLE_FONT
    ws.column_dimensions["A"].width = 110


def _write_profile(workbook: Workbook, ws: Worksheet, study: Study, profile: str) -> None:
    record = study.profile(profile)
    put_text(ws["A1"], f"Weights: {record.name}").font = TITLE_FONT
    put_text(ws["A2"], "Edit the shaded swing points; the other columns follow.").font = NOTE_FONT
    put_text(ws["A3"], ID_LABEL).font = Font(bold=True)
    put_text(ws[ID_CELL], record.id)
    put_text(ws["A4"], NAME_LABEL).font = Font(bold=True)
    put_text(ws[NAME_CELL], record.name)
    for j, header in enumerate(HEADERS, start=1):
        cell = put_text(ws.cell(HEADER_ROW, j), header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    weights = study.node_weights(profile)
    last = FIRST_ROW + len(weights) - 1
    validation = _points_validation()
    ws.add_data_validation(validation)
    levels = _levels(study)
    for offset, w in enumerate(weights):
        row = FIRST_ROW + offset
        put_text(ws.cell(row, COLUMNS["node"]), w.node)
        put_text(ws.cell(row, COLUMNS["name"]), study.tree.node(w.node).name)
        put_text(ws.cell(row, COLUMNS["parent"]), w.parent or TOP_PARENT)
        put_value(ws.cell(row, COLUMNS["level"]), levels[w.node])
        points = put_value(ws.cell(row, COLUMNS["points"]), float(w.points))
        points.fill, points.protection = INPUT_FILL, Protection(locked=False)
        validation.add(points.coordinate)
        _write_formulas(ws, row, last, top=w.parent is None)
        put_text(ws.cell(row, COLUMNS["note"]), _elicitation_note(record, w.parent))
        name = weight_name(record.id, w.node)
        reference = f"{_quoted(ws.title)}!${_letter('points')}${row}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    _finish(ws)


def _write_formulas(ws: Worksheet, row: int, last: int, top: bool) -> None:
    e, c, a, g = (_letter(k) for k in ("points", "parent", "node", "global"))
    points = f"${e}${FIRST_ROW}:${e}${last}"
    parents = f"${c}${FIRST_ROW}:${c}${last}"
    siblings = f"SUMIFS({points},{parents},${c}{row})"
    local = ws.cell(row, COLUMNS["local"])
    local.value = f"=IF({siblings}=0,0,{e}{row}/{siblings})"
    local.number_format = "0.0%"
    parent_global = (
        f"INDEX(${g}${FIRST_ROW}:${g}${last},MATCH(${c}{row},${a}${FIRST_ROW}:${a}${last},0))"
    )
    glob = ws.cell(row, COLUMNS["global"])
    glob.value = f"={_letter('local')}{row}" if top else f"={_letter('local')}{row}*{parent_global}"
    glob.number_format = "0.0%"


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


def _elicitation_note(record, parent: str | None) -> str:
    key = parent or "top"
    if key in record.rankings:
        return "derived from a ranking in the study files; editing sets direct points"
    if key in record.pairwise:
        return "derived from AHP comparisons in the study files; editing sets direct points"
    return ""


def _levels(study: Study) -> dict[str, int]:
    parents = {n.id: n.parent for n in study.tree.nodes}
    levels: dict[str, int] = {}
    for node in parents:
        level, parent = 1, parents[node]
        while parent is not None:
            level, parent = level + 1, parents[parent]
        levels[node] = level
    return levels


def _finish(ws: Worksheet) -> None:
    widths = {"node": 30, "name": 44, "parent": 24, "level": 7, "points": 14}
    widths |= {"local": 14, "global": 14, "note": 60}
    for key, width in widths.items():
        ws.column_dimensions[_letter(key)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.protection.sheet = True  # no password: a guard against accidents, not a lock


def _letter(key: str) -> str:
    return "ABCDEFGH"[COLUMNS[key] - 1]


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
