"""The pipelines of ``compare`` and ``combine``: several inputs in, a report or a group's
workbooks written, what was found out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from engine.compare import Comparison, compare
from engine.compare.group import GroupWeights, combine
from engine.errors import InputError, Location, OutputError, error
from engine.io.compare_inputs import read_inputs
from engine.io.load import load_study
from engine.io.report.excel_writer import write_report
from engine.io.workbooks.group_workbook import (
    group_workbook,
    read_planners,
    round_two_workbook,
    write_built,
)
from engine.report.compare_report import build_compare_report


@dataclass(frozen=True)
class Compared:
    """A comparison and the report that shows it."""

    comparison: Comparison
    target: Path


def compare_report(
    paths: list[Path],
    study: Path | None = None,
    method: str = "additive",
    target: Path | None = None,
    paper: str = "a4",
) -> Compared:
    """Compare studies, weights workbooks or reports (each read through its guarded
    reader) and write the comparison report (default ``reports/compare-A-vs-B.xlsx``)."""
    inputs = read_inputs(paths, study)
    comparison = compare(inputs, method)
    labels = [c.label for c in inputs]
    target = target or Path("reports") / f"compare-{'-vs-'.join(labels[:2])}.xlsx"
    report = replace(build_compare_report(comparison), paper=paper)
    write_report(report, target, [c.path for c in inputs if c.path.is_file()])
    return Compared(comparison, target)


@dataclass(frozen=True)
class CombineOutcome:
    """The pooled weights and the workbooks written: the group's and one per planner."""

    group: GroupWeights
    target: Path
    round_two: Path


def combine_planners(
    workbooks: list[Path],
    study: Path,
    target: Path | None = None,
    round_two: Path = Path("reports/round2"),
    planner_copies: bool = False,
) -> CombineOutcome:
    """Pool planners' weights workbooks into the group's workbook (default
    ``reports/<study>-group-weights.xlsx``) and write each planner a round-two workbook
    (their weights beside the group's) into ``round_two``. Every workbook is built before
    any is written: a failure leaves no file half done.

    Raises
    ------
    InputError
        Fewer than two or more than :data:`MAX_PLANNERS` workbooks, one given twice, or a
        workbook's problems, located.
    OutputError
        ``round_two`` is a file, or a workbook cannot be written.
    """
    _check_workbooks(workbooks)
    loaded = load_study(study)
    planners = read_planners(workbooks, loaded)
    group = combine(loaded, planners)
    target = target or Path("reports") / f"{loaded.info.id}-group-weights.xlsx"
    if round_two.exists() and not round_two.is_dir():
        raise OutputError(f"--round-two {round_two} is a file, not a folder; nothing was written")
    built = [(group_workbook(group, planner_copies), target)]
    built += [(round_two_workbook(group, p), round_two / f"{p.id}.xlsx") for p in planners]
    for workbook, path in built:
        write_built(workbook, path, workbooks)
    return CombineOutcome(group, target, round_two)


MAX_PLANNERS = 50
"""Planners pooled in one combine (each adds a copy of every profile to the group's
working study)."""


def _check_workbooks(paths: list[Path]) -> None:
    """Two to :data:`MAX_PLANNERS` workbooks, none given twice (one planner counted twice
    would weigh double in the pool)."""
    if not 2 <= len(paths) <= MAX_PLANNERS:
        found = f"{len(paths)} workbook(s)"
        expected = f"from two to {MAX_PLANNERS} planners' workbooks"
        raise InputError([error("compare-inputs", Location(), found, expected)])
    issues, seen = [], []
    for path in paths:
        twin = next((p for p in seen if _same_file(p, path)), None)
        if twin is not None:
            issues.append(
                error(
                    "compare-inputs",
                    Location(file=str(path)),
                    f"the same workbook as {twin}, given twice",
                    "each planner's workbook once",
                )
            )
        seen.append(path)
    if issues:
        raise InputError(issues)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False
