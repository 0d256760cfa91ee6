"""Robustness across scenarios and profiles: ranks, regret and who changes the winner."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.sensitivity import robustness


@pytest.fixture(scope="module")
def shipped():
    from conftest import REPO

    return engine.load_study(REPO)


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
