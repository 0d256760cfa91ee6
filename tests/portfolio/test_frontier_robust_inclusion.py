import itertools

import numpy as np
import pytest
from portfolio_cases import (
    all_packages,
    brute_pareto,
    feasible,
    random_case,
    three_pairs,
    value,
)

from engine.portfolio.frontier import frontier, order_of_buy
from engine.portfolio.inclusion import best_packages, classify, inclusion_frequency, per_sample
from engine.portfolio.problem import make_problem
from engine.portfolio.robust import robust_packages, runners_up
from engine.portfolio.sampled import Samples

KEYS = ("exclusive", "requires", "synergy", "at_most", "at_least", "include", "exclude")


def _problem(case):
    return make_problem(
        case["benefit"], case["costs"], case["limits"], **{k: case[k] for k in KEYS if k in case}
    )


def test_frontier_equals_the_brute_force_pareto_set():
    """60 random problems (every constraint kind, m <= 10): the (cost, value) points of
    the exact frontier are the brute-force Pareto set, point for point."""
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(60):
        case = random_case(rng, int(rng.integers(3, 11)))
        expected = brute_pareto(case, 0)
        points = frontier(_problem(case), 0)
        got = [(round(p.cost[0], 9), round(p.value, 9)) for p in points.packages]
        assert len(got) == len(expected)
        for (c1, v1), (c2, v2) in zip(got, expected, strict=True):
            assert c1 == pytest.approx(c2, abs=1e-8) and v1 == pytest.approx(v2, abs=1e-8)
        checked += bool(expected)
    assert checked > 30


def test_the_package_chosen_at_a_budget_is_the_optimum_at_that_budget():
    rng = np.random.default_rng(8)
    case = random_case(rng, 9)
    case.update(include=[], exclude=[], at_least=[])
    points = frontier(_problem(case), 0)
    for budget in np.linspace(0, float(np.asarray(case["costs"])[:, 0].sum()), 12):
        limits = np.array(case["limits"], dtype=float)
        limits[0] = budget
        x = all_packages(9)
        ok = feasible(x, {**case, "limits": limits})
        chosen = points.chosen_at(budget)
        if not ok.any():
            assert chosen is None
            continue
        best = value(x[ok], case["benefit"], case.get("synergy")).max()
        assert chosen.value == pytest.approx(best, abs=1e-9)


def test_order_of_buy_is_by_benefit_per_cost_with_running_totals():
    problem = make_problem(
        [70, 20, 39, 37, 7, 5, 10], [[31], [10], [20], [19], [4], [3], [6]], [50]
    )
    steps = order_of_buy(problem, 0)
    ratios = [s.ratio for s in steps]
    assert ratios == sorted(ratios, reverse=True)
    assert steps[-1].cumulative_cost == 93 and steps[-1].cumulative_value == 188
    assert all(s.note == "" for s in steps)  # this instance: each greedy prefix is optimal
    # a constraint that breaks the greedy order is flagged
    constrained = make_problem([10, 9, 1], [[1], [1], [5]], [10], exclusive=[[0, 1]])
    notes = [s.note for s in order_of_buy(constrained, 0)]
    assert notes[0] == "" and notes[1].startswith("breaks a constraint")


def test_order_of_buy_over_one_resource_keeps_the_others_limits():
    """Issue 24, item 1: with a second resource (a funding source, reform capacity), the
    order of buy over the first never buys a measure that would take the package past the
    second's limit, and a measure the second pays for costs nothing in the first. Checked
    on random two-resource problems: every prefix within the second limit, and no measure
    left out that would still fit and add value."""
    problem = make_problem([10, 9, 8, 1], [[1, 5], [1, 5], [0, 1], [1, 0]], [10, 6])
    steps = order_of_buy(problem, 0)
    assert [s.measure for s in steps] == [2, 0, 3]  # 1 would need 10 of the 6
    assert steps[0].cost == 0 and steps[0].ratio == float("inf")
    # two free measures competing for the second resource: the more valuable first
    problem = make_problem([2, 5, 1], [[0, 6], [0, 4], [1, 0]], [10, 6])
    assert [s.measure for s in order_of_buy(problem, 0)] == [1, 2]
    rng = np.random.default_rng(5)
    for _ in range(40):
        m = int(rng.integers(3, 9))
        costs = rng.integers(0, 6, size=(m, 2)).astype(float)
        limit = float(rng.integers(3, 12))
        problem = make_problem(rng.uniform(0.5, 9, m), costs, [np.inf, limit])
        bought = np.zeros(m, dtype=bool)
        for step in order_of_buy(problem, 0):
            bought[step.measure] = True
            assert costs[bought, 1].sum() <= limit + 1e-9
        room = limit - costs[bought, 1].sum()
        assert all(costs[i, 1] > room + 1e-9 for i in np.flatnonzero(~bought))


def test_robust_packages_match_brute_force():
    """Maximin value and minimax regret over 3 pairs with different benefits and costs,
    against enumeration of every package feasible in all pairs."""
    rng = np.random.default_rng(9)
    for _ in range(25):
        m = int(rng.integers(3, 10))
        cases = three_pairs(rng, m)
        x = all_packages(m)
        ok = np.all([feasible(x, c) for c in cases], axis=0)
        if not ok.any():
            continue
        values = np.array([value(x, c["benefit"], c.get("synergy")) for c in cases])
        bests = np.array([values[k][feasible(x, c)].max() for k, c in enumerate(cases)])
        maximin, minimax = robust_packages([_problem(c) for c in cases])
        assert maximin.worst_value == pytest.approx(values[:, ok].min(axis=0).max(), abs=1e-9)
        regret = (bests[:, None] - values[:, ok]).max(axis=0).min()
        assert minimax.max_regret == pytest.approx(regret, abs=1e-9)


def test_runners_up_are_the_next_packages_by_least_maximum_regret():
    """The recommended (minimax-regret) package's runners-up, found by no-good cuts, have
    the second, third and fourth smallest largest regrets of all packages feasible in every
    pair, each a different package, against enumeration of every package."""
    rng = np.random.default_rng(19)
    checked = 0
    for _ in range(30):
        m = int(rng.integers(3, 9))
        cases = three_pairs(rng, m)
        x = all_packages(m)
        ok = np.all([feasible(x, c) for c in cases], axis=0)
        if ok.sum() < 2:
            continue
        values = np.array([value(x, c["benefit"], c.get("synergy")) for c in cases])
        bests = np.array([values[k][feasible(x, c)].max() for k, c in enumerate(cases)])
        regrets = np.sort((bests[:, None] - values[:, ok]).max(axis=0))
        problems = [_problem(c) for c in cases]
        _, minimax = robust_packages(problems)
        runners = runners_up(problems, bests, minimax.package.selected)
        assert len(runners) == min(3, ok.sum() - 1)
        for k, runner in enumerate(runners, start=1):
            assert runner.max_regret == pytest.approx(regrets[k], abs=1e-9)
        chosen = [minimax.package.selected, *(r.package.selected for r in runners)]
        assert len({tuple(c) for c in chosen}) == len(chosen)  # each a different package
        checked += 1
    assert checked >= 15


def test_inclusion_by_enumeration_equals_one_program_per_sample():
    """Sampled benefits and costs: the enumerated best package of every sample is worth
    exactly what HiGHS finds for that sample alone."""
    rng = np.random.default_rng(10)
    for _ in range(8):
        m = int(rng.integers(4, 12))
        case = random_case(rng, m)
        problem = _problem(case)
        benefits = case["benefit"] + rng.normal(0, 2, (150, m))
        costs = np.asarray(case["costs"]) * rng.uniform(0.7, 1.3, (150, m, 2))
        fast, ok, method = best_packages(problem, benefits, costs)
        slow, ok_slow = per_sample(problem, benefits, costs)
        assert method == "enumeration"
        assert (ok == ok_slow).all()
        for s in np.flatnonzero(ok):
            p = problem.with_benefit(benefits[s])
            assert p.value(fast[s]) == pytest.approx(p.value(slow[s]), abs=1e-9)
            assert feasible(fast[s][None], {**case, "costs": costs[s]})[0]


def test_inclusion_frequency_classes_and_shares():
    problem = make_problem([5.0, 4.0, -1.0], [[1.0], [1.0], [1.0]], [2.0])
    benefits = np.array([[5.0, 4.0, -1.0]] * 9 + [[5.0, -4.0, 1.0]])
    found = inclusion_frequency(problem, Samples(benefits, None))
    assert found.share.tolist() == [1.0, 0.9, 0.1]
    assert found.classes() == ["nearly always", "nearly always", "rarely"]
    assert classify(0.5) == "sometimes"


def test_brute_force_helpers_are_themselves_right():
    """The reference is checked by hand on a 3-measure case."""
    case = {"benefit": [1, 2, 3], "costs": [[1], [1], [1]], "limits": [2], "exclusive": [[1, 2]]}
    x = all_packages(3)
    ok = feasible(x, case)
    assert {tuple(map(int, p)) for p in x[ok]} == {
        (0, 0, 0),
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 1),
        (1, 1, 0),
        (1, 0, 1),
    }
    assert brute_pareto(case, 0) == [(0.0, 0.0), (1.0, 3.0), (2.0, 4.0)]
    assert list(itertools.islice(value(x, case["benefit"], None), 4)) == [0, 3, 2, 5]


def test_every_pruning_rule_keeps_the_optimum_of_every_sample():
    """Samples built so that each dominance rule applies: measure 1 beats measure 0 and
    costs less in every sample (swap), measure 2 is always negative (remove), measure 3
    always positive and cheap (add). The enumerated optimum equals HiGHS per sample, and
    the rules did prune (fewer candidates than the feasible packages)."""
    from engine.portfolio import enumeration

    rng = np.random.default_rng(21)
    m, samples = 9, 120
    benefits = rng.normal(2, 3, (samples, m))
    benefits[:, 0] = rng.uniform(1, 2, samples)
    benefits[:, 1] = benefits[:, 0] + rng.uniform(0.5, 1, samples)
    benefits[:, 2] = -rng.uniform(0.1, 1, samples)
    benefits[:, 3] = rng.uniform(3, 4, samples)
    costs = rng.uniform(2, 6, (samples, m, 1))
    costs[:, 1, 0] = costs[:, 0, 0] - 1
    costs[:, 3, 0] = 0.1
    problem = make_problem(benefits[0], costs[0], [14.0], exclusive=[[4, 5]], requires=[(6, 7)])
    codes = enumeration.candidates(problem, benefits, costs)
    every = all_packages(m)
    allowed = feasible(
        every,
        {"costs": costs.min(axis=0), "limits": [14.0], "exclusive": [[4, 5]], "requires": [(6, 7)]},
    )
    assert len(codes) < allowed.sum()
    fast, ok, _ = best_packages(problem, benefits, costs)
    slow, ok_slow = per_sample(problem, benefits, costs)
    assert (ok == ok_slow).all()
    for s in range(samples):
        p = problem.with_benefit(benefits[s])
        assert p.value(fast[s]) == pytest.approx(p.value(slow[s]), abs=1e-9)
    assert not fast[:, 2].any() and fast[:, 3].all() and not (fast[:, 0] & ~fast[:, 1]).any()


def test_no_robust_package_when_no_package_fits_every_pair():
    """Each pair alone has a package (one of two measures), but the measure that fits one
    pair's budget is over the other's: the analysis reports no robust package."""
    from engine.portfolio.analysis import _robust

    first = make_problem([1.0, 1.0], [[1.0], [5.0]], [2.0], at_least=[([0, 1], 1)])
    second = make_problem([1.0, 1.0], [[5.0], [1.0]], [2.0], at_least=[([0, 1], 1)])
    assert _robust([first, second], [1.0, 1.0]) == (None, "none feasible")
    assert _robust([first, first], [1.0, 1.0]) is not None


def test_a_measure_that_frees_budget_is_kept_though_its_benefit_is_negative():
    """Measure 0 costs -5 (it frees money) and is worth -1; only with it does measure 1
    (worth 10, cost 8) fit the limit of 5. Dropping 0 is not a dominance here."""
    problem = make_problem([-1.0, 10.0], [[-5.0], [8.0]], [5.0])
    benefits = np.array([[-1.0, 10.0], [-0.5, 9.0], [-2.0, 11.0]])
    fast, ok, method = best_packages(problem, benefits)
    slow, _ = per_sample(problem, benefits)
    assert method == "enumeration" and ok.all()
    assert fast.tolist() == slow.tolist() == [[True, True]] * 3


@pytest.mark.parametrize("scale", [0.5, 0.1, 1e-3])
def test_a_frontier_of_small_costs_ends_and_is_exact(scale):
    """Issue 28, class 1: costs totalling 10 or less (the step below the last cost near
    HiGHS's MIP feasibility tolerance) looped for ever (total 6: the same package met the
    lowered cap within tolerance); the frontier is the brute-force Pareto set."""
    rng = np.random.default_rng(0)
    for _ in range(5):
        m = 8
        costs = (rng.integers(1, 4, (m, 1)) * scale).tolist()
        case = {"benefit": rng.uniform(1, 10, m).tolist(), "costs": costs, "limits": [np.inf]}
        expected = brute_pareto(case, 0)
        got = frontier(_problem(case), 0)
        assert got.band == 0
        assert [round(p.cost[0], 7) for p in got.packages] == [round(c, 7) for c, _ in expected]
        assert [p.value for p in got.packages] == pytest.approx([v for _, v in expected])


def _upper_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Vertices of the upper-left convex hull of (cost, value) Pareto points, cheapest
    first (Andrew's monotone chain on the Pareto set, collinear points dropped)."""
    hull: list[tuple[float, float]] = []
    for c, v in sorted(points):
        while len(hull) >= 2:
            (c1, v1), (c2, v2) = hull[-2], hull[-1]
            if (v2 - v1) * (c - c1) <= (v - v1) * (c2 - c1) + 1e-9:
                hull.pop()  # the middle point is on or below the line: not a vertex
            else:
                break
        hull.append((c, v))
    return hull


@pytest.mark.parametrize("seed", range(6))
def test_a_frontier_too_large_to_trace_shows_its_hull_and_the_band_around_the_limit(seed):
    """Issue 25's decision on the frontier: past ``most`` packages it shows, each exact,
    every vertex of the convex hull of the brute-force Pareto set, every Pareto package
    within 10 % of the limit, and the optimum at the limit; nothing off the Pareto set."""
    rng = np.random.default_rng(seed)
    m = 12
    case = {
        "benefit": rng.uniform(1, 10, m).tolist(),
        "costs": rng.integers(1, 40, (m, 1)).astype(float).tolist(),
        "limits": [np.inf],
    }
    pareto = brute_pareto(case, 0)
    assert len(pareto) > 20  # a frontier larger than the ``most`` below
    limit = float(np.asarray(case["costs"]).sum() * 0.45)
    shown = frontier(_problem(case), 0, most=10, at=(limit,))
    assert shown.band == pytest.approx(0.1)
    got = [(float(p.cost[0]), float(p.value)) for p in shown.packages]

    def within(points, among) -> bool:
        return all(
            any(abs(c - c2) < 1e-6 and abs(v - v2) < 1e-6 for c2, v2 in among) for c, v in points
        )

    assert within(got, pareto)  # every package shown is efficient
    assert within(_upper_hull(pareto), got)  # every vertex of the hull is shown
    band = [(c, v) for c, v in pareto if 0.9 * limit <= c <= 1.1 * limit]
    assert band and within(band, got)  # the whole frontier around the limit
    best = max(v for c, v in pareto if c <= limit + 1e-9)
    assert shown.chosen_at(limit).value == pytest.approx(best)
    assert len(got) < len(pareto)
