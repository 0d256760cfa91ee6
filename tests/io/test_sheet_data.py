"""Table bodies written into the sheet XML read back as the same values and styles."""

from __future__ import annotations

import math

import numpy as np
import openpyxl
import pytest
from openpyxl import Workbook

from engine.io.cached_values import save_workbook
from engine.io.sheet_data import SheetData, Style, inject
from engine.report.layout import Formula


def _saved(tmp_path, fill) -> openpyxl.Workbook:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Data"
    ws["A1"] = "title written by openpyxl"
    ws.row_dimensions[3].height = 30  # an empty styled row openpyxl writes itself
    data = SheetData(workbook)
    fill(data, ws)
    bodies = {ws.title: (data.serialise(ws, lambda text: text), data.extent(ws.title))}
    target = tmp_path / "out.xlsx"
    save_workbook(workbook, target, {}, bodies)
    return target


def test_values_styles_and_formulas_read_back(tmp_path):
    def fill(data, ws):
        data.put(ws, 3, 1, "=cmd|' /C calc'!A0")
        data.put(ws, 3, 2, "  padded  ")
        data.put(ws, 3, 3, "bell\x07char")
        data.put(ws, 4, 1, np.float64(2.5), Style("0.00"))
        data.put(ws, 4, 2, True)
        data.put(ws, 4, 3, math.nan, Style("0.0"))
        data.put(ws, 4, 4, 7)
        data.put(ws, 5, 2, Formula("=A4*2", 5.0), Style(italic=True))
        data.put(ws, 5, 1, "")

    target = _saved(tmp_path, fill)
    values = openpyxl.load_workbook(target, data_only=True)["Data"]
    formulas = openpyxl.load_workbook(target)["Data"]
    assert values["A1"].value == "title written by openpyxl"
    assert values["A3"].value == "=cmd|' /C calc'!A0" and values["A3"].quotePrefix
    assert formulas["A3"].data_type == "s"  # text, never a formula
    assert values["B3"].value == "  padded  "
    assert values["C3"].value == "bell\ufffdchar"
    assert values["A4"].value == 2.5 and values["A4"].number_format == "0.00"
    assert values["B4"].value is True and values["D4"].value == 7
    assert values["C4"].value is None and values["C4"].number_format == "0.0"
    assert formulas["B5"].value == "=A4*2" and values["B5"].value == 5.0
    assert values["B5"].font.i and values["A5"].value is None
    assert formulas.row_dimensions[3].height == 30  # the row's own attributes are kept
    assert values.max_row == 5 and values.max_column == 4


def test_a_row_with_cells_on_both_sides_is_refused():
    xml = '<worksheet><sheetData><row r="2"><c r="A2"/></row></sheetData></worksheet>'
    with pytest.raises(ValueError, match="row 2"):
        inject(xml, {2: '<c r="B2"/>'}, (2, 2))


def test_rows_are_merged_in_order_and_the_dimension_grows():
    xml = (
        '<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"/></row>'
        '<row r="4" ht="20" customHeight="1"/></sheetData></worksheet>'
    )
    out = inject(xml, {4: '<c r="C4"/>', 2: '<c r="A2"/>'}, (4, 3))
    assert out.index('r="1"') < out.index('<row r="2"') < out.index('<row r="4"')
    assert '<row r="4" ht="20" customHeight="1"><c r="C4"/></row>' in out
    assert '<dimension ref="A1:C4"/>' in out
