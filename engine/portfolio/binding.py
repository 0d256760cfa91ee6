"""Binding constraints: the limits and constraints whose removal alone raises a pair's best
value, found by group testing (exact: the best value can only rise as constraints go)."""

from __future__ import annotations

import numpy as np

from engine.errors import InputError
from engine.portfolio import study_problems as sp
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.problem import Problem
from engine.portfolio.solver import exceeds
from engine.study import Study

Pair = tuple[str, str]


def binding(
    study: Study,
    pair: Pair,
    budgets: dict[str, float],
    problem: Problem,
    value: float,
    valued: Outcomes | None = None,
    deadline: Deadline = NONE,
) -> list[str]:
    """The limits and constraints whose removal alone raises the best value, in words
    (those checked before ``deadline`` passes).

    Constraints are found by group testing, exact because the best value can only rise as
    constraints are removed: when leaving out a group of constraints does not raise it, no
    member of the group binds alone, and the group is done in one program. Groups that do
    raise it are halved until single constraints remain, so ``b`` binding constraints among
    ``n`` cost about ``2 b log2(n / b) + 1`` programs instead of ``n``.
    """
    portfolio = sp.portfolio_of(study)
    if value >= problem.upper_bound() - 1e-9 * max(1.0, abs(value)):
        return []  # the package already reaches the bound no constraint can lift it past
    found = []
    for k, resource in enumerate(portfolio.resources):
        if np.isfinite(problem.limits[k]):
            limits = problem.limits.copy()
            limits[k] = np.inf
            if _better(problem.with_limits(limits), value, deadline):
                found.append(f"the limit on {resource.in_sentence}")

    def raises(group: list) -> bool:
        dropped = sp.problem(study, *pair, budgets, drop=[c.id for c in group], found=valued)
        return _better(dropped, value, deadline)

    groups = [list(portfolio.constraints)] if portfolio.constraints else []
    binds = []
    while groups and not deadline.passed:
        group = groups.pop()
        if not raises(group):
            continue
        if len(group) == 1:
            binds.append(group[0])
            continue
        half = len(group) // 2
        groups += [group[half:], group[:half]]  # the first half is tested next
    order = {c.id: k for k, c in enumerate(portfolio.constraints)}
    binds.sort(key=lambda c: order[c.id])
    return found + [constraint_words(study, c) for c in binds]


def constraint_words(study: Study, constraint) -> str:
    """A constraint as a planner says it, with the measures' (short) names."""
    names = ", ".join(study.option(o).label for o in constraint.options)
    members = names or f"the {constraint.category} measures"
    needs = ", ".join(study.option(o).label for o in constraint.requires)
    return KINDS[constraint.kind].words(members, needs, constraint.count)


def _better(problem: Problem, value: float, deadline: Deadline = NONE) -> bool:
    """Whether a package of ``problem`` is worth more than ``value`` (False when the
    deadline stops the program before it finds one)."""
    try:
        return exceeds(problem, value, time_limit=deadline.left())
    except InputError as exc:
        if exc.issues[0].code != "portfolio-unsolved" or deadline.seconds is None:
            raise
        return False
