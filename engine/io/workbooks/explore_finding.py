"""Read the headline finding of an explore report, for ``run --explore FILE``: the first
row of the Summary's table of findings, after checking that the file is an explore report
(Run info says so). The workbook is opened through the guarded reader."""

from __future__ import annotations

from pathlib import Path

from engine.errors import InputError, Location, error
from engine.io.files import sha256
from engine.io.workbooks.workbook_files import open_workbook
from engine.report.explore_report import HEADLINE

SUMMARY, RUN_INFO = "Summary", "Run info"
MAX_FINDING = 2_000


def read_finding(path: Path) -> tuple[str, str]:
    """The explore report's headline sentence and the file's SHA-256.

    Raises
    ------
    InputError
        The file cannot be read, is not an explore report, or has no finding (located by
        file, sheet and cell).
    """
    opened, issue = open_workbook(path, _chosen)
    if issue is not None:
        raise InputError([issue])
    if RUN_INFO not in opened.read or not _is_explore(opened.values[RUN_INFO]):
        raise InputError([_invalid(path, RUN_INFO, "", "no 'Report: explore' row in Run info")])
    if SUMMARY not in opened.read or HEADLINE not in opened.values[SUMMARY].tables:
        raise InputError([_invalid(path, SUMMARY, "", f"no table named {HEADLINE}")])
    first = opened.values[SUMMARY].tables[HEADLINE].ref.split(":")[0]
    sheet = opened.values[SUMMARY]
    cell = sheet[first].offset(row=1)
    text = cell.value
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_FINDING:
        found = (
            "no finding" if not isinstance(text, str) else f"a finding of {len(text):,} characters"
        )
        raise InputError([_invalid(path, SUMMARY, cell.coordinate, found)])
    return text.strip(), sha256(path)


def _chosen(peek) -> list[str]:
    return [t for t in peek.titles if t in (SUMMARY, RUN_INFO)]


def _is_explore(sheet) -> bool:
    for row in sheet.iter_rows(min_row=1, max_row=60, max_col=2, values_only=True):
        if row and row[0] == "Report" and row[-1] == "explore":
            return True
    return False


def _invalid(path: Path, sheet: str, cell: str, found: str):
    return error(
        "explore-report-invalid",
        Location(file=str(path), sheet=sheet, cell=cell),
        found,
        "a report written by policyscore explore",
    )
