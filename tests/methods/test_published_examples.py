"""Methods against published worked examples (tolerance: the published rounding)."""

import numpy as np
import pytest

from engine.methods import promethee_ii, rank, topsis, weighted_product
from engine.methods.vikor import vikor_details

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


# Papathanasiou & Ploskas (2018), Multiple Criteria Decision Aid: Methods, Examples and
# Python Implementations, Springer Optimization and Its Applications 136. The VIKOR
# (ch. 2, pp. 31-55) and PROMETHEE (ch. 3, pp. 57-89) chapters work the same example:
# six alternatives on four benefit criteria, weights 0.4, 0.3, 0.1, 0.2. The values below
# were transcribed from the test suite of pyrepo-mcda (Baczkiewicz & Watrobski), which cites
# these chapters; the printed table numbers could not be checked offline.
BOOK_TABLE = np.array(
    [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]],
    dtype=float,
)
BOOK_WEIGHTS = np.array([0.4, 0.3, 0.1, 0.2])
BOOK_BENEFIT = np.ones(4, dtype=bool)


def test_vikor_reproduces_papathanasiou_and_ploskas_chapter_2():
    """Papathanasiou & Ploskas (2018), ch. 2 "VIKOR", pp. 31-55, numerical example with
    v = 0.625: Q = 0.640, 1.000, 0.693, 0.271, 0.000, 0.694, so A5 > A4 > A1 > A3 > A6 > A2.
    Tolerance 5e-4 (three published decimals)."""
    details = vikor_details(BOOK_TABLE, BOOK_WEIGHTS, BOOK_BENEFIT, v=0.625)
    np.testing.assert_allclose(details.q, [0.640, 1.000, 0.693, 0.271, 0.000, 0.694], atol=5e-4)
    ranks = rank("vikor", BOOK_TABLE, BOOK_WEIGHTS, BOOK_BENEFIT, v=0.625)
    np.testing.assert_array_equal(ranks, [3, 6, 4, 2, 1, 5])


def test_promethee_ii_reproduces_papathanasiou_and_ploskas_chapter_3():
    """Papathanasiou & Ploskas (2018), ch. 3 "PROMETHEE", pp. 57-89, numerical example with
    the linear (V-shape with indifference) criterion, q = 1 and p = 2 on every criterion:
    net flows -0.26, -0.52, -0.22, 0.36, 0.70, -0.06. Tolerance 5e-3 (two published decimals)."""
    flows = promethee_ii(
        BOOK_TABLE, BOOK_WEIGHTS, BOOK_BENEFIT, ["linear"] * 4, q=[1.0] * 4, p=[2.0] * 4
    )
    np.testing.assert_allclose(flows, [-0.26, -0.52, -0.22, 0.36, 0.70, -0.06], atol=5e-3)


# Ziemba (2019), Towards strong sustainability management - a generalized PROSA method,
# Sustainability 11(6), 1555: nine alternatives on twelve criteria (written one row per
# criterion, transposed below), PROMETHEE II with linear criteria as the reference method.
ZIEMBA_2019 = np.array(
    [
        [38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486],
        [33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958],
        [0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99],
        [3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653],
        [11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86],
        [-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9],
        [203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264],
        [0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9],
        [0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2],
        [1, 1, 1, 3.5, 4, 4, 4, 4, 4],
        [21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1],
        [0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4],
    ]
).T


def test_promethee_ii_reproduces_ziemba_2019_with_cost_criteria_and_thresholds():
    """Ziemba (2019), Sustainability 11(6), 1555, PROMETHEE II net flows of the nine
    alternatives (values transcribed from pyrepo-mcda's tests, which cite the paper; the
    table number could not be checked offline). Mixed directions, per-criterion q and p,
    weights normalised to sum 1. Tolerance 5e-5 (four published decimals)."""
    weights = np.array([0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75, 1, 1, 0.4, 0.2, 0.4, 1])
    benefit = np.array([0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1], dtype=bool)
    p = [2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3]
    q = [420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1]
    flows = promethee_ii(ZIEMBA_2019, weights / weights.sum(), benefit, ["linear"] * 12, q=q, p=p)
    expected = [-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554]
    np.testing.assert_allclose(flows, expected, atol=5e-5)


def test_promethee_ii_reproduces_ziemba_et_al_2017_v_shape():
    """Ziemba, Watrobski, Ziolo & Karczmarczyk (2017), Using the PROSA method in offshore
    wind farm location problems, Energies 10(11), 1755: four locations on twelve criteria,
    V-shape criteria with preference thresholds p; PROMETHEE II net flows -0.0445, 0.1884,
    -0.0954, -0.0485 (transcribed from pyrepo-mcda's tests). Tolerance 5e-5."""
    table = np.array(
        [
            [16347, 14219, 8160, 8160],
            [9, 8.5, 9, 8.5],
            [73.8, 55, 64.8, 62.5],
            [36.7, 36, 28.5, 29.5],
            [1.5, 2, 2, 1.5],
            [3730, 3240, 1860, 1860],
            [2, 1, 2, 1],
            [1, 1, 2, 3],
            [38.8, 33.1, 45.8, 27.3],
            [4, 2, 4, 3],
            [1720524, 1496512, 858830, 858830],
            [40012, 34803, 19973, 19973],
        ]
    ).T
    weights = np.array([20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33])
    benefit = np.array([0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1], dtype=bool)
    p = [7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820]
    flows = promethee_ii(table, weights / weights.sum(), benefit, ["v-shape"] * 12, p=p)
    np.testing.assert_allclose(flows, [-0.0445, 0.1884, -0.0954, -0.0485], atol=5e-5)
