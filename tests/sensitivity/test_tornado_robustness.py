"""Tornado swings and cross-scenario robustness against direct evaluations."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import write_study

import engine
from engine.sensitivity import robustness, tornado
from engine.sensitivity.lines import weight_line


@pytest.fixture(scope="module")
def shipped():
    from conftest import REPO

    return engine.load_study(REPO)


def test_weight_factors_match_evaluating_the_moved_weights(shipped):
    result = tornado(shipped, "s0_status_quo", "exfata_residents", delta=0.1)
    values = shipped.values("s0_status_quo").to_numpy()
    row = result.scores[(result.scores["factor"] == "legitimacy")].set_index("option")
    line = weight_line(shipped, "exfata_residents", "legitimacy")
    np.testing.assert_allclose(
        row.loc[shipped.options, "score_low"], values @ line.weights(line.current - 0.1)
    )
    np.testing.assert_allclose(
        row.loc[shipped.options, "score_high"], values @ line.weights(line.current + 0.1)
    )
    assert row["setting_high"].iloc[0] == pytest.approx(line.current + 0.1)


def test_performance_factor_matches_a_study_with_the_cell_moved(tmp_path, mini_files):
    cell = mini_files["scenarios/base.yaml"]["performance"]["opt_b"]["crit_x"]
    cell.update(low=2, high=7)
    study = engine.load_study(write_study(tmp_path / "a", mini_files))
    result = tornado(study, "base", "skewed")
    row = result.scores[
        (result.scores["factor"] == "opt_b / crit_x") & (result.scores["option"] == "opt_b")
    ]
    cell["value"] = 7
    moved = engine.load_study(write_study(tmp_path / "b", mini_files))
    expected = engine.evaluate(moved, scenario="base", profile="skewed")["score"]["opt_b"]
    assert row["score_high"].iloc[0] == pytest.approx(expected)


def test_margin_is_winner_minus_best_other_and_sorted_by_swing(shipped):
    result = tornado(shipped, "s4_ttp_escalation", "federal_security_establishment")
    base = engine.evaluate(
        shipped, scenario="s4_ttp_escalation", profile="federal_security_establishment"
    )
    ordered = base["score"].sort_values(ascending=False)
    assert result.winner == ordered.index[0]
    assert result.base_margin == pytest.approx(ordered.iloc[0] - ordered.iloc[1])
    swings = result.margin["swing"].to_numpy()
    assert (np.diff(swings) <= 1e-12).all()


def test_robustness_ranks_and_regret_agree_with_evaluate(shipped):
    result = robustness(shipped, method="additive", top=3)
    for scenario in shipped.scenarios:
        for profile in ("equal_weights", "exfata_residents"):
            table = engine.evaluate(shipped, scenario=scenario, profile=profile)
            assert result.ranks[(scenario, profile)].tolist() == table["rank"].tolist()
            np.testing.assert_allclose(
                result.regret[(scenario, profile)], table["score"].max() - table["score"]
            )
    assert (result.regret.to_numpy() >= 0).all()
    summary = result.summary
    assert summary["max_regret"].is_monotonic_increasing
    assert summary.loc[summary.index[0], "minimax_regret_rank"] == 1
    assert summary["share_top_3"].between(0, 1).all()


def test_profile_effect_names_each_profiles_winner(shipped):
    result = robustness(shipped)
    winners = result.winners.set_index(["scenario", "profile"])["winner"]
    for _, row in result.profile_effect.iterrows():
        names = {row[p] for p in shipped.profiles}
        assert row["profiles_disagree"] == (len(names) > 1)
        for profile in shipped.profiles:
            assert winners[(row["scenario"], profile)] in row[profile]
        in_order = [row[p] for p in shipped.profiles]
        majority = max(in_order, key=in_order.count)  # ties: first profile's winner
        assert row["dissenting_profiles"] == [p for p in shipped.profiles if row[p] != majority]


def test_best_across_profiles_has_the_smallest_worst_regret(shipped):
    result = robustness(shipped)
    for _, row in result.profile_effect.iterrows():
        regret = result.regret[[(row["scenario"], p) for p in shipped.profiles]].max(axis=1)
        best = row["best_across_profiles"].split(", ")
        assert regret[best].max() == pytest.approx(regret.min())
        assert all(regret[o] > regret.min() + 1e-9 for o in regret.index if o not in best)


def test_regret_is_oriented_for_lower_is_better_methods(shipped):
    result = robustness(shipped, method="vikor")
    for pair in result.regret.columns:
        winner = result.ranks.index[result.ranks[pair] == 1][0]
        assert result.regret.loc[winner, pair] == pytest.approx(0.0)
