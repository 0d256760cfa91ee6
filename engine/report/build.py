"""Assemble reports: the run report and the focused sensitivity report."""

from __future__ import annotations

from collections.abc import Sequence

from engine.report.layout import Report, Sheet
from engine.report.ranking_sheets import scenario_sheet, summary_sheet
from engine.report.sensitivity_sheets import (
    acceptability_sheet,
    robustness_sheet,
    switch_sheet,
    tornado_sheet,
)
from engine.report.settings import Results, RunSettings, SensitivitySettings, evaluate_pairs
from engine.report.study_sheets import (
    evidence_sheet,
    issues_sheet,
    methods_sheet,
    run_info_sheet,
    sources_sheet,
    weights_sheet,
)
from engine.sensitivity import SmaaResult, robustness, smaa, tornado
from engine.sensitivity.smaa_kernel import Progress
from engine.study import Study

PROFILE_FREE_SAMPLING = ("uniform",)


def build_report(
    study: Study,
    settings: RunSettings,
    results: Results | None = None,
    progress: Progress | None = None,
) -> Report:
    """Lay out the report of a run (evaluating the pairs unless ``results`` are given).

    With ``settings.sensitivity`` the report also holds robustness across scenarios and
    profiles, switch points of every pair, tornado charts of the first scenario and
    rank acceptability (SMAA-2) per scenario.
    """
    results = evaluate_pairs(study, settings) if results is None else results
    comparison, skipped = methods_sheet(study, settings)
    sheets = [
        summary_sheet(study, settings, results),
        *_robustness_sheets(study, settings),
        *(scenario_sheet(study, s, settings, results) for s in settings.scenarios),
        *_fragility_sheets(study, settings, settings.scenarios[:1], progress),
        comparison,
        weights_sheet(study, settings.profiles),
        evidence_sheet(study, settings.scenarios),
        sources_sheet(study),
        issues_sheet([*study.issues, *skipped]),
        run_info_sheet(study, settings),
    ]
    return Report(sheets)


def build_sensitivity_report(
    study: Study, settings: RunSettings, progress: Progress | None = None
) -> Report:
    """The focused report of ``policyscore sensitivity``: one scenario, chosen profiles."""
    sheets = [
        *_fragility_sheets(study, settings, settings.scenarios, progress),
        *_robustness_sheets(study, settings),
        issues_sheet(study.issues),
        run_info_sheet(study, settings),
    ]
    return Report(sheets)


def _robustness_sheets(study: Study, settings: RunSettings) -> list[Sheet]:
    if settings.sensitivity is None:
        return []
    result = robustness(
        study,
        settings.scenarios if len(settings.scenarios) > 1 else None,
        settings.profiles,
        settings.method,
        settings.sensitivity.top,
    )
    return [robustness_sheet(study, result, settings.method)]


def _fragility_sheets(
    study: Study,
    settings: RunSettings,
    tornado_scenarios: Sequence[str],
    progress: Progress | None,
) -> list[Sheet]:
    """Acceptability (every chosen scenario), switch points (every pair), tornado."""
    s = settings.sensitivity
    if s is None:
        return []
    pairs = [(sc, p) for sc in settings.scenarios for p in settings.profiles]
    tornado_pairs = [(sc, p) for sc in tornado_scenarios for p in settings.profiles]
    return [
        acceptability_sheet(
            study, smaa_runs(study, settings.scenarios, settings, progress), settings.method
        ),
        switch_sheet(study, pairs),
        tornado_sheet(
            study, {pair: tornado(study, *pair, delta=s.delta) for pair in tornado_pairs}, s
        ),
    ]


def smaa_runs(
    study: Study,
    scenarios: Sequence[str],
    settings: RunSettings,
    progress: Progress | None = None,
) -> dict[tuple[str, str | None], SmaaResult]:
    """One SMAA run per scenario (uniform sampling) or per scenario x profile."""
    s = settings.sensitivity or SensitivitySettings()
    profiles: Sequence[str | None] = (
        [None] if s.sampling in PROFILE_FREE_SAMPLING else settings.profiles
    )
    return {
        (scenario, profile): smaa(
            study,
            scenario,
            profile,
            method=settings.method,
            samples=s.samples,
            seed=s.seed,
            sampling=s.sampling,
            concentration=s.concentration,
            performance=s.performance,
            progress=progress,
        )
        for scenario in scenarios
        for profile in profiles
    }
