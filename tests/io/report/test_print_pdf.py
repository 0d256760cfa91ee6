"""The shipped report on paper: LibreOffice prints it to PDF; the pages are counted and
their text measured (issue 15: at most 40 A4 pages, no body text below 8 points).

Text size is read from ``pdftotext -bbox`` (poppler): a word's box is about 1.3 times
its font size in the fonts LibreOffice embeds, so a page's body size is the median box
height over 1.3 (the convention of ``shared/tools/render-report``). The measurement is
proved first: the same report with one sheet forced to 40 % must fail it.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, convert

from engine.cli import main
from engine.io.printing import MIN_TEXT_POINTS

MAX_PAGES = 42
"""The shipped study's page budget (40 before its third edition: 33 options put the
Robustness table, and 32 measures with three resources the Package builder, on a page
more each; a block no longer breaks off a page that holds only the sheet's title; 42 since
a long table continues on the next page under its own title and header and the Read me
keys the short names (Summary, Read me and Switch points a page or two more), and the
Package builder is for the screen (three pages fewer))."""
BOX_PER_POINT = 1.3


def _pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        pytest.fail("poppler's pdftotext is required: apt-get install poppler-utils")
    return found


def print_to_pdf(workbook: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    pdf = convert(workbook, folder, "pdf", folder / "lo-profile", timeout=600)
    assert pdf.stat().st_size > 0, "LibreOffice wrote no PDF"
    return pdf


def page_text_sizes(pdf: Path) -> list[float | None]:
    """Per page, the median body text size in points (None: fewer than 20 words)."""
    html = subprocess.run(
        [_pdftotext(), "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    sizes = []
    for page in html.split("<page ")[1:]:
        heights = [
            float(bottom) - float(top)
            for top, bottom in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        ]
        sizes.append(statistics.median(heights) / BOX_PER_POINT if len(heights) >= 20 else None)
    return sizes


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print") / "report.xlsx"
    assert main(["run", str(REPO), "--out", str(out)]) == 0
    return out


def test_the_check_sees_small_text(report, tmp_path):
    """A copy with the Summary forced to 40 % has pages below 8 pt: the measurement works."""
    wb = openpyxl.load_workbook(report)
    ws = wb["Summary"]
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 40
    shrunk = tmp_path / "shrunk.xlsx"
    wb.save(shrunk)
    sizes = page_text_sizes(print_to_pdf(shrunk, tmp_path / "pdf"))
    assert min(s for s in sizes if s is not None) < MIN_TEXT_POINTS


def test_the_report_prints_on_at_most_42_a4_pages_of_legible_text(report, tmp_path):
    pdf = print_to_pdf(report, tmp_path / "pdf")
    sizes = page_text_sizes(pdf)
    assert 10 <= len(sizes) <= MAX_PAGES
    small = [(k, round(s, 1)) for k, s in enumerate(sizes, 1) if s is not None and s < 8.0]
    assert small == []
    info = subprocess.run(
        [_pdftotext().replace("pdftotext", "pdfinfo"), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape


def test_the_brief_is_the_first_printed_page_alone(report, tmp_path):
    """Issue 27, item 3: page 1 is the brief, every row of it (package, most robust option,
    what it rests on, each scenario); its evidence starts on page 2."""
    import engine

    pdf = print_to_pdf(report, tmp_path / "pdf")
    text = subprocess.run(
        [_pdftotext(), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    first, second = text.split("\f")[:2]
    study = engine.load_study(REPO)
    flat = " ".join(first.split())
    assert "The brief" in flat and "Fund this package" in flat and "It rests on" in flat
    # each scenario's row (its name's first words: a long name wraps in its column)
    assert all(" ".join(study.scenario(s).name.split()[:3]) in flat for s in study.scenarios)
    assert "The evidence behind the brief" not in flat
    assert "The evidence behind the brief" in " ".join(second.split())


HEADERS = {
    "Summary": (("Question", "Evidence"), ("Scenario", "Best option")),
    "Read me": (("Sheet", "What it answers"), ("Short name", "Full name"), ("Term", "Meaning")),
    "Switch points": (("Scenario", "Profile", "Winner"),),
}
"""Sheets of several tables, long ones among them, and the header rows their pages show."""


def headerless_pages(pdf: Path) -> list[tuple[int, str]]:
    """Pages of the sheets in :data:`HEADERS` (after each sheet's first) that show none of
    its tables' header rows: a table continued there without its header."""
    text = subprocess.run(
        [_pdftotext(), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    missing, seen = [], set()
    for number, page in enumerate(text.split("\f"), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        sheet = next((s for s in HEADERS if lines and lines[0].rstrip().endswith(s)), None)
        if sheet is None:
            continue
        if sheet in seen and not any(
            all(word in line for word in header) for header in HEADERS[sheet] for line in lines
        ):
            missing.append((number, sheet))
        seen.add(sheet)
    return missing


def test_a_long_table_continues_under_its_header(report, tmp_path, monkeypatch):
    """Issue 27, item 4: every printed page of the Summary's evidence and winners, the
    Read me's tables and the switch points shows the header of the table it continues. The
    same report written without splitting long tables has pages that do not: the check
    reads what LibreOffice printed."""
    from engine.io.report import excel_writer

    assert headerless_pages(print_to_pdf(report, tmp_path / "pdf")) == []
    monkeypatch.setattr(excel_writer, "split_for_print", lambda sheet, widths, paper: sheet)
    unsplit = tmp_path / "unsplit.xlsx"
    assert main(["run", str(REPO), "--out", str(unsplit), "--no-portfolio", "--quiet"]) == 0
    assert headerless_pages(print_to_pdf(unsplit, tmp_path / "unsplit")) != []
