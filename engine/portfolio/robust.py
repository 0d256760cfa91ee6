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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.portfolio.highs import solve as run_highs
from engine.portfolio.problem import Problem
from engine.portfolio.solver import (
    Package,
    add_limits,
    add_value,
    best_package,
    constraint_model,
    package_of,
)


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
    time_limit: float | None = None,
) -> tuple[RobustPackage, RobustPackage]:
    """The maximin-value package and the minimax-regret package of ``problems`` (one per
    pair; same measures, logical constraints and interactions); ``best`` are the pairs'
    own optimal values when already known; ``time_limit`` for each program (seconds)."""
    best = np.array([best_package(p).value for p in problems] if best is None else best)
    maximin = _solve(problems, best, regret=False, time_limit=time_limit)
    minimax = _solve(problems, best, regret=True, time_limit=time_limit)
    return maximin, minimax


def _solve(
    problems: Sequence[Problem],
    best: np.ndarray,
    *,
    regret: bool,
    time_limit: float | None = None,
) -> RobustPackage:
    first = problems[0]
    model, x = constraint_model(first, limits=False)
    bound = model.columns(1, lower=-np.inf, upper=np.inf, cost=1.0, integer=False)[0]
    for problem, top in zip(problems, best, strict=True):
        add_limits(model, x, problem.costs, problem.limits)
        columns, weights, constant = add_value(model, x, problem)
        columns = np.concatenate([columns, [bound]])
        if regret:  # r + V_k(x) >= V_k*
            model.row(columns, np.concatenate([weights, [1.0]]), lower=top - constant)
        else:  # V_k(x) - t >= 0
            model.row(columns, np.concatenate([weights, [-1.0]]), lower=-constant)
    package = package_of(first, run_highs(model, maximise=not regret, time_limit=time_limit), x)
    values = np.array([p.value(package.selected) for p in problems])
    return RobustPackage(
        package, values, best - values, "minimax regret" if regret else "maximin value"
    )
