"""The shipped study's second edition scores every option as business as usual plus one
measure (issue 17). These tests pin that design on the study's own files: the baseline sits
at its anchors, a measure with no effect scores the baseline's level in every scenario,
scenarios move every option with the baseline, the conditional trade agreement is triggered
only where Kabul acts, the fiscal squeeze shows in costs, nothing scores a lasting effect
without an effect, and equal weights are equal per criterion."""

from __future__ import annotations

import re

import numpy as np
import pytest
import yaml
from conftest import REPO

import engine
from engine.model import resolve_cells
from engine.portfolio.study_problems import limits

BASE = "s0_status_quo"
BAU = "business_as_usual"
MARK = "business as usual's level"
EFFECTS = ("security", "legitimacy", "governance", "economy")


@pytest.fixture(scope="module")
def study():
    return engine.load_study(REPO)


@pytest.fixture(scope="module")
def cells(study):
    """Scenario -> (option, criterion) -> resolved cell (inherited or the scenario's own)."""
    by_id = {s.id: s for s in study.scenario_records}
    return {s: {k: v[0] for k, v in resolve_cells(by_id, s).items()} for s in study.scenarios}


def _anchor_of_the_baseline(criterion) -> float:
    points = [p for p, text in criterion.scale.anchors.items() if "business as usual" in text]
    assert len(points) == 1, (criterion.id, criterion.scale.anchors)
    return points[0]


def test_business_as_usual_sits_at_its_own_anchors(study, cells):
    for criterion in study.tree.criteria:
        value = cells[BASE][(BAU, criterion.id)].value
        if criterion.scale.kind == "constructed":
            assert value == _anchor_of_the_baseline(criterion), criterion.id
    sources = {s.id: s for s in study.source_records}
    police = cells[BASE][(BAU, "leg_police_dissatisfaction")]
    assert police.value == sources["fig_police_dissatisfied"].figure
    assert cells[BASE][(BAU, "cfe_fiscal_cost")].value == 0


def test_the_baseline_narrative_says_what_business_as_usual_contains(study):
    narrative = study.scenario(BASE).narrative.lower()
    for measure in ("intelligence-based operations", "border regime", "deportation", "closures"):
        assert measure in narrative
    assert "dialogue with kabul" in narrative


def test_a_measure_with_no_effect_scores_the_baseline_level_in_every_scenario(study, cells):
    checked = 0
    for scenario, table in cells.items():
        for (option, criterion), cell in table.items():
            if option != BAU and MARK in cell.rationale:
                assert cell.value == table[(BAU, criterion)].value, (scenario, option, criterion)
                checked += 1
    assert checked > 300  # most cells of a 30 x 18 table are "no effect"


def test_every_option_moves_with_the_baseline_where_a_scenario_moves_it(study, cells):
    """A scenario that changes business as usual's level changes every option's level (each
    is business as usual plus a measure): no option inherits the status quo's cell there,
    unless it sits at the end of the scale either way."""
    by_id = {s.id: s for s in study.scenario_records}
    moved = 0
    for record in study.scenario_records:
        if record.base is None:
            continue
        own = record.performance
        for criterion in study.criteria:
            if cells[record.id][(BAU, criterion)].value == cells[BASE][(BAU, criterion)].value:
                continue
            scale = study.tree.node(criterion).scale
            for option in study.options:
                value = cells[record.id][(option, criterion)].value
                if criterion in own.get(option, {}):
                    moved += 1
                    continue
                assert value in (scale.min, scale.max), (record.id, option, criterion)
    assert moved > 100
    assert by_id["s4_ttp_escalation"].performance["intel_based_ops"]["sec_violence_reduction"]


def test_violence_cannot_hold_at_the_2024_level_where_the_scenario_escalates(study, cells):
    for scenario in ("s2_afghan_conflict_refugees", "s4_ttp_escalation"):
        levels = [cells[scenario][(o, "sec_violence_reduction")].value for o in study.options]
        base = [cells[BASE][(o, "sec_violence_reduction")].value for o in study.options]
        assert all(a < b or a == 0 for a, b in zip(levels, base, strict=True)), scenario


def _kabul_acts(cells, scenario) -> bool:
    return (
        cells[scenario][(BAU, "sec_sanctuary_denial")].value
        > cells[BASE][(BAU, "sec_sanctuary_denial")].value
    )


def test_the_conditional_trade_agreement_is_triggered_only_where_kabul_acts(study, cells):
    conditional = [o.id for o in study.option_records if o.name.endswith("if Kabul acts")]
    assert set(conditional) == {"trade_normalisation_pta", "trans_afghan_railway_connectivity"}
    acting = [s for s in study.scenarios if _kabul_acts(cells, s)]
    assert acting == ["s1_aig_cooperation"]
    for scenario in study.scenarios:
        for option in conditional:
            row = [cells[scenario][(option, c)] for c in study.criteria]
            triggered = any(re.match(r"(Judgment: )?[Tt]riggered", c.rationale) for c in row)
            assert triggered == (scenario in acting), (scenario, option)
            cost = cells[scenario][(option, "cfe_fiscal_cost")].value
            if scenario not in acting:  # preparation only, never the full cost
                assert cost < cells["s1_aig_cooperation"][(option, "cfe_fiscal_cost")].value


def test_the_fiscal_squeeze_shows_in_costs_and_in_the_budget(study, cells):
    squeeze = "s3_fiscal_aid_squeeze"
    dearer = [
        o
        for o in study.options
        if cells[squeeze][(o, "cfe_fiscal_cost")].value > cells[BASE][(o, "cfe_fiscal_cost")].value
    ]
    cheaper = [
        o
        for o in study.options
        if cells[squeeze][(o, "cfe_fiscal_cost")].value < cells[BASE][(o, "cfe_fiscal_cost")].value
    ]
    assert len(dearer) >= 3 and cheaper == []
    assert limits(study, squeeze)[0] < limits(study, BASE)[0]


def test_no_lasting_effect_without_an_effect(study, cells):
    """Speed is no longer a criterion, and 'lasting effect' cannot reward a measure that
    does nothing: an option scores above business as usual on it only if it improves on
    business as usual on some effect criterion in the same scenario."""
    effect_criteria = [
        c.id for c in study.tree.criteria if c.parent in EFFECTS and c.direction.value == "benefit"
    ]
    assert "tim_months_to_effect" not in study.criteria
    for scenario, table in cells.items():
        for option in study.options:
            if table[(option, "sus_durability")].value <= table[(BAU, "sus_durability")].value:
                continue
            gains = [table[(option, c)].value - table[(BAU, c)].value for c in effect_criteria]
            assert max(gains) > 0, (scenario, option)
    strikes = cells[BASE][("cross_border_strikes", "sus_durability")].value
    assert strikes == cells[BASE][(BAU, "sus_durability")].value


def test_ranges_say_how_sure_we_are_of_the_size_of_each_change(study):
    """Issue 24, item 4: the interview gives no magnitude for any measure's effect, so a
    range brackets the size of a measure's change over business as usual: a cell that
    cites a line (which certifies the direction) spans at least half the change either way;
    a judgment (which certifies neither) at least the whole change either way, down to
    business as usual's level; each at least 5 % of the scale either way, within the scale.
    (The second edition gave sourced effects 1.5 and judged ones 3.0, whatever the size.)"""
    checked = 0
    for record in study.scenario_records:
        resolved = study.cells(record.id)
        for option, row in record.performance.items():
            for criterion, cell in row.items():
                change = cell.value - resolved[(BAU, criterion)][0].value
                if option == BAU or criterion == "cfe_fiscal_cost" or abs(change) < 1e-9:
                    continue
                scale = study.tree.node(criterion).scale
                judged = not cell.evidence or cell.rationale.startswith("Judgment:")
                half = max(abs(change) / (1 if judged else 2), 0.05 * (scale.max - scale.min))
                assert cell.low <= max(scale.min, cell.value - half) + 1e-9, (record.id, option)
                assert cell.high >= min(scale.max, cell.value + half) - 1e-9, (record.id, option)
                checked += 1
    assert checked > 300
    reform = study.cells(BASE)[("security_sector_jurisdiction_reform", "gov_institutional_clarity")]
    assert reform[0].low <= 8.5 - 3.5 / 2  # the headline's deciding cell: +3.5 over 5


def test_the_lenses_are_their_swing_weights_over_the_actual_ranges(study):
    """Issue 24, item 7: each illustrative lens's weights are its swing points over each
    criterion's actual range (worst to best level of any option in any future), recomputed
    here by hand from docs/ttp-swing-weights.yaml: w_j = (s_j / dv_j) / sum_k (s_k / dv_k),
    to the four significant digits the profiles file keeps.
    Run docs/make_ttp_profiles.py after a change that moves a range."""
    swings = yaml.safe_load((REPO / "docs" / "ttp-swing-weights.yaml").read_text("utf-8"))
    values = np.stack([study.values(s).to_numpy() for s in study.scenarios])
    spread = values.max(axis=(0, 1)) - values.min(axis=(0, 1))
    illustrative = {p.id for p in study.profile_records if p.illustrative}
    assert set(swings) == illustrative
    for profile, points in swings.items():
        raw = np.array([points[c] for c in study.criteria]) / spread
        expected = raw / raw.sum()
        assert np.allclose(study.weight_vector(profile), expected, atol=1e-4), profile
    weight = {p: dict(zip(study.criteria, study.weight_vector(p), strict=True)) for p in swings}
    civil = weight["civil_society_development"]
    assert civil["rsk_civilian_harm"] > civil["law_international"]  # a second-edition slip
    assert weight["kp_provincial_political"]["dip_relations"] > 0.04  # was 1.9 %


def test_equal_weights_are_equal_per_criterion(study):
    weights = study.weights("equal_weights").to_numpy()
    assert np.allclose(weights, 1 / len(study.criteria))
    assert "criterion" in study.profile("equal_weights").name.lower()


def test_the_judgments_page_is_generated_from_the_study(study):
    """docs/ttp-judgments.md lists every judgment as a change from business as usual; it
    is regenerated from the study files, so it cannot drift from them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("judgments", REPO / "docs/make_ttp_judgments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (REPO / "docs" / "ttp-judgments.md").read_text(encoding="utf-8")
    assert page == module.markdown(study), "run: python docs/make_ttp_judgments.py"
    assert page.count("\n## ") == len(study.options)  # business as usual and every measure
