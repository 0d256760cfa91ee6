"""PROMETHEE II: the six generalised criteria of Brans & Vincke (1985) and net flows."""

import numpy as np
import pytest

from engine.methods.promethee import criterion_flows, preference, promethee_ii

D = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0])


@pytest.mark.parametrize(
    ("function", "q", "p", "s", "expected"),
    [
        ("usual", 0, 0, 1, [0, 0, 1, 1, 1, 1, 1]),
        ("u-shape", 1, 0, 1, [0, 0, 0, 0, 1, 1, 1]),
        ("v-shape", 0, 2, 1, [0, 0, 0.25, 0.5, 1, 1, 1]),
        ("level", 1, 3, 1, [0, 0, 0, 0, 0.5, 0.5, 1]),
        ("linear", 1, 3, 1, [0, 0, 0, 0, 0.5, 1, 1]),
    ],
)
def test_generalised_criteria_values(function, q, p, s, expected):
    np.testing.assert_allclose(preference(D, function, q, p, s), expected)


def test_gaussian_criterion_is_half_way_near_the_inflection_point():
    values = preference(np.array([0.0, 1.0, 2.0]), "gaussian", s=1.0)
    np.testing.assert_allclose(values, [0.0, 1 - np.exp(-0.5), 1 - np.exp(-2.0)])


def test_hand_worked_net_flows_with_usual_criteria():
    """Three options, two benefit criteria, w = (0.5, 0.5), usual criterion.

    Criterion 1 (3, 1, 2): pi(a, .) wins 2 pairs, b none, c one -> flows (1, -1, 0) on it;
    criterion 2 (1, 3, 2): flows (-1, 1, 0). Net phi = 0.5 * (0, 0, 0) = (0, 0, 0)."""
    table = np.array([[3.0, 1.0], [1.0, 3.0], [2.0, 2.0]])
    benefit = np.array([True, True])
    np.testing.assert_allclose(criterion_flows(table, benefit), [[1, -1], [-1, 1], [0, 0]])
    np.testing.assert_allclose(promethee_ii(table, np.array([0.5, 0.5]), benefit), [0, 0, 0])
    np.testing.assert_allclose(promethee_ii(table, np.array([0.8, 0.2]), benefit), [0.6, -0.6, 0.0])


def test_cost_criteria_reverse_the_preference_and_flows_sum_to_zero():
    table = np.array([[10.0, 4.0], [20.0, 1.0], [15.0, 9.0]])
    benefit = np.array([False, True])
    phi = promethee_ii(
        table, np.array([0.3, 0.7]), benefit, ["linear", "v-shape"], q=[2, 0], p=[8, 4]
    )
    assert phi.sum() == pytest.approx(0.0)
    assert np.argmax(phi) == 2  # best on the heavier benefit criterion by 5 > p


def test_weighted_criterion_flows_add_up_to_the_net_flow():
    from engine.methods.promethee import promethee_ii, promethee_tables

    rng = np.random.default_rng(3)
    matrix, weights = rng.uniform(0, 10, (6, 4)), rng.dirichlet(np.ones(4))
    benefit = np.array([True, False, True, True])
    tables = promethee_tables(matrix, weights, benefit, ["linear"] * 4, [1] * 4, [3] * 4)
    np.testing.assert_allclose(tables["weighted_flows"].sum(axis=1), tables["net_flow"])
    np.testing.assert_allclose(
        tables["net_flow"], promethee_ii(matrix, weights, benefit, ["linear"] * 4, [1] * 4, [3] * 4)
    )
