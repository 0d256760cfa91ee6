"""The Summary's headline: recommendation and how sure, checked against the results."""

import numpy as np
import pytest
from conftest import REPO

import engine
from engine.report import build_report
from engine.report.headline import CLEAR
from engine.results import RunSettings, SensitivitySettings, compute_run


@pytest.fixture(scope="module")
def results():
    study = engine.load_study(REPO)
    settings = RunSettings(
        study.scenarios, study.profiles, sensitivity=SensitivitySettings(samples=400)
    )
    return compute_run(study, settings)


def test_the_summary_opens_with_the_package_then_the_option_then_each_scenario(results):
    sheet = build_report(results).sheet("Summary")
    headline = sheet.tables[0]
    assert headline.title == "What to do, and how sure we are" and sheet.computed
    findings = [row[0] for row in headline.rows]
    assert findings[0].startswith("Fund this package: ")
    minimax = results.portfolio.robust[1]
    listed = findings[0].removeprefix("Fund this package: ").rstrip(".").split("; ")
    chosen = [
        results.study.option(o).name
        for o, x in zip(results.portfolio.measures, minimax.package.selected, strict=True)
        if x
    ]
    assert listed == chosen
    best = results.robustness.summary.index[0]
    assert findings[1] == f"As a single option, {results.study.option(best).name} holds up best."
    assert len(findings) == 2 + len(results.settings.scenarios)


def test_each_scenario_is_classed_by_the_shares_of_first_places(results):
    """Recomputed from the SMAA tables: clear (>= 75 %), likely (twice the next), or too
    close to call."""
    rows = build_report(results).sheet("Summary").tables[0].rows[2:]
    study = results.study
    for scenario, (finding, _) in zip(results.settings.scenarios, rows, strict=True):
        firsts = np.mean(
            [results.smaa[(scenario, p)].acceptability.iloc[:, 0] for p in study.profiles], axis=0
        )
        order = np.argsort(-firsts, kind="stable")
        top, second = firsts[order[0]], firsts[order[1]]
        leader = study.option(study.options[order[0]]).name
        if top >= CLEAR:
            assert finding == f"{study.scenario(scenario).name}: {leader}."
        elif top >= 2 * second:
            assert finding.startswith(f"{study.scenario(scenario).name}: likely {leader}")
        else:
            assert "too close to call between " + leader in finding


def test_the_headline_follows_the_runs_top_k_and_needs_no_portfolio():
    study = engine.load_study(REPO)
    settings = RunSettings(
        study.scenarios[:2],
        study.profiles[:2],
        sensitivity=SensitivitySettings(samples=100, top=5),
        portfolio=None,
    )
    rows = build_report(compute_run(study, settings)).sheet("Summary").tables[0].rows
    assert rows[0][0].startswith("As a single option, ") and "in the top 5 in " in rows[0][1]
    assert len(rows) == 1 + 2  # no package row; one per scenario
