"""Inclusion frequency: how often a measure is in the best package of a sampled problem.

For samples :math:`s = 1..S` of the weights, performances (drawn by the SMAA samplers)
and costs (within their ranges), the inclusion frequency of measure ``i`` is

.. math:: f_i = \\frac{1}{S} \\sum_s x^*_i(s),

where :math:`x^*(s)` is an optimal package of sample ``s`` (the share of sampled optimal
packages that hold the measure). Measures with :math:`f \\ge 0.9` are in the best package
*nearly always*, with :math:`f \\le 0.1` *rarely*, the rest *sometimes*. Each sample is
decided exactly (:mod:`engine.portfolio.enumeration` for additive samples, or one HiGHS
program per sample past its size limits or where levels reach a scale end).

This is not Liesiö, Mild and Salo's (2007) *core index*, which is a measure's share among
all non-dominated portfolios under incomplete weight information (core: in every one);
a sampled optimum is one package per sample, and its frequency depends on the sampling
distribution. The analysis is the SMAA view of portfolios (Lahdelma and Salminen 2001).

References
----------
Liesiö, J., Mild, P. and Salo, A. (2007). Preference programming for robust portfolio
modeling and project selection. *European Journal of Operational Research* 181,
1488-1505 (the core index, for contrast).
Lahdelma, R. and Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
analysis for group decision making. *Operations Research* 49, 444-454.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.errors import InputError
from engine.portfolio import enumeration
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.problem import Problem
from engine.portfolio.sampled import Samples
from engine.portfolio.solver import best_package
from engine.progress import Progress, tick

NEARLY_ALWAYS, RARELY = 0.9, 0.1


@dataclass(frozen=True)
class InclusionFrequency:
    """Inclusion frequency per measure (``share``), the share of samples with no feasible
    package, and how the samples were decided ('enumeration' or 'one program per sample')."""

    share: np.ndarray
    infeasible: float
    method: str
    samples: int = 0

    def classes(self) -> list[str]:
        return [classify(v) for v in self.share]


def classify(share: float) -> str:
    """'nearly always' (>= 0.9), 'rarely' (<= 0.1) or 'sometimes'."""
    if share >= NEARLY_ALWAYS:
        return "nearly always"
    return "rarely" if share <= RARELY else "sometimes"


def best_packages(
    problem: Problem,
    benefits: np.ndarray,
    costs: np.ndarray | None = None,
    outcomes: Sequence[Outcomes] | None = None,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Optimal package of every sample.

    Parameters
    ----------
    problem : the constraints, limits and interactions (its benefit and costs are the
        nominal ones)
    benefits : (S, m) sampled benefits
    costs : (S, m, r) sampled costs, or None for the problem's own
    outcomes : each sample's criterion-level outcomes, or None when the samples are
        additive (then valued by ``benefits``)

    Returns
    -------
    packages : bool (S, m); feasible : bool (S,); method : str
    """
    codes = None if outcomes is not None else enumeration.candidates(problem, benefits, costs)
    if codes is None:  # outcomes that bend, or too many measures to enumerate
        found = per_sample(problem, benefits, costs, outcomes, progress, deadline)
        return (*found, "one program per sample")
    if len(codes) == 0:
        return np.zeros(benefits.shape, bool), np.zeros(len(benefits), bool), "enumeration"
    codes = enumeration.in_tie_order(problem, codes)
    pick = enumeration.best_of(problem, codes, benefits, costs)
    packages = enumeration.bits_of(codes, problem.size)[np.maximum(pick, 0)]
    packages[pick < 0] = False
    return packages, pick >= 0, "enumeration"


def per_sample(
    problem: Problem,
    benefits: np.ndarray,
    costs: np.ndarray | None = None,
    outcomes: Sequence[Outcomes] | None = None,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
) -> tuple[np.ndarray, np.ndarray]:
    """One HiGHS program per sample (the reference the enumeration is measured against);
    once ``deadline`` passes, the samples decided so far (the arrays are cut there; a
    sample whose program the deadline stopped is not counted)."""
    packages = np.zeros(benefits.shape, dtype=bool)
    feasible = np.ones(len(benefits), dtype=bool)
    for s, benefit in enumerate(benefits):
        if deadline.passed:
            return packages[:s], feasible[:s]
        if outcomes is None:
            sample = problem.with_benefit(benefit)
        else:
            sample = replace(problem, benefit=benefit, outcomes=outcomes[s])
        if costs is not None:
            sample = _with_costs(sample, costs[s])
        try:
            package = best_package(sample, time_limit=deadline.left())
        except InputError as exc:  # an infeasible sample: recorded, not fatal
            if exc.issues[0].code == "portfolio-unsolved" and deadline.seconds is not None:
                return packages[:s], feasible[:s]
            if exc.issues[0].code != "portfolio-infeasible":
                raise
            feasible[s] = False
        else:
            if package.status != "optimal":  # stopped by the deadline: not decided
                return packages[:s], feasible[:s]
            packages[s] = package.selected
        tick(progress, s + 1, len(benefits), "Inclusion frequency", "samples")
    return packages, feasible


def inclusion_frequency(
    problem: Problem,
    samples: Samples,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
) -> InclusionFrequency:
    """Share of samples whose optimal package holds each measure (infeasible samples
    count as holding none, and their share is reported)."""
    packages, feasible, method = best_packages(
        problem, samples.benefits, samples.costs, samples.outcomes, progress, deadline
    )
    if len(packages) == 0:  # stopped before the first sample: nothing to report
        return InclusionFrequency(np.zeros(problem.size), 0.0, method, 0)
    return InclusionFrequency(
        packages.mean(axis=0), float(1 - feasible.mean()), method, len(packages)
    )


def _with_costs(problem: Problem, costs: np.ndarray) -> Problem:
    return replace(problem, costs=np.asarray(costs, dtype=float))
