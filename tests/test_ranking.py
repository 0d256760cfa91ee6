"""The one tie rule: rank = 1 + number of options better by more than the tolerance."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.ranking import TIE_TOLERANCE, rank


def test_ties_share_the_better_rank_and_the_next_rank_is_skipped():
    assert rank(np.array([50.0, 70.0, 50.0, 10.0])).tolist() == [2, 1, 2, 4]


def test_scores_within_the_tolerance_are_tied():
    scores = np.array([60.0, 60.0 + TIE_TOLERANCE / 2, 59.0])
    assert rank(scores).tolist() == [1, 1, 3]


def test_lower_is_better_reverses_the_order():
    assert rank(np.array([0.2, 0.1, 0.9]), higher_is_better=False).tolist() == [2, 1, 3]


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=12), st.integers(1, 5))
def test_batch_ranks_equal_row_by_row_ranks(scores, copies):
    batch = np.tile(np.array(scores), (copies, 1)) + np.arange(copies)[:, None]
    expected = np.array([rank(row) for row in batch])
    assert np.array_equal(rank(batch), expected)


@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=12, unique=True))
def test_distinct_scores_get_a_permutation_matching_the_sort(scores):
    scores = np.array(scores)
    ranks = rank(scores)
    if np.min(np.diff(np.sort(scores))) > TIE_TOLERANCE:
        assert sorted(ranks.tolist()) == list(range(1, len(scores) + 1))
        assert ranks[np.argmax(scores)] == 1


def test_kendall_tau_known_values():
    """Kendall (1945): identical orders give 1, reversed -1; one swapped pair of four
    gives (5 - 1) / 6."""
    from engine.ranking import kendall_tau

    assert kendall_tau([1, 2, 3, 4], [1, 2, 3, 4]) == 1.0
    assert kendall_tau([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert kendall_tau([1, 2, 3, 4], [2, 1, 3, 4]) == (5 - 1) / 6


def test_kendall_tau_b_with_ties():
    """Pairs (1,2),(1,3),(2,3) for a = (1, 1, 2), b = (1, 2, 3): one tie in a,
    two concordant; tau_b = 2 / sqrt(2 * 3)."""
    from engine.ranking import kendall_tau

    assert kendall_tau([1, 1, 2], [1, 2, 3]) == 2 / np.sqrt(6)


@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 1.0, 1.0 + 5e-10, 2.0, 3.5]), min_size=4, max_size=4),
        min_size=1,
        max_size=30,
    )
)
def test_batch_ranking_applies_the_tie_rule_row_by_row(rows):
    """Near-ties within the tolerance share the better rank in every row of a batch."""
    batch = np.array(rows)
    expected = 1 + (batch[:, None, :] > batch[:, :, None] + TIE_TOLERANCE).sum(axis=-1)
    assert np.array_equal(rank(batch), expected)


def test_weighted_product_ties_do_not_depend_on_units():
    """Issue 12: the same table at 1e-18 scale must not tie where it does not at unit scale."""
    from engine import methods

    spec = methods.get("weighted_product")
    tiny = np.array([[2e-18, 1e-9], [1e-18, 1e-9]])
    unit = np.array([[2.0, 1.0], [1.0, 1.0]])
    weights, benefit = np.array([0.5, 0.5]), np.array([True, True])
    assert spec.rank(spec.kernel(unit, weights, benefit)).tolist() == [1, 2]
    assert spec.rank(spec.kernel(tiny, weights, benefit)).tolist() == [1, 2]
    # the absolute rule this replaced ties them:
    assert rank(spec.kernel(tiny, weights, benefit)).tolist() == [1, 1]


@given(
    table=st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=2, max_size=6),
    exponents=st.lists(st.integers(-20, 20), min_size=3, max_size=3),
    raw_weights=st.lists(st.integers(1, 9), min_size=3, max_size=3),
)
def test_weighted_product_ranks_are_the_same_in_any_units(table, exponents, raw_weights):
    """Rescaling a criterion by 10^k (k from -20 to 20) changes no rank, ties included."""
    from engine import methods

    spec = methods.get("weighted_product")
    matrix = np.array(table, dtype=float)
    weights = np.array(raw_weights, dtype=float) / sum(raw_weights)
    benefit = np.array([True, False, True])
    scaled = matrix * 10.0 ** np.array(exponents, dtype=float)
    base = spec.rank(spec.kernel(matrix, weights, benefit))
    assert np.array_equal(spec.rank(spec.kernel(scaled, weights, benefit)), base)
