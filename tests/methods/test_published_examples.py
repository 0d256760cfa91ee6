"""Methods against published worked examples (tolerance: the published rounding)."""

import numpy as np
import pytest

from engine.methods import topsis, weighted_product

# Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer, pp. 128-134:
# fighter aircraft A1..A4 on max speed (Mach), ferry range (NM), max payload (lb),
# acquisition cost ($M, cost), reliability (1-9), maneuverability (1-9).
FIGHTERS = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
FIGHTER_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
FIGHTER_BENEFIT = np.array([True, True, True, False, True, True])


def test_topsis_reproduces_hwang_and_yoon_fighter_aircraft():
    """Hwang & Yoon (1981), p. 133: relative closeness C* = 0.643, 0.268, 0.614, 0.312,
    so A1 > A3 > A4 > A2 (vector normalisation). Tolerance 5e-4 (three published decimals)."""
    closeness = topsis(FIGHTERS, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)
    np.testing.assert_allclose(closeness, [0.643, 0.268, 0.614, 0.312], atol=5e-4)


def test_weighted_product_reproduces_triantaphyllou_ratios():
    """Triantaphyllou (2000), Multi-Criteria Decision Making Methods: A Comparative Study,
    Kluwer, section 2.2.2: three alternatives, four benefit criteria, weights 0.20, 0.15,
    0.40, 0.25; R(A1/A2) = 1.007, R(A1/A3) = 1.067, R(A2/A3) = 1.059, so A1 is best.
    Tolerance 5e-4 (three published decimals)."""
    table = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    p = weighted_product(table, np.array([0.20, 0.15, 0.40, 0.25]), np.ones(4, dtype=bool))
    assert p[0] / p[1] == pytest.approx(1.007, abs=5e-4)
    assert p[0] / p[2] == pytest.approx(1.067, abs=5e-4)
    assert p[1] / p[2] == pytest.approx(1.059, abs=5e-4)
