"""``policyscore combine``: read several planners' weights workbooks, write the group's.

The group workbook is a weights workbook (it feeds ``run --weights`` and ``compare`` as it
is) holding the pooled profiles under the study's ids and each planner's copy as
``<profile>__<planner>``, plus a Disagreement sheet. A round-two workbook per planner holds
their own weights (the study's ids, to revise and send back) beside the group's median.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.acceptance import with_profiles
from engine.compare.group import GroupWeights, Planner, as_points, combine
from engine.io.cached_values import save_workbook
from engine.io.cells import NOTE_FONT, TITLE_FONT, put_header, put_text, put_value
from engine.io.charts import TemplateBarChart, bar_spec
from engine.io.files import refuse_input_target, write_atomically
from engine.io.printing import PrintPlan, set_page, set_print
from engine.io.workbooks.weights_layout import PLANNER_ROW, WEIGHTS_SHEET
from engine.io.workbooks.weights_reader import load_weights, read_judgments, read_planner
from engine.io.workbooks.weights_template import weights_workbook
from engine.study import Study

DISAGREEMENT, GROUP = "Disagreement", "Group"
BOX_COLOURS = ("FFFFFF", "D9D9D9", "0072B2", "56B4E9", "D9D9D9")
"""Stacked bars drawn as box plots: an invisible base up to the minimum, whisker, lower
box, upper box, whisker."""


def planner_id(text: str, taken: Iterable[str]) -> str:
    """An identifier from a planner's name (letters, digits, underscores), made unique."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "planner"
    base = base if base[0].isalpha() else f"p_{base}"
    base, name, n = base[:40], base[:40], 2
    folded = {t.casefold() for t in taken}  # "Ann" and "ann" would collide in a workbook
    while name.casefold() in folded:
        name, n = f"{base}_{n}", n + 1
    return name


def read_planners(paths: Sequence[Path], study: Study) -> list[Planner]:
    """Each workbook's profiles (accepted against ``study``) under its planner's id: the
    Planner cell, or the file name's stem when it is blank."""
    planners: list[Planner] = []
    for path in paths:
        profiles = load_weights(path, study)
        for (profile, node), spec in read_judgments(path).items():
            if profile in profiles:  # keep the judgments: pooled by geometric mean
                pairwise = dict(profiles[profile].pairwise) | {node: spec}
                profiles[profile] = profiles[profile].model_copy(update={"pairwise": pairwise})
        name = read_planner(path) or Path(path).stem
        planners.append(Planner(planner_id(name, [p.id for p in planners]), profiles))
    return planners


def combine_weights(paths: Sequence[str | Path], study: Study) -> GroupWeights:
    """Pool the weights workbooks at ``paths`` (one per planner) for ``study``."""
    return combine(study, read_planners([Path(p) for p in paths], study))


Built = tuple  # (workbook, cached values): a workbook made in memory, written later


def write_group_workbook(
    group: GroupWeights, target: Path, inputs: Iterable[Path] = (), copies: bool = False
) -> None:
    """The group's weights workbook with its Disagreement sheet, written atomically."""
    write_built(group_workbook(group, copies), target, inputs)


def group_workbook(group: GroupWeights, copies: bool = False) -> Built:
    """The group's weights workbook with its Disagreement sheet, in memory: the pooled
    profiles (what ``run --weights`` scores), and with ``copies`` each planner's own
    copy beside them, named for the planner."""
    ids = [*group.pooled, *(group.copies.values() if copies else ())]
    workbook, cached = weights_workbook(group.study, ids)
    workbook[WEIGHTS_SHEET].cell(PLANNER_ROW, 2).value = "group"
    _disagreement_sheet(workbook, group)
    return workbook, cached


def write_built(built: Built, target: Path, inputs: Iterable[Path] = ()) -> None:
    """Write a workbook built in memory atomically (never over an input)."""
    refuse_input_target(target, inputs)
    workbook, cached = built
    write_atomically(target, lambda path: save_workbook(workbook, path, cached))


def write_round_two(
    group: GroupWeights, planner: Planner, target: Path, inputs: Iterable[Path] = ()
) -> None:
    """A planner's own weights (to revise and send back) and the group's median beside."""
    write_built(round_two_workbook(group, planner), target, inputs)


def round_two_workbook(group: GroupWeights, planner: Planner) -> Built:
    """A planner's round-two workbook, in memory: their weights as swing points (their
    AHP judgments already turned into points) and the group's median beside."""
    own = with_profiles(
        group.study, [as_points(group.study, planner.profiles[p]) for p in group.pooled]
    )
    workbook, cached = weights_workbook(own, list(group.pooled))
    workbook[WEIGHTS_SHEET].cell(PLANNER_ROW, 2).value = planner.id
    ws = workbook.create_sheet(GROUP, 1)
    put_text(
        ws["A1"], f"Round two for {planner.id}: your weights beside the group's"
    ).font = TITLE_FONT
    put_text(
        ws["A2"],
        "Revise your swing points on the Weights sheet if the group's view persuades you, "
        "save, and send this file back; the group's median is the middle planner's local "
        "weight.",
    ).font = NOTE_FONT
    headers = ["Profile", "Node", "Your local weight", "Group median", "Group min", "Group max"]
    for j, header in enumerate(headers, start=1):
        put_header(ws.cell(4, j), header)
    spread = group.spread
    for k, row in enumerate(spread.itertuples(index=False), start=5):
        profile = next(p for p in group.pooled if own.profile(p).name == row.Profile)
        local = {w.node: w.local for w in own.node_weights(profile)}
        node = next(n for n in local if own.tree.node(n).name == row.Node)
        for j, value in enumerate(
            [row.Profile, row.Node, local[node], row.Median, row.Min, row.Max], start=1
        ):
            put_value(ws.cell(k, j), value)
            if j > 2:
                ws.cell(k, j).number_format = "0.000"
    for j, width in enumerate((30, 36, 16, 14, 12, 12), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    return workbook, cached


def _disagreement_sheet(workbook: Workbook, group: GroupWeights) -> None:
    ws = workbook.create_sheet(DISAGREEMENT, 1)
    put_text(ws["A1"], "Where the planners disagree").font = TITLE_FONT
    put_text(
        ws["A2"],
        f"Planners: {', '.join(group.planners)}. Kendall's W: 1 = every planner ranks the "
        "criteria alike, 0 = no agreement (chi-square test: a small p-value means the "
        "agreement is not chance). Spread: each node's local weight across planners.",
    ).font = NOTE_FONT
    row = _table(ws, 4, "Agreement per profile", group.concordance)
    row = _table(ws, row + 1, "AHP consistency of each planner's judgments", group.consistency)
    for profile in group.spread["Profile"].unique():
        block = group.spread[group.spread["Profile"] == profile]
        top = row + 1
        row = _table(ws, top, f"Spread of local weights: {profile}", block, boxes=True)
        _box_chart(ws, profile, top + 1, top + 1 + len(block), len(block.columns))
    for j, width in enumerate((30, 36) + (11,) * 14, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    set_print(ws, PrintPlan(1, ws.max_row, ws.max_column, key_columns=2), "a4")
    set_page(ws, "a4", "Group weights")


def _table(ws: Worksheet, row: int, title: str, frame, boxes: bool = False) -> int:
    put_text(ws.cell(row, 1), title).font = Font(bold=True, size=12)
    columns = list(frame.columns)
    extra = ["Base", "Low whisker", "Lower box", "Upper box", "High whisker"] if boxes else []
    for j, header in enumerate(columns + extra, start=1):
        put_header(ws.cell(row + 1, j), header)
    for k, values in enumerate(frame.itertuples(index=False), start=row + 2):
        for j, value in enumerate(values, start=1):
            put_value(ws.cell(k, j), value)
            if isinstance(value, float):
                ws.cell(k, j).number_format = "0.000"
        if boxes:
            q = dict(zip(columns, values, strict=True))
            parts = [
                q["Min"],
                q["Q1"] - q["Min"],
                q["Median"] - q["Q1"],
                q["Q3"] - q["Median"],
                q["Max"] - q["Q3"],
            ]
            for j, value in enumerate(parts, start=len(columns) + 1):
                put_value(ws.cell(k, j), float(value))
                ws.cell(k, j).number_format = "0.000"
    return row + 2 + len(frame)


def _box_chart(ws: Worksheet, profile: str, header: int, last: int, columns: int) -> None:
    first_box = columns + 1
    spec = bar_spec(
        ws.title,
        f"Local weights across planners: {profile}",
        2,
        list(range(first_box, first_box + 5)),
        (header, last),
        "stacked",
        "local weight (box: middle half of the planners; whiskers: min and max)",
        "0.00",
        BOX_COLOURS,
        "b",
    )
    chart = TemplateBarChart(spec)
    chart.height, chart.width = max(7.5, 0.5 * (last - header + 3)), 20  # its block's rows
    ws.add_chart(chart, ws.cell(header - 1, first_box + 6).coordinate)
