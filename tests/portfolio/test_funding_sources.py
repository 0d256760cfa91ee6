"""Funding sources (issue 24, item 1): one cost criterion split over resources, each naming
the measures it pays for, so a pledged envelope is not spent on measures outside it."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from conftest import REPO

import engine
from engine.errors import InputError
from engine.portfolio import study_problems as sp

DEVELOPMENT = "development"


def _portfolio(root):
    return root / "scenarios" / "portfolio.yaml"


def _rewrite(root, change) -> None:
    path = _portfolio(root)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_the_shipped_study_pays_for_development_from_the_pledge_and_the_rest_from_the_budget():
    """Every measure's cost on the fiscal criterion, read from its judged cell, lands in
    exactly one of the two envelopes: the pledge for the development category, the budget
    for every other measure; in every scenario (the squeeze raises some costs)."""
    study = engine.load_study(REPO)
    ids = sp.measure_ids(study)
    category = {o.id: o.category for o in study.option_records}
    k = {r.id: n for n, r in enumerate(study.portfolio.resources)}
    for scenario in study.scenarios:
        cells = {o: study.cells(scenario)[(o, "cfe_fiscal_cost")][0].value for o in ids}
        value, _, _ = sp.costs(study, scenario)
        for i, option in enumerate(ids):
            pledge = category[option] == DEVELOPMENT
            assert value[i, k["pledge"]] == (cells[option] if pledge else 0)
            assert value[i, k["fiscal"]] == (0 if pledge else cells[option])
    assert any(category[o] == DEVELOPMENT for o in ids)


def test_an_empty_pledge_gives_the_budget_optimum_without_development(shipped_study_path):
    """With the pledge at zero, the best package is the one the single budget buys when every
    development measure is excluded by a constraint: an independent formulation of the same
    question, so the two optima must agree to the solver's tolerance."""
    study = engine.load_study(shipped_study_path)
    development = [o.id for o in study.option_records if o.category == DEVELOPMENT]
    scenario, profile = study.scenarios[0], study.profiles[0]
    split = sp.optimise(study, scenario, profile, budgets={"pledge": 0})
    assert not set(split.selected) & set(development)

    def single(data):
        data["resources"] = [r for r in data["resources"] if r["id"] != "pledge"]
        data["constraints"].append({"id": "no_dev", "kind": "exclude", "options": development})

    _rewrite(shipped_study_path, single)
    alone = sp.optimise(engine.load_study(shipped_study_path), scenario, profile)
    assert split.value == pytest.approx(alone.value, abs=1e-7)
    assert sorted(split.selected) == sorted(alone.selected)


def test_each_limit_holds_for_the_measures_it_pays_for():
    study = engine.load_study(REPO)
    for scenario in study.scenarios:
        result = sp.optimise(study, scenario, study.profiles[1])
        for resource in ("fiscal", "pledge"):
            assert result.cost[resource] <= result.limits[resource] + 1e-9
        value, _, _ = sp.costs(study, scenario)
        ids = sp.measure_ids(study)
        chosen = np.array([o in result.selected for o in ids])
        total = value[chosen].sum(axis=0)
        k = [r.id for r in study.portfolio.resources].index("pledge")
        assert total[k] == pytest.approx(result.cost["pledge"])


def test_funding_sources_that_would_be_misread_are_refused_in_one_pass(shipped_study_path):
    """A resource naming what it funds without a criterion, an unknown option and an unknown
    category, and two resources paying for one measure on one criterion: each located."""

    def broken(data):
        data["resources"] += [
            {"id": "loose", "name": "Loose", "funds": ["intel_based_ops"], "limit": 1},
            {
                "id": "twice",
                "name": "Twice",
                "criterion": "cfe_fiscal_cost",
                "funds": ["nowhere", "youth_education_jobs"],
                "limit": 9,
            },
            {
                "id": "odd",
                "name": "Odd",
                "criterion": "cfe_fiscal_cost",
                "funds_category": "no_such_category",
            },
        ]

    _rewrite(shipped_study_path, broken)
    with pytest.raises(InputError) as caught:
        engine.load_study(shipped_study_path)
    found = {(i.code, i.location.path) for i in caught.value.issues}
    text = "\n".join(str(i) for i in caught.value.issues)
    assert any(c == "resource-funds-invalid" and "funds" in k for c, k in found), text
    assert "'loose' names what it funds but has no criterion" in text
    assert "unknown option 'nowhere'" in text
    assert "unknown category 'no_such_category'" in text
    assert "'youth_education_jobs' paid for by resources 'pledge' and 'twice'" in text
    assert all(i.location.line for i in caught.value.issues), text


def test_two_resources_on_one_criterion_that_name_nothing_are_refused(shipped_study_path):
    def doubled(data):
        for r in data["resources"]:
            r.pop("funds_category", None)

    _rewrite(shipped_study_path, doubled)
    with pytest.raises(InputError) as caught:
        engine.load_study(shipped_study_path)
    assert [i.code for i in caught.value.issues] == ["resource-funds-invalid"]
    assert "paid for by resources 'fiscal' and 'pledge'" in caught.value.issues[0].found
