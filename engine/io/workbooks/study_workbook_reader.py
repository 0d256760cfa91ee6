"""Read a whole study from one workbook into the same records as a study folder.

Each sheet is a table found by its headers; each record is validated like its
YAML twin, and every issue is located by sheet and cell. Blank cells mean "not
given" (the format's default). Numbers typed in text columns (a name such as
2025) are read as the text they show; text, yes/no or dates in number columns
are reported at their cell.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from engine.errors import Location, error
from engine.io.records import build
from engine.io.workbooks.study_workbook_layout import (
    AHP,
    ANCHORS,
    COLUMNS,
    CONSTRAINTS,
    COSTS,
    CRITERION,
    INTERACTIONS,
    OBJECTIVE,
    OPTIONAL_SHEETS,
    OPTIONS,
    PERFORMANCE,
    PORTFOLIO,
    PORTFOLIO_SHEETS,
    PROFILES,
    RANKINGS,
    REQUIRED,
    RESOURCE_LIMITS,
    RESOURCES,
    SCENARIOS,
    SOURCES,
    STUDY,
    TREE,
    VALUE_FUNCTIONS,
    WEIGHTS,
    Row,
)
from engine.io.workbooks.study_workbook_profiles import add_elicitations
from engine.io.workbooks.weights_reader import weights_sheets
from engine.io.workbooks.workbook_files import OpenedWorkbook, SheetPeek, open_workbook
from engine.model import (
    FORMAT_VERSION,
    Cell,
    Criterion,
    Objective,
    Option,
    Portfolio,
    Profile,
    Scenario,
    Source,
    StudyInfo,
)
from engine.study_records import StudyRecords

SECTION_OF = {TREE: "criteria", OPTIONS: "options", SCENARIOS: "scenarios", PROFILES: "profiles"}
SECTION_OF |= {PERFORMANCE: "scenarios", WEIGHTS: "profiles"}
TEXT = {"name", "title", "description", "citation", "measures", "unit", "locator"}
TEXT |= {"narrative", "rationale", "text", "short_name"}
WHOLE = {"point", "rank", "count"}
LISTS = {"options", "requires", "evidence"}


def read_workbook(path: Path) -> StudyRecords:
    """Read a study workbook; never raises for bad content (issues are collected)."""
    read = StudyRecords(path)
    titles: list[str] = []
    opened, issue = open_workbook(path, lambda peek: _study_sheets(peek, titles))
    issue = issue or _not_a_study(path, titles)
    if issue is not None or opened is None:
        read.issues.append(issue)
        read.found = False  # not a workbook we can read: nothing else to say
        return read
    read.files.append(path)
    reader = _Reader(read, path, opened)
    tables = {name: reader.table(name) for name in COLUMNS}
    reader.study(tables[STUDY])
    reader.tree(tables[TREE], tables[ANCHORS], tables[VALUE_FUNCTIONS])
    reader.records(tables[OPTIONS], Option, "option", read.options)
    reader.records(tables[SOURCES], Source, "source", read.sources)
    reader.scenarios(tables[SCENARIOS], tables[PERFORMANCE])
    reader.profiles(tables[PROFILES], tables[WEIGHTS], tables[RANKINGS], tables[AHP])
    reader.costs(tables[COSTS])
    reader.portfolio(*(tables[name] for name in PORTFOLIO_SHEETS[:5]))
    return read


def _study_sheets(peek: SheetPeek, titles: list[str]) -> list[str]:
    """The study's sheets (by their layout names); ``titles`` receives what the workbook
    holds when it is a weights workbook or a report instead (nothing is read then)."""
    if STUDY in peek.titles or not weights_sheets(peek):
        return [t for t in peek.titles if t in COLUMNS]
    titles += peek.titles
    return []


def _not_a_study(path: Path, titles: list[str]):
    """``workbook-format`` for a weights workbook or a report given as the study."""
    if not titles:
        return None
    what = "a policyscore report" if "Run info" in titles else "a weights workbook"
    return error(
        "workbook-format",
        Location(file=str(path)),
        f"{what} (a weights sheet, no '{STUDY}' sheet)",
        "a study folder or a study workbook",
        "give its weights with --weights (e.g. policyscore run --weights "
        f"{path.name}) and the study as the folder or study workbook",
    )


class _Reader:
    def __init__(self, read: StudyRecords, path: Path, workbook: OpenedWorkbook) -> None:
        self.read, self.path, self.workbook = read, path, workbook

    def at(self, sheet: str, cell: str | None = None) -> Location:
        return Location(file=self.path.name, sheet=sheet, cell=cell)

    def problem(self, code: str, location: Location, found: str, expected: str = "") -> None:
        self.read.issues.append(error(code, location, found, expected))

    # ---- tables --------------------------------------------------------------------
    def table(self, sheet: str) -> list[Row]:
        if sheet not in self.workbook.sheetnames:
            if sheet not in OPTIONAL_SHEETS:
                self.problem("sheet-missing", self.at(sheet), f"no sheet '{sheet}'", "the sheet")
                self.read.unread.add(SECTION_OF.get(sheet, sheet))
            return []
        written, saved = self.workbook.cells(sheet)
        headers = self._headers(written.get(1, {}), sheet)
        self._unsaved_formulas(sheet, headers)
        rows = []
        for number in sorted(set(saved) - {1}):
            values = {j: saved[number].get(j + 1) for j in headers}
            row = self._row(sheet, headers, number, values)
            if row is not None:
                rows.append(row)
        return rows

    def _headers(self, first: dict[int, Any], sheet: str) -> dict[int, str]:
        known, headers = COLUMNS[sheet], {}
        for column in sorted(first)[: len(COLUMNS[sheet]) + 50]:
            j, raw = column - 1, first[column]
            header = str(raw).strip()
            cell = self.at(sheet, f"{_letter(j)}1")
            if not header:
                continue
            if header not in known:
                self.problem("key-unknown", cell, f"unknown column '{header}'", ", ".join(known))
            elif header in headers.values():
                self.problem("id-duplicate", cell, f"column '{header}' twice", "each column once")
            else:
                headers[j] = header
        for header in known[: REQUIRED[sheet]]:
            if header not in headers.values():
                self.problem("key-missing", self.at(sheet, "A1"), f"no column '{header}'", header)
        return headers

    def _unsaved_formulas(self, sheet: str, headers: dict[int, str]) -> None:
        unsaved = self.workbook.unsaved.get(sheet, {})
        for (number, column), text in sorted(unsaved.items()):
            if number > 1 and column - 1 in headers:
                self.problem(
                    "formula-no-value",
                    self.at(sheet, f"{_letter(column - 1)}{number}"),
                    f"a formula whose result was never saved ({text[:40]})",
                    "a value, or a formula saved by Excel or LibreOffice",
                )

    def _row(self, sheet: str, headers: dict[int, str], number: int, values) -> Row | None:
        row = Row(number, {}, {h: f"{_letter(j)}{number}" for j, h in headers.items()})
        for j, header in headers.items():
            value = values.get(j)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            row.values[header] = self._cell(sheet, header, value, row.cells[header])
        return row if row.values else None

    def _cell(self, sheet: str, header: str, value: Any, cell: str) -> Any:
        if isinstance(value, (datetime, date, time, timedelta)):
            self.problem(
                "value-not-numeric", self.at(sheet, cell), f"a date or time ({value})", header
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            return value  # pydantic reports it at the cell
        if header in TEXT or (sheet == STUDY and header == "value"):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return _number_text(value)
            return str(value)
        if header in WHOLE and isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            return value.strip()
        return value

    # ---- records -------------------------------------------------------------------
    def locate(self, address, sheet: str, row: Row, extra=None):
        """Register where ``row``'s values are, under ``address`` (and extra paths)."""
        where = self.read.where
        where.register_file(address, self.path.name)
        where.add(address, (), self.at(sheet, f"A{row.number}"))
        for header, cell in row.cells.items():
            for key in _paths(sheet, header):
                where.add(address, key, self.at(sheet, cell))
        for key, (other, cell) in (extra or {}).items():
            where.add(address, key, self.at(other, cell))
        return lambda key: where.locate(address, key)

    def study(self, rows: list[Row]) -> None:
        values = {str(r.values.get("key")): r for r in rows}
        version = values.get("format_version")
        raw = version.values.get("value") if version else None
        if str(raw) != str(FORMAT_VERSION):
            cell = self.at(STUDY, version.cells.get("value") if version else "A1")
            self.problem("format-version", cell, f"format_version {raw!r}", f"{FORMAT_VERSION}")
        data = {k: r.values.get("value", "") for k, r in values.items() if k != "format_version"}
        extra = {(k,): (STUDY, r.cells.get("value", f"A{r.number}")) for k, r in values.items()}
        self.read.info, issues = build(
            StudyInfo, data, self.locate(("study",), STUDY, Row(1, {}), extra)
        )
        self.read.issues += issues

    def tree(self, rows: list[Row], anchors: list[Row], points: list[Row]) -> None:
        anchor_map, point_map = _group(anchors, "criterion"), _group(points, "criterion")
        self.read.where.add(("tree",), (), self.at(TREE, "A1"))
        for row in rows:
            v = row.values
            kind = v.get("kind")
            if kind not in (OBJECTIVE, CRITERION):
                cell = self.at(TREE, row.cells.get("kind", f"A{row.number}"))
                self.problem("choice-invalid", cell, f"kind {kind!r}", "objective or criterion")
                continue
            data = _node_data(v, anchor_map.get(v.get("id"), []), point_map.get(v.get("id"), []))
            extra = _nested_cells(anchor_map.get(v.get("id"), []), point_map.get(v.get("id"), []))
            model = Criterion if kind == CRITERION else Objective
            locate = self.locate(("node", str(v.get("id"))), TREE, row, extra)
            record, issues = build(model, data, locate)
            self.read.issues += issues
            if record is None:
                self.read.broken_ids.add(str(v.get("id")))
            else:
                self.read.nodes.append(record)
        self.read.nodes = _depth_first(self.read.nodes, self)

    def records(self, rows: list[Row], model: type, kind: str, into: list) -> None:
        self.read.where.add((kind + "s",), (), self.at(_sheet_of(kind), "A1"))
        for row in rows:
            locate = self.locate((kind, str(row.values.get("id"))), _sheet_of(kind), row)
            data = _with_delivery(row.values) if kind == "option" else row.values
            record, issues = build(model, data, locate)
            self.read.issues += issues
            if record is None:
                self.read.broken_ids.add(str(row.values.get("id")))
            else:
                into.append(record)

    def scenarios(self, rows: list[Row], performance: list[Row]) -> None:
        by_scenario = _group(performance, "scenario")
        self.read.where.add(("scenarios",), (), self.at(SCENARIOS, "A1"))
        headers = {str(r.values.get("id")): r for r in rows}
        for scenario_id, lines in by_scenario.items():
            if scenario_id not in headers:
                cell = self.at(PERFORMANCE, lines[0].cells.get("scenario"))
                self.problem("scenario-unknown", cell, f"scenario '{scenario_id}'", "a scenario id")
        for scenario_id in dict.fromkeys([*headers, *by_scenario]):
            table: dict[str, dict[str, Cell]] = {}
            for line in by_scenario.get(scenario_id, []):
                self._cell_record(scenario_id, line, table)
            row = headers.get(scenario_id)
            if row is None:
                continue
            locate = self.locate(("scenario", scenario_id), SCENARIOS, row)
            header, issues = build(Scenario, row.values, locate)
            self.read.issues += issues
            if header is not None:
                self.read.scenarios.append(header.model_copy(update={"performance": table}))

    def _cell_record(self, scenario_id: str, line: Row, table: dict) -> None:
        option = str(line.values.get("option"))
        criterion = str(line.values.get("criterion"))
        address, path = ("scenario", scenario_id), ("performance", option, criterion)
        where = self.read.where
        where.add(address, path[:2], self.at(PERFORMANCE, line.cells["option"]))
        where.add(address, path, self.at(PERFORMANCE, line.cells["criterion"]))
        for header, cell in line.cells.items():
            where.add(address, (*path, header), self.at(PERFORMANCE, cell))
        data = {k: v for k, v in line.values.items() if k in ("value", "low", "high", "rationale")}
        if "evidence" in line.values:
            data["evidence"] = [e.strip() for e in str(line.values["evidence"]).split(",")]
        cell, issues = build(Cell, data, lambda key: where.locate(address, (*path, *key)))
        self.read.issues += issues
        if cell is None:
            self.read.unreadable.add((scenario_id, option, criterion))
        elif criterion in table.get(option, {}):
            self.problem(
                "id-duplicate",
                self.at(PERFORMANCE, f"A{line.number}"),
                f"a second row for {scenario_id} / {option} / {criterion}",
                "one row per scenario, option and criterion",
            )
        else:
            table.setdefault(option, {})[criterion] = cell

    def costs(self, rows: list[Row]) -> None:
        """Cost cells (sheet Costs) joined to their scenarios, located like performance."""
        table: dict[str, dict[str, dict[str, Cell]]] = {}
        known = {s.id for s in self.read.scenarios}
        where = self.read.where
        for line in rows:
            scenario = str(line.values.get("scenario"))
            option, resource = str(line.values.get("option")), str(line.values.get("resource"))
            if scenario not in known:
                cell = self.at(COSTS, line.cells.get("scenario"))
                self.problem("scenario-unknown", cell, f"scenario '{scenario}'", "a scenario id")
                continue
            address, path = ("scenario", scenario), ("costs", option, resource)
            where.add(address, path[:2], self.at(COSTS, line.cells["option"]))
            where.add(address, path, self.at(COSTS, line.cells["resource"]))
            for header, cell in line.cells.items():
                where.add(address, (*path, header), self.at(COSTS, cell))
            data = {
                k: v for k, v in line.values.items() if k in ("value", "low", "high", "rationale")
            }
            if "evidence" in line.values:
                data["evidence"] = _split(line.values["evidence"])
            record, issues = build(
                Cell, data, lambda key, a=address, p=path: where.locate(a, (*p, *key))
            )
            self.read.issues += issues
            if record is None:
                continue
            row = table.setdefault(scenario, {}).setdefault(option, {})
            if resource in row:
                self.problem(
                    "id-duplicate",
                    self.at(COSTS, f"A{line.number}"),
                    f"a second row for {scenario} / {option} / {resource}",
                    "one row per scenario, option and resource",
                )
            row[resource] = record
        self.read.scenarios = [
            s.model_copy(update={"costs": table[s.id]}) if s.id in table else s
            for s in self.read.scenarios
        ]

    def portfolio(self, keys, resources, limits, constraints, interactions) -> None:
        """The portfolio declarations, when the workbook has any."""
        if not (keys or resources or constraints or interactions):
            return
        address, where = ("portfolio",), self.read.where
        where.register_file(address, self.path.name)
        where.add(address, (), self.at(PORTFOLIO, "A1"))
        data: dict[str, Any] = {"resources": [], "constraints": [], "interactions": []}
        for row in keys:
            key = str(row.values.get("key"))
            data[key] = row.values.get("value")
            where.add(address, (key,), self.at(PORTFOLIO, row.cells.get("value")))
        by_resource = _group(limits, "resource")
        for i, row in enumerate(resources):
            item = {k: (_split(v) if k == "funds" else v) for k, v in row.values.items()}
            self._cells(address, ("resources", i), RESOURCES, row)
            for line in by_resource.get(str(row.values.get("id")), []):
                scenario = str(line.values.get("scenario"))
                item.setdefault("limits", {})[scenario] = line.values.get("limit")
                where.add(
                    address,
                    ("resources", i, "limits", scenario),
                    self.at(RESOURCE_LIMITS, line.cells.get("limit")),
                )
            data["resources"].append(item)
        for i, row in enumerate(constraints):
            item = {k: (_split(v) if k in LISTS else v) for k, v in row.values.items()}
            self._cells(address, ("constraints", i), CONSTRAINTS, row)
            data["constraints"].append(item)
        for i, row in enumerate(interactions):
            v = row.values
            item = {k: v[k] for k in ("value", "rationale", "criterion", "change") if k in v}
            item["options"] = [v.get("option"), v.get("other"), *_split(v.get("more_options", ""))]
            if "evidence" in v:
                item["evidence"] = _split(v["evidence"])
            self._cells(address, ("interactions", i), INTERACTIONS, row)
            for n, header in enumerate(("option", "other")):
                where.add(
                    address,
                    ("interactions", i, "options", n),
                    self.at(INTERACTIONS, row.cells.get(header)),
                )
            data["interactions"].append(item)
        record, issues = build(Portfolio, data, lambda key: where.locate(address, key))
        self.read.issues += issues
        if record is None:
            self.read.unread.add("portfolio")
        else:
            self.read.portfolio = record

    def _cells(self, address, prefix: tuple, sheet: str, row: Row) -> None:
        where = self.read.where
        where.add(address, prefix, self.at(sheet, f"A{row.number}"))
        for header, cell in row.cells.items():
            where.add(address, (*prefix, header), self.at(sheet, cell))

    def profiles(self, rows, weights, rankings, judgments) -> None:
        by_weights, by_rank, by_ahp = (_group(t, "profile") for t in (weights, rankings, judgments))
        self.read.where.add(("profiles",), (), self.at(PROFILES, "A1"))
        for row in rows:
            pid = str(row.values.get("id"))
            data = dict(row.values)
            extra: dict = {}
            add_elicitations(
                data,
                row,
                (by_weights.get(pid, []), by_rank.get(pid, []), by_ahp.get(pid, [])),
                extra,
            )
            locate = self.locate(("profile", pid), PROFILES, row, {})
            for key, (sheet, cell) in extra.items():
                self.read.where.add(("profile", pid), key, self.at(sheet, cell))
            record, issues = build(Profile, data, locate)
            self.read.issues += issues
            if record is not None:
                self.read.profiles.append(record)


def _split(text: Any) -> list[str]:
    return [part.strip() for part in str(text).split(",") if part.strip()]


def _node_data(values: dict, anchors: list[Row], points: list[Row]) -> dict:
    data = {k: values[k] for k in ("id", "name", "description") if k in values}
    data["parent"] = values.get("parent")
    if values.get("kind") == OBJECTIVE:
        extra = {k for k in values if k not in ("id", "name", "description", "parent", "kind")}
        return data | {k: values[k] for k in extra}  # criterion columns on an objective: errors
    data["direction"] = values.get("direction")
    scale = {"kind": values.get("scale")}
    scale |= {k: values[k] for k in ("unit", "min", "max") if k in values}
    if anchors:
        scale["anchors"] = {r.values.get("point"): r.values.get("text") for r in anchors}
    data["scale"] = scale
    if points:
        data["value_function"] = {
            "points": [[r.values.get("performance"), r.values.get("value")] for r in points]
        }
    preference = {k: values[k] for k in ("q", "p", "s") if k in values}
    if "preference" in values:
        preference["function"] = values["preference"]
    if preference:
        data["preference"] = preference
    return data


def _nested_cells(anchors: list[Row], points: list[Row]) -> dict:
    extra = {}
    for row in anchors:
        extra[("scale", "anchors", row.values.get("point"))] = (ANCHORS, row.cells.get("text"))
    for i, row in enumerate(points):
        extra[("value_function", "points", i)] = (VALUE_FUNCTIONS, row.cells.get("performance"))
    return {k: v for k, v in extra.items() if v[1]}


DELIVERY = {
    "delivery": "value",
    "delivery_low": "low",
    "delivery_high": "high",
    "delivery_rationale": "rationale",
    "delivery_evidence": "evidence",
}


def _with_delivery(values: dict) -> dict:
    """An option row with its delivery columns nested under ``delivery``."""
    data = {k: v for k, v in values.items() if k not in DELIVERY}
    nested = {DELIVERY[k]: v for k, v in values.items() if k in DELIVERY}
    if "evidence" in nested:
        nested["evidence"] = _split(nested["evidence"])
    if nested:
        data["delivery"] = nested
    return data


def _paths(sheet: str, header: str) -> list[tuple]:
    if sheet == OPTIONS and header in DELIVERY:  # the record's own issues at its value
        whole = [("delivery",)] if header == "delivery" else []
        return [("delivery", DELIVERY[header]), *whole]
    if sheet == TREE:
        nested = {"scale": ("scale", "kind"), "unit": ("scale", "unit"), "min": ("scale", "min")}
        nested |= {"max": ("scale", "max"), "preference": ("preference", "function")}
        nested |= {"q": ("preference", "q"), "p": ("preference", "p"), "s": ("preference", "s")}
        if header in nested:
            return [nested[header], nested[header][:1]]
    return [(header,)]


def _depth_first(nodes: list, reader: _Reader) -> list:
    """Nodes ordered as the folder format nests them; unattached nodes are errors."""
    children: dict[str | None, list] = defaultdict(list)
    for node in nodes:
        children[node.parent].append(node)
    ordered: list = []

    def visit(parent: str | None) -> None:
        for node in children.get(parent, []):
            ordered.append(node)
            if isinstance(node, Objective):
                visit(node.id)

    visit(None)
    placed = {n.id for n in ordered}
    for node in nodes:
        if node.id not in placed:
            reader.problem(
                "node-unknown",
                reader.read.where.locate(("node", node.id), ("parent",)),
                f"'{node.id}' hangs under '{node.parent}', which is not an objective of the tree",
                "the id of an objective (or blank at the top)",
            )
    return ordered


def _group(rows: list[Row], key: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[str(row.values.get(key))].append(row)
    return out


def _sheet_of(kind: str) -> str:
    return {"option": OPTIONS, "source": SOURCES}[kind]


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _letter(index: int) -> str:
    return get_column_letter(index + 1)
