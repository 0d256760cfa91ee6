"""Read profiles back from a weights workbook (the template, or a report's weights).

Every problem is located by file, sheet and cell and collected in one pass:
text, yes/no, dates and error values (``#DIV/0!``) where swing points belong, a
formula whose result was never saved, blanks, negatives, duplicate or unknown
nodes, missing nodes and all-zero siblings (the last three need the study).
Percent-formatted cells are read as the number they hold (50 % is 0.5). The
workbook is opened read-only and never written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.acceptance import accept_profile, as_replacement
from engine.errors import InputError, Issue, Location, SourceMap, error, has_errors
from engine.io.records import build
from engine.io.workbooks.weights_layout import (
    AHP_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    ID_LABEL,
    ID_ROW,
    NAME_ROW,
    PLANNER_LABEL,
    PLANNER_ROW,
    TREE_COLUMNS,
)
from engine.io.workbooks.workbook_files import SheetPeek, open_workbook
from engine.model import PairwiseElicitation, Profile
from engine.study import Study

MAX_NODES = 10_000
MAX_PROFILES = 1_000
ERROR_VALUES = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA")


def load_weights(path: str | Path, study: Study | None = None) -> dict[str, Profile]:
    """Profiles found in a weights workbook, by profile id.

    With ``study`` the profiles are also accepted against it
    (:func:`engine.acceptance.accept_profile`: unknown and missing nodes, all-zero
    siblings), every issue located at its cell; a profile with the id of one of the
    study's keeps its description and illustrative flag. The returned profiles can
    then join the study with :meth:`Study.replace_profiles` without another check.

    Raises
    ------
    InputError
        Listing every problem found, when any is an error.
    """
    path = Path(path)
    workbook = _open(path)
    issues: list[Issue] = []
    profiles: dict[str, Profile] = {}
    where = SourceMap()
    sheets = [ws for ws in workbook.worksheets if _value(ws, ID_ROW, 1) == ID_LABEL]
    if not sheets:
        raise InputError([_no_profile_sheet(path, workbook.sheetnames)])
    for ws in sheets:
        grid = _Grid(ws.title, *workbook.cells(ws.title))
        columns = grid.profile_columns()
        beyond = grid.beyond_limits(path)
        if beyond:  # refused, never cut short
            issues += beyond
            continue
        for column in columns:
            first = column == columns[0]  # duplicate node rows are reported once per sheet
            profile, found, broken = _read_profile(path, grid, column, where, first)
            issues += found
            if profile is None:
                continue
            if profile.id.casefold() in {p.casefold() for p in profiles}:
                issues.append(_duplicate_profile(path, ws, column, profile.id))
                continue
            if study is not None:
                twin = _case_twin(profile.id, study.profiles)
                if twin is not None:
                    issues.append(_case_only(path, ws, column, profile.id, twin))
                    continue
                profile, found = accept_profile(
                    as_replacement(study, profile), study, where, broken
                )
                issues += found
            profiles[profile.id] = profile
    issues += _judgments(path, workbook, study)[1]  # the rules the study's own AHP follows
    if has_errors(issues):
        raise InputError(issues)
    return profiles


def _open(path: Path):
    opened, issue = open_workbook(path, weights_sheets)
    if issue is not None:
        raise InputError([issue])
    return opened


def weights_sheets(peek: SheetPeek) -> list[str]:
    """The sheets a weights reader reads: each with ``Profile id`` in its id row (however
    it is named), and the AHP sheet (a report's other sheets are never parsed)."""
    return profile_sheets(peek) + [t for t in peek.titles if t == AHP_SHEET]


def profile_sheets(peek: SheetPeek) -> list[str]:
    """The sheets with ``Profile id`` in their id row: what makes a weights workbook."""
    return [t for t in peek.titles if peek.value(t, ID_ROW, 1) == ID_LABEL]


@dataclass(frozen=True)
class _Grid:
    """The cells that exist on a sheet: as written (formulas) and as last calculated."""

    title: str
    written: dict[int, dict[int, Any]]
    saved: dict[int, dict[int, Any]]

    def raw(self, row: int, column: int) -> Any:
        return self.written.get(row, {}).get(column)

    def result(self, row: int, column: int) -> Any:
        return self.saved.get(row, {}).get(column)

    def profile_columns(self) -> list[int]:
        """Columns holding a profile id in the id row (the profile's swing points below)."""
        ids = self.written.get(ID_ROW, {})
        return sorted(c for c, v in ids.items() if c >= 2 and _text(v))

    def node_rows(self) -> list[int]:
        rows = [r for r in self.written if r >= FIRST_ROW]
        return [r for r in rows if _text(self.raw(r, TREE_COLUMNS["node"]))]

    def beyond_limits(self, path: Path) -> list[Issue]:
        """``limit-exceeded`` at the first profile column or node row past the limits."""
        found = []
        for what, places, limit, cell in (
            ("profiles", self.profile_columns(), MAX_PROFILES, lambda c: (ID_ROW, c)),
            ("tree rows", self.node_rows(), MAX_NODES, lambda r: (r, TREE_COLUMNS["node"])),
        ):
            if len(places) > limit:
                row, column = cell(places[limit])
                found.append(
                    error(
                        "limit-exceeded",
                        Location(
                            str(path), sheet=self.title, cell=f"{get_column_letter(column)}{row}"
                        ),
                        f"{len(places):,} {what} on one sheet (the first beyond the limit is here)",
                        f"at most {limit:,}",
                        "split the workbook",
                    )
                )
        return found


def _read_profile(
    path: Path, grid: _Grid, column: int, where: SourceMap, first: bool
) -> tuple[Profile | None, list[Issue], frozenset[str]]:
    def at(row: int, col: int = column) -> Location:
        return Location(file=str(path), sheet=grid.title, cell=f"{get_column_letter(col)}{row}")

    profile_id = _text(grid.raw(ID_ROW, column))
    name = _text(grid.result(NAME_ROW, column)) or profile_id
    address = ("profile", profile_id)
    where.add(address, (), at(ID_ROW))
    where.add(address, ("id",), at(ID_ROW))
    where.add(address, ("name",), at(NAME_ROW))
    where.add(address, ("weights",), at(HEADER_ROW))
    weights: dict[str, float] = {}
    issues: list[Issue] = []
    broken: set[str] = set()
    seen: dict[str, str] = {}
    for row in grid.node_rows():
        node = _text(grid.raw(row, TREE_COLUMNS["node"]))
        where.add(address, ("weights", node), at(row))
        if node in seen:
            if first:
                issues.append(_duplicate_node(at(row, 1), node, seen[node]))
            continue
        seen[node] = f"A{row}"
        points, problem = _points(grid.raw(row, column), grid.result(row, column), node, at(row))
        if problem is not None:
            issues.append(problem)
            broken.add(node)
        else:
            weights[node] = points
    data = {"id": profile_id, "name": name, "weights": weights}
    profile, found = build(Profile, data, lambda key: where.locate(address, key))
    return profile, issues + found, frozenset(broken)


def _value(ws: Worksheet, row: int, column: int) -> Any:
    cell = ws._cells.get((row, column))  # never create cells while looking
    return None if cell is None else cell.value


def _duplicate_node(location: Location, node: str, first: str) -> Issue:
    return error(
        "id-duplicate", location, f"node '{node}' listed again (first in {first})", "each node once"
    )


def _points(raw: Any, cached: Any, node: str, location: Location) -> tuple[float, Issue | None]:
    """Swing points from a cell (its formula or value, and its saved result)."""
    if isinstance(raw, str) and raw.startswith("="):
        if cached is None:
            return 0.0, error(
                "formula-no-value",
                location,
                f"a formula for '{node}' whose result was never saved ({raw[:40]})",
                "a number, or a formula saved by Excel or LibreOffice",
                "open the workbook in a spreadsheet program and save it",
            )
        raw = cached
    found = _not_a_number(raw)
    if found is not None:
        return 0.0, error(
            "value-not-numeric", location, f"{found} as swing points for '{node}'", "a number >= 0"
        )
    if raw is None:
        return 0.0, error(
            "weight-missing", location, f"no swing points for '{node}'", "a number >= 0"
        )
    value = float(raw)
    if value < 0:
        return 0.0, error(
            "weight-negative", location, f"{value:g} swing points for '{node}'", "zero or more"
        )
    return value, None


def _not_a_number(raw: Any) -> str | None:
    """What the cell holds when it is not a usable number (None when it is, or blank)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return f"the yes/no value {str(raw).upper()}"
    if isinstance(raw, (datetime, date, time, timedelta)):
        return f"a date or time ({raw})"
    if isinstance(raw, (int, float)):
        return None if math.isfinite(raw) else f"the non-finite number {raw}"
    text = str(raw).strip()
    if text in ERROR_VALUES:
        return f"the error value {text}"
    if _decimal_comma(text):
        return f"the text '{text}' (a decimal comma)"
    return f"the text '{text[:40]}'"


def _decimal_comma(text: str) -> bool:
    head, _, tail = text.partition(",")
    return bool(tail) and head.lstrip("-").isdigit() and tail.isdigit()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _no_profile_sheet(path: Path, names: list[str]) -> Issue:
    return error(
        "profile-sheet-missing",
        Location(file=str(path)),
        f"no sheet with '{ID_LABEL}' in A{ID_ROW} (sheets: {', '.join(names)})",
        "a weights workbook made by 'policyscore template weights' or a report",
    )


def _case_twin(profile_id: str, known: list[str]) -> str | None:
    """The study's profile whose id differs from ``profile_id`` only in case, if any."""
    folded = profile_id.casefold()
    return next((k for k in known if k != profile_id and k.casefold() == folded), None)


def _case_only(path: Path, ws: Worksheet, column: int, profile_id: str, twin: str) -> Issue:
    return error(
        "id-duplicate",
        Location(str(path), sheet=ws.title, cell=f"{get_column_letter(column)}{ID_ROW}"),
        f"profile '{profile_id}' differs only in case from the study's profile '{twin}'",
        f"'{twin}' exactly (to replace that profile's weights) or an id of its own",
    )


def _duplicate_profile(path: Path, ws: Worksheet, column: int, profile_id: str) -> Issue:
    return error(
        "id-duplicate",
        Location(file=str(path), sheet=ws.title, cell=f"{get_column_letter(column)}{ID_ROW}"),
        f"profile '{profile_id}' appears twice (ids differing only in case count as one)",
        "each profile id once (spreadsheets ignore case in names and look-ups)",
    )


def read_planner(path: str | Path) -> str:
    """The planner named in a weights workbook's Planner cell ("" when blank or absent)."""
    workbook = _open(Path(path))
    for ws in workbook.worksheets:
        if _value(ws, ID_ROW, 1) == ID_LABEL and _value(ws, PLANNER_ROW, 1) == PLANNER_LABEL:
            value = _value(ws, PLANNER_ROW, 2)
            return "" if value is None else str(value).strip()
    return ""


def workbook_nodes(path: str | Path) -> tuple[str, list[str]]:
    """The weights sheet's name and the node ids down its column A (empty when the
    workbook holds no weights sheet)."""
    workbook = _open(Path(path))
    for ws in workbook.worksheets:
        if _value(ws, ID_ROW, 1) == ID_LABEL:
            nodes, row = [], FIRST_ROW
            while (value := _value(ws, row, TREE_COLUMNS["node"])) not in (None, ""):
                nodes.append(str(value).strip())
                row += 1
            return ws.title, nodes
    return "", []


def read_judgments(
    path: str | Path, study: Study | None = None
) -> dict[tuple[str, str], PairwiseElicitation]:
    """The AHP judgments of a weights workbook's AHP sheet, by (profile, node): the
    judgments above the diagonal, with their reciprocals below (none: no AHP sheet).
    :func:`load_weights` gives the points they result in; this keeps the judgments, for
    pooling them and for their consistency.

    Raises
    ------
    InputError
        Every judgment that is not a number from 1/9 to 9, a method other than
        ``eigenvector`` or ``geometric``, and (with ``study``) a node or child the study
        does not have, each at its cell of the AHP sheet.
    """
    path = Path(path)
    found, issues = _judgments(path, _open(path), study)
    if has_errors(issues):
        raise InputError(issues)
    return found


def _judgments(path: Path, workbook, study: Study | None):
    """(judgments by (profile, node), issues) of the AHP sheet, if there is one."""
    if AHP_SHEET not in workbook.sheetnames:
        return {}, []
    ws = workbook.values[AHP_SHEET]
    found, issues = {}, []
    for top in range(1, ws.max_row + 1):
        if _value(ws, top, 1) != "Profile" or _value(ws, top + 1, 1) != "Row vs column":
            continue
        block = _AhpBlock(path, ws, top)
        spec, problems = block.read(study)
        issues += problems
        if spec is not None:
            found[(block.profile, block.node)] = spec
    return found, issues


AHP_METHODS = ("eigenvector", "geometric")


@dataclass
class _AhpBlock:
    """One AHP matrix on the AHP sheet: its header row at ``top``."""

    path: Path
    ws: Worksheet
    top: int

    @property
    def profile(self) -> str:
        return str(_value(self.ws, self.top, 2))

    @property
    def node(self) -> str:
        return str(_value(self.ws, self.top, 4))

    def at(self, row: int, column: int) -> Location:
        cell = f"{get_column_letter(column)}{row}"
        return Location(str(self.path), sheet=self.ws.title, cell=cell)

    def read(self, study: Study | None) -> tuple[PairwiseElicitation | None, list[Issue]]:
        order, issues = self._order(study)
        n = len(order)
        matrix = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                row, column = self.top + 2 + i, 2 + j
                value = _judgment(_value(self.ws, row, column))
                if value is None:
                    found = repr(_value(self.ws, row, column))
                    issues.append(
                        error(
                            "ahp-out-of-scale",
                            self.at(row, column),
                            f"judgment {found} of {order[i]} against {order[j]}",
                            "a number from 1/9 to 9 (Saaty's scale)",
                        )
                    )
                    continue
                matrix[i][j], matrix[j][i] = value, 1.0 / value
        method = str(_value(self.ws, self.top, 6) or "eigenvector").strip()
        if method not in AHP_METHODS:
            issues.append(
                error(
                    "ahp-shape",
                    self.at(self.top, 6),
                    f"method {method!r}",
                    " or ".join(AHP_METHODS),
                )
            )
        if issues:
            return None, issues
        spec = PairwiseElicitation(
            method=method, order=tuple(order), matrix=tuple(map(tuple, matrix))
        )
        return spec, []

    def _order(self, study: Study | None) -> tuple[list[str], list[Issue]]:
        order, issues = [], []
        while (child := _value(self.ws, self.top + 1, 2 + len(order))) not in (None, ""):
            if str(child) in ("Geometric mean", "Geometric priority", "Priority"):
                break
            order.append(str(child).strip())
        if study is None:
            return order, issues
        known = {n.id for n in study.tree.nodes}
        node = self.node
        if node != "top" and node not in known:
            issues.append(
                error("node-unknown", self.at(self.top, 4), f"node '{node}'", "a node of the study")
            )
            return order, issues
        children = set(study.tree.children(None if node == "top" else node))
        for k, child in enumerate(order):
            if child not in children:
                issues.append(
                    error(
                        "ahp-shape",
                        self.at(self.top + 1, 2 + k),
                        f"'{child}', not a child of '{node}'",
                        f"the children of '{node}': {', '.join(sorted(children))}",
                    )
                )
        return order, issues


def _judgment(value: Any) -> float | None:
    """A judgment from 1/9 to 9 as a number, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    if not math.isfinite(number) or not (1 / 9 - 1e-9 <= number <= 9 + 1e-9):
        return None
    return number
