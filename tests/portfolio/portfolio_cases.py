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
