"""Scenario discovery (PRIM) against the published example and planted boxes."""

import importlib.resources
import warnings

import numpy as np
import pandas as pd
import pytest

from engine.explore.discovery import discover


def bryant_and_lempert():
    """The data of Bryant and Lempert (2010), shipped with the EMA workbench by their leave:
    882 runs of a renewable-energy policy model over nine uncertain inputs, and whether the
    policy's cost exceeded the threshold of interest."""
    with warnings.catch_warnings():  # the package warns of evaluators it cannot offer
        warnings.simplefilter("ignore")
        path = importlib.resources.files("ema_workbench") / "examples" / "data"
    data = pd.read_csv(path / "bryant et al 2010 data.csv", index_col=False)
    return data.iloc[:, 2:11], data.iloc[:, 15].to_numpy() == 1


def test_the_published_box_of_bryant_and_lempert():
    """Bryant, B. P. and Lempert, R. J. (2010). Thinking inside the box. Technological
    Forecasting and Social Change 77(1), 34-49, section 4 (the renewable-energy example):
    the cases of interest are described by low total biomass, high demand elasticity and a
    high biomass backstop price. As the EMA workbench reproduces that analysis (its
    scenario-discovery tutorial: peeling alpha 0.1, "following Bryant & Lempert, we inspect
    box 21"; cellulosic cost's restriction dropped as not significant), the box holds 76.4 %
    of the 89 cases with a density of 71.6 %: 'Total biomass' at most 755.8, 'Demand
    elasticity' at least -0.422, 'Biomass backstop price' at least 150.05."""
    x, y = bryant_and_lempert()
    found = discover(x, y, "the policy costs too much", peel_alpha=0.1)
    assert found.cases == 89 and found.futures == 882
    box = found.box
    assert box.chosen == 21
    limits = {r.driver: r for r in box.restrictions}
    assert set(limits) == {"Total biomass", "Demand elasticity", "Biomass backstop price"}
    assert limits["Total biomass"].upper and not limits["Total biomass"].lower
    assert limits["Total biomass"].high == pytest.approx(755.8, abs=0.01)
    assert limits["Demand elasticity"].low == pytest.approx(-0.422, abs=1e-3)
    assert limits["Biomass backstop price"].low == pytest.approx(150.05, abs=0.01)
    assert box.coverage == pytest.approx(68 / 89, abs=1e-9)  # 0.764
    assert box.density == pytest.approx(0.716, abs=0.001)
    inside = box.contains(x)
    assert (inside & y).sum() == round(box.coverage * 89)


def test_a_planted_box_is_found_with_its_two_drivers():
    rng = np.random.default_rng(2)
    x = pd.DataFrame(rng.uniform(-1, 1, (20_000, 5)), columns=list("abcde"))
    y = ((x.a < -0.3) & (x.d > 0.5)).to_numpy()
    found = discover(x, y, "planted")
    limits = {r.driver: r for r in found.box.restrictions}
    assert set(limits) == {"a", "d"}
    assert limits["a"].high == pytest.approx(-0.3, abs=0.05)
    assert limits["d"].low == pytest.approx(0.5, abs=0.05)
    assert found.box.coverage >= 0.75 and found.box.density >= 0.95


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_no_box_is_sought_when_nothing_or_everything_is_of_interest(share):
    x = pd.DataFrame(np.random.default_rng(3).random((500, 2)), columns=["a", "b"])
    found = discover(x, np.full(500, share == 1.0), "all or nothing")
    assert found.box is None and found.cases == int(500 * share)
