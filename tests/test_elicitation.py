"""Weight elicitation: rank schemes, AHP and objective weights."""

import numpy as np
import pytest
from hypothesis import assume, given
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


_tables = st.integers(3, 7).flatmap(
    lambda m: st.integers(2, 5).flatmap(
        lambda n: st.lists(
            st.lists(st.floats(0.5, 100, allow_nan=False), min_size=n, max_size=n),
            min_size=m,
            max_size=m,
        )
    )
)


@given(_tables, st.randoms(use_true_random=False), st.floats(0.1, 50))
def test_objective_weights_follow_options_criteria_and_units(rows, rnd, factor):
    """Invariants: a weight vector on the simplex; reordering options changes nothing;
    reordering criteria reorders the weights; re-expressing a column in other units (entropy:
    times a factor; CRITIC: any increasing affine map) leaves the weights unchanged. Spreads
    at the rounding level (relative 1e-9) count as constant, so those are kept out."""
    table = np.array(rows)
    spread = np.ptp(table, axis=0)
    assume(np.all((spread == 0) | (spread > 1e-6)))  # clear of the 1e-9 rounding guard
    n = table.shape[1]
    benefit = np.array([j % 2 == 0 for j in range(n)])
    options = list(range(table.shape[0]))
    criteria = list(range(n))
    rnd.shuffle(options)
    rnd.shuffle(criteria)
    rescaled = table.copy()
    rescaled[:, 0] = rescaled[:, 0] * factor
    shifted = rescaled.copy()
    shifted[:, 0] = shifted[:, 0] + 7.0
    for weights, reordered, units in (
        (
            entropy_weights(table),
            entropy_weights(table[options][:, criteria]),
            entropy_weights(rescaled),
        ),
        (
            critic_weights(table, benefit),
            critic_weights(table[options][:, criteria], benefit[criteria]),
            critic_weights(shifted, benefit),
        ),
    ):
        assert weights.min() >= 0 and weights.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(reordered, weights[criteria], atol=1e-9)
        np.testing.assert_allclose(units, weights, atol=1e-9)


# Published worked examples. Where the values were transcribed from the test suite of
# pyrepo-mcda (Baczkiewicz & Watrobski), which cites the papers, the docstring says so: the
# printed tables could not be checked offline, so their numbers are not cited.


def test_ahp_reproduces_saaty_drink_consumption_estimate():
    """Saaty (2008), Decision making with the analytic hierarchy process, Int. J. Services
    Sciences 1(1), 83-98, Table 2 ("Which drink is consumed more in the U.S.?"): the
    eigenvector of the 7 x 7 judgment matrix is 0.177, 0.019, 0.042, 0.116, 0.190, 0.129,
    0.327 (coffee, wine, tea, beer, sodas, milk, water). Tolerance 5e-4."""
    upper = {
        (0, 1): 9, (0, 2): 5, (0, 3): 2, (0, 4): 1, (0, 5): 1, (0, 6): 1 / 2,
        (1, 2): 1 / 3, (1, 3): 1 / 9, (1, 4): 1 / 9, (1, 5): 1 / 9, (1, 6): 1 / 9,
        (2, 3): 1 / 3, (2, 4): 1 / 4, (2, 5): 1 / 3, (2, 6): 1 / 9,
        (3, 4): 1 / 2, (3, 5): 1, (3, 6): 1 / 3,
        (4, 5): 2, (4, 6): 1 / 2,
        (5, 6): 1 / 3,
    }  # fmt: skip
    matrix = np.ones((7, 7))
    for (i, j), value in upper.items():
        matrix[i, j], matrix[j, i] = value, 1 / value
    result = ahp(matrix)
    expected = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    np.testing.assert_allclose(result.weights, expected, atol=5e-4)
    assert result.consistent


def test_ahp_reproduces_papathanasiou_and_ploskas_chapter_5_synthesis():
    """Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid, Springer, ch. 5 "AHP",
    pp. 109-129: four criteria compared pairwise, six alternatives compared pairwise on each;
    eigenvector priorities synthesised additively give 0.117, 0.071, 0.095, 0.212, 0.350,
    0.155 (transcribed from pyrepo-mcda's tests). Tolerance 5e-4."""
    criteria = np.array(
        [[1, 1, 5, 3], [1, 1, 5, 3], [1 / 5, 1 / 5, 1, 1 / 3], [1 / 3, 1 / 3, 3, 1]]
    )
    on_criterion = [
        [[1, 5, 1, 1, 1/3, 3], [1/5, 1, 1/3, 1/5, 1/7, 1], [1, 3, 1, 1/3, 1/5, 1],
         [1, 5, 3, 1, 1/3, 3], [3, 7, 5, 3, 1, 7], [1/3, 1, 1, 1/3, 1/7, 1]],
        [[1, 7, 3, 1/3, 1/3, 1/3], [1/7, 1, 1/3, 1/7, 1/9, 1/7], [1/3, 3, 1, 1/5, 1/5, 1/5],
         [3, 7, 5, 1, 1, 1], [3, 9, 5, 1, 1, 1], [3, 7, 5, 1, 1, 1]],
        [[1, 1/9, 1/7, 1/9, 1, 1/5], [9, 1, 1, 1, 5, 3], [7, 1, 1, 1, 5, 1],
         [9, 1, 1, 1, 7, 3], [1, 1/5, 1/5, 1/7, 1, 1/3], [5, 1/3, 1, 1/3, 3, 1]],
        [[1, 1/5, 1/5, 1/3, 1/7, 1/5], [5, 1, 1, 3, 1/3, 1], [5, 1, 1, 1, 1/3, 1],
         [3, 1/3, 1, 1, 1/7, 1], [7, 3, 3, 7, 1, 5], [5, 1, 1, 1, 1/5, 1]],
    ]  # fmt: skip
    local = np.column_stack([ahp(np.array(m)).weights for m in on_criterion])
    overall = local @ ahp(criteria).weights
    np.testing.assert_allclose(overall, [0.117, 0.071, 0.095, 0.212, 0.350, 0.155], atol=5e-4)


@pytest.mark.parametrize(
    ("table", "expected", "tolerance"),
    [
        pytest.param(
            [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]],
            [0.4630, 0.3992, 0.1378, 0.0000],
            5e-5,
            id="xu-2004",
        ),
        pytest.param(
            [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]],
            [0.1146, 0.1981, 0.4185, 0.2689],
            5e-5,
            id="zavadskas-podvezko-2016",
        ),
        pytest.param(
            [
                [256, 8, 41, 1.6, 1.77, 7347.16],
                [256, 8, 32, 1.0, 1.8, 6919.99],
                [256, 8, 53, 1.6, 1.9, 8400],
                [256, 8, 41, 1.0, 1.75, 6808.9],
                [512, 8, 35, 1.6, 1.7, 8479.99],
                [256, 4, 35, 1.6, 1.7, 7499.99],
            ],
            [0.405, 0.221, 0.134, 0.199, 0.007, 0.034],
            5e-4,
            id="ersoy-2021",
        ),
    ],
)
def test_entropy_reproduces_published_examples(table, expected, tolerance):
    """Shannon-entropy weights of three published tables (values transcribed from pyrepo-mcda's
    tests; tolerance = the published rounding):

    - Xu (2004), A note on the subjective and objective integrated approach to determine
      attribute weights, EJOR 156(2), 530-532 (the fourth attribute hardly varies: weight 0);
    - Zavadskas & Podvezko (2016), Integrated determination of objective criteria weights in
      MCDM, IJITDM 15(2), 267-283 (entropy does not depend on criterion direction);
    - Ersoy (2021), Equipment selection for an e-commerce company using entropy-based TOPSIS,
      EDAS and CODAS methods during the COVID-19, LogForum 17(3).
    """
    np.testing.assert_allclose(entropy_weights(np.array(table)), expected, atol=tolerance)


def test_critic_reproduces_tus_and_aytac_adali_2019():
    """Tus & Aytac Adali (2019), The new combination with CRITIC and WASPAS methods for the
    time and attendance software selection problem, Opsearch 56(2), 528-538: five packages on
    price and five scored criteria; CRITIC weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151
    (transcribed from pyrepo-mcda's tests; tolerance 5e-4).

    The published weights come from normalising every column upwards, price included; that is
    ``benefit`` all True here. Orienting price as a cost (Diakoulaki et al. 1995) flips the
    sign of its correlations and so changes the conflict term: the weights differ.
    """
    table = np.array(
        [
            [5000, 3, 3, 4, 3, 2],
            [680, 5, 3, 2, 2, 1],
            [2000, 3, 2, 3, 4, 3],
            [600, 4, 3, 1, 2, 2],
            [800, 2, 4, 3, 3, 4],
        ],
        dtype=float,
    )
    published = [0.157, 0.249, 0.168, 0.121, 0.154, 0.151]
    np.testing.assert_allclose(critic_weights(table, np.ones(6, dtype=bool)), published, atol=5e-4)
    price_as_cost = critic_weights(table, np.array([0, 1, 1, 1, 1, 1], dtype=bool))
    assert np.abs(price_as_cost - published).max() > 0.02
