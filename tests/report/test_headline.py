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


def test_the_summary_opens_with_a_brief_then_its_evidence(results):
    """Issue 27, item 3: the brief (page 1) states the package with its cost against each
    limit in units, the most robust option, the judgments it rests on and one row per
    scenario; its evidence is the next table; only the brief and evidence are stale after
    a weight edit (the winners below follow it)."""
    sheet = build_report(results).sheet("Summary")
    brief, evidence = sheet.tables[0], sheet.tables[1]
    assert brief.title.startswith("The brief") and evidence.title.startswith("The evidence")
    assert sheet.computed and sheet.page_after == (0,)
    assert "the winners and ranks below already follow" in sheet.stale
    assert len(sheet.stale) <= 255  # a text constant of the banner's formula
    labels = [row[0] for row in brief.rows]
    names = [results.study.scenario(s).name for s in results.settings.scenarios]
    assert labels == ["Fund this package", "Most robust single option", "It rests on", *names]
    minimax = results.portfolio.robust[1]
    chosen = [
        results.study.option(o).name
        for o, x in zip(results.portfolio.measures, minimax.package.selected, strict=True)
        if x
    ]
    package = brief.rows[0][1]
    assert package.startswith(f"{len(chosen)} measures: " + "; ".join(chosen) + ". ")
    fiscal, resource = minimax.package.cost[0], results.study.portfolio.resources[0]
    squeeze = resource.limits["s3_fiscal_aid_squeeze"]
    expected = f"{fiscal:g} Rs billion of the limit of {resource.limit:g} ({squeeze:g} in Fiscal"
    assert expected in package
    best = results.robustness.summary.index[0]
    assert brief.rows[1][1].startswith(results.study.option(best).name + ": first in ")
    assert [row[0] for row in evidence.rows] == [
        "Fund this package",
        "Most robust single option",
        *names,
    ]
    spends = f"spends {resource.in_sentence} {fiscal:g} {resource.unit}"
    assert spends in evidence.rows[0][1]  # in words and units, not the resource's id


def test_each_scenario_is_classed_by_the_shares_of_first_places(results):
    """Recomputed from the SMAA tables: clear (>= 75 %), likely (twice the next), or too
    close to call, with the plain shares of the three options most often first."""
    rows = build_report(results).sheet("Summary").tables[0].rows[3:]
    study = results.study
    for scenario, (_, answer) in zip(results.settings.scenarios, rows, strict=True):
        firsts = np.mean(
            [results.smaa[(scenario, p)].acceptability.iloc[:, 0] for p in study.profiles], axis=0
        )
        order = np.argsort(-firsts, kind="stable")
        top, second = firsts[order[0]], firsts[order[1]]
        if top >= CLEAR:
            assert answer.startswith("Clear.")
        elif top >= 2 * second:
            assert answer.startswith("Likely.")
        else:
            assert answer.startswith("Too close to call.")
        leaders = [study.option(study.options[k]).label for k in order[:3]]
        listed = ", ".join(
            f"{name} {firsts[k]:.0%}" for name, k in zip(leaders, order[:3], strict=True)
        )
        assert f"First in uncertain samples: {listed}" in answer


def test_the_headline_follows_the_runs_top_k_and_needs_no_portfolio():
    study = engine.load_study(REPO)
    settings = RunSettings(
        study.scenarios[:2],
        study.profiles[:2],
        sensitivity=SensitivitySettings(samples=100, top=5),
        portfolio=None,
    )
    sheet = build_report(compute_run(study, settings)).sheet("Summary")
    brief, evidence = sheet.tables[0].rows, sheet.tables[1].rows
    assert brief[0][0] == "Most robust single option" and brief[1][0] == "It rests on"
    assert evidence[0][0] == "Most robust single option" and "in the top 5 in " in evidence[0][1]
    assert len(brief) == 2 + 2 and len(evidence) == 1 + 2  # no package; one per scenario


def test_a_small_gap_between_packages_keeps_its_first_digit():
    """0.004 value points must not print as 0.00 (a tie the exact programs did not find)."""
    from engine.report.headline import _small

    assert [_small(x) for x in (0.0041, 0.0125, 1.234, 0.0)] == ["0.004", "0.01", "1.23", "0"]


def test_a_name_inside_a_sentence_keeps_its_acronyms():
    from engine.model import Resource

    def said(name):
        return Resource(id="r", name=name).in_sentence

    assert said("Outstanding ex-FATA pledge") == "outstanding ex-FATA pledge"
    assert said("KP budget") == "KP budget"
    assert said("Reform capacity") == "reform capacity"
