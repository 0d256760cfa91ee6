"""Write the Weights sheet (template and report) and the weights workbook.

Swing points are the only input cells (unlocked, shaded, data validation: a number
>= 0); weights within the parent and global weights are live formulas whose cached
values are the engine's, so the sheet reads correctly before any recalculation.
The sheet is protected without a password against accidental edits of formulas
and ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.elicitation import random_index
from engine.io.cached_values import Cached, save_workbook
from engine.io.cells import (
    NOTE_FONT,
    TITLE_FONT,
    put_header,
    put_text,
    put_value,
)
from engine.io.files import refuse_input_target, write_atomically
from engine.io.text_metrics import LINE_HEIGHT, lines_needed, text_units, wrapped_lines
from engine.io.workbooks.weights_layout import (
    AHP_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    ID_LABEL,
    ID_ROW,
    INSTRUCTIONS_SHEET,
    NAME_LABEL,
    NAME_ROW,
    PLANNER_LABEL,
    PLANNER_ROW,
    PROFILE_HEADERS,
    TOP_PARENT,
    TREE_COLUMNS,
    TREE_HEADERS,
    WEIGHTS_SHEET,
    global_name,
    points_column,
    weight_name,
)
from engine.model import RANK_SCHEMES
from engine.study import Study
from engine.weights_data import ProfileColumn, WeightsData, weights_data

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
    "7. Filling in weights with colleagues? Put your name or id in the shaded 'Planner' cell; "
    "policyscore combine pools everyone's workbooks and shows where you disagree.",
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
    return workbook, write_weights_sheet(workbook, ws, weights_data(study, profiles))


def write_weights_template(
    study: Study, target: Path, inputs: Iterable[Path] = (), profiles: Sequence[str] | None = None
) -> None:
    """Write the weights workbook atomically; refuse a target that is an input file."""
    refuse_input_target(target, inputs)
    workbook, cached = weights_workbook(study, profiles)
    write_atomically(target, lambda path: save_workbook(workbook, path, cached))


def write_weights_sheet(
    workbook: Workbook, ws: Worksheet, data: WeightsData, title: str = "Weights by profile"
) -> Cached:
    """Fill ``ws`` with the Weights layout (and an AHP sheet after it when profiles use AHP);
    returns the cached values of their formulas by sheet."""
    cached: Cached = {}
    refs: dict[tuple[str, str], str] = {}
    if data.ahp:
        ahp = workbook.create_sheet(AHP_SHEET, workbook.index(ws) + 1)
        cached[ahp.title], refs = write_ahp_sheet(ahp, data.ahp)
    if data.rankings:
        ranked = workbook.create_sheet(RANKINGS_SHEET, workbook.index(ws) + 1)
        cached[ranked.title], found = write_rankings_sheet(ranked, data.rankings)
        refs |= found
    put_text(ws["A1"], title).font = TITLE_FONT
    put_text(ws["A2"], "Edit the shaded swing points; the weights follow.").font = NOTE_FONT
    put_text(ws.cell(ID_ROW, 1), ID_LABEL).font = Font(bold=True)
    put_text(ws.cell(NAME_ROW, 1), NAME_LABEL).font = Font(bold=True)
    put_text(ws.cell(PLANNER_ROW, 1), PLANNER_LABEL).font = Font(bold=True)
    planner = ws.cell(PLANNER_ROW, 2)
    planner.protection, planner.fill = Protection(locked=False), INPUT_FILL
    for j, header in enumerate(TREE_HEADERS, start=1):
        put_header(ws.cell(HEADER_ROW, j), header)
    for offset, row in enumerate(data.rows):
        r = FIRST_ROW + offset
        put_text(ws.cell(r, TREE_COLUMNS["node"]), row.node)
        put_text(ws.cell(r, TREE_COLUMNS["name"]), row.name)
        put_text(ws.cell(r, TREE_COLUMNS["parent"]), row.parent or TOP_PARENT)
        put_value(ws.cell(r, TREE_COLUMNS["level"]), row.level)
    validation = _points_validation()
    ws.add_data_validation(validation)
    values: dict[str, float] = {}
    for k, profile in enumerate(data.profiles):
        values |= _write_profile(workbook, ws, data, profile, points_column(k), validation, refs)
    _finish(ws, data)
    cached[ws.title] = values
    return cached


def _write_profile(workbook, ws, data, profile: ProfileColumn, column: int, validation, refs):
    put_text(ws.cell(ID_ROW, column), profile.id).font = Font(bold=True)
    put_text(ws.cell(NAME_ROW, column), profile.name)
    for j, header in enumerate(PROFILE_HEADERS):
        put_header(ws.cell(HEADER_ROW, column + j), header)
    last = FIRST_ROW + len(data.rows) - 1
    row_of = {row.node: FIRST_ROW + offset for offset, row in enumerate(data.rows)}
    cached = {}
    for offset, row in enumerate(data.rows):
        r = FIRST_ROW + offset
        ahp = refs.get((profile.id, row.node))
        if ahp is None:
            points = put_value(ws.cell(r, column), profile.points[offset])
            points.fill, points.protection = INPUT_FILL, Protection(locked=False)
            validation.add(points.coordinate)
        else:  # set on the AHP or Rankings sheet: 100 x the child's weight there
            points = ws.cell(r, column, f"=100*{ahp}")
            cached[points.coordinate] = profile.points[offset]
        if profile.notes[offset]:
            points.comment = Comment(profile.notes[offset], "policyscore")
        local, glob = _write_formulas(ws, r, column, last, row_of.get(row.parent))
        cached[local] = profile.local[offset]
        cached[glob] = profile.global_[offset]
        _define(workbook, weight_name(profile.id, row.node), ws.title, column, r)
        _define(workbook, global_name(profile.id, row.node), ws.title, column + 2, r)
    return cached


def _write_formulas(ws: Worksheet, row: int, column: int, last: int, parent: int | None):
    """Weight within parent (points over the siblings' sum) and global weight (within
    parent times the parent's global weight, a direct reference to the parent's row: no
    lookup over a range that holds the cell itself)."""
    p, loc, g = (get_column_letter(column + j) for j in range(3))
    c = get_column_letter(TREE_COLUMNS["parent"])
    siblings = f"SUMIFS({p}${FIRST_ROW}:{p}${last},${c}${FIRST_ROW}:${c}${last},${c}{row})"
    local = ws.cell(row, column + 1, f"=IF({siblings}=0,0,{p}{row}/{siblings})")
    above = f"={loc}{row}" if parent is None else f"={loc}{row}*{g}${parent}"
    glob = ws.cell(row, column + 2, above)
    local.number_format = glob.number_format = WEIGHT_FORMAT
    return local.coordinate, glob.coordinate


def _define(workbook: Workbook, name: str, sheet: str, column: int, row: int) -> None:
    reference = f"{quote_sheetname(sheet)}!${get_column_letter(column)}${row}"
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)


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


TREE_WIDTHS = {"node": (12, 34), "name": (20, 40), "parent": (10, 24), "level": (7, 7)}
"""Narrowest and widest (characters) of each tree column: wide enough for its longest
text up to the widest; a longer name wraps (its row grows), so nothing is cut."""
PROFILE_WIDTH = 11
"""Width of each of a profile's three columns: three profiles print side by side with
the repeated names on a page at 76 %."""


def _finish(ws: Worksheet, data: WeightsData) -> None:
    texts = {
        "node": [row.node for row in data.rows],
        "name": [row.name for row in data.rows],
        "parent": [row.parent or TOP_PARENT for row in data.rows],
        "level": [],
    }
    widths = {}
    for key, (low, high) in TREE_WIDTHS.items():
        longest = max((text_units(t) for t in texts[key]), default=0)
        widths[key] = min(high, max(low, math.ceil(longest + 2)))
        ws.column_dimensions[get_column_letter(TREE_COLUMNS[key])].width = widths[key]
    for offset, row in enumerate(data.rows):  # a name wider than its column wraps
        lines = wrapped_lines(row.name, widths["name"])
        if lines > 1:
            for cell in ws[FIRST_ROW + offset]:  # the whole row reads from its top line
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[FIRST_ROW + offset].height = LINE_HEIGHT * lines
    for k in range(len(data.profiles)):
        for j in range(len(PROFILE_HEADERS)):
            ws.column_dimensions[get_column_letter(points_column(k) + j)].width = PROFILE_WIDTH
            ws.cell(HEADER_ROW, points_column(k) + j).alignment = Alignment(wrap_text=True)
        _merge_profile_name(ws, points_column(k))
    headers = [(header, PROFILE_WIDTH) for header in PROFILE_HEADERS]
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * lines_needed(headers, bold=True)
    ws.freeze_panes = ws.cell(FIRST_ROW, points_column(0))
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.protection.sheet = True  # no password: a guard against accidents, not a lock


def _merge_profile_name(ws: Worksheet, column: int) -> None:
    """The profile's name (row 4) across its three columns, wrapped: a long name is not
    cut by the next profile's columns."""
    last = column + len(PROFILE_HEADERS) - 1
    ws.merge_cells(start_row=NAME_ROW, start_column=column, end_row=NAME_ROW, end_column=last)
    cell = ws.cell(NAME_ROW, column)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    lines = wrapped_lines(str(cell.value or ""), len(PROFILE_HEADERS) * PROFILE_WIDTH)
    current = ws.row_dimensions[NAME_ROW].height or LINE_HEIGHT
    ws.row_dimensions[NAME_ROW].height = max(current, LINE_HEIGHT * lines)


# --- AHP sheet ---------------------------------------------------------------------------

JUDGMENT_MIN, JUDGMENT_MAX = 1 / 9, 9.0


def write_ahp_sheet(ws: Worksheet, blocks) -> tuple[dict[str, float], dict[tuple[str, str], str]]:
    """The AHP matrices, live: judgments above the diagonal are the inputs.

    Returns the cached formula values and, per (profile, child), the reference of the
    child's priority cell (the Weights sheet takes its points from there).
    """
    put_text(ws["A1"], "AHP pairwise comparisons").font = TITLE_FONT
    put_text(
        ws["A2"],
        "Edit the shaded judgments above the diagonal (Saaty's 1-9 scale; 1/3 as 0.333...); "
        "the reciprocals, priorities and consistency ratio follow. A ratio above 0.10 calls "
        "for revisiting the judgments.",
    ).font = NOTE_FONT
    validation = DataValidation(
        type="decimal",
        operator="between",
        formula1=repr(JUDGMENT_MIN),
        formula2=repr(JUDGMENT_MAX),
        showErrorMessage=True,
        errorTitle="AHP judgment",
        error="A judgment is a number from 1/9 to 9.",
    )
    ws.add_data_validation(validation)
    cached: dict[str, float] = {}
    refs: dict[tuple[str, str], str] = {}
    row = 4
    for block in blocks:
        row = _write_ahp_block(ws, block, row, validation, cached, refs) + 2
    ws.column_dimensions["A"].width = 30
    ws.protection.sheet = True
    return cached, refs


def _write_ahp_block(ws, block, top: int, validation, cached, refs) -> int:
    n = len(block.order)
    first = top + 2
    rows = range(first, first + n)
    col = {"g": n + 2, "gp": n + 3, "p": n + 4, "l": n + 5}
    letter = {k: get_column_letter(v) for k, v in col.items()}
    for j, (label, value) in enumerate(
        [("Profile", block.profile), ("Node", block.node), ("Method", block.method)]
    ):
        put_text(ws.cell(top, 1 + 2 * j), label).font = Font(bold=True)
        put_text(ws.cell(top, 2 + 2 * j), value)
    put_header(ws.cell(top + 1, 1), "Row vs column")
    for j, child in enumerate(block.order):
        put_header(ws.cell(top + 1, 2 + j), child)
    for key, text in [("g", "Geometric mean"), ("gp", "Geometric priority")]:
        put_header(ws.cell(top + 1, col[key]), text)
    put_header(ws.cell(top + 1, col["p"]), "Priority")
    put_header(ws.cell(top + 1, col["l"]), "(A w)_i / w_i")
    last_matrix = get_column_letter(n + 1)
    for i, r in enumerate(rows):
        put_text(ws.cell(r, 1), block.order[i])
        for j in range(n):
            cell = ws.cell(r, 2 + j)
            if j > i:
                put_value(cell, block.matrix[i][j])
                cell.fill, cell.protection = INPUT_FILL, Protection(locked=False)
                validation.add(cell.coordinate)
            elif j == i:
                put_value(cell, 1)
            else:
                mirror = f"{get_column_letter(2 + i)}{first + j}"
                cell.value = f"=1/{mirror}"
                cached[cell.coordinate] = block.matrix[i][j]
        _set(ws, r, col["g"], f"=GEOMEAN(B{r}:{last_matrix}{r})", block.geometric[i], cached)
        total = f"SUM(${letter['g']}${first}:${letter['g']}${first + n - 1})"
        _set(ws, r, col["gp"], f"={letter['g']}{r}/{total}", _share(block.geometric, i), cached)
    final = _write_power_steps(ws, block, rows, letter["gp"], col["gp"] + 4, cached)
    for i, r in enumerate(rows):
        source = final if final else letter["gp"]
        _set(ws, r, col["p"], f"={source}{r}", block.priorities[i], cached)
        terms = "+".join(
            f"{get_column_letter(2 + j)}{r}*${letter['p']}${first + j}" for j in range(n)
        )
        _set(ws, r, col["l"], f"=({terms})/{letter['p']}{r}", block.lambdas[i], cached)
        refs[(block.profile, block.order[i])] = f"{quote_sheetname(ws.title)}!${letter['p']}${r}"
    end = first + n
    put_text(ws.cell(end, 1), "Consistency ratio").font = Font(bold=True)
    lam = f"AVERAGE({letter['l']}{first}:{letter['l']}{end - 1})"
    ri = random_index(n)
    text = f"=(({lam}-{n})/{n - 1})/{ri!r}" if n > 2 and ri > 0 else "=0"
    _set(ws, end, 2, text, block.consistency_ratio, cached).number_format = "0.000"
    return end


def _write_power_steps(ws, block, rows, previous: str, start: int, cached) -> str | None:
    """Power iterations (hidden columns) from the column ``previous``; the last column."""
    if not block.steps:
        return None
    first, n = rows[0], len(rows)
    for k, (u, p) in enumerate(block.steps):
        cu, cp = start + 2 * k, start + 2 * k + 1
        lu, lp = get_column_letter(cu), get_column_letter(cp)
        for i, r in enumerate(rows):
            terms = "+".join(
                f"{get_column_letter(2 + j)}{r}*${previous}${first + j}" for j in range(n)
            )
            _set(ws, r, cu, f"={terms}", u[i], cached)
            _set(ws, r, cp, f"={lu}{r}/SUM(${lu}${first}:${lu}${first + n - 1})", p[i], cached)
        ws.column_dimensions[lu].hidden = ws.column_dimensions[lp].hidden = True
        previous = lp
    return previous


def _set(ws, row: int, column: int, formula: str, value: float, cached) -> object:
    cell = ws.cell(row, column, formula)
    cached[cell.coordinate] = float(value)
    return cell


def _share(values, i: int) -> float:
    return float(values[i] / sum(values))


# --- Rankings sheet ------------------------------------------------------------------------

RANKINGS_SHEET = "Rankings"


def write_rankings_sheet(ws: Worksheet, blocks) -> tuple[dict[str, float], dict]:
    """Rankings, live: ranks and scheme are the inputs; position weights and each child's
    weight (tied children share their positions' mean weight) are formulas."""
    put_text(ws["A1"], "Weights from rankings").font = TITLE_FONT
    put_text(
        ws["A2"],
        "Edit the shaded ranks (1 = most important; ties allowed) or the scheme: "
        f"{', '.join(RANK_SCHEMES)}. The weights follow.",
    ).font = NOTE_FONT
    cached: dict[str, float] = {}
    refs: dict[tuple[str, str], str] = {}
    row = 4
    for block in blocks:
        row = _write_rank_block(ws, block, row, cached, refs) + 2
    ws.column_dimensions["A"].width = 30
    ws.protection.sheet = True
    return cached, refs


def _write_rank_block(ws, block, top: int, cached, refs) -> int:
    n = len(block.children)
    first, last = top + 2, top + 1 + n
    scheme = ws.cell(top, 6)
    for j, (label, value) in enumerate(
        [("Profile", block.profile), ("Node", block.node), ("Scheme", block.scheme)]
    ):
        put_text(ws.cell(top, 1 + 2 * j), label).font = Font(bold=True)
        put_text(ws.cell(top, 2 + 2 * j), value)
    scheme.fill, scheme.protection = INPUT_FILL, Protection(locked=False)
    choices = DataValidation(type="list", formula1='"' + ",".join(RANK_SCHEMES) + '"')
    ws.add_data_validation(choices)
    choices.add(scheme.coordinate)
    ranks = DataValidation(type="whole", operator="between", formula1="1", formula2=str(n))
    ws.add_data_validation(ranks)
    headers = ["Child", "Rank (edit)", "First position", "Tied", "Weight", "", "Position"]
    for j, text in enumerate([*headers, "Position weight"], start=1):
        if text:
            put_header(ws.cell(top + 1, j), text)
    s = f"$F${top}"
    rank_range, pos, pw = (f"${c}${first}:${c}${last}" for c in ("B", "G", "H"))
    for i in range(n):
        r = first + i
        put_text(ws.cell(r, 1), block.children[i])
        rank = put_value(ws.cell(r, 2), block.ranks[i])
        rank.fill, rank.protection = INPUT_FILL, Protection(locked=False)
        ranks.add(rank.coordinate)
        better = sum(x < block.ranks[i] for x in block.ranks)
        tied = sum(x == block.ranks[i] for x in block.ranks)
        _set(ws, r, 3, f'=COUNTIF({rank_range},"<"&B{r})+1', better + 1, cached)
        _set(ws, r, 4, f"=COUNTIF({rank_range},B{r})", tied, cached)
        weight = f"=SUMPRODUCT(({pos}>=C{r})*({pos}<C{r}+D{r})*{pw})/D{r}"
        _set(ws, r, 5, weight, block.weights[i], cached).number_format = "0.0%"
        put_value(ws.cell(r, 7), i + 1)
        roc = f"SUMPRODUCT(({pos}>=G{r})/{pos})/{n}"
        rank_sum = f"2*({n}+1-G{r})/({n}*({n}+1))"
        reciprocal = f"(1/G{r})/SUMPRODUCT(1/{pos})"
        text = f'=IF({s}="rank_sum",{rank_sum},IF({s}="rank_reciprocal",{reciprocal},{roc}))'
        _set(ws, r, 8, text, block.position_weights[i], cached).number_format = "0.0%"
        refs[(block.profile, block.children[i])] = f"{quote_sheetname(ws.title)}!$E${r}"
    return last
