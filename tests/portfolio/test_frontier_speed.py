"""Issue 25: the frontier's exact shortcuts (the relaxed Pareto set by list merging, its
best package for a price), the budget intervals run by an executor, what each package of
a partial frontier was found as; every result against brute force."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_cases import all_packages, brute_pareto, feasible, random_case, value

from engine.executor import InProcess, ProcessPool
from engine.portfolio import frontier as frontier_module
from engine.portfolio import pareto_dp
from engine.portfolio.frontier import AT_LIMIT, NEAR, SUPPORTED, WHOLE, _split, frontier
from engine.portfolio.problem import make_problem

KEYS = ("exclusive", "requires", "synergy", "at_most", "at_least", "include", "exclude")


def _problem(case):
    return make_problem(
        case["benefit"], case["costs"], case["limits"], **{k: case[k] for k in KEYS if k in case}
    )


def _points(found) -> list[tuple[float, float]]:
    return [(round(float(p.cost[0]), 6), round(float(p.value), 6)) for p in found.packages]


def _expected(case) -> list[tuple[float, float]]:
    return [(round(float(c), 6), round(float(v), 6)) for c, v in brute_pareto(case, 0)]


def _additive(rng, m: int) -> dict:
    case = random_case(rng, m)
    case.pop("synergy", None)  # the shortcut's domain: value additive in the benefits
    return case


def _structured(rng, m: int) -> dict:
    """One resource, disjoint exclusive groups and prerequisite pairs: the merge carries
    every constraint, so the relaxation is the problem itself."""
    order = rng.permutation(m)
    return {
        "benefit": rng.normal(3, 3, m),
        "costs": rng.integers(0, 9, (m, 1)).astype(float),
        "limits": [np.inf],
        "exclusive": [list(order[:3])],
        "requires": [(int(order[3]), int(order[4]))],
    }


@given(st.integers(0, 2**32 - 1), st.integers(5, 10))
@settings(max_examples=60, deadline=None)
def test_the_merge_is_the_brute_force_pareto_set_where_it_carries_every_constraint(seed, m):
    """Nemhauser and Ullmann (1969): the list-merging dynamic programme's states are the
    Pareto set of (cost, value); with an exclusive group and a prerequisite pair carried
    as units and no other constraint, it equals the brute-force set point for point, and
    every state is feasible."""
    case = _structured(np.random.default_rng(seed), m)
    problem = _problem(case)
    relaxed = pareto_dp.relaxed_frontier(problem, 0, np.inf)
    expected = brute_pareto(case, 0)
    assert len(relaxed.costs) == len(expected)
    assert relaxed.costs == pytest.approx([c for c, _ in expected], abs=1e-9)
    assert relaxed.values == pytest.approx([v for _, v in expected], abs=1e-9)
    assert problem.feasible(relaxed.packages).all()
    assert np.allclose(relaxed.packages @ problem.costs[:, 0], relaxed.costs)


def test_the_shortcut_gives_the_same_frontier_with_fewer_programs(monkeypatch):
    """60 random additive problems with two resources and every constraint kind: the
    frontier with the shortcut equals the brute-force Pareto set and the frontier
    without it, and needs fewer programs in all (where a second limit or a relaxed
    constraint binds, programs fill the gaps: both paths are exercised)."""
    rng = np.random.default_rng(25)
    calls = {"count": 0}
    original = frontier_module._trace

    def counted(*args, **kwargs):
        found = original(*args, **kwargs)
        calls["count"] += len(found or ())
        return found

    monkeypatch.setattr(frontier_module, "_trace", counted)
    with_dp = without_dp = gaps = known = 0
    for _ in range(60):
        case = _additive(rng, int(rng.integers(4, 11)))
        problem = _problem(case)
        calls["count"] = 0
        fast = frontier(problem, 0)
        with_dp += calls["count"]
        relaxed = pareto_dp.relaxed_frontier(
            problem.with_limits([np.inf, case["limits"][1]]), 0, 1e9
        )
        if relaxed is not None and len(relaxed.costs):
            ok = problem.with_limits([np.inf, case["limits"][1]]).feasible(relaxed.packages)
            known += int(ok.sum())
            gaps += len(pareto_dp.gaps(relaxed, ok, 1e9, 1e-6))
        with monkeypatch.context() as patched:
            patched.setattr(frontier_module, "relaxed_frontier", lambda *a, **k: None)
            calls["count"] = 0
            slow = frontier(problem, 0)
            without_dp += calls["count"]
        assert _points(fast) == _points(slow) == _expected(case)
        assert set(fast.shown_as) <= {WHOLE}
    assert known > 100 and gaps > 20  # both the merge's points and the programs' gaps
    assert with_dp < 0.75 * without_dp


def test_overlapping_constraints_are_relaxed_not_carried():
    """A measure in two exclusive groups: neither group can be a unit (the merge would
    let both members in), so both are relaxed and the packages that break them are
    found infeasible afterwards."""
    problem = make_problem([5, 4, 3], [[1], [1], [1]], [np.inf], exclusive=[[0, 1], [1, 2]])
    assert pareto_dp.units(problem) == [[(0,)], [(1,)], [(2,)]]
    relaxed = pareto_dp.relaxed_frontier(problem, 0, np.inf)
    ok = problem.feasible(relaxed.packages)
    assert relaxed.packages[~ok].any(axis=1).all() and not ok.all()
    found = frontier(problem, 0)
    assert [(p.cost[0], p.value) for p in found.packages] == [(0, 0), (1, 5), (2, 8)]


def test_gaps_run_from_the_feasible_package_below_to_just_below_the_one_above():
    relaxed = pareto_dp.Relaxed(np.zeros((5, 1), bool), np.array([0, 2, 3, 5, 8.0]), np.ones(5))
    ok = np.array([True, False, False, True, False])
    assert pareto_dp.gaps(relaxed, ok, 10.0, 0.5) == [(0.0, 4.5), (5.0, 10.0)]
    assert pareto_dp.gaps(relaxed, ~ok, 10.0, 0.5) == [(-np.inf, 1.5), (3.0, 7.5)]


def test_budget_intervals_cover_the_gaps_without_holes():
    intervals = [(-np.inf, 40.0), (50.0, 200.0)]
    pieces = _split(intervals, 8)
    assert pieces[0][0] == -np.inf and pieces[-1][1] == 200.0
    covered = [(lo, hi) for lo, hi in pieces if hi <= 40.0]
    assert covered[-1][1] == 40.0
    for (_, high), (low, _) in itertools.pairwise(pieces):
        assert low == high or (high == 40.0 and low == 50.0)
    dense = _split([(0.0, 100.0)], 4, np.array([1, 2, 3, 4, 5, 6, 7, 90.0]))
    assert dense[0][1] < 10  # pieces follow where the relaxed packages are dense


def test_the_full_frontier_in_two_processes_equals_the_one_in_this_process():
    """The executor changes where the budget intervals run, never what they find: a
    problem with a second binding limit (programs over gaps) traced in a pool of two
    processes equals the frontier traced here, and the brute-force Pareto set."""
    rng = np.random.default_rng(3)
    m = 11
    costs = rng.integers(1, 20, (m, 2)).astype(float)
    case = {
        "benefit": rng.uniform(1, 10, m),
        "costs": costs,
        "limits": costs.sum(axis=0) * [1.0, 0.3],
        "exclusive": [[0, 1, 2]],
    }
    problem = _problem(case)
    heard = []
    here = frontier(problem, 0, whole=True, executor=InProcess())
    there = frontier(
        problem, 0, whole=True, executor=ProcessPool(2), progress=lambda *a: heard.append(a)
    )
    assert _points(here) == _points(there) == _expected(case)
    assert heard and heard[-1][0] == heard[-1][1] and heard[-1][2] == "Frontier"


def test_a_partial_frontier_in_two_processes_equals_the_one_in_this_process():
    """The default frontier of a problem too large to trace whole: hull, band pieces and
    the optimum at the limit spread over a pool give the same packages and labels."""
    rng = np.random.default_rng(6)
    m = 12
    costs = rng.integers(1, 40, (m, 2)).astype(float)
    case = {
        "benefit": rng.uniform(1, 10, m),
        "costs": costs,
        "limits": [np.inf, costs[:, 1].sum() * 0.5],
    }
    limit = float(costs[:, 0].sum() * 0.45)
    here = frontier(_problem(case), 0, most=10, at=(limit,))
    there = frontier(_problem(case), 0, most=10, at=(limit,), executor=ProcessPool(2))
    assert here.band == there.band > 0
    assert _points(here) == _points(there)
    assert here.shown_as == there.shown_as


def test_a_partial_frontier_says_what_each_package_was_found_as():
    """Hull vertices are labelled supported, packages within the band near the limit, the
    optimum at the limit so; a package found several ways carries each label."""
    rng = np.random.default_rng(2)
    m = 12
    case = {
        "benefit": rng.uniform(1, 10, m),
        "costs": rng.integers(1, 40, (m, 1)).astype(float),
        "limits": [np.inf],
    }
    limit = float(np.asarray(case["costs"]).sum() * 0.45)
    shown = frontier(_problem(case), 0, most=10, at=(limit,))
    assert len(shown.shown_as) == len(shown.packages)
    best = shown.chosen_at(limit)
    for package, label in zip(shown.packages, shown.shown_as, strict=True):
        cost = float(package.cost[0])
        assert (NEAR in label) == (0.9 * limit <= cost <= 1.1 * limit)
        assert (AT_LIMIT in label) == (package is best)
    assert any(SUPPORTED in label for label in shown.shown_as)


def test_the_relaxed_best_package_for_a_price_is_the_brute_force_one():
    """Where the relaxed Pareto set's best package for lambda is feasible, it is the
    problem's best for lambda (nothing feasible beats it): checked by enumeration."""
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(150):
        case = _additive(rng, 8)
        free = _problem(case).with_limits([np.inf, case["limits"][1]])
        best = frontier_module._relaxed_weighted(free, 0, 1e-6)
        x = all_packages(8)
        ok = feasible(x, {**case, "limits": [np.inf, case["limits"][1]]})
        for slope in (0.1, 0.5, 2.0):
            found = best(slope)
            if found is None or not ok.any():
                continue
            scores = value(x[ok], case["benefit"], None) - slope * (x[ok] @ case["costs"][:, 0])
            mine = found.value - slope * found.cost[0]
            assert mine == pytest.approx(scores.max(), abs=1e-9)
            checked += 1
    assert checked > 30


def test_the_inclusion_frequency_decided_in_two_processes_equals_the_one_here():
    """The shipped study's samples drawn here and decided in a pool give the same shares,
    to the last digit, as decided one chunk after another in this process (chunks summed
    in their order either way), and the progress reaches every sample."""
    from conftest import REPO

    import engine
    from engine.portfolio.scenario_samples import inclusion_by_scenario
    from engine.portfolio.settings import PortfolioSettings

    study = engine.load_study(REPO)
    scenarios, profiles = study.scenarios[:2], study.profiles[:3]
    settings = PortfolioSettings(samples=24, seed=5)
    heard = []
    here = inclusion_by_scenario(study, scenarios, profiles, settings)
    there = inclusion_by_scenario(
        study, scenarios, profiles, settings, lambda *a: heard.append(a), executor=ProcessPool(2)
    )
    for s in scenarios:
        assert here[s].samples == there[s].samples == 12
        assert here[s].share.tolist() == there[s].share.tolist()
        assert here[s].infeasible == there[s].infeasible
    assert heard[-1][:2] == (24, 24)
    assert here[scenarios[0]].share.sum() > 0  # something was decided


def test_a_band_past_every_feasible_cost_marks_no_package_near_the_limit():
    """A limit far above what the second resource lets any package cost: the band's trace
    meets only the optimum below its floor, which is the best at the limit, not a package
    near it (it may not even be the cheapest of its value)."""
    rng = np.random.default_rng(9)
    m = 12
    costs = rng.integers(1, 40, (m, 2)).astype(float)
    case = {"benefit": rng.uniform(1, 10, m), "costs": costs, "limits": [np.inf, 60.0]}
    limit = float(costs[:, 0].sum())  # nothing within 10 % of it is feasible
    shown = frontier(_problem(case), 0, most=5, at=(limit,))
    assert shown.band > 0 and len(shown.packages) > 3
    assert all(float(p.cost[0]) < 0.9 * limit for p in shown.packages)
    assert not any(NEAR in label for label in shown.shown_as)
    assert AT_LIMIT in shown.shown_as[-1]
