"""An input of a comparison: a study as it is, or the reference study with the weights of a
weights workbook or a report (read by :mod:`engine.io.compare_inputs`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.study import Study

Kind = Literal["study", "weights", "report"]


@dataclass(frozen=True)
class Compared:
    """One input of a comparison: a label (from its file name), what it is, the study it
    amounts to and the SHA-256 of its file ("" for a folder)."""

    label: str
    path: Path
    kind: Kind
    study: Study
    sha256: str = ""
    run_info: tuple[tuple[str, str], ...] = ()
    """A report's Run info (item, value) rows: what it was run with."""
