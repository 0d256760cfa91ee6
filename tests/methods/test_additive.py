"""Additive value model kernel: weighted sums, batches and invariants."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine.errors import MethodError
from engine.methods import additive, get, names, rank
from engine.methods.additive import contributions


def test_hand_computed_example():
    """Two options, three criteria: S = sum_j w_j v_j, checked by hand."""
    values = np.array([[100.0, 0.0, 50.0], [20.0, 80.0, 60.0]])
    weights = np.array([0.5, 0.3, 0.2])
    np.testing.assert_allclose(additive(values, weights), [60.0, 46.0])


def test_batch_of_weight_vectors_gives_one_score_row_per_vector():
    values = np.array([[100.0, 0.0], [0.0, 100.0]])
    batch = np.array([[1.0, 0.0], [0.25, 0.75]])
    np.testing.assert_allclose(additive(values, batch), [[100.0, 0.0], [25.0, 75.0]])


def test_contributions_sum_to_the_score():
    values = np.array([[10.0, 90.0, 40.0], [70.0, 20.0, 30.0]])
    weights = np.array([0.2, 0.5, 0.3])
    np.testing.assert_allclose(
        contributions(values, weights).sum(axis=1), additive(values, weights)
    )


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(MethodError, match=r"valid methods: .*additive"):
        get("electre")
    assert "additive" in names()


matrices = arrays(np.float64, (5, 4), elements=st.floats(0, 100))
weight_vectors = arrays(np.float64, (4,), elements=st.floats(0.01, 1))


@given(matrices, weight_vectors, st.floats(0.01, 100))
def test_scaling_weights_leaves_ranks_unchanged(values, weights, factor):
    a = rank("additive", values, weights / weights.sum(), None)
    b = rank("additive", values, weights * factor / (weights * factor).sum(), None)
    assert np.array_equal(a, b)


@given(matrices, weight_vectors, st.permutations(range(5)))
def test_reordering_options_reorders_ranks(values, weights, order):
    order = list(order)
    a = rank("additive", values, weights, None)
    b = rank("additive", values[order], weights, None)
    assert np.array_equal(a[order], b)


@given(matrices, weight_vectors, st.permutations(range(4)))
def test_reordering_criteria_with_their_weights_changes_nothing(values, weights, order):
    """Equal up to floating-point summation order: relatively, and absolutely near zero
    (values of 5e-324 once summed to 1.5e-323 one way and 2e-323 the other)."""
    order = list(order)
    np.testing.assert_allclose(
        additive(values, weights), additive(values[:, order], weights[order]), atol=1e-300
    )


@given(matrices, weight_vectors, st.floats(0, 50))
def test_a_dominating_option_never_ranks_below_the_dominated_one(values, weights, bump):
    values = values.copy()
    values[0] = np.minimum(
        values[1] + bump, 100
    )  # option 0 at least as good as option 1 everywhere
    ranks = rank("additive", values, weights, None)
    assert ranks[0] <= ranks[1]
