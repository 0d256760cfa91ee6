"""The exact shortcut of the frontier: a relaxed problem's Pareto set by list merging.

For an additive problem (value :math:`\\sum_i b_i x_i`, no interactions, no
criterion-level outcomes) the Pareto set of (cost in one resource, value) of a
**relaxation** (the other resources' limits dropped, and every logical constraint the
merge cannot carry) is found by dynamic programming over the measures (Nemhauser and
Ullmann 1969): a list of (cost, value) states, one package each, cheapest first and each
worth more than every cheaper one, is merged with each *unit* in turn (a unit is a choice
of exactly one of its alternatives: leave out, or take a measure; an exclusive group
offers each member; a prerequisite pair offers the prerequisite alone or both), and the
dominated states are dropped.

Why it is exact where it applies: the relaxation allows every package the problem
allows. A relaxed Pareto package that is **feasible** in the problem is therefore on the
problem's frontier (nothing feasible beats it, since nothing relaxed does), and between
two neighbouring relaxed Pareto packages that are both feasible the problem's frontier has
no other point (the relaxed optimum at each budget in between is the cheaper one, and it
is feasible). Only where relaxed Pareto packages are infeasible (another resource or a
relaxed constraint binds) does the frontier need integer programs, over those cost
intervals alone (:func:`gaps`). Below the cost where a second resource starts to bind,
the whole frontier comes from the merge, in milliseconds instead of a program per point.

References
----------
Nemhauser, G. L. and Ullmann, Z. (1969). Discrete dynamic programming and capital
allocation. *Management Science* 15(9), 494-505.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.portfolio.problem import Problem

MOST_STATES = 200_000
"""States the merge may hold at once (each a package of ``m`` booleans); past it the
shortcut gives way to integer programs."""
TOLERANCE = 1e-9
"""Relative difference in value below which two states are worth the same."""


@dataclass(frozen=True)
class Relaxed:
    """A relaxation's Pareto set in one resource, cheapest first: ``packages`` (k, m) of
    booleans, their ``costs`` (k,) in the resource and ``values`` (k,)."""

    packages: np.ndarray
    costs: np.ndarray
    values: np.ndarray


def applies(problem: Problem) -> bool:
    """Whether the shortcut applies: the value is additive in the measures' benefits (no
    criterion-level outcomes, no interactions)."""
    return problem.outcomes is None and not problem.pairs()


def relaxed_frontier(
    problem: Problem,
    resource: int,
    top: float,
    resolution: float = 1e-6,
    most: int = MOST_STATES,
) -> Relaxed | None:
    """The Pareto set of (cost in ``resource`` up to ``top``, value) of the relaxation
    described in the module text, costs closer than ``resolution`` counting as equal (the
    frontier's step: sums of the same costs in another order differ in the last digit);
    None when the shortcut does not apply
    (:func:`applies`), a cost in the resource is negative, or more than ``most`` states
    would be held."""
    costs = problem.costs[:, resource]
    if not applies(problem) or np.any(costs < 0):
        return None
    fixed = np.zeros(problem.size, dtype=bool)
    fixed[list(problem.include)] = True
    fixed[list(problem.exclude)] = False  # an excluded included measure: found infeasible
    base_cost = float(costs @ fixed)
    if base_cost > top * (1 + TOLERANCE) + TOLERANCE:
        return Relaxed(np.zeros((0, problem.size), bool), np.zeros(0), np.zeros(0))
    state = Relaxed(fixed[None].copy(), np.array([base_cost]), np.array([problem.benefit @ fixed]))
    for unit in units(problem):
        state = _merge(state, unit, costs, problem.benefit, top, resolution)
        if len(state.costs) > most:
            return None
    return state


def units(problem: Problem) -> list[list[tuple[int, ...]]]:
    """The choices the merge makes, each a list of alternatives (tuples of measures; the
    empty alternative is implied): exclusive groups that share no measure with another
    group or prerequisite, prerequisite pairs that share none either, every other free
    measure on its own (its constraints relaxed). Included and excluded measures are
    fixed and form no unit."""
    fixed = set(problem.include) | set(problem.exclude)
    uses: dict[int, int] = {}
    for group in problem.exclusive:
        for i in set(group):
            uses[i] = uses.get(i, 0) + 1
    for pair in problem.requires:
        for i in set(pair):
            uses[i] = uses.get(i, 0) + 1
    found, placed = [], set(fixed)
    for group in problem.exclusive:
        members = sorted(set(group) - fixed)
        if members and all(uses[i] == 1 for i in group) and not placed & set(members):
            found.append([(i,) for i in members])
            placed |= set(members)
    for i, j in problem.requires:
        if i != j and uses[i] == uses[j] == 1 and not {i, j} & placed:
            found.append([(j,), (i, j)])
            placed |= {i, j}
    found += [[(i,)] for i in range(problem.size) if i not in placed]
    return found


def _merge(
    state: Relaxed,
    unit: list[tuple[int, ...]],
    costs: np.ndarray,
    benefit: np.ndarray,
    top: float,
    resolution: float,
) -> Relaxed:
    """The states after choosing one alternative of ``unit`` (or none), dominated ones
    dropped: sorted by cost to ``resolution`` (then value, highest first), a state is kept
    when it is worth more than every cheaper one."""
    packages, cost, value = [state.packages], [state.costs], [state.values]
    for members in unit:
        added = list(members)
        taken = state.packages.copy()
        taken[:, added] = True
        packages.append(taken)
        cost.append(state.costs + costs[added].sum())
        value.append(state.values + benefit[added].sum())
    packages, cost, value = np.concatenate(packages), np.concatenate(cost), np.concatenate(value)
    within = cost <= top * (1 + TOLERANCE) + TOLERANCE
    packages, cost, value = packages[within], cost[within], value[within]
    order = np.lexsort((-value, np.floor(cost / resolution + 0.5)))
    packages, cost, value = packages[order], cost[order], value[order]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], value[:-1]]))
    keep = value > best_before + TOLERANCE * np.maximum(1.0, np.abs(value))
    return Relaxed(packages[keep], cost[keep], value[keep])


def gaps(
    relaxed: Relaxed, feasible: np.ndarray, top: float, step: float
) -> list[tuple[float, float]]:
    """Cost intervals ``(floor, cap)`` where the problem's frontier may hold packages the
    relaxation's feasible ones do not give: each run of infeasible relaxed packages, from
    the feasible one below it (``-inf`` when none) to ``step`` below the feasible one
    above it (``top`` when none). Programs traced from ``cap`` down to ``floor`` fill it."""
    found = []
    k, count = 0, len(relaxed.costs)
    while k < count:
        if feasible[k]:
            k += 1
            continue
        end = k
        while end < count and not feasible[end]:
            end += 1
        floor = float(relaxed.costs[k - 1]) if k > 0 else -np.inf
        cap = float(relaxed.costs[end]) - step if end < count else top
        found.append((floor, cap))
        k = end
    return found
