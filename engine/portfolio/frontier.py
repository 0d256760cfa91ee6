"""The efficient frontier of value against one resource, and the order of buy.

The frontier is traced exactly by the epsilon-constraint method: with the resource
capped at ``B`` (every other limit and constraint kept), solve
:math:`V^* = \\max V(x)` subject to :math:`c(x) \\le B`, then lower the cap to just below
the cost of the package found and repeat until nothing is feasible. When a step finds
the same value as the step before, at a lower cost, the earlier package was dominated
and is dropped; so each package kept is the cheapest of its value, and the packages
kept are the whole Pareto set of (value, cost) pairs (one package per pair), not a
sample of it. One integer program per step, the model passed to HiGHS once and only
the cap changed between steps.

The order of buy (Phillips and Bana e Costa 2007; Equity) lists the measures by benefit
per unit cost, with cumulative cost and value; it is the greedy path the convex hull of
the frontier follows when measures are independent, and a note marks where a constraint
or an interaction makes the optimum at that budget differ from the greedy package.

References
----------
Haimes, Y. Y., Lasdon, L. S. and Wismer, D. A. (1971). On a bicriterion formulation of
the problems of integrated system identification and system optimization. *IEEE
Transactions on Systems, Man, and Cybernetics* 1(3), 296-297.
Phillips, L. D. and Bana e Costa, C. A. (2007). *Annals of Operations Research* 154, 51-68.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.portfolio.highs import RowSweep
from engine.portfolio.highs import solve as run_highs
from engine.portfolio.problem import Problem
from engine.portfolio.solver import Package, base_model, package_of

STEP = 1e-7
"""Relative step below the last cost when the cap is lowered (costs closer than this
count as equal)."""


@dataclass(frozen=True)
class Frontier:
    """Packages on the efficient frontier, cheapest first (values increase with cost)."""

    resource: int
    packages: tuple[Package, ...]

    def costs(self) -> np.ndarray:
        return np.array([p.cost[self.resource] for p in self.packages])

    def values(self) -> np.ndarray:
        return np.array([p.value for p in self.packages])

    def chosen_at(self, budget: float) -> Package | None:
        """The best package whose cost in the resource is within ``budget``."""
        fitting = [p for p in self.packages if p.cost[self.resource] <= budget * (1 + 1e-12)]
        return fitting[-1] if fitting else None


def frontier(problem: Problem, resource: int, *, cap: float | None = None) -> Frontier:
    """Every non-dominated package of value against ``resource`` up to ``cap`` (default:
    no cap on that resource; the other limits stay)."""
    limits = problem.limits.copy()
    limits[resource] = np.inf
    free = problem.with_limits(limits)
    model, x = base_model(free)
    model.cost[: len(x)] = list(problem.benefit)
    total = float(np.abs(problem.costs[:, resource]).sum())
    row = model.row(x, problem.costs[:, resource], upper=total if cap is None else cap)
    sweep = RowSweep(model, row)
    step = STEP * max(1.0, total)
    found: list[Package] = []
    budget = total if cap is None else cap
    while True:
        outcome = sweep.solve(budget)
        if outcome.x is None:
            break
        package = package_of(free, outcome, x)
        if found and package.value >= found[-1].value - 1e-9 * max(1.0, abs(package.value)):
            found.pop()  # same value, cheaper: the earlier package was dominated
        found.append(package)
        budget = package.cost[resource] - step
    return Frontier(resource, tuple(reversed(found)))


@dataclass(frozen=True)
class BuyStep:
    """One measure in the order of buy with the running totals."""

    measure: int
    benefit: float
    cost: float
    ratio: float
    cumulative_cost: float
    cumulative_value: float
    note: str


def order_of_buy(problem: Problem, resource: int) -> list[BuyStep]:
    """Measures with positive benefit by benefit per unit of ``resource`` (free measures
    first), with cumulative cost and value, and a note where the greedy package at that
    budget is infeasible or not optimal under the problem's constraints."""
    costs = problem.costs[:, resource]
    candidates = [i for i in range(problem.size) if problem.benefit[i] > 0]
    ratio = {i: problem.benefit[i] / costs[i] if costs[i] > 0 else np.inf for i in candidates}
    order = sorted(candidates, key=lambda i: (-ratio[i], costs[i], i))
    steps, chosen = [], np.zeros(problem.size, dtype=bool)
    unconstrained = problem.with_limits(_without(problem.limits, resource))
    for i in order:
        chosen[i] = True
        total_cost = float(costs @ chosen)
        value = problem.value(chosen)
        steps.append(
            BuyStep(
                i,
                float(problem.benefit[i]),
                float(costs[i]),
                float(ratio[i]),
                total_cost,
                value,
                _note(unconstrained, resource, chosen, total_cost, value),
            )
        )
    return steps


def _without(limits: np.ndarray, resource: int) -> np.ndarray:
    out = limits.copy()
    out[resource] = np.inf
    return out


def _note(problem: Problem, resource: int, chosen: np.ndarray, budget: float, value: float):
    """Why the greedy package is not the optimum at its own cost, if it is not."""
    if not problem.feasible(chosen)[0]:
        return "breaks a constraint: the optimum at this budget differs"
    limits = problem.limits.copy()
    limits[resource] = budget
    outcome = _solve_at(problem, limits)
    if outcome.x is None:  # no package fits this budget level: nothing to compare
        return ""
    best = package_of(problem, outcome, np.arange(problem.size))
    if best.value > value + 1e-9 * max(1.0, abs(value)):
        return f"not optimal: a package of the same cost is worth {best.value:.2f}"
    return ""


def _solve_at(problem: Problem, limits: np.ndarray):
    model, x = base_model(problem.with_limits(limits))
    model.cost[: len(x)] = list(problem.benefit)
    return run_highs(model)
