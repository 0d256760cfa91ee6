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
    assert (result["winner"] == "opt_a").all()  # only children too: the pair's winner
    free = result[~result["note"].str.startswith("only child")]
    assert len(free) >= 3 and free["note"].str.startswith("never switches").all()


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


# ---- ties: exact and near ties against a brute-force sweep --------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine import methods  # noqa: E402

ADDITIVE = methods.get("additive")
DENSE = np.linspace(0.0, 1.0, 2001)
STEP = 1e-7


def test_a_tie_at_the_current_weight_is_a_switch_there():
    """The reproduction of issue 12: A = (10, 0), B = (0, 10), swing points 1 and 1.

    At the current weight 0.5 both options tie; below it B leads, above it A leads.
    """
    from conftest import table_study

    study = table_study([[10, 0], [0, 10]])
    table = switch_points(study, "s", "p").set_index("node")
    c0 = table.loc["c0"]
    assert c0["winner"] == "o0"
    assert (c0["lower_switch"], c0["lower_winner"]) == (0.5, "o1")
    assert c0["upper_switch"] is None or np.isnan(c0["upper_switch"])
    assert (c0["ranking_stable_from"], c0["ranking_stable_to"]) == (0.5, 0.5)
    assert "tied" in c0["note"]
    sweep = weight_sweep(study, "s", "p", nodes=["c0"], steps=5)
    assert sweep[sweep.option == "o0"]["rank"].tolist() == [2, 2, 1, 1, 1]


def _winner(scores: np.ndarray) -> int:
    """First option in study order among those ranked first (the report's winner)."""
    return int(np.flatnonzero(ADDITIVE.rank(scores) == 1)[0])


def _check_node(study, row) -> None:
    line = weight_line(study, "p", row["node"])
    values = study.values("s").to_numpy()
    score = lambda w: line.weights(w) @ values.T  # noqa: E731
    options = study.options
    w0 = row["current_weight"]
    winner = options.index(row["winner"])
    assert _winner(score(w0)) == winner
    lower = 0.0 if row["lower_switch"] is None else row["lower_switch"]
    upper = 1.0 if row["upper_switch"] is None else row["upper_switch"]
    inside = DENSE[(lower + STEP < DENSE) & (upper - STEP > DENSE)]
    for w in inside:  # no change of winner between the switches
        assert _winner(score(w)) == winner, (row["node"], w)
    if row["upper_switch"] is not None:
        assert _winner(score(upper + STEP)) == options.index(row["upper_winner"])
    if row["lower_switch"] is not None:
        assert _winner(score(lower - STEP)) == options.index(row["lower_winner"])
    low, high = row["ranking_stable_from"], row["ranking_stable_to"]
    if low == high == w0:  # a swap exactly at w0: the ranking differs on some side
        here = ADDITIVE.rank(score(w0))
        sides = [w for w in (w0 - STEP, w0 + STEP) if 0 <= w <= 1]
        assert any((ADDITIVE.rank(score(w)) != here).any() for w in sides)
        return
    reference = ADDITIVE.rank(score((low + high) / 2))
    for w in DENSE[(low + STEP < DENSE) & (high - STEP > DENSE)]:
        assert (ADDITIVE.rank(score(w)) == reference).all(), (row["node"], w)
    if high < 1 - STEP:
        assert (ADDITIVE.rank(score(high + STEP)) != reference).any()
    if low > STEP:
        assert (ADDITIVE.rank(score(low - STEP)) != reference).any()


@settings(max_examples=60, deadline=None)
@given(
    table=st.integers(2, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=m, max_size=m
        )
    ),
    points=st.lists(st.integers(1, 3), min_size=3, max_size=3),
    split=st.booleans(),
)
def test_switch_points_with_exact_ties_match_a_brute_force_sweep(table, points, split):
    """Small integer tables tie often (equal rows, crossings at the current weight)."""
    from conftest import table_study

    objectives = ["g1", "g1", "g2"] if split else None
    study = table_study(np.array(table) * 2.5, points, objectives)
    rows = switch_points(study, "s", "p")
    for _, row in rows.iterrows():
        if row["node"] in sweepable_nodes(study):
            _check_node(study, row.where(row.notna(), None))


@settings(max_examples=40, deadline=None)
@given(
    base=st.lists(st.integers(1, 9), min_size=2, max_size=2),
    nudge=st.sampled_from([0.0, 1e-6, -1e-6, 1e-4]),
)
def test_switch_points_with_near_ties_match_a_brute_force_sweep(base, nudge):
    """Two mirrored options and a third nudged off the tie by a hair (or not at all)."""
    from conftest import table_study

    a, b = base
    study = table_study([[a, b], [b, a], [(a + b) / 2 + nudge, (a + b) / 2]])
    for _, row in switch_points(study, "s", "p").iterrows():
        if row["node"] in sweepable_nodes(study):
            _check_node(study, row.where(row.notna(), None))
