"""Opening a workbook someone gave us: what it is when it is not one, and cells located
whatever the XML's spelling (issue 13, class 15)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from corpus import study_workbook_with

import engine
from engine.io.workbooks.workbook_files import sheet_parts


def _one_issue(path: Path):
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(path)
    [issue] = caught.value.issues
    return issue


def test_paths_that_are_not_regular_files_are_named_as_what_they_are(tmp_path):
    os.mkfifo(tmp_path / "pipe.xlsx")  # reading it would block: it must not be opened
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "loop.xlsx").symlink_to(tmp_path / "loop.xlsx")
    found = {
        name: _one_issue(tmp_path / name).found
        for name in ("pipe.xlsx", "folder.xlsx", "loop.xlsx", "missing.xlsx")
    }
    assert found["pipe.xlsx"].startswith("not a regular file")
    assert found["folder.xlsx"] == "a folder, not a workbook file"
    assert "symbolic links" in found["loop.xlsx"]
    assert found["missing.xlsx"] == "no such file"


def _rewrite_cell(source: Path, target: Path, sheet: str, cell: str, replace) -> None:
    with zipfile.ZipFile(source) as old:
        part = next(p for p, title in sheet_parts(old).items() if title == sheet)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if item.filename == part:
                    pattern = rb'<c r="' + cell.encode() + rb'"[^>]*>.*?</c>'
                    data, count = re.subn(pattern, replace, data, count=1, flags=re.S)
                    assert count == 1
                new.writestr(item, data)


@pytest.mark.parametrize(
    "spelling",
    [
        b'<c r="C2" t="str"><f>1+1</f></c>',
        b'<c\n  t="str"   r="C2" ><f>1+1</f><v></v></c>',
        b'<c r="C2"><f>1+1</f><v/></c>',
    ],
)
def test_a_formula_without_a_saved_value_is_found_in_any_spelling(tmp_path, spelling):
    source = study_workbook_with(lambda wb: None)(tmp_path)
    target = tmp_path / "edited.xlsx"
    _rewrite_cell(source, target, "Options", "C2", spelling)
    issue = next(
        i for i in _issues(target) if i.code == "formula-no-value"
    )  # not key-missing: the cell holds a formula
    assert (issue.location.sheet, issue.location.cell) == ("Options", "C2")


def _issues(path: Path):
    with pytest.raises(engine.InputError) as caught:
        engine.load_study(path)
    return caught.value.issues


@pytest.mark.parametrize("value", [b'<c r="C2"><v>abc</v></c>', b'<c r="C2" t="b"><v>2</v></c>'])
def test_a_saved_value_of_the_wrong_type_is_located(tmp_path, value):
    """It used to make the whole file 'unreadable' with no sheet or cell."""
    source = study_workbook_with(lambda wb: None)(tmp_path)
    target = tmp_path / "edited.xlsx"
    _rewrite_cell(source, target, "Options", "C2", value)
    issue = _one_issue(target)
    assert issue.code == "workbook-unreadable"
    assert (issue.location.sheet, issue.location.cell) == ("Options", "C2")
