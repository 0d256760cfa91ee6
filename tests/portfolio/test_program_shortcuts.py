"""Issue 25: exact shortcuts inside the portfolio programs (the reach bounded by the
limits, level columns shared by the pairs of one scenario, the binding test stopping at
the first better package), each against brute force or the program without it."""

import numpy as np
import pytest
from portfolio_cases import (
    all_packages,
    brute_outcome_optimum,
    feasible,
    outcome_value,
    random_case,
    random_outcomes,
)
from test_outcomes import outcome_problem

from engine.portfolio.outcomes import make_outcomes
from engine.portfolio.problem import make_problem
from engine.portfolio.reach import _fractional, level_bounds
from engine.portfolio.robust import robust_packages
from engine.portfolio.solver import base_model, best_package, bounded, exceeds


def _case(rng, m):
    case = random_case(rng, m)
    case.pop("synergy", None)
    case["costs"] = np.abs(case["costs"])
    case["outcomes"] = random_outcomes(rng, m)
    return case


def test_the_fractional_knapsack_takes_the_most_harm_per_unit_first():
    """Dantzig (1957): harms -4, -3, -2 at costs 2, 2, 1 and a limit of 3: the first and
    third (2 harm per unit) whole, nothing of the second: -6; with a limit of 4, half of
    the second as well: -7.5; a free measure is always taken."""
    harm = np.array([[-4.0], [-3.0], [-2.0]])
    cost = np.array([2.0, 2.0, 1.0])
    assert _fractional(harm, cost, 3.0)[0] == pytest.approx(-6.0)
    assert _fractional(harm, cost, 4.0)[0] == pytest.approx(-7.5)
    assert _fractional(harm, np.array([0.0, 2.0, 1.0]), 0.0)[0] == pytest.approx(-4.0)


def test_no_feasible_package_leaves_the_bounded_reach_and_the_bound_tightens():
    """200 random cases: every package within the limits (enumerated) has levels inside
    the bounds; in many cases the bounds are tighter than every measure at once."""
    rng = np.random.default_rng(1)
    tighter = 0
    for _ in range(200):
        m = int(rng.integers(3, 10))
        case = _case(rng, m)
        problem = outcome_problem(case)
        x = all_packages(m)
        within = x[(x.astype(float) @ problem.costs <= problem.limits + 1e-9).all(axis=1)]
        levels = problem.outcomes.levels(within)
        gains = problem.outcomes._interaction_gains()
        low, high = level_bounds(
            problem.outcomes.base, problem.outcomes.change, gains, problem.costs, problem.limits
        )
        assert (levels >= low - 1e-9).all() and (levels <= high + 1e-9).all()
        wide = problem.outcomes.reach()
        tighter += bool((low > wide[0] + 1e-9).any() or (high < wide[1] - 1e-9).any())
    assert tighter > 100


def test_the_bounded_reach_drops_a_binary_and_keeps_the_optimum():
    """A criterion whose worst end only every harmful measure together can pass: within
    the limit no package reaches it, so its kink (a binary) leaves the program and the
    optimum stays the brute-force one."""
    points = [([0.0, 10.0], [0.0, 100.0])]
    change = np.array([[-3.0], [-3.0], [-3.0], [2.0], [1.0]])
    outcomes = make_outcomes([7.0], change, [1.0], points)
    problem = make_problem(np.zeros(5), np.ones((5, 1)), [2.0], outcomes=outcomes)
    assert len(problem.outcomes.pieces(0)[0]) == 3  # worst end 0 inside the reach -2..10
    assert len(bounded(problem).pieces(0)[0]) == 2  # two measures reach no lower than 1
    model, _ = base_model(problem)
    assert sum(model.integer) == 5  # the measures only: no binary for the worst end
    package = best_package(problem)
    assert package.selected.tolist() == [False, False, False, True, True]


def test_robust_packages_share_level_columns_and_match_brute_force():
    """Pairs that differ only in weights (the profiles of one scenario) share one set of
    level columns; maximin and minimax regret equal the brute-force ones (30 cases)."""
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(30):
        m = int(rng.integers(3, 8))
        case = _case(rng, m)
        case.update(include=[], at_least=[])
        n = len(case["outcomes"]["base"])
        weights = [rng.dirichlet(np.ones(n)) for _ in range(3)]
        problems = [outcome_problem(case, w) for w in weights]
        x = all_packages(m)
        ok = feasible(x, case)
        if not ok.any():
            continue
        values = np.array(
            [outcome_value(x[ok], {**case["outcomes"], "weight": w}) for w in weights]
        )
        best = values.max(axis=1)
        maximin, minimax = robust_packages(problems, best)
        assert maximin.worst_value == pytest.approx(values.min(axis=0).max(), abs=1e-9)
        assert minimax.max_regret == pytest.approx(
            (best[:, None] - values).max(axis=0).min(), abs=1e-9
        )
        checked += 1
    assert checked > 15


def test_exceeds_answers_as_the_brute_force_optimum_does(monkeypatch):
    """Is some package worth more than v? For v just below and at the brute-force
    optimum of 100 random cases with outcomes: yes and no; a yes in one program that
    stops at the first better package, not a proof of the optimum."""
    from engine.portfolio import solver

    calls = []
    original = solver.run_highs

    def counted(*args, **kwargs):
        outcome = original(*args, **kwargs)
        calls.append(outcome.status)
        return outcome

    monkeypatch.setattr(solver, "run_highs", counted)
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(100):
        case = _case(rng, int(rng.integers(3, 9)))
        expected = brute_outcome_optimum(case)
        if expected is None:
            continue
        problem = outcome_problem(case)
        best = expected[0]
        calls.clear()
        assert exceeds(problem, best - 1e-3 * max(1.0, abs(best)))
        assert len(calls) == 1  # one program: the first better package counts, no re-solve
        assert not exceeds(problem, best)
        checked += 1
    assert checked > 40
