"""Tornado: one factor at a time, checked against evaluating the moved inputs."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import write_study

import engine
from engine.sensitivity import tornado
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


def test_a_performance_factor_lists_only_the_option_it_moves(shipped):
    """Rows of options whose score did not move are not listed (no floating-point noise)."""
    result = tornado(shipped, "s0_status_quo", "exfata_residents")
    cells = result.scores[result.scores["kind"] == "performance"]
    assert len(cells) > 0
    for factor, group in cells.groupby("factor"):
        assert set(group["option"]) == {factor.split(" / ")[0]}, factor
    weights = result.scores[result.scores["kind"] == "weight"]
    assert len(weights) == len(shipped.options) * weights["factor"].nunique()


@pytest.mark.parametrize("delta", [0.0, -0.1, 1.5, float("nan"), float("inf")])
def test_a_delta_outside_0_to_1_is_an_input_error(shipped, delta):
    with pytest.raises(engine.InputError) as caught:
        tornado(shipped, "s0_status_quo", "exfata_residents", delta=delta)
    assert [i.code for i in caught.value.issues] == ["delta-invalid"]


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(
    base=st.lists(st.integers(0, 5), min_size=1, max_size=6),
    moves=st.lists(st.tuples(st.integers(0, 5), st.integers(-6, 6)), min_size=1, max_size=8),
)
def test_one_option_margins_equal_the_full_recomputation(base, moves):
    """The O(factors) margin of a one-option move equals recomputing every score (ties
    included: small integers tie often)."""
    from engine.sensitivity.tornado import _margins, _moved_margins

    scores = np.array(base, dtype=float)
    winner = int(np.argmax(scores))
    moved = np.array([i % len(base) for i, _ in moves])
    new = scores[moved] + np.array([d for _, d in moves], dtype=float)
    full = np.tile(scores, (len(moves), 1))
    full[np.arange(len(moves)), moved] = new
    np.testing.assert_array_equal(
        _moved_margins(scores, winner, moved, new), _margins(full, winner)
    )
