"""Store the engine's results as the cached values of formula cells.

openpyxl writes a formula with an empty cached value (``<f>..</f><v />``), so a
workbook opens blank in any reader that does not recalculate (previewers,
``openpyxl`` with ``data_only=True``, pandas). After saving, this module fills
each formula's ``<v>`` with the value the engine computed, which equals what a
spreadsheet computes on recalculation. Only cells written by the engine are
touched; the package is rewritten to a new file, never in place.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.writer.excel import ExcelWriter

from engine.io.cells import clean_text
from engine.io.sheet_data import inject
from engine.io.workbooks.workbook_files import sheet_parts

Cached = dict[str, dict[str, float | str | bool]]  # sheet title -> cell -> value
Bodies = dict[str, tuple[dict[int, str], tuple[int, int]]]  # sheet -> (row -> XML, extent)

_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v ?/></c>', re.S)


def fill_cached_values(
    source: Path | io.BytesIO, target: Path, cached: Cached, bodies: Bodies | None = None
) -> None:
    """Copy the package ``source`` to ``target`` with cached values for formula cells and
    the table bodies (:mod:`engine.io.sheet_data`) written into their sheets."""
    bodies = bodies or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        parts = sheet_parts(old)
        for item in old.infolist():
            data = old.read(item.filename)
            sheet = parts.get(item.filename)
            if sheet is not None and (cached.get(sheet) or sheet in bodies):
                xml = _fill(data.decode("utf-8"), cached.get(sheet, {}))
                if sheet in bodies:
                    xml = inject(xml, *bodies[sheet])
                data = xml.encode("utf-8")
            item.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(item, data)


def _fill(xml: str, values: dict[str, float | str | bool]) -> str:
    def replace(match: re.Match) -> str:
        coordinate, attributes, formula = match.groups()
        if coordinate not in values:
            return match.group(0)
        value = values[coordinate]
        if isinstance(value, bool):
            kind, text = ' t="b"', "1" if value else "0"
        elif isinstance(value, (int, float)):
            if not math.isfinite(value):
                return match.group(0)
            kind, text = "", repr(float(value))
        else:
            kind, text = ' t="str"', escape(clean_text(str(value)))
        return f'<c r="{coordinate}"{attributes}{kind}><f>{formula}</f><v>{text}</v></c>'

    return _FORMULA_CELL.sub(replace, xml)


def save_workbook(workbook, path: Path, cached: Cached, bodies: Bodies | None = None) -> None:
    """Save an openpyxl workbook to ``path`` with the engine's cached formula values and
    any table bodies collected outside openpyxl.

    openpyxl writes an uncompressed package in memory; the final file is compressed once.
    """
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    fill_cached_values(raw, path, cached, bodies)
