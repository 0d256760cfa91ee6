"""Core index (Liesiö, Mild and Salo 2007): how often a measure is in the best package.

For samples :math:`s = 1..S` of the benefits (weights and performances drawn by the SMAA
samplers) and of the costs (within their ranges), the core index of measure ``i`` is

.. math:: CI_i = \\frac{1}{S} \\sum_s x^*_i(s),

where :math:`x^*(s)` is an optimal package of sample ``s``. Measures with
:math:`CI \\ge 0.9` are *core*, with :math:`CI \\le 0.1` *exterior*, the rest
*borderline*. Each sample is decided exactly (:mod:`engine.portfolio.enumeration`, or
one HiGHS program per sample past its size limits).

References
----------
Liesiö, J., Mild, P. and Salo, A. (2007). Preference programming for robust portfolio
modeling and project selection. *European Journal of Operational Research* 181,
1488-1505 (core index, section 4).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.errors import InputError
from engine.portfolio import enumeration
from engine.portfolio.problem import Problem
from engine.portfolio.solver import best_package

CORE, EXTERIOR = 0.9, 0.1


@dataclass(frozen=True)
class CoreIndex:
    """Core index per measure, the share of samples with no feasible package, and how
    the samples were decided ('enumeration' or 'one program per sample')."""

    index: np.ndarray
    infeasible: float
    method: str
    samples: int = 0

    def classes(self) -> list[str]:
        return [classify(v) for v in self.index]


def classify(share: float) -> str:
    """'core' (>= 0.9), 'exterior' (<= 0.1) or 'borderline'."""
    return "core" if share >= CORE else "exterior" if share <= EXTERIOR else "borderline"


def best_packages(
    problem: Problem, benefits: np.ndarray, costs: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, str]:
    """Optimal package of every sample.

    Parameters
    ----------
    problem : the constraints, limits and interactions (its benefit and costs are the
        nominal ones)
    benefits : (S, m) sampled benefits
    costs : (S, m, r) sampled costs, or None for the problem's own

    Returns
    -------
    packages : bool (S, m); feasible : bool (S,); method : str
    """
    codes = enumeration.candidates(problem, benefits, costs)
    if codes is not None:
        if len(codes) == 0:
            return np.zeros(benefits.shape, bool), np.zeros(len(benefits), bool), "enumeration"
        codes = enumeration.in_tie_order(problem, codes)
        pick = enumeration.best_of(problem, codes, benefits, costs)
        packages = enumeration.bits_of(codes, problem.size)[np.maximum(pick, 0)]
        packages[pick < 0] = False
        return packages, pick >= 0, "enumeration"
    return (*per_sample(problem, benefits, costs), "one program per sample")


def per_sample(
    problem: Problem, benefits: np.ndarray, costs: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """One HiGHS program per sample (the reference the enumeration is measured against)."""
    packages = np.zeros(benefits.shape, dtype=bool)
    feasible = np.ones(len(benefits), dtype=bool)
    for s, benefit in enumerate(benefits):
        sample = problem.with_benefit(benefit)
        if costs is not None:
            sample = _with_costs(sample, costs[s])
        try:
            packages[s] = best_package(sample).selected
        except InputError as exc:  # an infeasible sample: recorded, not fatal
            if exc.issues[0].code != "portfolio-infeasible":
                raise
            feasible[s] = False
    return packages, feasible


def core_index(
    problem: Problem, benefits: np.ndarray, costs: np.ndarray | None = None
) -> CoreIndex:
    """Share of samples whose optimal package holds each measure (infeasible samples
    count as holding none, and their share is reported)."""
    packages, feasible, method = best_packages(problem, benefits, costs)
    return CoreIndex(packages.mean(axis=0), float(1 - feasible.mean()), method, len(benefits))


def _with_costs(problem: Problem, costs: np.ndarray) -> Problem:
    return replace(problem, costs=np.asarray(costs, dtype=float))
