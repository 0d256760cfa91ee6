"""A 0-1 portfolio problem in arrays: benefits, costs, limits and logical constraints.

A package is a boolean vector ``x`` over ``m`` measures. Its value is

.. math:: V(x) = \\sum_i b_i x_i + \\sum_{i<j} s_{ij} x_i x_j ,

the sum of the measures' benefits plus the declared pairwise interactions (synergy
``s > 0`` or redundancy ``s < 0``) or, when the problem carries criterion-level
:class:`~engine.portfolio.outcomes.Outcomes`, the value of where the package leaves each
criterion (levels clipped to the scales, value functions applied) plus the same pairwise
interactions; ``b`` is then each measure's value alone, for display. It is feasible
when its cost stays within every limit, :math:`\\sum_i c_{ik} x_i \\le L_k`, and every
logical constraint holds.

References
----------
Phillips, L. D. and Bana e Costa, C. A. (2007). Transparent prioritisation, budgeting and
resource allocation with multi-criteria decision analysis and decision conferencing.
*Annals of Operations Research* 154, 51-68.
Liesiö, J., Mild, P. and Salo, A. (2007). Preference programming for robust portfolio
modeling and project selection. *European Journal of Operational Research* 181, 1488-1505.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.outcomes import Outcomes

FEASIBILITY_TOLERANCE = 1e-9
"""Relative slack allowed on a limit (floating-point sums of costs)."""

Indices = tuple[int, ...]


@dataclass(frozen=True)
class Problem:
    """Arrays of one portfolio problem; indices refer to measures ``0..m-1``.

    Attributes
    ----------
    benefit : ndarray, shape (m,)
    costs : ndarray, shape (m, r)
    limits : ndarray, shape (r,); ``inf`` for a resource without a limit
    constraints : ``(kind, entry)`` pairs, each entry shaped as its kind says
        (:mod:`engine.portfolio.constraint_kinds`); the properties ``exclusive``,
        ``requires``, ``at_most``, ``at_least``, ``include`` and ``exclude`` list them by kind
    synergy : ndarray (m, m), symmetric, or None; the diagonal is ignored
    outcomes : criterion-level outcomes, or None (the value is then additive in ``benefit``)
    """

    benefit: np.ndarray
    costs: np.ndarray
    limits: np.ndarray
    constraints: tuple[tuple[str, Any], ...] = ()
    synergy: np.ndarray | None = field(default=None, compare=False)
    outcomes: Outcomes | None = field(default=None, compare=False)

    @property
    def size(self) -> int:
        return len(self.benefit)

    def entries(self, kind: str) -> tuple:
        """The entries of one kind of constraint."""
        return tuple(entry for name, entry in self.constraints if name == kind)

    @property
    def exclusive(self) -> tuple[Indices, ...]:
        return self.entries("exclusive")

    @property
    def requires(self) -> tuple[tuple[int, int], ...]:
        return self.entries("requires")

    @property
    def at_most(self) -> tuple[tuple[Indices, int], ...]:
        return self.entries("at_most")

    @property
    def at_least(self) -> tuple[tuple[Indices, int], ...]:
        return self.entries("at_least")

    @property
    def include(self) -> Indices:
        return tuple(i for group in self.entries("include") for i in group)

    @property
    def exclude(self) -> Indices:
        return tuple(i for group in self.entries("exclude") for i in group)

    def with_excluded(self, measures: Sequence[int]) -> Problem:
        """The same problem with ``measures`` excluded as well."""
        extra = (("exclude", tuple(int(i) for i in measures)),)
        return replace(self, constraints=(*self.constraints, *extra))

    def pairs(self) -> list[tuple[int, int, float]]:
        """Interacting pairs ``(i, j, s_ij)`` with ``i < j`` and ``s_ij != 0``."""
        if self.synergy is None:
            return []
        upper = np.triu(self.synergy, k=1)
        return [
            (int(i), int(j), float(upper[i, j])) for i, j in zip(*np.nonzero(upper), strict=True)
        ]

    def values(self, packages: np.ndarray, benefit: np.ndarray | None = None) -> np.ndarray:
        """Values of packages (k, m) as booleans or 0/1; ``benefit`` may be (m,) or (k, m)
        and replaces the problem's value model by additive benefits."""
        x = np.atleast_2d(np.asarray(packages, dtype=float))
        if benefit is None and self.outcomes is not None:
            base = self.outcomes.values(x)
        else:
            b = self.benefit if benefit is None else np.asarray(benefit, dtype=float)
            base = x @ b if b.ndim == 1 else np.einsum("km,km->k", x, b)
        for i, j, s in self.pairs():
            base = base + s * x[:, i] * x[:, j]
        return base

    def value(self, package: np.ndarray) -> float:
        return float(self.values(package)[0])

    def upper_bound(self) -> float:
        """A value no package can pass: every gain at once, no loss."""
        synergy = sum(max(s, 0.0) for _, _, s in self.pairs())
        if self.outcomes is None:
            return float(np.maximum(self.benefit, 0).sum()) + synergy
        out = self.outcomes
        best = [np.max(out.pieces(j)[1]) for j in range(out.criteria)]
        gain = np.asarray(best) - out.criterion_values(out.base[None])[0]
        return float(np.maximum(gain, 0) @ out.weight) + synergy

    def cost(self, package: np.ndarray) -> np.ndarray:
        return np.asarray(package, dtype=float) @ self.costs

    def feasible(self, packages: np.ndarray) -> np.ndarray:
        """Which packages (k, m) satisfy every limit and logical constraint."""
        x = np.atleast_2d(np.asarray(packages, dtype=bool))
        ok = np.all(x.astype(float) @ self.costs <= _with_slack(self.limits), axis=1)
        for name, entry in self.constraints:
            ok &= KINDS[name].holds(x, entry)
        return ok

    def with_limits(self, limits: Sequence[float] | np.ndarray) -> Problem:
        return replace(self, limits=np.asarray(limits, dtype=float))

    def with_benefit(self, benefit: np.ndarray) -> Problem:
        """The same problem with additive benefits (and no criterion-level outcomes)."""
        return replace(self, benefit=np.asarray(benefit, dtype=float), outcomes=None)


def _with_slack(limits: np.ndarray) -> np.ndarray:
    limits = np.asarray(limits, dtype=float)
    return limits + FEASIBILITY_TOLERANCE * np.maximum(
        1.0, np.abs(np.where(np.isinf(limits), 0, limits))
    )


def make_problem(
    benefit,
    costs,
    limits,
    *,
    exclusive: Sequence[Sequence[int]] = (),
    requires: Sequence[Sequence[int]] = (),
    at_most: Sequence[tuple[Sequence[int], int]] = (),
    at_least: Sequence[tuple[Sequence[int], int]] = (),
    include: Sequence[int] = (),
    exclude: Sequence[int] = (),
    synergy=None,
    outcomes: Outcomes | None = None,
    constraints: Sequence[tuple[str, Any]] = (),
) -> Problem:
    """A :class:`Problem` from array-likes, shapes checked (ValueError when they disagree);
    ``constraints`` are ``(kind, entry)`` pairs already shaped by their kind (a study's,
    :func:`engine.portfolio.study_problems.problem`), after those given by keyword."""
    b = np.asarray(benefit, dtype=float).reshape(-1)
    m = b.size
    c = np.asarray(costs, dtype=float)
    lim = np.asarray(limits, dtype=float).reshape(-1)
    if c.ndim == 1 and lim.size == 1:
        c = c.reshape(-1, 1)  # one resource given as a vector
    if c.size == 0:
        c = np.zeros((m, lim.size))
    if c.shape != (m, lim.size):
        raise ValueError(f"costs have shape {c.shape}; expected ({m}, {lim.size})")
    if not (np.all(np.isfinite(b)) and np.all(np.isfinite(c)) and not np.any(np.isnan(lim))):
        raise ValueError("benefits and costs must be finite numbers and limits not NaN")
    s = None
    if synergy is not None:
        s = np.asarray(synergy, dtype=float)
        if s.shape != (m, m) or not np.all(np.isfinite(s)):
            raise ValueError(f"synergy must be a finite ({m}, {m}) array")
        if not np.allclose(s, s.T, rtol=0, atol=1e-12):
            raise ValueError("synergy must be symmetric")
    if outcomes is not None:
        if outcomes.change.shape[0] != m:
            raise ValueError(f"outcomes hold {outcomes.change.shape[0]} measures; expected {m}")
        b = outcomes.alone()
    index = _indices(m)
    return Problem(
        benefit=b,
        costs=c,
        limits=lim,
        constraints=(
            *(("exclusive", index(g)) for g in exclusive),
            *(("requires", (index([i])[0], index([j])[0])) for i, j in requires),
            *(("at_most", (index(g), int(k))) for g, k in at_most),
            *(("at_least", (index(g), int(k))) for g, k in at_least),
            *((("include", index(include)),) if len(include) else ()),
            *((("exclude", index(exclude)),) if len(exclude) else ()),
            *((str(kind), entry) for kind, entry in constraints),
        ),
        synergy=s,
        outcomes=outcomes,
    )


def _indices(m: int):
    def index(group: Sequence[int]) -> Indices:
        out = tuple(int(i) for i in group)
        if any(not 0 <= i < m for i in out):
            raise ValueError(f"a measure index outside 0..{m - 1}: {list(out)}")
        return out

    return index
