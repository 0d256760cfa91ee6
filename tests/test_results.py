"""The run's results bundle: each analysis computed once, equal to the library's own calls."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import engine
from engine import results as results_module
from engine import scoring
from engine.report import build_report
from engine.results import RunSettings, SensitivitySettings, compute_run
from engine.sensitivity import robustness, switch_points


@pytest.fixture
def settings(mini_study_path):
    study = engine.load_study(mini_study_path)
    return study, RunSettings(
        study.scenarios, study.profiles, sensitivity=SensitivitySettings(samples=500, seed=4)
    )


def test_each_pair_and_method_is_evaluated_once(settings, monkeypatch):
    study, run = settings
    calls = Counter()
    original = scoring.evaluate_pair

    def counting(study, scenario, profile, method="additive", **params):
        calls[(scenario, profile, method)] += 1
        return original(study, scenario, profile, method, **params)

    monkeypatch.setattr(scoring, "evaluate_pair", counting)
    monkeypatch.setattr(results_module, "evaluate_pair", counting)
    bundle = compute_run(study, run)
    build_report(bundle)  # laying out computes nothing
    assert calls, "the spy saw the evaluations"
    assert max(calls.values()) == 1, [k for k, n in calls.items() if n > 1]
    assert set(calls) == {(s, p, "additive") for s, p in run.pairs}  # other methods: batched


def test_the_bundle_equals_the_library_calls(settings):
    study, run = settings
    bundle = compute_run(study, run)
    for (scenario, profile), result in bundle.pairs.items():
        expected = engine.evaluate(study, scenario, profile)
        assert result.table.equals(expected)
        assert bundle.switch_points[(scenario, profile)].equals(
            switch_points(study, scenario, profile)
        )
    direct = robustness(study, run.scenarios, run.profiles)
    assert bundle.robustness.summary.equals(direct.summary)
    assert len(bundle.comparison.methods) >= 4
    for pair, ranks in bundle.comparison.ranks.items():
        for method in bundle.comparison.methods:
            expected = engine.evaluate(study, *pair, method=method)["rank"]
            np.testing.assert_array_equal(ranks[method], expected, err_msg=f"{pair} {method}")


def test_without_sensitivity_only_the_pairs_and_methods_are_computed(settings):
    study, run = settings
    bundle = compute_run(study, RunSettings(run.scenarios, run.profiles, sensitivity=None))
    assert bundle.robustness is None
    assert not bundle.switch_points and not bundle.tornado and not bundle.smaa
    sheets = [s.name for s in build_report(bundle).sheets]
    assert "Switch points" not in sheets and "Methods" in sheets


def test_vikor_runs_carry_their_intermediate_tables_into_the_report(settings):
    study, run = settings
    bundle = compute_run(
        study, RunSettings(run.scenarios[:1], run.profiles[:1], "vikor", sensitivity=None)
    )
    result = bundle.pairs[(run.scenarios[0], run.profiles[0])]
    per_option = result.details["per_option"]
    np.testing.assert_allclose(per_option["compromise_Q"], result.table["score"])
    sheet = build_report(bundle).sheet(study.scenario(run.scenarios[0]).label)  # its tab
    headers = [c.header for c in sheet.tables[0].columns]
    assert "S (group utility)" in headers and "C1 acceptable advantage" in headers
