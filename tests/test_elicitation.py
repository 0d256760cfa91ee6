"""Weight elicitation: rank schemes, AHP and objective weights."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.elicitation import RANDOM_INDEX, ahp, critic_weights, entropy_weights, rank_weights


def test_rank_order_centroid_matches_barron_and_barrett():
    """Barron & Barrett (1996), Management Science 42(11), Table 1, n = 4:
    ROC weights 0.5208, 0.2708, 0.1458, 0.0625 (tolerance 5e-5)."""
    np.testing.assert_allclose(
        rank_weights([1, 2, 3, 4]), [0.5208, 0.2708, 0.1458, 0.0625], atol=5e-5
    )


def test_rank_sum_and_reciprocal_match_stillwell_seaver_edwards():
    """Stillwell, Seaver & Edwards (1981): rank sum 2(n+1-i)/(n(n+1)) and rank reciprocal
    (1/i)/sum(1/k); for n = 4: (0.4, 0.3, 0.2, 0.1) and (0.48, 0.24, 0.16, 0.12)."""
    np.testing.assert_allclose(rank_weights([1, 2, 3, 4], "rank_sum"), [0.4, 0.3, 0.2, 0.1])
    np.testing.assert_allclose(
        rank_weights([1, 2, 3, 4], "rank_reciprocal"), [0.48, 0.24, 0.16, 0.12]
    )


def test_rank_weights_follow_the_ranking_not_the_list_order_and_share_ties():
    w = rank_weights([3, 1, 2, 2])
    assert w[1] > w[2] == w[3] > w[0]
    assert w.sum() == pytest.approx(1.0)


def test_saaty_random_index():
    """Saaty (1980), The Analytic Hierarchy Process: RI for n = 3..10."""
    assert RANDOM_INDEX[2:10] == (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


@pytest.mark.parametrize("method", ["eigenvector", "geometric"])
def test_consistent_matrix_gives_exact_weights_and_zero_ratio(method):
    w = np.array([0.5, 0.3, 0.2])
    result = ahp(w[:, None] / w[None, :], method)
    np.testing.assert_allclose(result.weights, w)
    assert result.lambda_max == pytest.approx(3.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_inconsistent_matrix_flags_the_judgment_furthest_from_the_priorities():
    """a > b (3), b > c (3) but c > a (3): circular, CR far above 0.10."""
    matrix = np.array([[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]])
    result = ahp(matrix)
    assert result.consistency_ratio > 0.10 and not result.consistent
    np.testing.assert_allclose(result.weights, [1 / 3] * 3)


def test_slightly_perturbed_judgment_is_the_one_flagged():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    matrix = w[:, None] / w[None, :]
    matrix[0, 3], matrix[3, 0] = 9.0, 1 / 9.0  # consistent value would be 4
    result = ahp(matrix)
    assert result.worst == (0, 3)


@given(st.lists(st.floats(0.05, 1), min_size=3, max_size=8))
def test_ahp_on_any_consistent_matrix_recovers_its_weights(raw):
    w = np.array(raw) / sum(raw)
    np.testing.assert_allclose(ahp(w[:, None] / w[None, :]).weights, w, rtol=1e-8)


def test_entropy_gives_no_weight_to_a_constant_criterion():
    table = np.array([[1.0, 5.0, 9.0], [2.0, 5.0, 1.0], [3.0, 5.0, 4.0]])
    w = entropy_weights(table)
    assert w[1] == pytest.approx(0.0) and w.sum() == pytest.approx(1.0)
    assert w[2] > w[0]  # the more dispersed column carries more information


def test_entropy_by_hand():
    """Two options: column (1, 3) has p = (1/4, 3/4), E = -(1/4 ln 1/4 + 3/4 ln 3/4)/ln 2."""
    table = np.array([[1.0, 1.0], [3.0, 2.0]])
    e1 = -(0.25 * np.log(0.25) + 0.75 * np.log(0.75)) / np.log(2)
    e2 = -(1 / 3 * np.log(1 / 3) + 2 / 3 * np.log(2 / 3)) / np.log(2)
    np.testing.assert_allclose(entropy_weights(table), np.array([1 - e1, 1 - e2]) / (2 - e1 - e2))


def test_critic_rewards_contrast_and_conflict():
    # criteria 0 and 1 move together; criterion 2 conflicts with both
    table = np.array([[1.0, 2.0, 9.0], [2.0, 4.0, 5.0], [3.0, 6.0, 1.0], [4.0, 8.0, 3.0]])
    w = critic_weights(table, np.array([True, True, True]))
    assert w.sum() == pytest.approx(1.0)
    assert w[2] > w[0] and w[0] == pytest.approx(w[1])
    assert critic_weights(np.array([[1.0, 5.0], [2.0, 5.0]]), np.array([True, True]))[1] == 0.0
