"""The best package of a portfolio problem: one exact 0-1 integer program (HiGHS).

.. math::

    \\max_{x \\in \\{0,1\\}^m} \\; b^\\top x + \\sum_{i<j} s_{ij} y_{ij}
    \\quad \\text{s.t.} \\quad C^\\top x \\le L, \\; \\text{logical constraints},

(or, with criterion-level outcomes, the value of the package's clipped levels,
:mod:`engine.portfolio.outcome_program`), with each interaction linearised exactly:
:math:`y_{ij} \\le x_i`, :math:`y_{ij} \\le x_j`
(needed when :math:`s_{ij} > 0`) and :math:`y_{ij} \\ge x_i + x_j - 1` (when
:math:`s_{ij} < 0`), so :math:`y_{ij} = x_i x_j` at every optimum (Glover and Woolsey
1974, *Operations Research* 22, 180-182).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.errors import InputError, Location, error
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.highs import Model, Outcome
from engine.portfolio.highs import solve as run_highs
from engine.portfolio.outcome_program import LevelColumns, add_outcomes, level_terms
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.problem import Problem, make_problem


@dataclass(frozen=True)
class Package:
    """A package found by the solver.

    Attributes
    ----------
    selected : ndarray of bool, shape (m,)
    value : float
        Its value (benefits plus interactions).
    cost : ndarray, shape (r,)
    status : str
        'optimal', or 'time limit' when the solver stopped first (then ``gap`` > 0 may
        remain: the best package found is within ``gap`` (relative) of the optimum).
    gap : float
    """

    selected: np.ndarray
    value: float
    cost: np.ndarray
    status: str = "optimal"
    gap: float = 0.0

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


def solve(
    benefit,
    costs,
    limits,
    *,
    exclusive=(),
    requires=(),
    synergy=None,
    at_most=(),
    at_least=(),
    include=(),
    exclude=(),
) -> np.ndarray:
    """An optimal package: boolean array (m,).

    Parameters
    ----------
    benefit : array (m,)
    costs : array (m, r)
    limits : array (r,); ``inf`` means no limit
    exclusive : sequence of index sequences; at most one of each is chosen
    requires : sequence of ``(i, j)``; ``i`` is chosen only together with ``j``
    synergy : None or symmetric array (m, m); ``s_ij`` is added when both are chosen
    at_most, at_least : sequence of ``(indices, k)``
    include, exclude : indices that must / must not be chosen

    Raises
    ------
    engine.InputError
        ``portfolio-infeasible`` when no package meets every constraint.
    """
    problem = make_problem(
        benefit,
        costs,
        limits,
        exclusive=exclusive,
        requires=requires,
        synergy=synergy,
        at_most=at_most,
        at_least=at_least,
        include=include,
        exclude=exclude,
    )
    return best_package(problem).selected


def best_package(problem: Problem, *, time_limit: float | None = None) -> Package:
    """The optimal package of ``problem`` (see :class:`Package` for a time limit)."""
    model, x = base_model(problem)
    return package_of(problem, run_highs(model, time_limit=time_limit), x)


def exceeds(problem: Problem, value: float, *, time_limit: float | None = None) -> bool:
    """Whether some package of ``problem`` is worth more than ``value`` (by more than a
    relative 1e-9). HiGHS stops at the first package past it instead of proving the
    optimum; the package's value is recomputed from the arrays before it counts (else
    the program is solved to the end). A program the time limit stops first counts as
    no (raises 'portfolio-unsolved' when it found nothing)."""
    margin = 1e-9 * max(1.0, abs(value))
    model, x, constant = _valued_model(problem)
    outcome = run_highs(model, time_limit=time_limit, target=value - constant + margin)
    if outcome.status == "target reached" and outcome.x is not None:
        if problem.value(outcome.x[x] > 0.5) > value + margin:
            return True
        outcome = run_highs(model, time_limit=time_limit)
    return package_of(problem, outcome, x).value > value + margin


def base_model(problem: Problem, *, limits: bool = True) -> tuple[Model, np.ndarray]:
    """``problem`` as a HiGHS model whose objective is the package's value (less a
    constant). Returns the model and the columns of x."""
    model, x, _ = _valued_model(problem, limits=limits)
    return model, x


def _valued_model(problem: Problem, *, limits: bool = True) -> tuple[Model, np.ndarray, float]:
    """:func:`base_model` with the constant its objective leaves out (objective +
    constant = the package's value)."""
    model, x = constraint_model(problem, limits=limits)
    columns, coefficients, constant = add_value(model, x, problem)
    for column, coefficient in zip(columns, coefficients, strict=True):
        model.cost[column] += coefficient
    return model, x, constant


def constraint_model(problem: Problem, *, limits: bool = True) -> tuple[Model, np.ndarray]:
    """The measures and constraints of ``problem`` as a HiGHS model with no objective."""
    model = Model()
    x = model.columns(problem.size)
    if limits:
        add_limits(model, x, problem.costs, problem.limits)
    for name, entry in problem.constraints:
        KINDS[name].rows(model, x, entry)
    return model, x


def add_value(
    model: Model, x: np.ndarray, problem: Problem, levels: LevelColumns | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Add the columns and rows that express ``problem``'s value; returns the columns,
    coefficients and constant with :math:`V(x) = \\text{coefficients} \\cdot
    \\text{columns} + \\text{constant}` at every optimum (see
    :func:`engine.portfolio.outcome_program.add_outcomes` for criterion-level outcomes;
    ``levels``: level columns already in the model, shared with other pairs)."""
    columns, coefficients, constant = [x], [problem.benefit], 0.0
    if problem.outcomes is not None:
        outcomes = bounded(problem)
        if levels is None:
            linear, extra, weights, constant = add_outcomes(model, x, outcomes)
        else:
            linear, extra, weights, constant = level_terms(levels, outcomes)
        coefficients = [linear]
        columns += extra
        coefficients += weights
    for i, j, s in problem.pairs():
        y = model.columns(1, integer=False)[0]
        if s > 0:
            model.row([y, x[i]], [1.0, -1.0], upper=0.0)
            model.row([y, x[j]], [1.0, -1.0], upper=0.0)
        else:
            model.row([y, x[i], x[j]], [1.0, -1.0, -1.0], lower=-1.0)
        columns.append(np.array([y]))
        coefficients.append(np.array([s]))
    return np.concatenate(columns), np.concatenate(coefficients), constant


def bounded(problem: Problem) -> Outcomes:
    """The problem's outcomes with the reach its limits allow
    (:meth:`~engine.portfolio.outcomes.Outcomes.within`)."""
    return problem.outcomes.within(problem.costs, problem.limits)


def add_limits(model: Model, x: np.ndarray, costs: np.ndarray, limits: np.ndarray) -> None:
    """One row per resource with a finite limit: its total cost within the limit."""
    for k, limit in enumerate(limits):
        if np.isfinite(limit):
            model.row(x, costs[:, k], upper=limit)


def package_of(problem: Problem, outcome: Outcome, x: np.ndarray) -> Package:
    """The package in a solver outcome, its value and cost recomputed from the arrays."""
    if outcome.x is None:
        raise InputError([_no_package(outcome.status)])
    selected = outcome.x[x] > 0.5
    return Package(
        selected=selected,
        value=problem.value(selected),
        cost=problem.cost(selected),
        status=outcome.status,
        gap=outcome.gap,
    )


def _no_package(status: str):
    if status == "infeasible":
        return error(
            "portfolio-infeasible",
            Location(path="portfolio"),
            "no package meets every limit and constraint",
            "limits and constraints that some package can meet",
            "raise a limit or drop a constraint",
        )
    return error(
        "portfolio-unsolved",
        Location(path="portfolio"),
        f"the solver stopped without a package ({status})",
        "a package within the time limit",
        "allow more time (--time-limit)",
    )
