"""VIKOR: S, R, Q and the compromise conditions, worked by hand from Opricovic & Tzeng (2004)."""

import numpy as np
import pytest

from engine.methods.vikor import regrets, vikor, vikor_details


def test_hand_worked_example():
    """Three options, two criteria (benefit, cost), w = (0.6, 0.4), v = 0.5.

    f* = (9, 2), f- = (5, 6); d = [[0.5, 0.25], [0, 1], [1, 0]];
    S = (0.4, 0.4, 0.6), R = (0.3, 0.4, 0.6);
    Q = 0.5 (S - 0.4)/0.2 + 0.5 (R - 0.3)/0.3 = (0, 1/6, 1).
    """
    table = np.array([[7.0, 3.0], [9.0, 6.0], [5.0, 2.0]])
    benefit = np.array([True, False])
    np.testing.assert_allclose(regrets(table, benefit), [[0.5, 0.25], [0, 1], [1, 0]])
    result = vikor_details(table, np.array([0.6, 0.4]), benefit)
    np.testing.assert_allclose(result.s, [0.4, 0.4, 0.6])
    np.testing.assert_allclose(result.r, [0.3, 0.4, 0.6])
    np.testing.assert_allclose(result.q, [0.0, 1 / 6, 1.0])
    assert result.acceptable_stability  # option 1 is also best by S and by R
    assert not result.acceptable_advantage  # 1/6 < DQ = 1/(3 - 1)


def test_v_weights_utility_against_regret():
    table = np.array([[7.0, 3.0], [9.0, 6.0], [5.0, 2.0]])
    benefit = np.array([True, False])
    w = np.array([0.6, 0.4])
    only_regret = vikor(table, w, benefit, v=0.0)
    np.testing.assert_allclose(only_regret, [0.0, 1 / 3, 1.0])


def test_acceptable_advantage_holds_with_a_clear_winner():
    table = np.array([[10.0, 1.0], [5.0, 5.0], [1.0, 10.0]])
    result = vikor_details(table, np.array([0.5, 0.5]), np.array([True, False]))
    assert result.q[0] == pytest.approx(0.0)
    assert result.acceptable_advantage and result.acceptable_stability
