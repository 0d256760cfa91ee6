"""Scenario sheets show how each method's score was reached."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.report import build_report
from engine.results import RunSettings, compute_run


@pytest.fixture(scope="module")
def study():
    from conftest import REPO

    return engine.load_study(REPO)


def _first_table(study, method):
    settings = RunSettings(["s0_status_quo"], ["equal_weights"], method, sensitivity=None)
    results = compute_run(study, settings)
    table = next(t for t in build_report(results).sheet("Tense status quo").tables if t.name)
    headers = [c.header for c in table.columns]
    return results.pairs[("s0_status_quo", "equal_weights")], table, headers


def test_vikor_shows_s_r_and_the_compromise_conditions(study):
    result, table, headers = _first_table(study, "vikor")
    assert headers[4:] == [
        "S (group utility)",
        "R (individual regret)",
        "C1 acceptable advantage",
        "C2 acceptable stability",
        "Short name",
    ]
    details = result.details["per_option"]
    for row in table.rows:
        option = row[1]
        assert row[4] == pytest.approx(details.loc[option, "group_utility_S"])
        assert row[5] == pytest.approx(details.loc[option, "individual_regret_R"])
    best = table.rows[0]
    assert best[0] == 1 and best[6] in (0.0, 1.0) and best[7] in (0.0, 1.0)
    assert all(row[6] == 0.0 for row in table.rows[1:])  # conditions speak of the best only


def test_promethee_shows_weighted_criterion_flows_that_add_up_to_the_score(study):
    _, table, headers = _first_table(study, "promethee_ii")
    assert table.groups[1][0].startswith("Weighted net flow of each criterion")
    assert len(headers) == 4 + len(study.criteria) + 1 and headers[-1] == "Short name"
    for row in table.rows:
        assert sum(row[4:-1]) == pytest.approx(row[3], abs=1e-12)
        assert row[-1] == study.option(row[1]).label


def test_topsis_shows_its_distances(study):
    _, table, headers = _first_table(study, "topsis")
    assert headers[4:] == ["Distance to ideal", "Distance to anti-ideal", "Short name"]
    for row in table.rows:
        d_plus, d_minus = row[4], row[5]
        assert row[3] == pytest.approx(d_minus / (d_plus + d_minus))


def test_the_additive_model_shows_live_contributions(study):
    _, table, headers = _first_table(study, "additive")
    n = len(study.criteria)
    assert len(headers) == 4 + n + 2 and headers[-2:] == ["Live position", "Short name"]
    parts = table.rows[0][4 : 4 + n]
    assert all(hasattr(part, "text") for part in parts)  # formulas
    np.testing.assert_allclose(sum(p.cached for p in parts), table.rows[0][3].cached)
    assert [row[-2].cached for row in table.rows] == list(range(1, len(table.rows) + 1))


def test_methods_sheet_opens_with_each_methods_winner_per_pair(study):
    """The overview's winners are the rank-1 options of the detail tables below it, and
    its agreement count matches them."""
    settings = RunSettings(
        study.scenarios[:2], study.profiles[:3], sensitivity=None, portfolio=None
    )
    results = compute_run(study, settings)
    sheet = build_report(results).sheet("Methods")
    overview, details = sheet.tables[0], sheet.tables[1:]
    assert overview.title.startswith("Overview") and len(overview.rows) == len(details) == 6
    methods_count = len(results.comparison.methods)
    for row, pair in zip(overview.rows, settings.pairs, strict=True):
        ranks = results.comparison.ranks[pair]
        winners = [study.option(ranks[n].idxmin()).label for n in results.comparison.methods]
        assert row[2 : 2 + methods_count] == winners
        assert (
            row[2 + methods_count] == f"{sum(w == winners[0] for w in winners)} of {methods_count}"
        )
