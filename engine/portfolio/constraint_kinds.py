"""Constraint kinds, each self-describing in one place (as :class:`~engine.methods.MethodSpec`
describes a method): how a study's declaration becomes array entries of a
:class:`~engine.portfolio.problem.Problem`, the integer program's rows, the feasibility
test of packages (as booleans and as bit codes), the planner's words, and the live
formula of the Package builder. A new kind is declared here and named in
``engine.model.CONSTRAINT_KINDS``; nothing else changes.

Entries: ``exclusive``, a group of measure indices (at most one); ``requires``, a pair
``(i, j)`` (i only with j); ``at_most`` / ``at_least``, ``(group, k)``; ``include`` /
``exclude``, a group (every one must / must not be chosen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.portfolio.highs import Model

Entry = Any
"""One constraint in array form (its shape is the kind's own, see the module text)."""


@dataclass(frozen=True)
class ConstraintKind:
    """What the engine needs to know about one kind of constraint.

    Attributes
    ----------
    name : the kind's id in ``portfolio.yaml``
    entries : from a declaration's member indices, prerequisite indices and count, the
        entries it adds to the problem
    rows : adds an entry's rows (or column bounds) to a HiGHS model over columns ``x``
    holds : which packages (k, m) of booleans meet an entry
    holds_codes : which bit codes (bit i = measure i) meet an entry
    words : the constraint in a planner's words, from the members' and prerequisites'
        names and the count
    violated : the live test (a formula that is TRUE when violated) from the members' and
        prerequisites' tick expressions and the count
    """

    name: str
    entries: Callable[[list[int], list[int], int | None], list[Entry]]
    rows: Callable[[Model, np.ndarray, Entry], None]
    holds: Callable[[np.ndarray, Entry], np.ndarray]
    holds_codes: Callable[[np.ndarray, Entry], np.ndarray]
    words: Callable[[str, str, int | None], str]
    violated: Callable[[list[str], list[str], int | None], str]


def _mask(group: Sequence[int]) -> int:
    return int(sum(1 << int(i) for i in group))


def _count(codes: np.ndarray, group: Sequence[int]) -> np.ndarray:
    return np.bitwise_count(codes & _mask(group))


def _sum(ticks: list[str]) -> str:
    return "+".join(ticks) or "0"


def _fix(model: Model, x: np.ndarray, group: Sequence[int], value: float) -> None:
    side = model.lower if value == 1.0 else model.upper
    for i in group:
        side[int(x[i])] = value


EXCLUSIVE = ConstraintKind(
    name="exclusive",
    entries=lambda members, needs, count: [tuple(members)],
    rows=lambda model, x, group: model.row(x[list(group)], 1.0, upper=1.0),
    holds=lambda packages, group: packages[:, list(group)].sum(axis=1) <= 1,
    holds_codes=lambda codes, group: _count(codes, group) <= 1,
    words=lambda members, needs, count: f"at most one of {members}",
    violated=lambda ticks, needs, count: f"({_sum(ticks)})>1",
)
REQUIRES = ConstraintKind(
    name="requires",
    entries=lambda members, needs, count: [(i, j) for i in members for j in needs],
    rows=lambda model, x, pair: model.row(x[list(pair)], [1.0, -1.0], upper=0.0),
    holds=lambda packages, pair: ~packages[:, pair[0]] | packages[:, pair[1]],
    holds_codes=lambda codes, pair: ((codes >> pair[0]) & 1) <= ((codes >> pair[1]) & 1),
    words=lambda members, needs, count: f"{members} only with {needs}",
    violated=lambda ticks, needs, count: (
        "OR(" + ",".join(f"AND({t}=1,{_sum(needs)}<{len(needs)})" for t in ticks) + ")"
    ),
)
AT_MOST = ConstraintKind(
    name="at_most",
    entries=lambda members, needs, count: [(tuple(members), int(count or 0))],
    rows=lambda model, x, entry: model.row(x[list(entry[0])], 1.0, upper=entry[1]),
    holds=lambda packages, entry: packages[:, list(entry[0])].sum(axis=1) <= entry[1],
    holds_codes=lambda codes, entry: _count(codes, entry[0]) <= entry[1],
    words=lambda members, needs, count: f"at most {count} of {members}",
    violated=lambda ticks, needs, count: f"({_sum(ticks)})>{count}",
)
AT_LEAST = ConstraintKind(
    name="at_least",
    entries=lambda members, needs, count: [(tuple(members), int(count or 0))],
    rows=lambda model, x, entry: model.row(x[list(entry[0])], 1.0, lower=entry[1]),
    holds=lambda packages, entry: packages[:, list(entry[0])].sum(axis=1) >= entry[1],
    holds_codes=lambda codes, entry: _count(codes, entry[0]) >= entry[1],
    words=lambda members, needs, count: f"at least {count} of {members}",
    violated=lambda ticks, needs, count: f"({_sum(ticks)})<{count}",
)
INCLUDE = ConstraintKind(
    name="include",
    entries=lambda members, needs, count: [tuple(members)],
    rows=lambda model, x, group: _fix(model, x, group, 1.0),
    holds=lambda packages, group: packages[:, list(group)].all(axis=1),
    holds_codes=lambda codes, group: (codes & _mask(group)) == _mask(group),
    words=lambda members, needs, count: f"must include {members}",
    violated=lambda ticks, needs, count: f"({_sum(ticks)})<{len(ticks)}",
)
EXCLUDE = ConstraintKind(
    name="exclude",
    entries=lambda members, needs, count: [tuple(members)],
    rows=lambda model, x, group: _fix(model, x, group, 0.0),
    holds=lambda packages, group: ~packages[:, list(group)].any(axis=1),
    holds_codes=lambda codes, group: (codes & _mask(group)) == 0,
    words=lambda members, needs, count: f"must leave out {members}",
    violated=lambda ticks, needs, count: f"({_sum(ticks)})>0",
)

KINDS: dict[str, ConstraintKind] = {
    kind.name: kind for kind in (EXCLUSIVE, REQUIRES, AT_MOST, AT_LEAST, INCLUDE, EXCLUDE)
}
