"""User text is data: literal strings that a spreadsheet will never run."""

from openpyxl import Workbook

from engine.io.cells import MAX_TEXT, clean_text, is_formula_like, put_text, put_value


def test_text_that_looks_like_a_formula_is_stored_as_text_with_a_quote_prefix():
    ws = Workbook().active
    for text in ("=1+1", "+cmd", "-2", "@SUM(A1)"):
        cell = put_text(ws["A1"], text)
        assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
        assert is_formula_like(text)
    assert not put_text(ws["A2"], "plain").quotePrefix


def test_characters_xml_forbids_are_replaced_and_long_text_is_cut():
    assert clean_text("a\x00b\x1fc") == "a\ufffdb\ufffdc"
    assert len(clean_text("x" * (MAX_TEXT + 10))) == MAX_TEXT


def test_numbers_that_are_not_finite_are_left_blank():
    ws = Workbook().active
    assert put_value(ws["A1"], float("nan")).value is None
    assert put_value(ws["A2"], float("inf")).value is None
    assert put_value(ws["A3"], 3).value == 3 and put_value(ws["A4"], True).value is True
