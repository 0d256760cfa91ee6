"""Package outcomes on the criteria (levels, clipping, value functions, criterion
interactions): the exact program against brute force over every package."""

import numpy as np
import pytest
from portfolio_cases import (
    SHAPES,
    all_packages,
    brute_outcome_optimum,
    feasible,
    outcome_value,
    random_case,
    random_outcomes,
    value,
)

import engine
from engine.portfolio.outcomes import make_outcomes
from engine.portfolio.problem import make_problem
from engine.portfolio.solver import best_package


def outcome_problem(case, weight=None):
    """The engine's problem of a brute-force case with outcomes (``weight``: other
    weights on the same levels, as another profile of the scenario)."""
    keys = ("exclusive", "requires", "synergy", "at_most", "at_least", "include", "exclude")
    o = case["outcomes"]
    w = o["weight"] if weight is None else weight
    outcomes = make_outcomes(o["base"], o["change"], w, o["points"], o["groups"])
    m = len(case["costs"])
    return make_problem(
        np.zeros(m),
        case["costs"],
        case["limits"],
        outcomes=outcomes,
        **{k: case[k] for k in keys if k in case},
    )


def _outcome_case(rng, m):
    case = random_case(rng, m)
    case["outcomes"] = random_outcomes(rng, m)
    return case


def test_three_hundred_random_studies_with_outcomes_match_brute_force():
    """Clipping that binds, every value-function shape (linear, concave, convex,
    S-shaped, not monotone), criterion interactions of two or three measures and every
    constraint kind: the package is feasible and worth the brute-force optimum to 1e-9."""
    rng = np.random.default_rng(20261206)
    clipped = shapes = grouped = infeasible = 0
    for _ in range(300):
        case = _outcome_case(rng, int(rng.integers(3, 11)))
        problem = outcome_problem(case)
        expected = brute_outcome_optimum(case)
        if expected is None:
            infeasible += 1
            with pytest.raises(engine.InputError):
                best_package(problem)
            continue
        package = best_package(problem)
        chosen = package.selected[None]
        assert feasible(chosen, case)[0]
        worth = (
            outcome_value(chosen, case["outcomes"])[0]
            + value(chosen, np.zeros(len(chosen[0])), case.get("synergy"))[0]
        )
        assert worth == pytest.approx(expected[0], abs=1e-9)
        assert package.value == pytest.approx(worth, abs=1e-9)
        levels = problem.outcomes.levels(expected[1][None])[0]
        ends = [(xs[0], xs[-1]) for xs, _ in case["outcomes"]["points"]]
        clipped += any(not lo <= v <= hi for v, (lo, hi) in zip(levels, ends, strict=True))
        shapes += any(len(xs) > 2 for xs, _ in case["outcomes"]["points"])
        grouped += bool(case["outcomes"]["groups"])
    assert clipped > 50 and shapes > 100 and grouped > 100  # the hard cases are exercised
    assert 0 < infeasible < 150


def test_engine_values_equal_the_loop_written_values():
    rng = np.random.default_rng(7)
    for _ in range(50):
        case = _outcome_case(rng, 6)
        x = all_packages(6)
        got = outcome_problem(case).outcomes.values(x)
        np.testing.assert_allclose(got, outcome_value(x, case["outcomes"]), atol=1e-9)


def test_linear_unclipped_outcomes_are_the_sum_of_benefits():
    """With linear value functions, no level past a scale end and no criterion
    interaction, a package is worth the sum of its measures' benefits alone."""
    rng = np.random.default_rng(3)
    for _ in range(30):
        m, n = 6, 3
        change = rng.normal(0, 0.5, (m, n))
        outcomes = make_outcomes(
            np.full(n, 50.0), change, rng.dirichlet(np.ones(n)), [([0, 100], [0, 100])] * n
        )
        assert outcomes.is_additive()
        x = all_packages(m)
        np.testing.assert_allclose(outcomes.values(x), x @ outcomes.alone(), atol=1e-9)


def test_clipping_makes_two_measures_on_one_criterion_overlap():
    """Two measures that each take violence from 6 to 2 on a 0-10 scale: together the
    level would be -2, clipped to 0, so the pair is worth 60, not 80."""
    outcomes = make_outcomes([6.0], [[-4.0], [-4.0]], [1.0], [([0, 10], [100, 0])])
    assert outcomes.alone() == pytest.approx([40.0, 40.0])
    assert outcomes.values(np.array([[1, 1]]))[0] == pytest.approx(60.0)
    assert outcomes.saturated(np.array([1, 1])).tolist() == [True]
    problem = make_problem([0, 0], [[1], [1]], [2], outcomes=outcomes)
    assert best_package(problem).value == pytest.approx(60.0)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_alone_matches_brute_force(shape):
    rng = np.random.default_rng(SHAPES.index(shape))
    for _ in range(20):
        m = 7
        o = random_outcomes(rng, m)
        o["points"] = [value_function_of(rng, shape, xs) for xs, _ in o["points"]]
        case = {"costs": rng.uniform(0, 5, (m, 1)), "limits": [8.0], "outcomes": o}
        expected = brute_outcome_optimum(case)
        assert best_package(outcome_problem(case)).value == pytest.approx(expected[0], abs=1e-9)


def value_function_of(rng, shape, xs):
    from portfolio_cases import value_function

    return value_function(rng, shape, xs[0], xs[-1])
