"""The recommended package's levels against the scales, and the package-saturated warning."""

import numpy as np
import pytest
from conftest import REPO

import engine
from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import PortfolioSettings, analyse_portfolio, saturation_warnings


@pytest.fixture(scope="module")
def analysis():
    study = engine.load_study(REPO)
    scenarios = study.scenarios[:2]
    return study, analyse_portfolio(
        study, scenarios, study.profiles[:2], PortfolioSettings(samples=4)
    )


def test_levels_are_the_baseline_plus_the_changes_held_to_the_scale(analysis):
    study, found = analysis
    chosen = found.recommended()
    ids = sp.measure_ids(study)
    for scenario, table in found.levels.items():
        performance = study.performance(scenario)
        base = performance.loc[study.portfolio.baseline]
        for criterion, row in table.iterrows():
            held = {o for o, x in zip(ids, chosen, strict=True) if x}
            reached = base[criterion] + sum(
                performance.loc[o, criterion] - base[criterion] for o in held
            )
            for i in study.portfolio.interactions:  # overlaps, when all their measures are held
                if i.criterion == criterion and set(i.options) <= held:
                    reached += i.change * np.prod([study.option(o).likelihood for o in i.options])
            scale = study.criterion(criterion).scale
            assert row["reached"] == pytest.approx(reached)
            assert row["level"] == pytest.approx(min(max(reached, scale.min), scale.max))
            assert row["saturated"] == (not scale.min <= reached <= scale.max)
            assert scale.min <= row["level"] <= scale.max  # no reported level off its scale


def test_one_located_warning_names_each_saturated_criterion(analysis):
    study, found = analysis
    warnings = saturation_warnings(study, found)
    saturated = found.saturated()
    assert saturated  # the shipped study's package does reach scale ends
    assert [w.code for w in warnings] == ["package-saturated"]
    for criterion, scenarios in saturated.items():
        reached = found.levels[scenarios[0]].loc[criterion, "reached"]
        assert f"{criterion} {reached:.3g} (held at" in warnings[0].found
    assert "portfolio.yaml" in str(warnings[0].location)
    assert "declare interactions" in warnings[0].hint


def test_a_package_within_every_scale_is_not_saturated():
    from engine.portfolio.outcomes import make_outcomes

    found = make_outcomes([5.0, 5.0], [[1, 0.5], [0.5, 1]], [0.5, 0.5], [([0, 10], [0, 100])] * 2)
    both = np.array([True, True])
    assert not found.saturated(both).any()
    assert found.levels(both)[0].tolist() == [6.5, 6.5]
    over = make_outcomes([9.0], [[1.5], [1.0]], [1.0], [([0, 10], [0, 100])])
    assert over.saturated(both).tolist() == [True]
    assert over.clipped(over.levels(both)).tolist() == [[10.0]]
