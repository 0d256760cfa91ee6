"""The pipeline of ``explore``: a study folder and its drivers in, an ensemble of
generated futures evaluated, the explore report written."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from engine.errors import InputError, Location, error
from engine.executor import Executor
from engine.explore.analysis import Candidates, Exploration, Questions, explore
from engine.explore.ensemble import Ensemble
from engine.explore.records import Uncertainties
from engine.io.load import input_files, is_workbook, load_study
from engine.io.report.excel_writer import write_report
from engine.io.text.uncertainties_file import read_uncertainties
from engine.portfolio.analysis import analyse_portfolio
from engine.portfolio.settings import TIME_LIMIT, PortfolioSettings
from engine.portfolio.study_problems import measure_ids
from engine.progress import Progress
from engine.report.explore_report import ExploreRun, build_explore_report, findings
from engine.study import Study


@dataclass(frozen=True)
class Explored:
    """An exploration and the report that shows it."""

    exploration: Exploration
    study: Study
    target: Path
    findings: tuple[str, ...] = ()
    """The Summary's sentences."""


def explore_study(
    source: Path,
    ensemble: Ensemble,
    executor: Executor,
    *,
    profile: str | None = None,
    regret_limit: float | None = None,
    packages: bool = True,
    target: Path | None = None,
    paper: str = "a4",
    progress: Progress | None = None,
    executor_words: str = "this process",
    command: str = "",
    time_limit: float | None = TIME_LIMIT,
) -> Explored:
    """Load the study folder ``source`` and its drivers, value the recommended and each
    profile's best package (when the study has a portfolio and ``packages``), evaluate
    the ensemble and write ``reports/<study>-explore.xlsx`` (or ``target``).

    Raises
    ------
    InputError
        The study, its drivers or the chosen profile have problems (all of them, located).
    """
    if is_workbook(source):
        raise InputError([_needs_folder(source)])
    study = load_study(source)
    found, drivers_file = read_uncertainties(source, study)
    chosen = _profile(study, profile)
    candidates = (
        _candidates(study, found, time_limit, progress) if packages and study.portfolio else None
    )
    questions = Questions(
        chosen, **({} if regret_limit is None else {"regret_limit": regret_limit})
    )
    exploration = explore(study, found, ensemble, questions, candidates, executor, progress)
    target = target or Path("reports") / f"{study.info.id}-explore.xlsx"
    inputs = (*study.inputs, drivers_file)
    run = ExploreRun(study, found, exploration, inputs, executor_words, command)
    report = replace(build_explore_report(run), paper=paper)
    write_report(report, target, [*input_files(source, study), source / drivers_file.path])
    return Explored(exploration, study, target, tuple(findings(run)))


def _needs_folder(source: Path):
    return error(
        "uncertainties-missing",
        Location(str(source)),
        "a study workbook (its drivers live in scenarios/uncertainties.yaml of a folder)",
        "a study folder with scenarios/uncertainties.yaml",
        "convert the workbook to a folder first: policyscore convert",
    )


def _profile(study: Study, profile: str | None) -> str:
    if profile is None:
        return study.profiles[0]
    if profile not in study.profiles:
        raise InputError(
            [
                error(
                    "profile-unknown",
                    Location(path="--profile"),
                    f"unknown profile '{profile}'",
                    "one of: " + ", ".join(study.profiles),
                )
            ]
        )
    return profile


def _candidates(
    study: Study, found: Uncertainties, time_limit: float | None, progress: Progress | None
) -> Candidates:
    """The recommended package (as ``run`` recommends it, over every scenario and profile)
    and each profile's best package in the base scenario, each once; what the time limit
    cut short, if anything, is said with them."""
    settings = PortfolioSettings(samples=0, time_limit=time_limit)
    analysis = analyse_portfolio(study, study.scenarios, study.profiles, settings, progress)
    labels, packages = ["Recommended package"], [analysis.recommended().astype(bool)]
    ids = measure_ids(study)
    for profile in study.profiles:
        best = analysis.packages[(found.base, profile)]
        chosen = np.array([o in best.selected for o in ids])
        name = f"Best for {study.profile(profile).name}"
        same = next((k for k, p in enumerate(packages) if np.array_equal(p, chosen)), None)
        if same is None:
            labels.append(name)
            packages.append(chosen)
        else:
            labels[same] += f"; {name}"
    return Candidates(tuple(labels), np.array(packages), 0, tuple(ids), analysis.stopped_words())
