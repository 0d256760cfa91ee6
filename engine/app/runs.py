"""The pipelines of ``run``, ``sensitivity`` and ``portfolio``: a study (and its edited
weights) in, a report written, the results and the issues to show out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.acceptance import join_accepted
from engine.errors import Issue
from engine.io.files import sha256
from engine.io.load import input_files, load_study
from engine.io.report.excel_writer import write_report
from engine.io.workbooks.weights_reader import load_weights
from engine.progress import Found, Progress
from engine.report import build_portfolio_report, build_report, build_sensitivity_report
from engine.report.layout import Report
from engine.results import RunResults, RunSettings, compute_run
from engine.study import Study


@dataclass(frozen=True)
class LoadedStudy:
    """A study as a command reads it: accepted, with a weights workbook's profiles joined
    in (``recorded``: what Run info says of that workbook) and the files it came from."""

    study: Study
    inputs: list[Path]
    recorded: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Written:
    """A report written: the results it shows, where it is, and the input's issues (the
    warnings a command shows; errors stop a pipeline before anything is written)."""

    results: RunResults
    target: Path
    issues: list[Issue]


def load_with_weights(source: Path, weights: Path | None = None) -> LoadedStudy:
    """The study at ``source``; with ``weights``, a weights workbook's profiles (accepted
    against the study) replace the study's own of the same id.

    Raises
    ------
    InputError
        Every problem of the study or of the workbook, located.
    """
    study = load_study(source)
    files = input_files(source, study)
    if weights is None:
        return LoadedStudy(study, files)
    edited = load_weights(weights, study)
    recorded = {
        "weights_file": str(weights),
        "weights_sha256": sha256(weights),
        "weights_profiles": list(edited),
    }
    return LoadedStudy(join_accepted(study, edited.values()), [*files, weights], recorded)


def run_report(
    loaded: LoadedStudy,
    settings: RunSettings,
    target: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    found: Found | None = None,
) -> Written:
    """Score every chosen pair (with the sensitivity and package analyses the settings
    ask for) and write the run report to ``target`` (``progress`` hears how far it is,
    ``found`` of results as soon as they are known: :data:`engine.progress.Found`)."""
    return _pipeline(build_report, True, loaded, settings, target, paper, progress, found)


def sensitivity_report(
    loaded: LoadedStudy,
    settings: RunSettings,
    target: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    found: Found | None = None,
) -> Written:
    """One scenario in depth (switch points, tornado, SMAA), written to ``target``."""
    build = build_sensitivity_report
    return _pipeline(build, False, loaded, settings, target, paper, progress, found)


def portfolio_report(
    loaded: LoadedStudy,
    settings: RunSettings,
    target: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    found: Found | None = None,
) -> Written:
    """The package analysis alone (frontier, order of buy, inclusion, builder), written
    to ``target``."""
    build = build_portfolio_report
    return _pipeline(build, True, loaded, settings, target, paper, progress, found)


def _pipeline(
    build: Callable[[RunResults], Report],
    packages: bool,
    loaded: LoadedStudy,
    settings: RunSettings,
    target: Path,
    paper: str,
    progress: Progress | None,
    found: Found | None,
) -> Written:
    """Compute, lay out with ``build``, write atomically; the issues to print (the
    package's warnings when ``packages``)."""
    results = compute_run(loaded.study, settings, progress, found)
    write_report(replace(build(results), paper=paper), target, loaded.inputs)
    issues = [*loaded.study.issues, *(results.package_issues if packages else [])]
    return Written(results, target, issues)
