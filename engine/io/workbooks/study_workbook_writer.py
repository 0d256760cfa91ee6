"""Write a whole study as one workbook (``policyscore template study`` and ``convert``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.io.cached_values import save_workbook
from engine.io.cells import put_header
from engine.io.files import refuse_input_target, write_atomically
from engine.io.sheet_data import PLAIN, SheetData
from engine.io.workbooks.study_workbook_layout import (
    AHP,
    ANCHORS,
    COLUMNS,
    CONSTRAINTS,
    COSTS,
    CRITERION,
    INTERACTIONS,
    OBJECTIVE,
    OPTIONS,
    PERFORMANCE,
    PORTFOLIO,
    PROFILES,
    RANKINGS,
    RESOURCE_LIMITS,
    RESOURCES,
    SCENARIOS,
    SOURCES,
    STUDY,
    TREE,
    VALUE_FUNCTIONS,
    WEIGHTS,
)
from engine.model import FORMAT_VERSION, Criterion
from engine.study_records import StudyRecords

WIDTHS = {"name": 40, "title": 40, "description": 50, "narrative": 60, "rationale": 70}


def write_study_workbook(parts: StudyRecords, target: Path, inputs: Iterable[Path] = ()) -> None:
    """Write ``parts`` (a study as read, profiles not yet resolved) to ``target`` atomically.

    The table bodies are written as sheet XML (:mod:`engine.io.sheet_data`), numbers with
    every digit Python needs to read them back (openpyxl writes 16 significant digits, so
    a value such as 3.2454630008708243 came back one unit in the last place off, and
    ``convert`` into the study's folder rewrote it)."""
    refuse_input_target(target, inputs)
    workbook, data = study_workbook(parts)
    bodies = {
        ws.title: (data.serialise(ws, str), data.extent(ws.title)) for ws in workbook.worksheets
    }
    write_atomically(target, lambda path: save_workbook(workbook, path, {}, bodies))


def study_workbook(parts: StudyRecords) -> tuple[Workbook, SheetData]:
    """One sheet per table of the study (see :mod:`engine.io.workbooks.study_workbook_layout`):
    the workbook with its headers, and the table bodies to write into it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    data = SheetData(workbook)
    info = parts.info
    tables = {
        STUDY: [
            ["format_version", FORMAT_VERSION],
            ["id", info.id],
            ["name", info.name],
            ["description", info.description],
        ],
        TREE: [_tree_row(node) for node in parts.nodes],
        ANCHORS: _anchor_rows(parts),
        VALUE_FUNCTIONS: _value_function_rows(parts),
        OPTIONS: [
            [o.id, o.name, o.category, o.description, o.short_name or "", *_delivery_row(o)]
            for o in parts.options
        ],
        SOURCES: [
            [s.id, s.title, s.citation, s.measures, s.figure, s.unit, s.locator, s.speaker]
            for s in parts.sources
        ],
        SCENARIOS: [
            [s.id, s.name, s.base, s.narrative, s.short_name or ""] for s in parts.scenarios
        ],
        PERFORMANCE: _performance_rows(parts),
        PROFILES: [_profile_row(p) for p in parts.profiles],
        WEIGHTS: [[p.id, n, w] for p in parts.profiles for n, w in p.weights.items()],
        RANKINGS: [
            [p.id, node, spec.scheme, child, rank]
            for p in parts.profiles
            for node, spec in p.rankings.items()
            for child, rank in spec.ranking.items()
        ],
        AHP: _ahp_rows(parts),
    }
    if parts.portfolio is not None:
        tables |= _portfolio_tables(parts)
    for sheet, rows in tables.items():
        _write_table(workbook.create_sheet(sheet), COLUMNS[sheet], rows, data)
    return workbook, data


def _portfolio_tables(parts: StudyRecords) -> dict[str, list[list[Any]]]:
    """The portfolio declarations and the scenarios' costs (lists joined by commas)."""
    portfolio = parts.portfolio
    return {
        PORTFOLIO: [["baseline", portfolio.baseline]],
        RESOURCES: [
            [
                r.id,
                r.name,
                r.unit,
                r.limit,
                r.criterion,
                r.description,
                ", ".join(r.funds) or None,
                r.funds_category,
            ]
            for r in portfolio.resources
        ],
        RESOURCE_LIMITS: [
            [r.id, scenario, limit]
            for r in portfolio.resources
            for scenario, limit in r.limits.items()
        ],
        CONSTRAINTS: [
            [
                c.id,
                c.kind,
                ", ".join(c.options),
                c.category,
                ", ".join(c.requires),
                c.count,
                c.rationale,
                ", ".join(c.evidence),
            ]
            for c in portfolio.constraints
        ],
        INTERACTIONS: [
            [
                *i.options[:2],
                i.value,
                i.rationale,
                ", ".join(i.evidence),
                i.criterion,
                i.change,
                ", ".join(i.options[2:]),
            ]
            for i in portfolio.interactions
        ],
        COSTS: _cell_rows(parts, "costs"),
    }


def _delivery_row(option) -> list[Any]:
    d = option.delivery
    if d is None:
        return []
    return [d.value, d.low, d.high, d.rationale, ", ".join(d.evidence)]


def _profile_row(profile) -> list[Any]:
    row = [profile.id, profile.name, profile.description, profile.illustrative]
    spec = profile.objective
    return row if spec is None else [*row, spec.method, spec.scenario]


def _tree_row(node) -> list[Any]:
    if not isinstance(node, Criterion):
        return [node.id, node.name, OBJECTIVE, node.parent, node.description]
    scale, preference = node.scale, node.preference
    return [
        node.id,
        node.name,
        CRITERION,
        node.parent,
        node.description,
        node.direction.value,
        scale.kind,
        scale.unit,
        scale.min,
        scale.max,
        preference.function,
        preference.q,
        preference.p,
        preference.s,
    ]


def _anchor_rows(parts: StudyRecords) -> list[list[Any]]:
    return [
        [node.id, point, text]
        for node in parts.nodes
        if isinstance(node, Criterion)
        for point, text in node.scale.anchors.items()
    ]


def _value_function_rows(parts: StudyRecords) -> list[list[Any]]:
    return [
        [node.id, x, v]
        for node in parts.nodes
        if isinstance(node, Criterion) and node.value_function is not None
        for x, v in node.value_function.points
    ]


def _performance_rows(parts: StudyRecords) -> list[list[Any]]:
    return _cell_rows(parts, "performance")


def _cell_rows(parts: StudyRecords, table: str) -> list[list[Any]]:
    """One row per cell of every scenario's ``performance`` (option, criterion) or
    ``costs`` (option, resource) table."""
    return [
        [
            scenario.id,
            option,
            criterion,
            cell.value,
            cell.low,
            cell.high,
            cell.rationale,
            ", ".join(cell.evidence),
        ]
        for scenario in parts.scenarios
        for option, row in getattr(scenario, table).items()
        for criterion, cell in row.items()
    ]


def _ahp_rows(parts: StudyRecords) -> list[list[Any]]:
    return [
        [p.id, node, spec.method, row, column, spec.matrix[i][j]]
        for p in parts.profiles
        for node, spec in p.pairwise.items()
        for i, row in enumerate(spec.order)
        for j, column in enumerate(spec.order)
    ]


def _write_table(
    ws: Worksheet, headers: tuple[str, ...], rows: list[list[Any]], data: SheetData
) -> None:
    for j, header in enumerate(headers, start=1):
        put_header(ws.cell(1, j), header)
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(header, 16)
    for i, row in enumerate(rows, start=2):
        data.put_row(ws, i, [(j, value, PLAIN) for j, value in enumerate(row, start=1)])
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
