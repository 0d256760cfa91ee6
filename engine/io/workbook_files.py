"""Open a workbook someone gave us: say what the file is when it is not an .xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from engine.errors import Issue, Location, error

EXPECTED = "an .xlsx file saved by Excel or LibreOffice"


def open_workbook(path: Path) -> tuple[tuple[Workbook, Workbook] | None, Issue | None]:
    """The workbook twice, ``(formulas, values)``, or the issue that stops reading it.

    ``formulas`` holds formulas as text; ``values`` the results a spreadsheet program
    saved with them (None where it never did).
    """
    location = Location(file=str(path))
    if not path.is_file():
        return None, error("file-missing", location, "no such file", EXPECTED)
    if not zipfile.is_zipfile(path):
        return None, error(
            "workbook-unreadable",
            location,
            "the file is not an .xlsx workbook (not a zip package)",
            EXPECTED,
            "save it as 'Excel Workbook (.xlsx)'",
        )
    try:
        formulas = openpyxl.load_workbook(path, data_only=False, keep_links=False)
        values = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken packages
        return None, error(
            "workbook-unreadable",
            location,
            f"the workbook cannot be read ({type(exc).__name__})",
            EXPECTED,
        )
    return (formulas, values), None
