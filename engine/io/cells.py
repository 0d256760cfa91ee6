"""Cell values and shared styles: user text always literal, numbers finite or blank."""

from __future__ import annotations

import math
import re
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill

FORMATS = {"integer": "0", "score": "0.0", "weight": "0.0%", "number": "0.00", "percent": "0.0%"}
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
BEST_FILL = PatternFill("solid", fgColor="C6EFCE")
BEST_FONT = Font(bold=True, color="006100")
NOTE_FONT = Font(italic=True, color="595959")
HEAT_COLOURS = {"good": "63BE7B", "bad": "F8696B"}
MAX_TEXT = 32_000
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def put_value(cell: Cell, value: Any) -> Cell:
    """Store a number, an empty cell or (via :func:`put_text`) text."""
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        number = float(value)
        cell.value = (
            None
            if not math.isfinite(number)
            else (int(value) if isinstance(value, int) else number)
        )
    elif hasattr(value, "item"):  # numpy scalar
        return put_value(cell, value.item())
    else:
        put_text(cell, str(value))
    return cell


def put_header(cell: Cell, text: str) -> Cell:
    """A column header: literal text, white on dark blue."""
    put_text(cell, text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def put_text(cell: Cell, text: str) -> Cell:
    """Store ``text`` as a literal string: never a formula, never an error value."""
    clean = clean_text(text)
    cell.value = clean
    cell.data_type = "s"
    if is_formula_like(clean):
        cell.quotePrefix = True
    return cell


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: characters XML 1.0 forbids (control characters,
    U+FFFE, U+FFFF, lone surrogates) replaced by U+FFFD, at most 32,000 characters."""
    return NOT_XML.sub("\ufffd", text)[:MAX_TEXT]


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would take for a formula when typed: it gets a quote prefix."""
    return text[:1] in ("=", "+", "-", "@")
