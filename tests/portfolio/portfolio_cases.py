"""Brute force over every package, written independently of engine.portfolio."""

from __future__ import annotations

import itertools

import numpy as np


def all_packages(m: int) -> np.ndarray:
    return np.array(list(itertools.product([0, 1], repeat=m)), dtype=bool).reshape(-1, m)


def value(x: np.ndarray, benefit, synergy) -> np.ndarray:
    x = x.astype(float)
    out = x @ np.asarray(benefit, dtype=float)
    if synergy is not None:
        s = np.asarray(synergy, dtype=float)
        m = s.shape[0]
        for i in range(m):
            for j in range(i + 1, m):
                out = out + s[i, j] * x[:, i] * x[:, j]
    return out


def feasible(x: np.ndarray, case: dict) -> np.ndarray:
    ok = np.ones(len(x), dtype=bool)
    costs, limits = np.asarray(case["costs"]), np.asarray(case["limits"], dtype=float)
    for k in range(len(limits)):
        ok &= x.astype(float) @ costs[:, k] <= limits[k] + 1e-9 * max(1.0, abs(limits[k]))
    for group in case.get("exclusive", ()):
        ok &= x[:, list(group)].sum(axis=1) <= 1
    for i, j in case.get("requires", ()):
        ok &= ~x[:, i] | x[:, j]
    for group, k in case.get("at_most", ()):
        ok &= x[:, list(group)].sum(axis=1) <= k
    for group, k in case.get("at_least", ()):
        ok &= x[:, list(group)].sum(axis=1) >= k
    for i in case.get("include", ()):
        ok &= x[:, i]
    for i in case.get("exclude", ()):
        ok &= ~x[:, i]
    return ok


def random_case(rng: np.random.Generator, m: int, resources: int = 2) -> dict:
    """A random problem with every constraint kind (it may be infeasible)."""
    costs = rng.uniform(0, 10, (m, resources)).round(rng.integers(0, 3))
    limits = costs.sum(axis=0) * rng.uniform(0.2, 0.7, resources)
    order = rng.permutation(m)
    case = {
        "benefit": rng.normal(3, 4, m),
        "costs": costs,
        "limits": limits,
        "exclusive": [list(order[:3]), list(order[3:5])] if m >= 5 else [],
        "requires": [(int(order[5 % m]), int(order[6 % m])), (int(order[7 % m]), int(order[1]))],
        "at_most": [(list(order[: m // 2]), int(rng.integers(1, 4)))],
        "at_least": [(list(order[m // 2 :]), int(rng.integers(0, 2)))],
        "include": [int(order[-1])] if rng.random() < 0.5 else [],
        "exclude": [int(order[-2])] if rng.random() < 0.5 else [],
    }
    if rng.random() < 0.6:
        s = np.zeros((m, m))
        for _ in range(3):
            i, j = rng.choice(m, 2, replace=False)
            s[i, j] = s[j, i] = rng.normal(0, 3)
        case["synergy"] = s
    return case


def brute_optimum(case: dict) -> float | None:
    x = all_packages(len(case["benefit"]))
    ok = feasible(x, case)
    if not ok.any():
        return None
    return float(value(x[ok], case["benefit"], case.get("synergy")).max())


def brute_pareto(case: dict, resource: int) -> list[tuple[float, float]]:
    """(cost, value) of every package no other beats on both, one per distinct pair."""
    x = all_packages(len(case["benefit"]))
    limits = np.array(case["limits"], dtype=float)
    limits[resource] = np.inf
    ok = feasible(x, {**case, "limits": limits})
    values = value(x[ok], case["benefit"], case.get("synergy"))
    costs = x[ok].astype(float) @ np.asarray(case["costs"])[:, resource]
    points = []
    for c, v in sorted(set(zip(costs.round(9), values.round(9), strict=True))):
        if not any(
            (c2 <= c and v2 >= v and (c2 < c or v2 > v))
            for c2, v2 in zip(costs.round(9), values.round(9), strict=True)
        ):
            points.append((c, v))
    return points


# Criterion-level outcomes, written independently of engine.portfolio.outcomes: each
# package's level on each criterion by plain loops, clipped to the scale, then valued by
# linear interpolation between the value function's points.

SHAPES = ("linear up", "linear down", "concave", "convex", "s-shaped", "peaked")


def value_function(rng: np.random.Generator, shape: str, low: float, high: float):
    """Breakpoints (xs, vs) of a value function of ``shape`` on [low, high]."""
    span = high - low
    if shape == "linear up":
        return [low, high], [0.0, 100.0]
    if shape == "linear down":
        return [low, high], [100.0, 0.0]
    inner = sorted(rng.uniform(low + 0.1 * span, high - 0.1 * span, 2))
    xs = [low, inner[0], inner[1], high]
    if shape == "concave":
        vs = [0.0, 60.0, 85.0, 100.0]
    elif shape == "convex":
        vs = [0.0, 10.0, 30.0, 100.0]
    elif shape == "s-shaped":
        vs = [0.0, 10.0, 90.0, 100.0]
    else:  # not monotone: best in the middle
        vs = [0.0, 100.0, 100.0, 20.0]
    if rng.random() < 0.5 and shape != "peaked":
        vs = vs[::-1]  # the same shape for a cost criterion
    return xs, vs


def random_outcomes(rng: np.random.Generator, m: int) -> dict:
    """Levels, changes, weights, value functions and criterion interactions of ``m``
    measures on 1-4 criteria, with changes large enough that clipping often binds."""
    n = int(rng.integers(1, 5))
    lows = rng.uniform(-5, 5, n).round(1)
    highs = lows + rng.uniform(2, 20, n).round(1)
    base = lows + (highs - lows) * rng.uniform(0.1, 0.9, n)
    change = rng.normal(0, 0.35, (m, n)) * (highs - lows)
    change[rng.random((m, n)) < 0.25] = 0.0
    points = [
        value_function(rng, SHAPES[int(rng.integers(len(SHAPES)))], lows[j], highs[j])
        for j in range(n)
    ]
    groups = []
    for _ in range(int(rng.integers(0, 3))):
        size = int(rng.integers(2, min(3, m) + 1))
        members = [int(i) for i in rng.choice(m, size, replace=False)]
        j = int(rng.integers(n))
        groups.append((members, j, float(rng.normal(0, 0.3) * (highs[j] - lows[j]))))
    weight = rng.dirichlet(np.ones(n))
    return {"base": base, "change": change, "weight": weight, "points": points, "groups": groups}


def outcome_value(x: np.ndarray, outcomes: dict) -> np.ndarray:
    """Value over the baseline of every package (rows of x): criterion by criterion, the
    level summed from the changes of the chosen measures and the groups held whole,
    clipped to the scale's ends, valued by interpolation."""
    x = np.asarray(x, dtype=bool)
    change = np.asarray(outcomes["change"], dtype=float)
    total = np.zeros(len(x))
    for j, (xs, vs) in enumerate(outcomes["points"]):
        level = np.full(len(x), float(outcomes["base"][j]))
        for i in range(change.shape[0]):
            level[x[:, i]] += change[i, j]
        for members, c, g in outcomes["groups"]:
            if c == j:
                level[x[:, list(members)].all(axis=1)] += g
        level = np.minimum(np.maximum(level, xs[0]), xs[-1])
        gain = np.interp(level, xs, vs) - np.interp(outcomes["base"][j], xs, vs)
        total += outcomes["weight"][j] * gain
    return total


def outcomes_of(problem) -> dict:
    """A problem's outcomes as the plain dict the brute force reads."""
    o = problem.outcomes
    return {
        "base": o.base,
        "change": o.change,
        "weight": o.weight,
        "points": o.points,
        "groups": [(list(g), j, c) for g, j, c in o.groups],
    }


def brute_outcome_optimum(case: dict) -> tuple[float, np.ndarray] | None:
    """Best value and package of a case with outcomes (plus its pairwise synergy)."""
    x = all_packages(len(case["costs"]))
    ok = feasible(x, case)
    if not ok.any():
        return None
    values = outcome_value(x[ok], case["outcomes"])
    values = values + value(x[ok], np.zeros(len(case["costs"])), case.get("synergy"))
    best = int(np.argmax(values))
    return float(values[best]), x[ok][best]


def case_of(problem) -> dict:
    """A problem's arrays as a case dict (what :func:`feasible` and :func:`value` read)."""
    return {
        "benefit": problem.benefit,
        "costs": problem.costs,
        "limits": problem.limits,
        "exclusive": problem.exclusive,
        "requires": problem.requires,
        "at_most": problem.at_most,
        "at_least": problem.at_least,
        "include": problem.include,
        "exclude": problem.exclude,
        "synergy": problem.synergy,
    }


def three_pairs(rng: np.random.Generator, m: int) -> list[dict]:
    """Three pairs sharing a random case's constraints, each with its own benefits and
    costs (within 20 % of the case's)."""
    base = random_case(rng, m)
    base.update(include=[], at_least=[])
    return [
        {
            **base,
            "benefit": rng.normal(3, 4, m),
            "costs": np.asarray(base["costs"]) * rng.uniform(0.8, 1.2, (m, 2)),
        }
        for _ in range(3)
    ]
