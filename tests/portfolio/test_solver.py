import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_cases import brute_optimum, random_case

import engine
from engine.portfolio import solve
from engine.portfolio.problem import make_problem
from engine.portfolio.solver import best_package


def _solve_case(case):
    keys = ("exclusive", "requires", "synergy", "at_most", "at_least", "include", "exclude")
    return solve(
        case["benefit"], case["costs"], case["limits"], **{k: case[k] for k in keys if k in case}
    )


def test_martello_toth_worked_examples():
    """Martello, S. and Toth, P. (1990). Knapsack Problems: Algorithms and Computer
    Implementations. Wiley. Example 2.3 (p. 42): profits (50, 50, 64, 46, 50, 5), weights
    (56, 59, 80, 64, 75, 17), capacity 190, optimum x = (1, 1, 0, 0, 1, 0), value 150.
    Example 2.7 (p. 47): profits (70, 20, 39, 37, 7, 5, 10), weights (31, 10, 20, 19, 4, 3,
    6), capacity 50, optimum x = (1, 0, 0, 1, 0, 0, 0), value 107."""
    first = solve([50, 50, 64, 46, 50, 5], [[56], [59], [80], [64], [75], [17]], [190])
    assert first.tolist() == [True, True, False, False, True, False]
    second = solve([70, 20, 39, 37, 7, 5, 10], [[31], [10], [20], [19], [4], [3], [6]], [50])
    assert second.tolist() == [True, False, False, True, False, False, False]
    problem = make_problem(
        [70, 20, 39, 37, 7, 5, 10], [[31], [10], [20], [19], [4], [3], [6]], [50]
    )
    assert best_package(problem).value == 107


def test_winston_stockco_capital_budgeting_with_logical_constraints():
    """Winston, W. L. (2004). Operations Research: Applications and Algorithms, 4th ed.,
    Thomson, section 9.2, Example 1 (Stockco): NPVs 16, 22, 12, 8 ($000), cash 5, 7, 4, 3,
    $14,000 available; the optimum invests in 2, 3 and 4 for an NPV of $42,000. The same
    section's logical restrictions (at most two investments; 2 only with 1; not 2 with 4)
    are then added as the engine's constraint kinds, checked against brute force."""
    from portfolio_cases import all_packages, feasible, value

    npv, cash = [16, 22, 12, 8], [[5], [7], [4], [3]]
    assert solve(npv, cash, [14]).tolist() == [False, True, True, True]
    problem = make_problem(npv, cash, [14])
    assert best_package(problem).value == 42
    case = {
        "benefit": npv,
        "costs": cash,
        "limits": [14],
        "at_most": [([0, 1, 2, 3], 2)],
        "requires": [(1, 0)],
        "exclusive": [[1, 3]],
    }
    x = all_packages(4)
    ok = feasible(x, case)
    expected = value(x[ok], npv, None).max()
    chosen = solve(
        npv,
        cash,
        [14],
        at_most=case["at_most"],
        requires=case["requires"],
        exclusive=case["exclusive"],
    )
    assert value(chosen[None], npv, None)[0] == expected == 38  # investments 1 and 2


def test_three_hundred_random_problems_match_brute_force():
    """Every constraint kind and interactions, m <= 12 measures: the solver's package is
    feasible (checked independently) and worth the brute-force optimum to 1e-9; an
    infeasible problem raises InputError exactly when brute force finds no package."""
    from portfolio_cases import feasible, value

    rng = np.random.default_rng(20261130)
    infeasible = 0
    for _ in range(300):
        case = random_case(rng, int(rng.integers(3, 13)))
        expected = brute_optimum(case)
        if expected is None:
            infeasible += 1
            with pytest.raises(engine.InputError) as caught:
                _solve_case(case)
            assert caught.value.issues[0].code == "portfolio-infeasible"
            continue
        chosen = _solve_case(case)[None, :]
        assert feasible(chosen, case)[0]
        assert value(chosen, case["benefit"], case.get("synergy"))[0] == pytest.approx(
            expected, abs=1e-9
        )
    assert 0 < infeasible < 150  # both branches exercised


def test_sixteen_measures_match_brute_force():
    rng = np.random.default_rng(16)
    for _ in range(5):
        case = random_case(rng, 16)
        expected = brute_optimum(case)
        if expected is not None:
            chosen = _solve_case(case)[None, :]
            from portfolio_cases import value

            assert value(chosen, case["benefit"], case.get("synergy"))[0] == pytest.approx(
                expected, abs=1e-9
            )


problems = st.integers(min_value=0, max_value=2**32 - 1).map(
    lambda seed: random_case(np.random.default_rng(seed), 8)
)


def _optimum(case):
    try:
        chosen = _solve_case(case)
    except engine.InputError:
        return None
    return make_problem(
        case["benefit"], case["costs"], case["limits"], synergy=case.get("synergy")
    ).value(chosen)


@settings(max_examples=60, deadline=None)
@given(problems, st.floats(min_value=0, max_value=20))
def test_raising_a_limit_never_lowers_the_optimum(case, extra):
    before = _optimum(case)
    after = _optimum({**case, "limits": np.asarray(case["limits"]) + extra})
    if before is not None:
        assert after is not None and after >= before - 1e-9


@settings(max_examples=60, deadline=None)
@given(problems, st.integers(min_value=0, max_value=7))
def test_adding_a_constraint_never_raises_the_optimum(case, measure):
    before = _optimum(case)
    after = _optimum({**case, "exclude": [*case.get("exclude", []), measure]})
    if after is not None:
        assert before is not None and after <= before + 1e-9


@settings(max_examples=60, deadline=None)
@given(problems, st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_the_benefits_keeps_the_package(case, factor):
    """Scaling every weight scales every benefit (and interaction) alike: same optimum."""
    scaled = {**case, "benefit": np.asarray(case["benefit"]) * factor}
    if "synergy" in case:
        scaled["synergy"] = case["synergy"] * factor
    before, after = _optimum(case), _optimum(scaled)
    assert (before is None) == (after is None)
    if before is not None:
        assert after == pytest.approx(before * factor, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(problems, st.randoms(use_true_random=False))
def test_option_order_does_not_matter(case, random):
    m = len(case["benefit"])
    order = list(range(m))
    random.shuffle(order)
    where = {old: new for new, old in enumerate(order)}
    moved = {
        "benefit": np.asarray(case["benefit"])[order],
        "costs": np.asarray(case["costs"])[order],
        "limits": case["limits"],
        "exclusive": [[where[i] for i in g] for g in case["exclusive"]],
        "requires": [(where[i], where[j]) for i, j in case["requires"]],
        "at_most": [([where[i] for i in g], k) for g, k in case["at_most"]],
        "at_least": [([where[i] for i in g], k) for g, k in case["at_least"]],
        "include": [where[i] for i in case["include"]],
        "exclude": [where[i] for i in case["exclude"]],
    }
    if "synergy" in case:
        moved["synergy"] = case["synergy"][np.ix_(order, order)]
    before, after = _optimum(case), _optimum(moved)
    assert (before is None) == (after is None)
    if before is not None:
        assert after == pytest.approx(before, abs=1e-9)


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="costs have shape"):
        solve([1, 2], [[1, 2, 3]], [5])
    with pytest.raises(ValueError, match="symmetric"):
        solve([1, 2], [[1], [1]], [5], synergy=[[0, 1], [2, 0]])
    with pytest.raises(ValueError, match="outside"):
        solve([1, 2], [[1], [1]], [5], exclusive=[[0, 5]])


def test_a_time_limit_is_never_shown_as_optimal():
    """A problem HiGHS solves to optimality without a limit; with a 0.1 ms limit it stops
    first and no package is presented as optimal (here: none found, a located error)."""
    rng = np.random.default_rng(5)
    m = 120
    problem = make_problem(
        rng.uniform(10, 20, m),
        rng.uniform(10, 20, (m, 3)),
        [300, 300, 300],
        exclusive=[list(rng.choice(m, 4, replace=False)) for _ in range(10)],
    )
    assert best_package(problem).optimal
    with pytest.raises(engine.InputError) as caught:
        best_package(problem, time_limit=1e-4)
    assert caught.value.issues[0].code == "portfolio-unsolved"


def test_a_package_found_before_the_limit_carries_its_gap():
    from engine.portfolio.highs import Outcome
    from engine.portfolio.solver import package_of

    problem = make_problem([3.0, 2.0], [[1.0], [1.0]], [1.0])
    found = package_of(problem, Outcome("time limit", np.array([0.0, 1.0]), 2.0, 0.5), np.arange(2))
    assert not found.optimal and found.status == "time limit" and found.gap == 0.5
    assert found.value == 2.0
