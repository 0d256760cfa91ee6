"""A study's scenario x profile pairs as portfolio problems, and their best packages.

**Benefit of a measure** (value points, 0-100 scale): its additive score minus the
baseline option's score, both on the criteria that are not resources (a criterion that
measures a resource, e.g. fiscal cost, is the resource's cost and is left out), with the
profile's global weights renormalised over those criteria:

.. math:: b_i = \\sum_{j \\notin R} \\tilde w_j \\,(v_j(x_{ij}) - v_j(x_{0j})),
   \\qquad \\tilde w_j = w_j / \\sum_{k \\notin R} w_k .

**Value of a package**: where it leaves each of those criteria (the baseline's level plus
its measures' changes plus the declared criterion interactions, clipped to the scale),
valued by the criterion's value function, weighted as above, less the baseline's score;
plus the declared value-point interactions of pairs (:mod:`engine.portfolio.outcomes`).
Where no level can pass a scale end or a value function's breakpoint and no criterion
interaction is declared, this is the sum of the benefits (additive independence, Keeney
and Raiffa 1976, ch. 6; Phillips and Bana e Costa 2007), and the problem is built as such.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from engine.delivery import joint
from engine.errors import InputError, Location, error
from engine.model import Portfolio
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.outcomes import Outcomes, make_outcomes
from engine.portfolio.problem import Problem, make_problem
from engine.portfolio.solver import Package, best_package
from engine.portfolio_checks import (
    constraint_members,
    cost_table,
    funded_measures,
    measures,
    scenario_limit,
)
from engine.study import Study
from engine.valuefn import value_points


def portfolio_of(study: Study) -> Portfolio:
    """The study's portfolio declarations (an InputError when it has none)."""
    if study.portfolio is None:
        raise InputError(
            [
                error(
                    "portfolio-missing",
                    Location("scenarios/portfolio.yaml"),
                    "the study declares no resources",
                    "scenarios/portfolio.yaml with a baseline and resources",
                    "see docs/portfolio.md",
                )
            ]
        )
    return study.portfolio


def measure_ids(study: Study) -> list[str]:
    return measures(portfolio_of(study), study.options)


def benefit_mask(study: Study) -> np.ndarray:
    """Criteria that count towards the benefit (every criterion no resource measures)."""
    portfolio_of(study)  # a study without resources has no benefit to compute: said
    return ~study.spent_mask()


def benefit_criteria(study: Study) -> list[str]:
    """Ids of the criteria that count towards the benefit, in study order."""
    return [c for c, k in zip(study.criteria, benefit_mask(study), strict=True) if k]


def benefit_weights(study: Study, weights: np.ndarray) -> np.ndarray:
    """Weights (..., n) zeroed on resource criteria and renormalised over the rest."""
    kept = np.where(benefit_mask(study), weights, 0.0)
    total = kept.sum(axis=-1, keepdims=True)
    return np.divide(kept, total, out=np.zeros_like(kept), where=total > 0)


def benefits(study: Study, scenario: str, profile: str) -> pd.Series:
    """Benefit of every measure over the baseline in a pair (value points)."""
    values = study.values(scenario)
    weights = benefit_weights(study, study.weight_vector(profile))
    scores = values.to_numpy() @ weights
    base = scores[study.options.index(portfolio_of(study).baseline)]
    ids = measure_ids(study)
    rows = [study.options.index(o) for o in ids]
    return pd.Series(scores[rows] - base, index=ids, name="benefit")


def outcomes(
    study: Study,
    scenario: str,
    profile: str,
    *,
    performance: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> Outcomes:
    """Criterion-level outcomes of a pair on the criteria that count towards the benefit
    (in study order); ``performance`` (options x criteria) and ``weights`` (criteria)
    replace the study's, e.g. by a sample's."""
    portfolio = portfolio_of(study)
    mask = benefit_mask(study)
    table = study.performance(scenario).to_numpy() if performance is None else performance
    weights = study.weight_vector(profile) if weights is None else weights
    base = table[study.options.index(portfolio.baseline)][mask]
    rows = [study.options.index(o) for o in measure_ids(study)]
    kept = benefit_criteria(study)
    index = {o: i for i, o in enumerate(measure_ids(study))}
    groups = [  # each at its expected size: it happens only when all are delivered
        ([index[o] for o in i.options], kept.index(i.criterion), i.change * together(study, i))
        for i in portfolio.interactions
        if i.on_criterion
    ]
    return make_outcomes(
        base,
        table[rows][:, mask] - base,
        benefit_weights(study, weights)[mask],
        [value_points(c) for c, k in zip(study.tree.criteria, mask, strict=True) if k],
        groups,
    )


def together(study: Study, interaction) -> float:
    """The share of an interaction's size a package counts: the probability that all its
    measures are delivered (:func:`engine.delivery.joint`; 1 without likelihoods)."""
    return joint([study.option(o) for o in interaction.options])


def costs(study: Study, scenario: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cost value, low and high of every measure (m, r) in a scenario."""
    portfolio = portfolio_of(study)
    by_id = {s.id: s for s in study.scenario_records}
    ids = measure_ids(study)
    out = np.zeros((3, len(ids), len(portfolio.resources)))
    for k, resource in enumerate(portfolio.resources):
        funded = funded_measures(portfolio, study.option_records, resource)
        table = cost_table(portfolio, study.scenario_records, by_id, scenario, resource, funded)
        for i, option in enumerate(ids):
            out[:, i, k] = table[option]
    return out[0], out[1], out[2]


def limits(study: Study, scenario: str, budgets: Mapping[str, float] | None = None) -> np.ndarray:
    """Limit of every resource in a scenario; ``budgets`` (resource -> amount) override."""
    portfolio = portfolio_of(study)
    budgets = dict(budgets or {})
    unknown = [r for r in budgets if r not in {x.id for x in portfolio.resources}]
    if unknown:
        raise InputError(
            [
                error(
                    "resource-unknown",
                    Location(path="--budget"),
                    f"unknown resource '{r}'",
                    "one of " + ", ".join(x.id for x in portfolio.resources),
                )
                for r in unknown
            ]
        )
    out = []
    for resource in portfolio.resources:
        limit = budgets.get(resource.id, scenario_limit(resource, scenario))
        out.append(np.inf if limit is None else float(limit))
    return np.array(out)


def problem(
    study: Study,
    scenario: str,
    profile: str,
    budgets: Mapping[str, float] | None = None,
    benefit: np.ndarray | None = None,
    *,
    drop: str | Collection[str] = (),
    found: Outcomes | None = None,
) -> Problem:
    """The portfolio problem of a pair (measures in :func:`measure_ids` order), valued by
    its outcomes (``found``, or :func:`outcomes`; additive benefits where they are exact),
    or by ``benefit`` when given; ``drop`` names a constraint, or several, to leave out (to
    see whether they bind)."""
    drop = {drop} if isinstance(drop, str) else set(drop)
    portfolio = portfolio_of(study)
    ids = measure_ids(study)
    index = {o: i for i, o in enumerate(ids)}
    options = {o.id: o for o in study.option_records if o.id in index}
    entries = []
    for constraint in portfolio.constraints:
        if constraint.id in drop:
            continue
        members = [index[o] for o in constraint_members(constraint, options) if o in index]
        needs = [index[o] for o in constraint.requires if o in index]
        kind = KINDS[constraint.kind]
        entries += [(kind.name, e) for e in kind.entries(members, needs, constraint.count)]
    synergy = np.zeros((len(ids), len(ids)))
    pairs = [i for i in portfolio.interactions if not i.on_criterion]
    for interaction in pairs:
        i, j = (index[o] for o in interaction.options)
        synergy[i, j] += interaction.value * together(study, interaction)
        synergy[j, i] += interaction.value * together(study, interaction)
    if benefit is None:
        found = outcomes(study, scenario, profile) if found is None else found
        benefit = found.alone()
    else:
        found = None
    return make_problem(
        benefit,
        costs(study, scenario)[0],
        limits(study, scenario, budgets),
        synergy=synergy if pairs else None,
        outcomes=None if found is None or found.is_additive() else found,
        constraints=entries,
    )


@dataclass(frozen=True)
class PortfolioResult:
    """The best package of a scenario x profile pair.

    Attributes
    ----------
    scenario, profile : str
    selected : list of option ids in the package
    value : float
        Sum of the chosen benefits plus interactions (value points over the baseline).
    cost : dict resource -> amount spent
    limits : dict resource -> limit (inf: none)
    benefit : Series option -> benefit used
    status : 'optimal' or 'time limit'; gap : float
    levels : DataFrame by benefit criterion
        ``low`` and ``high`` (the scale's ends), ``baseline`` (the baseline's level),
        ``reached`` (the package's level before clipping), ``level`` (after clipping) and
        ``saturated`` (True where ``reached`` lies past a scale end).
    """

    scenario: str
    profile: str
    selected: list[str]
    value: float
    cost: dict[str, float]
    limits: dict[str, float]
    benefit: pd.Series
    status: str
    gap: float
    package: Package
    levels: pd.DataFrame

    def saturated(self) -> list[str]:
        """Criteria where the package reaches past a scale end (its measures overlap)."""
        return list(self.levels.index[self.levels["saturated"]])


def optimise(
    study: Study,
    scenario: str,
    profile: str,
    budgets: Mapping[str, float] | None = None,
    *,
    time_limit: float | None = None,
) -> PortfolioResult:
    """The best package of a scenario x profile pair under the study's limits (or
    ``budgets``, resource -> amount) and constraints.

    Raises
    ------
    InputError
        ``portfolio-missing`` for a study without resources, ``portfolio-infeasible``
        when no package meets the constraints.
    """
    study.scenario(scenario)
    study.profile(profile)
    found = outcomes(study, scenario, profile)
    pair = problem(study, scenario, profile, budgets, found=found)
    return solved(study, (scenario, profile), pair, found, time_limit=time_limit)


def solved(
    study: Study,
    pair: tuple[str, str],
    posed: Problem,
    valued: Outcomes,
    *,
    time_limit: float | None = None,
) -> PortfolioResult:
    """The best package of a pair's problem ``posed``, with its levels by ``valued``."""
    scenario, profile = pair
    resources = [r.id for r in portfolio_of(study).resources]
    try:
        package = best_package(posed, time_limit=time_limit)
    except InputError as exc:  # say in which future, under which limits
        limits = ", ".join(f"{r} {v:g}" for r, v in zip(resources, posed.limits, strict=True))
        where = f" in scenario '{scenario}' ({study.scenario(scenario).name}; limits: {limits})"
        raise InputError([replace(i, found=i.found + where) for i in exc.issues]) from None
    ids = measure_ids(study)
    return PortfolioResult(
        scenario=scenario,
        profile=profile,
        selected=[o for o, chosen in zip(ids, package.selected, strict=True) if chosen],
        value=package.value,
        cost=dict(zip(resources, map(float, package.cost), strict=True)),
        limits=dict(zip(resources, map(float, posed.limits), strict=True)),
        benefit=pd.Series(posed.benefit, index=ids, name="benefit"),
        status=package.status,
        gap=package.gap,
        package=package,
        levels=package_levels(study, valued, package.selected),
    )


def package_levels(study: Study, found: Outcomes, selected: np.ndarray) -> pd.DataFrame:
    """A package's level on every benefit criterion against its scale (see
    :class:`PortfolioResult`)."""
    reached = found.levels(selected)[0]
    level = found.clipped(reached[None])[0]
    gain = found.criterion_values(level[None])[0] - found.criterion_values(found.base[None])[0]
    return pd.DataFrame(
        {
            "low": [xs[0] for xs, _ in found.points],
            "high": [xs[-1] for xs, _ in found.points],
            "baseline": found.base,
            "reached": reached,
            "level": level,
            "saturated": level != reached,
            "gain": gain,
        },
        index=pd.Index(benefit_criteria(study), name="criterion"),
    )
