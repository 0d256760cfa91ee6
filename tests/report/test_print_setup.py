"""Every sheet prints landscape on the chosen paper, with the study, sheet and page."""

import re
import subprocess
import sys

import openpyxl
import pytest
from conftest import REPO, convert


def _report(tmp_path, *extra):
    out = tmp_path / "r.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "engine",
            "run",
            str(REPO),
            "--no-sensitivity",
            "--no-portfolio",
            "--scenario",
            "s0_status_quo",
            "--out",
            str(out),
            "--quiet",
            *extra,
        ],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize(("flag", "code"), [((), 9), (("--paper", "letter"), 1)])
def test_every_sheet_has_the_paper_header_and_footer(tmp_path, flag, code):
    book = openpyxl.load_workbook(_report(tmp_path, *flag))
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == code and ws.page_setup.orientation == "landscape"
        assert ws.oddHeader.left.text.startswith("Countering the TTP resurgence")
        assert ws.oddHeader.right.text == "&A"
        assert ws.oddFooter.center.text == "Page &P of &N"


def _page_size(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert found, "no page size in the PDF"
    return float(found.group(1)), float(found.group(2))


def test_libreoffice_prints_on_a4_by_default_and_letter_on_request(tmp_path):
    """Rendered by LibreOffice: A4 landscape is 842 x 595 pt, Letter 792 x 612; the two
    files differ only by the paper flag, so LibreOffice read the setting."""
    sizes = {}
    for paper in ("a4", "letter"):
        folder = tmp_path / paper
        folder.mkdir()
        report = _report(folder, "--paper", paper)
        pdf = convert(report, folder, "pdf", folder / "profile")
        sizes[paper] = _page_size(pdf.read_bytes())
    assert sizes["a4"] == pytest.approx((841.9, 595.3), abs=1)
    assert sizes["letter"] == pytest.approx((792, 612), abs=1)
