"""Invariants every method must keep (hypothesis): weight scaling, option and criterion
order, dominance, batch equals row by row, and no NaN on degenerate tables."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import methods
from engine.ranking import rank

M, N = 5, 4
tables = arrays(np.float64, (M, N), elements=st.floats(1, 100))
weight_vectors = arrays(np.float64, (N,), elements=st.floats(0.01, 1))
benefits = arrays(np.bool_, (N,))
NAMES = methods.names()


def oriented(name, score):
    return score if methods.get(name).higher_is_better else -score


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None)
@given(tables, weight_vectors, benefits, st.floats(0.1, 10))
def test_scaling_weights_keeps_the_order_of_scores(name, table, weights, benefit, factor):
    kernel = methods.get(name).kernel
    a = oriented(name, kernel(table, weights, benefit))
    b = oriented(name, kernel(table, weights * factor, benefit))
    if name == "weighted_product":  # P(cw) = P(w)^c
        a, b = np.log(a) * factor, np.log(b)
    elif name == "promethee_ii" or name == "additive":  # linear in w
        a = a * factor
    np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None)
@given(tables, weight_vectors, benefits, st.permutations(range(M)))
def test_reordering_options_reorders_scores(name, table, weights, benefit, order):
    kernel = methods.get(name).kernel
    order = list(order)
    np.testing.assert_allclose(
        kernel(table, weights, benefit)[order], kernel(table[order], weights, benefit), atol=1e-12
    )


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None)
@given(tables, weight_vectors, benefits, st.permutations(range(N)))
def test_reordering_criteria_with_weights_and_directions_changes_nothing(
    name, table, weights, benefit, order
):
    kernel = methods.get(name).kernel
    order = list(order)
    np.testing.assert_allclose(
        kernel(table, weights, benefit),
        kernel(table[:, order], weights[order], benefit[order]),
        rtol=1e-9,
        atol=1e-12,
    )


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None)
@given(tables, weight_vectors, benefits, st.floats(0, 20))
def test_a_dominating_option_never_scores_worse(name, table, weights, benefit, step):
    if methods.get(name).uses_values:  # values are already oriented: higher is better
        benefit = np.ones(N, dtype=bool)
    table = table.copy()
    table[0] = np.where(benefit, table[1] + step, np.maximum(table[1] - step, 0.5))
    score = oriented(name, methods.get(name).kernel(table, weights, benefit))
    assert score[0] >= score[1] - 1e-9
    assert rank(score)[0] <= rank(score)[1]


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None)
@given(tables, arrays(np.float64, (3, N), elements=st.floats(0.01, 1)), benefits)
def test_batch_equals_row_by_row(name, table, batch, benefit):
    kernel = methods.get(name).kernel
    expected = np.array([kernel(table, w, benefit) for w in batch])
    np.testing.assert_allclose(kernel(table, batch, benefit), expected, rtol=1e-12, atol=1e-12)
    ranks = methods.rank(name, table, batch, benefit)
    assert ranks.shape == (3, M)


@pytest.mark.parametrize("name", NAMES)
def test_degenerate_tables_give_finite_scores_and_ties(name):
    kernel = methods.get(name).kernel
    equal_options = np.full((4, 3), 7.0)
    constant_column = np.array([[1.0, 5.0, 3.0], [2.0, 5.0, 1.0], [3.0, 5.0, 2.0]])
    benefit = np.array([True, True, False])
    for table in (equal_options, constant_column):
        for weights in (np.array([0.2, 0.3, 0.5]), np.array([0.0, 1.0, 0.0])):
            score = kernel(table, weights, benefit)
            assert np.all(np.isfinite(score))
    assert len(set(methods.rank(name, equal_options, np.array([0.2, 0.3, 0.5]), benefit))) == 1


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, deadline=None)
@given(
    tables, arrays(np.float64, (37, N), elements=st.floats(0.01, 1)), benefits, st.integers(1, 40)
)
def test_chunked_scoring_equals_one_call_whatever_the_chunk_size(
    name, table, batch, benefit, chunk
):
    whole = methods.get(name).kernel(table, batch, benefit)
    np.testing.assert_allclose(
        methods.score_in_chunks(name, table, batch, benefit, chunk=chunk),
        whole,
        rtol=1e-12,
        atol=1e-15,  # BLAS may sum a chunk in another order: 0 can come back as 1e-19
    )
