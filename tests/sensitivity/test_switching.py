"""Switch points are exact: checked against brute-force sweeps of every node."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.sensitivity import switch_points, weight_sweep
from engine.sensitivity.lines import sweepable_nodes, weight_line

GRID = np.linspace(0.0, 1.0, 4001)


def winners_along(study, scenario, profile, node):
    values = study.values(scenario).to_numpy()
    scores = weight_line(study, profile, node).weights(GRID) @ values.T
    return scores.argmax(axis=1), scores


@pytest.fixture(scope="module")
def shipped():
    from conftest import REPO

    return engine.load_study(REPO)


def test_line_passes_through_the_profile_weights_and_stays_on_the_simplex(shipped):
    base = shipped.weights("exfata_residents").to_numpy()
    for node in sweepable_nodes(shipped):
        line = weight_line(shipped, "exfata_residents", node)
        np.testing.assert_allclose(line.weights(line.current), base, atol=1e-12)
        path = line.weights(GRID)
        np.testing.assert_allclose(path.sum(axis=1), 1.0)
        assert (path >= -1e-12).all()


@pytest.mark.parametrize(
    "profile", ["equal_weights", "exfata_residents", "federal_security_establishment"]
)
@pytest.mark.parametrize("scenario", ["s0_status_quo", "s4_ttp_escalation"])
def test_switch_points_match_brute_force_sweeps(shipped, scenario, profile):
    table = switch_points(shipped, scenario, profile).set_index("node")
    step = GRID[1] - GRID[0]
    for node in sweepable_nodes(shipped):
        row = table.loc[node]
        best, scores = winners_along(shipped, scenario, profile, node)
        w0 = row["current_weight"]
        here = int(np.searchsorted(GRID, w0))
        winner = shipped.options.index(row["winner"])
        changes_up = [
            g
            for g in range(here, len(GRID))
            if best[g] != winner and scores[g, best[g]] > scores[g, winner] + 1e-9
        ]
        changes_down = [
            g
            for g in range(0, here)
            if best[g] != winner and scores[g, best[g]] > scores[g, winner] + 1e-9
        ]
        if changes_up:
            assert row["upper_switch"] == pytest.approx(GRID[changes_up[0]], abs=2 * step)
            assert row["upper_winner"] == shipped.options[best[changes_up[0]]] or np.isclose(
                row["upper_switch"], GRID[changes_up[0]], atol=2 * step
            )
        else:
            assert row["upper_switch"] is None or np.isnan(row["upper_switch"])
        if changes_down:
            assert row["lower_switch"] == pytest.approx(GRID[changes_down[-1]], abs=2 * step)
        else:
            assert row["lower_switch"] is None or np.isnan(row["lower_switch"])
        if not changes_up and not changes_down:
            assert row["note"].startswith("never switches")


def test_ranking_is_unchanged_inside_the_stable_interval(shipped):
    table = switch_points(shipped, "s0_status_quo", "exfata_residents").set_index("node")
    values = shipped.values("s0_status_quo").to_numpy()
    for node in sweepable_nodes(shipped):
        low, high = table.loc[node, ["ranking_stable_from", "ranking_stable_to"]]
        line = weight_line(shipped, "exfata_residents", node)
        inside = np.linspace(low, high, 50)[1:-1]
        orders = {tuple(np.argsort(-(values @ w), kind="stable")) for w in line.weights(inside)}
        assert len(orders) == 1


def test_only_children_are_reported_as_such(mini_study_path):
    study = engine.load_study(mini_study_path)
    table = switch_points(study, "base", "skewed").set_index("node")
    assert table.loc["crit_z", "note"].startswith("only child")
    assert len(table) == len(study.tree.nodes)


def test_a_dominant_option_never_switches(mini_files, tmp_path):
    from conftest import write_study

    table = mini_files["scenarios/base.yaml"]["performance"]
    table["opt_a"] = {
        c: {"value": v, "rationale": "r", "evidence": ["src"]}
        for c, v in {"crit_x": 10, "crit_y": 0, "crit_z": 10}.items()
    }
    study = engine.load_study(write_study(tmp_path, mini_files))
    result = switch_points(study, "base", "equal")
    assert (result.dropna(subset=["winner"])["winner"] == "opt_a").all()
    assert result.dropna(subset=["winner"])["note"].str.startswith("never switches").all()


def test_sweep_at_the_current_weight_reproduces_evaluate(shipped):
    sweep = weight_sweep(
        shipped, "s1_aig_cooperation", "kp_provincial_political", nodes=["security"], steps=11
    )
    line = weight_line(shipped, "kp_provincial_political", "security")
    values = shipped.values("s1_aig_cooperation").to_numpy()
    at_half = sweep[sweep["weight"] == 0.5].set_index("option")["score"]
    np.testing.assert_allclose(at_half.loc[shipped.options], values @ line.weights(0.5))
    assert set(sweep.columns) == {"node", "weight", "option", "score", "rank"}


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee_ii"])
def test_sweeps_work_for_every_method(shipped, method):
    sweep = weight_sweep(
        shipped, "s0_status_quo", "equal_weights", method=method, nodes=["economy"], steps=5
    )
    assert len(sweep) == 5 * len(shipped.options)
    assert np.isfinite(sweep["score"]).all()
