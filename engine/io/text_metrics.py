"""How wide text prints, in units of column width, for row heights that fit wrapped text.

A column's width is counted in digits of the sheet's default font. LibreOffice, which
prints the report in CI and on most planners' Linux machines, lays text out in DejaVu Sans
when Calibri and Carlito are absent; its digits are 7 points wide at 11 pt, which is the
:data:`engine.io.printing.POINTS_PER_CHARACTER` the page plan uses. Counting a
word's letters instead of their widths misjudges proportional text by a third either way
('illicit' is half as wide as 'WOMAN'); the advance widths below (DejaVu Sans, units of
1/2048 em) measure it. Excel's Calibri is narrower, so there rows are at worst a little
taller than their text.
"""

from __future__ import annotations

import math
from functools import lru_cache

DIGIT = 1303
"""Advance width of a DejaVu Sans digit: one unit of column width."""

_WIDTHS = {
    " ": 651, "!": 821, '"': 942, "#": 1716, "$": 1303, "%": 1946, "&": 1595, "'": 563,
    "(": 799, ")": 799, "*": 1024, "+": 1716, ",": 651, "-": 739, ".": 651, "/": 690,
    ":": 690, ";": 690, "<": 1716, "=": 1716, ">": 1716, "?": 1087, "@": 2048,
    "A": 1401, "B": 1405, "C": 1430, "D": 1577, "E": 1294, "F": 1178, "G": 1587,
    "H": 1540, "I": 604, "J": 604, "K": 1343, "L": 1141, "M": 1767, "N": 1532,
    "O": 1612, "P": 1235, "Q": 1612, "R": 1423, "S": 1300, "T": 1251, "U": 1499,
    "V": 1401, "W": 2025, "X": 1403, "Y": 1251, "Z": 1403, "[": 799, "\\": 690,
    "]": 799, "^": 1716, "_": 1024, "`": 1024, "a": 1255, "b": 1300, "c": 1126,
    "d": 1300, "e": 1260, "f": 721, "g": 1300, "h": 1298, "i": 569, "j": 569,
    "k": 1186, "l": 569, "m": 1995, "n": 1298, "o": 1253, "p": 1300, "q": 1300,
    "r": 842, "s": 1067, "t": 803, "u": 1298, "v": 1212, "w": 1675, "x": 1212,
    "y": 1212, "z": 1075, "{": 1303, "|": 690, "}": 1303, "~": 1716,
}  # fmt: skip
_OTHER = 1400
"""Any other character (accents, dashes, non-Latin scripts): a wide letter, to be safe."""

SAFETY = 1.04
"""Measured widths are stretched by this much: kerning and hinting never make a line
shorter than its advance widths, but rounding can make it a little longer."""


WIDEST = SAFETY * max(max(_WIDTHS.values()), _OTHER) / DIGIT
"""Width of the widest character: text of ``n`` characters is at most ``n * WIDEST`` wide."""


@lru_cache(maxsize=65536)
def text_units(text: str) -> float:
    """Printed width of ``text`` in units of column width (DejaVu Sans digits); words recur
    across a report, so widths are remembered."""
    return SAFETY * sum(_WIDTHS.get(ch, DIGIT if ch.isdigit() else _OTHER) for ch in text) / DIGIT


LINE_HEIGHT = 15.0
"""Points per line of 11-point text, as Excel and LibreOffice lay it out."""


CHARACTERS_PER_WIDTH = 1.2
"""Reference for ``factor`` in :func:`wrapped_lines`: body text is measured at its own width
when ``factor`` is this value (kept for the callers that scale titles from it)."""
BOLD = 1.12
"""How much wider bold text prints than regular (DejaVu Sans Bold against Sans)."""


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float, factor: float = CHARACTERS_PER_WIDTH) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in a column ``width`` wide, its
    words measured as LibreOffice prints them (:func:`text_units`);
    ``factor`` below :data:`CHARACTERS_PER_WIDTH` means larger or bold text (the ratio is
    how much wider it prints than body text). A word wider than the column breaks."""
    scale = CHARACTERS_PER_WIDTH / factor
    room = max(1.0, width - PADDING)
    text = str(text)
    if "\n" not in text and len(text) * WIDEST * scale <= room:
        return 1  # fits even if every character were the widest
    space = text_units(" ") * scale
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            size = text_units(word) * scale
            if used and used + space + size <= room:
                used += space + size
            elif not used and size <= room:
                used = size
            else:
                lines += 1 if used else 0
                broken = math.ceil(size / room) - 1
                lines += broken
                used = size - broken * room
        total += lines
    return total


PADDING = 0.8
"""Column width (units) taken by a cell's inner margins, left and right."""


def lines_needed(texts: list[tuple[str, float]], *, bold: bool = False) -> int:
    """Lines the tallest of ``texts`` (text, column width) takes wrapped in its column;
    bold text (headers) prints :data:`BOLD` times wider."""
    factor = CHARACTERS_PER_WIDTH / (BOLD if bold else 1.0)
    return max((wrapped_lines(text, width, factor) for text, width in texts), default=1)
