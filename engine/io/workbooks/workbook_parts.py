"""Bounds on what a workbook's XML asks a reader to build, checked before openpyxl parses.

Each part is streamed once through expat (no tree, no entity declarations allowed) and
its elements are counted by name, whatever their spelling in the file (attribute order,
whitespace, prefixes, a missing ``r`` attribute): cells, rows, shared strings, styles,
data validations, conditional formats, defined names. Ranges that a reader materialises
cell by cell (merged cells, hyperlinks) are measured by the area they cover, so one
``A10:XFD1048576`` is refused at once rather than expanded.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

MAX_CELLS = 100_000
"""Filled cells, rows, shared strings, and cells covered by merges and hyperlinks."""
MAX_ITEMS = 10_000
"""Styles of each kind, data validations, conditional formats, defined names."""

COUNTED = {
    "c": "cells",
    "row": "rows",
    "si": "shared strings",
    "xf": "cell styles",
    "font": "fonts",
    "fill": "fills",
    "border": "borders",
    "numFmt": "number formats",
    "dxf": "differential styles",
    "dataValidation": "data validations",
    "conditionalFormatting": "conditional formats",
    "definedName": "defined names",
}
LIMITS = {"cells": MAX_CELLS, "rows": MAX_CELLS, "shared strings": MAX_CELLS}
MEASURED = {"mergeCell": "merged cells", "hyperlink": "hyperlinked cells"}
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")


def _limit(what: str) -> int:
    return LIMITS.get(what, MAX_CELLS if what in MEASURED.values() else MAX_ITEMS)


class _Enough(Exception):
    """A count passed its limit: the part is refused, the rest of it need not be read."""


class PartRefused(Exception):
    """A part that declares entities or a document type: never expanded."""


@dataclass
class PartCounts:
    """Element counts of one package part, and the area its ranges cover; for a sheet,
    also its formulas without a saved result and its first saved value a reader cannot
    take as its type says (a number that is not a number)."""

    counts: dict[str, int] = field(default_factory=dict)
    unsaved: dict[tuple[int, int], str] = field(default_factory=dict)
    bad_value: tuple[int, int, str] | None = None

    def over_limit(self) -> tuple[str, int, int] | None:
        """(what, how many, limit) of the first count past its limit, or None."""
        for what, number in self.counts.items():
            if number > _limit(what):
                return what, number, _limit(what)
        return None


def count_part(package: zipfile.ZipFile, name: str) -> PartCounts:
    """Stream part ``name`` and count what it holds.

    Raises
    ------
    PartRefused
        When the part declares a document type or entities.
    expat.ExpatError
        When the part is not well-formed XML.
    """
    found = PartCounts()
    counts = found.counts
    cells = _Cells(found)

    def start(tag: str, attributes: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        what = COUNTED.get(local) or MEASURED.get(local)
        if what is not None:
            step = area(attributes.get("ref", "")) if local in MEASURED else 1
            counts[what] = counts.get(what, 0) + step
            if counts[what] > _limit(what):
                raise _Enough  # past its limit: no need to read further
        cells.start(local, attributes)

    def refuse(*_: object) -> None:
        raise PartRefused(name)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: cells.end(tag.rsplit(" ", 1)[-1])
    parser.CharacterDataHandler = cells.text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    with package.open(name) as handle, contextlib.suppress(_Enough):
        parser.ParseFile(handle)
    return found


def area(reference: str) -> int:
    """Cells covered by a reference such as ``A1:C3`` (9); space-separated lists add up."""
    total = 0
    for match in _REFERENCE.finditer(reference):
        first_column, first_row, last_column, last_row = match.groups()
        if last_column is None:
            total += 1
            continue
        rows = abs(int(last_row) - int(first_row)) + 1
        columns = abs(_column(last_column) - _column(first_column)) + 1
        total += rows * columns
    return total


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Cells:
    """Follows rows and cells of a sheet as expat streams it (positions as a reader
    assigns them: from ``r`` attributes, or counting on where they are missing)."""

    def __init__(self, found: PartCounts) -> None:
        self.found = found
        self.row = self.column = 0
        self.cell: dict | None = None
        self.collecting: str | None = None

    def start(self, local: str, attributes: dict[str, str]) -> None:
        if local == "row":
            self.row = _number(attributes.get("r"), self.row + 1)
            self.column = 0
        elif local == "c":
            reference = _REFERENCE.fullmatch(attributes.get("r", "") or "")
            if reference:
                self.row, self.column = int(reference.group(2)), _column(reference.group(1))
            else:
                self.column += 1
            self.cell = {"type": attributes.get("t", "n"), "f": None, "v": None, "is": False}
        elif self.cell is not None and local in ("f", "v"):
            self.collecting = local
            self.cell[local] = ""
        elif self.cell is not None and local == "is":
            self.cell["is"] = True

    def text(self, data: str) -> None:
        if self.collecting is not None and self.cell is not None:
            self.cell[self.collecting] += data

    def end(self, local: str) -> None:
        if local in ("f", "v"):
            self.collecting = None
        elif local == "c" and self.cell is not None:
            self._close(self.cell)
            self.cell = None

    def _close(self, cell: dict) -> None:
        position = (self.row, self.column)
        value = cell["v"]
        if cell["f"] is not None and not value and not cell["is"]:
            self.found.unsaved[position] = "=" + (cell["f"] or "(shared formula)")
        elif value and self.found.bad_value is None and not _takes(cell["type"], value):
            self.found.bad_value = (*position, value[:40])


def _takes(kind: str, value: str) -> bool:
    """Whether a saved value reads as its declared type (numbers and yes/no only)."""
    if kind == "n":
        try:
            float(value)
        except ValueError:
            return False
    elif kind == "b":
        return value.strip() in ("0", "1", "true", "false")
    return True


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() else default


PEEK_ELEMENTS = 20_000
"""Elements a peek at a sheet's first rows streams at most before it gives up."""


class _Seen(Exception):
    """The rows a peek asked for are behind: stop streaming."""


def first_rows(package: zipfile.ZipFile, name: str, last_row: int) -> dict[tuple[int, int], tuple]:
    """``(row, column) -> (type, value text)`` of the cells in rows ``1..last_row`` of sheet
    part ``name``, streamed without reading the rest of the sheet (at most
    :data:`PEEK_ELEMENTS` elements; a part that declares entities gives nothing).

    A reader uses it to choose which sheets to read before it reads any in full.
    """
    found: dict[tuple[int, int], tuple] = {}
    position = {"row": 0, "column": 0, "elements": 0}
    cell: dict | None = None
    collecting: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal cell
        local = tag.rsplit(" ", 1)[-1]
        position["elements"] += 1
        if position["elements"] > PEEK_ELEMENTS:
            raise _Seen
        if local == "row":
            position["row"] = _number(attributes.get("r"), position["row"] + 1)
            position["column"] = 0
            if position["row"] > last_row:
                raise _Seen
        elif local == "c":
            reference = _REFERENCE.fullmatch(attributes.get("r", "") or "")
            if reference:
                position["row"], position["column"] = (
                    int(reference.group(2)),
                    _column(reference.group(1)),
                )
            else:
                position["column"] += 1
            cell = {"type": attributes.get("t", "n"), "text": ""}
        elif cell is not None and local in ("v", "t"):
            collecting.append(local)

    def end(tag: str) -> None:
        nonlocal cell
        local = tag.rsplit(" ", 1)[-1]
        if local in ("v", "t") and collecting:
            collecting.pop()
        elif local == "c" and cell is not None:
            if position["row"] <= last_row:
                found[(position["row"], position["column"])] = (cell["type"], cell["text"])
            cell = None

    def text(data: str) -> None:
        if collecting and cell is not None:
            cell["text"] += data

    def refuse(*_: object) -> None:
        raise PartRefused(name)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        with package.open(name) as handle, contextlib.suppress(_Seen):
            parser.ParseFile(handle)
    except (PartRefused, expat.ExpatError, KeyError, OSError):
        return {}
    return found


def shared_strings(package: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings at the ``wanted`` indices (streamed up to the last of them)."""
    if not wanted or "xl/sharedStrings.xml" not in package.namelist():
        return {}
    found: dict[int, str] = {}
    state = {"index": -1, "inside": False}
    last = max(wanted)

    def start(tag: str, _attributes: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "si":
            state["index"] += 1
            if state["index"] > last:
                raise _Seen
        state["inside"] = local == "t" and state["index"] in wanted

    def text(data: str) -> None:
        if state["inside"]:
            found[state["index"]] = found.get(state["index"], "") + data

    def refuse(*_: object) -> None:
        raise PartRefused("xl/sharedStrings.xml")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: state.update(inside=False)
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        with package.open("xl/sharedStrings.xml") as handle, contextlib.suppress(_Seen):
            parser.ParseFile(handle)
    except (PartRefused, expat.ExpatError, OSError):
        return {}
    return found
