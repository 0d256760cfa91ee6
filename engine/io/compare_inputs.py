"""What ``policyscore compare`` compares: studies, weights workbooks and reports.

A study (folder or study workbook) is compared as it is. A weights workbook or a report
written by policyscore (its Weights sheet reads back as a weights workbook) is compared
as the reference study with those weights: the study given by ``--study`` (default: the
current folder).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine._version import __version__
from engine.acceptance import join_accepted
from engine.compare.differences import Comparison, compare
from engine.compare.inputs import Compared, Kind
from engine.errors import InputError, Location, error
from engine.io.files import sha256
from engine.io.load import load_study
from engine.io.workbooks.study_workbook_layout import STUDY
from engine.io.workbooks.weights_layout import FIRST_ROW
from engine.io.workbooks.weights_reader import load_weights, profile_sheets, workbook_nodes
from engine.io.workbooks.workbook_files import (
    SheetPeek,
    open_workbook,
    peek_workbook,
    sparse_rows,
)
from engine.report.study_sheets import REPORT_FORMAT, REPORT_FORMAT_ITEM
from engine.study import Study

RUN_INFO = "Run info"


def kind_of(path: Path) -> Kind:
    """What ``path`` holds, from its sheets (a folder is a study), read through the same
    guards as every workbook reader (:mod:`engine.io.workbooks.workbook_files`)."""
    if not path.exists():
        raise InputError([_unknown(path, "nothing at this path")])
    if path.is_dir():
        return "study"
    seen, issue = peek_workbook(path, _kind)
    if issue is not None and issue.code in ("workbook-unreadable", "workbook-format"):
        raise InputError([_unknown(path, issue.found)])  # said with what compare takes
    if issue is not None:
        raise InputError([issue])
    kind, names = seen
    if kind is None:
        found = f"a workbook with the sheets {', '.join(names[:6])}"
        raise InputError([_unknown(path, found)])
    return kind


def _kind(peek: SheetPeek) -> tuple[Kind | None, list[str]]:
    """A study workbook has a Study sheet; a weights workbook a sheet with profile ids
    (whatever its name); a report that too, and a Run info sheet."""
    if STUDY in peek.titles:
        return "study", peek.titles
    if profile_sheets(peek):
        return ("report" if RUN_INFO in peek.titles else "weights"), peek.titles
    return None, peek.titles


def read_inputs(paths: Sequence[Path], study: Path | None = None) -> list[Compared]:
    """The inputs, each as the study it amounts to; weights and reports take the
    reference study at ``study`` (loaded once)."""
    if len(paths) < 2:
        raise InputError(
            [error("compare-inputs", Location(), f"{len(paths)} input", "two inputs or more")]
        )
    reference: Study | None = None
    labels = _labels(paths)
    compared = []
    for path, label in zip(paths, labels, strict=True):
        kind = kind_of(path)
        digest = sha256(path) if path.is_file() else ""
        if kind == "study":
            compared.append(Compared(label, path, kind, load_study(path), digest))
            continue
        if reference is None:
            reference = load_study(study if study is not None else Path("."))
        info = _run_info(path) if kind == "report" else ()
        _same_tree(path, reference)
        profiles = load_weights(path, reference)
        study = join_accepted(reference, profiles.values())
        compared.append(Compared(label, path, kind, study, digest, info))
    return compared


def _run_info(path: Path) -> tuple[tuple[str, str], ...]:
    """A report's Run info rows; a report format this engine does not know is refused."""
    opened, issue = open_workbook(path, lambda peek: [RUN_INFO])
    if issue is not None:
        raise InputError([issue])
    numbered = [
        (number, str(columns[1]), "" if columns.get(2) is None else str(columns[2]))
        for number, columns in sparse_rows(opened.values[RUN_INFO]).items()
        if columns.get(1) is not None
    ]
    rows = tuple((item, value) for _, item, value in numbered)
    found = dict(rows).get(REPORT_FORMAT_ITEM)
    if found is not None and found != str(REPORT_FORMAT):
        row = next(n for n, item, _ in numbered if item == REPORT_FORMAT_ITEM)
        raise InputError(
            [
                error(
                    "compare-report-format",
                    Location(file=str(path), sheet=RUN_INFO, cell=f"B{row}"),
                    f"a report of format {found}",
                    f"a report of format {REPORT_FORMAT} (written by policyscore {__version__} "
                    "or one of its layout)",
                    "re-run the report with this version of policyscore",
                )
            ]
        )
    return rows


def _same_tree(path: Path, reference: Study) -> None:
    """One error, not one per cell, when a weights workbook weighs another value tree."""
    sheet, nodes = workbook_nodes(path)
    known = [n.id for n in reference.tree.nodes]
    if not nodes or set(nodes) == set(known):
        return  # no weights sheet: load_weights says so; same tree: read it
    shared = len(set(nodes) & set(known))
    raise InputError(
        [
            error(
                "compare-tree-differs",
                Location(file=str(path), sheet=sheet, cell=f"A{FIRST_ROW}"),
                f"weights for another value tree ({len(nodes)} nodes, {shared} of them in the "
                f"study's {len(known)}; e.g. {', '.join(sorted(set(nodes) ^ set(known))[:4])})",
                "weights of the value tree of the study given by --study",
                "compare two study versions as studies (folders or study workbooks) instead",
            )
        ]
    )


def _labels(paths: Sequence[Path]) -> list[str]:
    """File stems, made unique (``a``, ``a~2``) so every column has its own name."""
    labels: list[str] = []
    for path in paths:
        base = (path.resolve().name if path.is_dir() else path.stem) or "input"
        label, n = base, 2
        while label in labels:
            label, n = f"{base}~{n}", n + 1
        labels.append(label)
    return labels


def _unknown(path: Path, found: str):
    return error(
        "compare-input-unknown",
        Location(file=str(path)),
        found,
        "a study folder, a study workbook, a weights workbook or a policyscore report",
    )


def compare_files(
    *paths: str | Path, study: str | Path | None = None, method: str = "additive"
) -> Comparison:
    """``engine.compare``: read the inputs at ``paths`` (studies, weights workbooks, reports;
    weights and reports scored with ``study``) and compare them."""
    inputs = read_inputs([Path(p) for p in paths], None if study is None else Path(study))
    return compare(inputs, method)
