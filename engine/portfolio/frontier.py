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

The order of buy (Phillips and Bana e Costa 2007; Equity) lists the measures by value
per unit cost, with cumulative cost and value. Since a measure's marginal value depends
on the package (levels clip at the scale's ends, value functions bend, measures
interact), it is built incrementally: each step adds the measure that adds most per unit
of cost to the package bought so far. It is the greedy path the convex hull of the
frontier follows when measures are independent, and a note marks where a constraint or
an interaction makes the optimum at that budget differ from the greedy package.

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
    """One measure in the order of buy with the running totals; ``benefit`` is its
    marginal value (what it adds to the measures bought before it)."""

    measure: int
    benefit: float
    cost: float
    ratio: float
    cumulative_cost: float
    cumulative_value: float
    note: str


def order_of_buy(problem: Problem, resource: int) -> list[BuyStep]:
    """The incremental order of buy: from the baseline, add at each step the measure
    whose **marginal** value (what it adds to the package bought so far: its benefit,
    less the overlap where levels reach a scale end or a value function flattens, plus
    its interactions with the package) per unit of ``resource`` is highest (free
    measures first, ties to the lower cost, then the lower index), while some measure
    still adds value; with running totals, and a note where the package at that budget
    is infeasible or not optimal under the problem's constraints."""
    costs = problem.costs[:, resource]
    steps, chosen = [], np.zeros(problem.size, dtype=bool)
    unconstrained = problem.with_limits(_without(problem.limits, resource))
    value = 0.0
    while True:
        step = _next_measure(problem, chosen, costs, value)
        if step is None:
            return steps
        i, gain, ratio = step
        chosen[i] = True
        value = problem.value(chosen)
        total_cost = float(costs @ chosen)
        note = _note(unconstrained, resource, chosen, total_cost, value)
        steps.append(BuyStep(i, gain, float(costs[i]), ratio, total_cost, value, note))


def _next_measure(problem: Problem, chosen: np.ndarray, costs: np.ndarray, value: float):
    """(measure, marginal value, ratio) of the best next purchase, or None."""
    left = np.flatnonzero(~chosen)
    if len(left) == 0:
        return None
    trials = np.repeat(chosen[None], len(left), axis=0)
    trials[np.arange(len(left)), left] = True
    gains = problem.values(trials) - value
    adds = gains > 1e-9 * max(1.0, abs(value))
    if not adds.any():
        return None
    left, gains, cost = left[adds], gains[adds], costs[left[adds]]
    ratio = np.divide(gains, cost, out=np.full(len(gains), np.inf), where=cost > 0)
    k = np.lexsort((left, cost, -ratio))[0]  # best ratio, then the lower cost, then index
    return int(left[k]), float(gains[k]), float(ratio[k])


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
    model, _ = base_model(problem.with_limits(limits))
    return run_highs(model)
