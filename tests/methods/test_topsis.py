"""TOPSIS's intermediate tables agree with its closeness index."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.methods.topsis import topsis, topsis_details

TABLES = st.lists(st.lists(st.floats(1, 100), min_size=3, max_size=3), min_size=2, max_size=6)


@given(TABLES, st.lists(st.floats(0.05, 1), min_size=3, max_size=3))
def test_closeness_is_the_anti_ideal_distance_over_the_sum(table, raw):
    matrix, weights = np.array(table), np.array(raw) / sum(raw)
    benefit = np.array([True, False, True])
    details = topsis_details(matrix, weights, benefit)
    d_plus, d_minus = details["distance_to_ideal"], details["distance_to_anti_ideal"]
    assert (d_plus >= 0).all() and (d_minus >= 0).all()
    total = d_plus + d_minus
    expected = np.where(total > 0, d_minus / np.where(total > 0, total, 1), 0.5)
    np.testing.assert_allclose(details["closeness"], expected)
    np.testing.assert_allclose(topsis(matrix, weights, benefit), details["closeness"])
