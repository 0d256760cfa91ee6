"""Assemble reports from a run's results: the run report and the focused sensitivity report.

The builders lay out a :class:`~engine.results.RunResults` bundle; they compute
no score, rank or analysis of their own.
"""

from __future__ import annotations

from engine.report.compare_sheet import compare_sheet, map_sheet
from engine.report.labels import with_marked_profiles
from engine.report.layout import Report, Sheet
from engine.report.portfolio_sheets import portfolio_sheets
from engine.report.ranking_sheets import scenario_sheet, summary_sheet
from engine.report.readme_sheet import with_readme
from engine.report.sensitivity_sheets import (
    acceptability_sheet,
    robustness_sheet,
    switch_sheet,
    tornado_sheet,
)
from engine.report.study_sheets import (
    evidence_sheet,
    issues_sheet,
    methods_sheet,
    run_info_sheet,
    sources_sheet,
    weights_sheet,
)
from engine.results import RunResults


def build_report(results: RunResults) -> Report:
    """Lay out the report of a run.

    With sensitivity settings the report also holds robustness across scenarios and
    profiles, switch points of every pair, tornado charts of the first scenario and
    rank acceptability (SMAA-2) per scenario. Profiles are named with their marks
    (illustrative, edited in a weights file) everywhere but on the editable Weights sheet.
    """
    original_weights = results.weights
    results = with_marked_profiles(results)
    study, settings = results.study, results.settings
    portfolio = portfolio_sheets(study, results.portfolio) if results.portfolio is not None else []
    sheets = [
        summary_sheet(results),
        weights_sheet(original_weights),  # near the front: the sheet planners edit
        *_computed(portfolio),
        *_computed(_robustness_sheets(results)),
        *(scenario_sheet(results, s) for s in settings.scenarios),
        *([compare] if (compare := compare_sheet(results)) is not None else []),
        *([atlas] if (atlas := map_sheet(results)) is not None else []),
        *_computed(_fragility_sheets(results)),
        *_computed([methods_sheet(results)]),
        evidence_sheet(study, settings.scenarios),
        sources_sheet(study),
        issues_sheet(results.issues),
        run_info_sheet(study, settings),
    ]
    return Report(with_readme(sheets, study), study=study.info.name)


def _computed(sheets: list[Sheet]) -> list[Sheet]:
    """Mark sheets whose numbers were computed at run time (they get a staleness banner
    when the live weights are edited)."""
    for sheet in sheets:
        sheet.computed = True
    return sheets


def build_sensitivity_report(results: RunResults) -> Report:
    """The focused report of ``policyscore sensitivity``: one scenario, chosen profiles."""
    results = with_marked_profiles(results)
    sheets = [
        *_fragility_sheets(results),
        *_robustness_sheets(results),
        issues_sheet(results.study.issues),
        run_info_sheet(results.study, results.settings),
    ]
    return Report(with_readme(sheets, results.study), study=results.study.info.name)


def _robustness_sheets(results: RunResults) -> list[Sheet]:
    if results.robustness is None:
        return []
    return [robustness_sheet(results.study, results.robustness, results.settings.method)]


def _fragility_sheets(results: RunResults) -> list[Sheet]:
    """Acceptability (every chosen scenario), switch points (every pair), tornado."""
    s = results.settings.sensitivity
    if s is None:
        return []
    study = results.study
    return [
        acceptability_sheet(study, results.smaa, results.settings.method),
        switch_sheet(study, results.switch_points, results.judgments),
        tornado_sheet(study, results.tornado, s),
    ]


def build_portfolio_report(results: RunResults) -> Report:
    """The focused report of ``policyscore portfolio``."""
    if results.portfolio is None:
        raise ValueError("a portfolio report needs a portfolio analysis")
    results = with_marked_profiles(results)
    sheets = [
        *portfolio_sheets(results.study, results.portfolio),
        issues_sheet(results.issues),
        run_info_sheet(results.study, results.settings),
    ]
    return Report(with_readme(sheets, results.study), study=results.study.info.name)
