"""Load a study: read its files into records, then accept them (:mod:`engine.acceptance`)."""

from __future__ import annotations

from pathlib import Path

from engine.acceptance import accept_study
from engine.io.files import sha256
from engine.io.text.study_folder import read_folder
from engine.io.workbooks.study_workbook_reader import read_workbook
from engine.study import InputFile, Study
from engine.study_records import StudyRecords


def load_study(path: str | Path) -> Study:
    """Load and accept the study in folder (or workbook) ``path``.

    Raises
    ------
    InputError
        With every issue found (errors and warnings) when any error is found.
    """
    root = Path(path)
    records = read_study(root)
    inputs = [InputFile(_relative(p, root), sha256(p)) for p in records.files]
    return accept_study(records, inputs)


def read_study(root: Path) -> StudyRecords:
    """The records of a study folder or workbook, as written (never raises for content)."""
    return read_workbook(root) if is_workbook(root) else read_folder(root)


def is_workbook(path: Path) -> bool:
    """A study given as one workbook file rather than a folder."""
    return path.suffix.lower() in (".xlsx", ".xlsm") or (path.is_file() and not path.is_dir())


def _relative(path: Path, root: Path) -> str:
    return path.name if path == root else path.relative_to(root).as_posix()


def input_files(source: Path, study: Study) -> list[Path]:
    """The files a study was read from (never to be written)."""
    return [source] if is_workbook(source) else [source / f.path for f in study.inputs]
