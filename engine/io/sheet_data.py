"""Table bodies written straight into the sheet XML: the report's bulk, without cell objects.

openpyxl builds a Python object per cell, sets its styles through descriptors and
serialises it through a pure-Python XML writer; for the report's tens of thousands of
body cells that is most of a run's time. :class:`SheetData` instead collects each body
cell as (row, column, value, style), registers each distinct style once with openpyxl
(so the workbook's style table holds it and its index is known), and after openpyxl has
saved the rest of the workbook (titles, headers, tables, charts, conditional formats)
:func:`inject` writes the body rows into each sheet's ``<sheetData>``.

Text is written as inline strings, as openpyxl itself does, cleaned the same way
(:func:`engine.io.cells.clean_text`); a text that begins with ``=``, ``+``, ``-`` or
``@`` gets the quote-prefix style, so it stays text. A formula is written with the
engine's result as its saved value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter

from engine.io.cells import HEADER_FILL, HEADER_FONT, clean_text, is_formula_like
from engine.report.layout import Formula

_ROW = re.compile(r'<row r="(\d+)"([^>]*?)(/>|>(.*?)</row>)', re.S)
_SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>(.*?)</sheetData>", re.S)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')


class Style(NamedTuple):
    """The few cell styles a table uses (a tuple: hashed fast, once per cell)."""

    number_format: str | None = None
    wrap: bool = False
    italic: bool = False
    quote: bool = False
    header: bool = False
    right: bool = False
    """A column of numbers: right-aligned, its words ('free', 'never') and header too."""
    centre: bool = False
    """A column of marks (ticks): centred, its header too."""


PLAIN = Style()


@dataclass
class SheetData:
    """Body cells of one workbook, by sheet title, row and column."""

    workbook: Any
    rows: dict[str, dict[int, list[tuple[int, Any, Style]]]] = field(default_factory=dict)
    _ids: dict[Style, int] = field(default_factory=dict)

    def put(self, ws, row: int, column: int, value: Any, style: Style = PLAIN) -> None:
        """Queue ``value`` (number, bool, text, None or :class:`Formula`) for a cell."""
        self.put_row(ws, row, [(column, value, style)])

    def put_row(self, ws, row: int, cells: list[tuple[int, Any, Style]]) -> None:
        """Queue the (column, value, style) cells of one row, columns in increasing order."""
        self.rows.setdefault(ws.title, {}).setdefault(row, []).extend(cells)

    def style_id(self, style: Style, ws) -> int:
        """Index of ``style`` in the workbook's cell styles (registered on first use)."""
        if style not in self._ids:
            prototype = Cell(ws)
            if style.number_format:
                prototype.number_format = style.number_format
            horizontal = "right" if style.right else "center" if style.centre else None
            if style.wrap:
                prototype.alignment = Alignment(wrap_text=True, vertical="top")
            elif not style.header:  # beside wrapped text in a taller row, at its top line
                prototype.alignment = Alignment(vertical="top", horizontal=horizontal)
            if style.italic:
                prototype.font = Font(italic=True)
            if style.quote:
                prototype.quotePrefix = True
            if style.header:
                prototype.font, prototype.fill = HEADER_FONT, HEADER_FILL
                prototype.alignment = Alignment(  # a space before the next column's header
                    wrap_text=True, vertical="top", horizontal=horizontal, indent=int(style.right)
                )
            self._ids[style] = prototype.style_id if prototype.has_style else 0
        return self._ids[style]

    def serialise(self, ws, resolve: Callable[[str], str]) -> dict[int, str]:
        """Row number -> the XML of its cells; formulas' table tokens via ``resolve``."""
        out = {}
        letters: dict[int, str] = {}
        ids = self._ids
        for row, cells in self.rows.get(ws.title, {}).items():
            parts = []
            for column, value, style in cells:
                letter = letters.get(column)
                if letter is None:
                    letter = letters[column] = get_column_letter(column)
                ref = f"{letter}{row}"
                if type(value) is float and math.isfinite(value):  # the common case, fast
                    sid = ids.get(style)
                    if sid is None:
                        sid = self.style_id(style, ws)
                    s = f' s="{sid}"' if sid else ""
                    parts.append(f'<c r="{ref}"{s} t="n"><v>{value!r}</v></c>')
                    continue
                if isinstance(value, str) and is_formula_like(value):
                    style = style._replace(quote=True)
                sid = ids.get(style)
                if sid is None:
                    sid = self.style_id(style, ws)
                parts.append(_cell(ref, value, sid, resolve))
            out[row] = "".join(parts)
        return out

    def extent(self, title: str) -> tuple[int, int]:
        """Last row and last column holding a body cell of sheet ``title`` (0 if none)."""
        rows = self.rows.get(title, {})
        last_column = max((c for cells in rows.values() for c, _, _ in cells), default=0)
        return max(rows, default=0), last_column


def _cell(ref: str, value: Any, style: int, resolve: Callable[[str], str]) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, Formula):
        text = escape(resolve(value.text)[1:])
        kind, saved = _saved(value.cached)
        return f'<c r="{ref}"{s}{kind}><f>{text}</f><v>{saved}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return f'<c r="{ref}"{s}/>' if style else ""
        text = str(value) if isinstance(value, int) else repr(number)
        return f'<c r="{ref}"{s} t="n"><v>{text}</v></c>'
    text = clean_text(str(value))
    if not text:  # as openpyxl writes an empty string: an empty cell
        return f'<c r="{ref}"{s}/>' if style else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _saved(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return ' t="b"', str(int(value))
    if isinstance(value, (int, float)):
        return "", repr(float(value)) if math.isfinite(value) else ""
    return ' t="str"', escape(clean_text(str(value)))


def inject(xml: str, rows: dict[int, str], extent: tuple[int, int]) -> str:
    """``xml`` (a worksheet part) with the body ``rows`` merged into its ``<sheetData>``.

    A body row may share its number only with an empty row openpyxl wrote (a row
    height, say); its attributes are kept. The sheet's dimension grows to cover the body.
    """
    if not rows:
        return xml
    match = _SHEET_DATA.search(xml)
    existing = {}
    for row in _ROW.finditer(match.group(1) or ""):
        existing[int(row.group(1))] = (row.group(2), row.group(4) or "")
    merged = []
    for number in sorted(existing.keys() | rows.keys()):
        attributes, cells = existing.get(number, ("", ""))
        if number in rows and cells:
            raise ValueError(f"row {number} holds both openpyxl cells and body cells")
        body = cells + rows.get(number, "")
        tag = f'<row r="{number}"{attributes}'
        merged.append(f"{tag}>{body}</row>" if body else f"{tag}/>")
    data = "<sheetData>" + "".join(merged) + "</sheetData>"
    xml = xml[: match.start()] + data + xml[match.end() :]
    return _grow_dimension(xml, *extent)


def _grow_dimension(xml: str, last_row: int, last_column: int) -> str:
    """The sheet's ``<dimension>`` widened to cover ``last_row`` x ``last_column``."""
    found = _DIMENSION.search(xml)
    if found is None or not (last_row and last_column):
        return xml
    corner = re.search(r"([A-Z]+)(\d+)\"?\s*/>$", found.group(0))
    if corner:
        last_row = max(last_row, int(corner.group(2)))
        last_column = max(last_column, column_index_from_string(corner.group(1)))
    ref = f"A1:{get_column_letter(last_column)}{last_row}"
    return xml[: found.start()] + f'<dimension ref="{ref}"/>' + xml[found.end() :]
