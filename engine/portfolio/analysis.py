"""Every portfolio result a report shows, computed once per run.

* the best package of every scenario x profile pair, with the constraints that bind
  (a constraint binds when dropping it alone would raise the best value);
* the efficient frontier and the order of buy of the headline pair (the first scenario
  and profile of the run) for the first resource;
* the maximin-value and minimax-regret packages across the run's pairs;
* the core index: ``samples`` in all, spread evenly over the run's scenarios and, within
  each, over its profiles, each with weights drawn around that profile (Dirichlet, as the
  SMAA sampler), performances and costs drawn uniformly within their low/high ranges;
  reported per scenario and over all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.errors import InputError
from engine.portfolio import study_problems as sp
from engine.portfolio.core_index import CoreIndex, core_index
from engine.portfolio.frontier import BuyStep, Frontier, frontier, order_of_buy
from engine.portfolio.problem import Problem
from engine.portfolio.robust import RobustPackage, robust_packages
from engine.portfolio.solver import best_package
from engine.study import Study

Pair = tuple[str, str]


@dataclass(frozen=True)
class PortfolioSettings:
    """Budgets (resource -> amount) overriding the study's limits, core-index samples in
    all (spread over the scenarios), the seed, the Dirichlet concentration around each
    profile and the solver's time limit per program (seconds; None = none)."""

    budgets: dict[str, float] = field(default_factory=dict)
    samples: int = 10_000
    seed: int = 20250101
    concentration: float = 50.0
    time_limit: float | None = None


@dataclass(frozen=True)
class PortfolioAnalysis:
    """What the Portfolio sheets and the CLI show."""

    measures: list[str]
    resources: list[str]
    packages: dict[Pair, sp.PortfolioResult]
    binding: dict[Pair, list[str]]
    headline: Pair
    frontier: Frontier
    order_of_buy: list[BuyStep]
    robust: tuple[RobustPackage, RobustPackage] | None
    """Maximin value and minimax regret packages; None when no package is feasible in
    every pair."""
    core: dict[str, CoreIndex]
    settings: PortfolioSettings

    def overall_core(self) -> np.ndarray:
        """Core index over every scenario's samples (weighted by their numbers)."""
        counts = np.array([c.samples for c in self.core.values()], dtype=float)
        shares = np.array([c.index for c in self.core.values()])
        return counts @ shares / max(counts.sum(), 1.0)

    def selection(self) -> pd.DataFrame:
        """Measures x pairs: True where the pair's best package holds the measure."""
        return pd.DataFrame(
            {pair: [o in r.selected for o in self.measures] for pair, r in self.packages.items()},
            index=self.measures,
        )


def analyse_portfolio(
    study: Study,
    scenarios: Sequence[str],
    profiles: Sequence[str],
    settings: PortfolioSettings | None = None,
) -> PortfolioAnalysis:
    """Compute every portfolio result for the run's scenarios and profiles."""
    settings = settings or PortfolioSettings()
    pairs = [(s, p) for s in scenarios for p in profiles]
    problems = {pair: sp.problem(study, *pair, settings.budgets) for pair in pairs}
    packages = {
        pair: sp.optimise(study, *pair, settings.budgets, time_limit=settings.time_limit)
        for pair in pairs
    }
    headline = pairs[0]
    return PortfolioAnalysis(
        measures=sp.measure_ids(study),
        resources=[r.id for r in sp.portfolio_of(study).resources],
        packages=packages,
        binding={
            pair: binding(study, pair, settings.budgets, problems[pair], packages[pair].value)
            for pair in pairs
        },
        headline=headline,
        frontier=frontier(problems[headline], 0),
        order_of_buy=order_of_buy(problems[headline], 0),
        robust=_robust([problems[pair] for pair in pairs], [packages[p].value for p in pairs]),
        core={
            s: scenario_core_index(study, s, profiles, settings, count)
            for s, count in zip(scenarios, spread(settings.samples, len(scenarios)), strict=True)
        },
        settings=settings,
    )


def _robust(problems: list[Problem], best: list[float]):
    """Both robust packages, or None when no package is feasible in every pair."""
    try:
        return robust_packages(problems, best)
    except InputError as exc:
        if exc.issues[0].code != "portfolio-infeasible":
            raise
        return None


def binding(
    study: Study, pair: Pair, budgets: dict[str, float], problem: Problem, value: float
) -> list[str]:
    """The limits and constraints whose removal alone raises the best value, in words."""
    portfolio = sp.portfolio_of(study)
    synergy = sum(max(s, 0.0) for _, _, s in problem.pairs())
    if value >= np.maximum(problem.benefit, 0).sum() + synergy - 1e-9 * max(1.0, abs(value)):
        return []  # the package already reaches the bound no constraint can lift it past
    found = []
    for k, resource in enumerate(portfolio.resources):
        if np.isfinite(problem.limits[k]):
            limits = problem.limits.copy()
            limits[k] = np.inf
            if _better(problem.with_limits(limits), value):
                found.append(f"the limit on {resource.name.lower()}")
    for constraint in portfolio.constraints:
        if _better(sp.problem(study, *pair, budgets, drop=constraint.id), value):
            found.append(constraint_words(study, constraint))
    return found


def constraint_words(study: Study, constraint) -> str:
    """A constraint as a planner says it, with the measures' (short) names."""
    names = ", ".join(study.option(o).label for o in constraint.options)
    members = names or f"the {constraint.category} measures"
    needs = ", ".join(study.option(o).label for o in constraint.requires)
    return {
        "exclusive": f"at most one of {members}",
        "requires": f"{members} only with {needs}",
        "at_most": f"at most {constraint.count} of {members}",
        "at_least": f"at least {constraint.count} of {members}",
        "include": f"must include {members}",
        "exclude": f"must leave out {members}",
    }[constraint.kind]


def _better(problem: Problem, value: float) -> bool:
    return best_package(problem).value > value + 1e-9 * max(1.0, abs(value))


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts that differ by at most one."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


def scenario_core_index(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
) -> CoreIndex:
    """Core index of every measure in one scenario over ``samples`` (default: the
    settings' number) spread across profiles."""
    nominal = sp.problem(study, scenario, profiles[0], settings.budgets)
    benefits, costs = sample_pairs(study, scenario, profiles, settings, samples)
    return core_index(nominal, benefits, costs)


def sample_pairs(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sampled benefits (S, m) and costs (S, m, r) of a scenario, seeded per scenario."""
    from engine.sensitivity.acceptability import performance_sampler

    index = study.scenarios.index(scenario)
    rng = np.random.default_rng(np.random.SeedSequence([settings.seed, index]))
    counts = spread(settings.samples if samples is None else samples, len(profiles))
    sampler, to_values = performance_sampler(study, scenario, "uniform", rng, True)
    measures = [study.options.index(o) for o in sp.measure_ids(study)]
    baseline = study.options.index(sp.portfolio_of(study).baseline)
    _, low, high = sp.costs(study, scenario)
    parts = []
    for profile, count in zip(profiles, counts, strict=True):
        centre = study.weight_vector(profile)
        weights = rng.standard_gamma(settings.concentration * centre, (count, len(centre)))
        weights = sp.benefit_weights(study, weights / weights.sum(axis=1, keepdims=True))
        values = to_values(sampler.draw(count))
        scores = np.einsum("kon,kn->ko", values, weights)
        parts.append(scores[:, measures] - scores[:, [baseline]])
    benefits = np.concatenate(parts)
    costs = low + rng.random((len(benefits), *low.shape)) * (high - low)
    return benefits, costs
