"""Robust packages across scenario x profile pairs (exact integer programs).

For pairs :math:`k = 1..K`, each with its own value :math:`V_k` (benefits, or levels on the
criteria), costs and limits (the logical constraints and interactions are the study's and
shared), a robust package must be feasible in every pair.

* **Maximin value**: :math:`\\max_x t` s.t. :math:`t \\le V_k(x)` for every k.
* **Minimax regret**: :math:`\\min_x r` s.t. :math:`r \\ge V_k^* - V_k(x)` for every k,
  where :math:`V_k^*` is the best value of pair k on its own (Kouvelis and Yu 1997).

References
----------
Kouvelis, P. and Yu, G. (1997). *Robust Discrete Optimization and Its Applications*.
Kluwer, ch. 1-2.
Balas, E. and Jeroslow, R. (1972). Canonical cuts on the unit hypercube. *SIAM Journal on
Applied Mathematics* 23(1), 61-69 (the no-good cut that finds the next-best package).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import InputError
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.highs import solve as run_highs
from engine.portfolio.outcome_program import add_levels, levels_key
from engine.portfolio.problem import Problem
from engine.portfolio.solver import (
    Package,
    add_limits,
    add_value,
    best_package,
    bounded,
    constraint_model,
    package_of,
)

RUNNERS_UP = 3
"""Packages shown after the recommended one, by least maximum regret."""


@dataclass(frozen=True)
class RobustPackage:
    """A package chosen across pairs, with its value and regret in each pair."""

    package: Package
    values: np.ndarray
    regrets: np.ndarray
    criterion: str

    @property
    def worst_value(self) -> float:
        return float(self.values.min())

    @property
    def max_regret(self) -> float:
        return float(self.regrets.max())


def robust_packages(
    problems: Sequence[Problem],
    best: Sequence[float] | None = None,
    *,
    deadline: Deadline = NONE,
) -> tuple[RobustPackage, RobustPackage]:
    """The maximin-value package and the minimax-regret package of ``problems`` (one per
    pair; same measures, logical constraints and interactions); ``best`` are the pairs'
    own optimal values when already known; each program gets the time left before
    ``deadline`` (one budget for both, not one each)."""
    best = np.array([best_package(p).value for p in problems] if best is None else best)
    maximin = _solve(problems, best, regret=False, time_limit=deadline.left())
    minimax = _solve(problems, best, regret=True, time_limit=deadline.left())
    return maximin, minimax


def _solve(
    problems: Sequence[Problem],
    best: np.ndarray,
    *,
    regret: bool,
    time_limit: float | None = None,
    other_than: Sequence[np.ndarray] = (),
) -> RobustPackage:
    first = problems[0]
    model, x = constraint_model(first, limits=False)
    bound = model.columns(1, lower=-np.inf, upper=np.inf, cost=1.0, integer=False)[0]
    shared = _shared_levels(model, x, problems)
    for problem, top, levels in zip(problems, best, shared, strict=True):
        add_limits(model, x, problem.costs, problem.limits)
        columns, weights, constant = add_value(model, x, problem, levels)
        columns = np.concatenate([columns, [bound]])
        if regret:  # r + V_k(x) >= V_k*
            model.row(columns, np.concatenate([weights, [1.0]]), lower=top - constant)
        else:  # V_k(x) - t >= 0
            model.row(columns, np.concatenate([weights, [-1.0]]), lower=-constant)
    for package in other_than:  # a no-good cut: differ from it in at least one measure
        chosen = np.asarray(package, dtype=bool)
        model.row(x, np.where(chosen, -1.0, 1.0), lower=1.0 - chosen.sum())
    package = package_of(first, run_highs(model, maximise=not regret, time_limit=time_limit), x)
    values = np.array([p.value(package.selected) for p in problems])
    return RobustPackage(
        package, values, best - values, "minimax regret" if regret else "maximin value"
    )


def _shared_levels(model, x: np.ndarray, problems: Sequence[Problem]) -> list:
    """Per problem, the level columns it shares with every problem of the same levels
    (the profiles of one scenario), added once for the criteria any of them weighs; None
    for a problem without criterion-level outcomes. Six scenarios x six profiles need
    six sets of level columns, not 36."""
    outcomes = [None if p.outcomes is None else bounded(p) for p in problems]
    keys = [None if o is None else levels_key(o) for o in outcomes]
    weighed: dict = {}
    for key, found in zip(keys, outcomes, strict=True):
        if key is not None:
            weighed[key] = weighed.get(key, False) | (found.weight != 0)
    columns: dict = {}
    for key, found in zip(keys, outcomes, strict=True):
        if key is not None and key not in columns:
            columns[key] = add_levels(model, x, found, weighed[key])
    return [None if key is None else columns[key] for key in keys]


def runners_up(
    problems: Sequence[Problem],
    best: Sequence[float],
    chosen: np.ndarray,
    count: int = RUNNERS_UP,
    *,
    deadline: Deadline = NONE,
) -> tuple[RobustPackage, ...]:
    """The next ``count`` packages by least maximum regret after ``chosen`` (each the
    minimax-regret package among those that differ from ``chosen`` and from the runners-up
    before it, by a no-good cut: Balas and Jeroslow 1972), fewer when fewer packages are
    feasible in every pair or ``deadline`` passes. How close they come says how much the
    recommended package's last measures rest on the judgments behind small differences."""
    found: list[RobustPackage] = []
    best = np.asarray(best, dtype=float)
    seen = [np.asarray(chosen, dtype=bool)]
    for _ in range(count):
        if deadline.passed:
            break
        try:
            runner = _solve(
                problems, best, regret=True, time_limit=deadline.left(), other_than=seen
            )
        except InputError:  # no other package is feasible in every pair (or none in time)
            break
        if runner.package.status != "optimal":
            break
        found.append(runner)
        seen.append(runner.package.selected)
    return tuple(found)
