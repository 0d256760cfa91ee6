"""Every portfolio result a report shows, computed once per run.

* the best package of every scenario x profile pair, with the constraints that bind
  (a constraint binds when dropping it alone would raise the best value);
* the efficient frontier and the order of buy of the headline pair (the first scenario
  and profile of the run) for the first resource;
* the maximin-value and minimax-regret packages across the run's pairs;
* the inclusion frequency: ``samples`` in all, spread evenly over the run's scenarios and, within
  each, over its profiles, each with weights drawn around that profile (Dirichlet, as the
  SMAA sampler), performances and costs drawn uniformly within their low/high ranges;
  reported per scenario and over all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.errors import InputError, Issue, warning
from engine.portfolio import study_problems as sp
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.frontier import BuyStep, Frontier, frontier, order_of_buy
from engine.portfolio.inclusion import InclusionFrequency, inclusion_frequency
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.problem import Problem
from engine.portfolio.robust import RobustPackage, robust_packages
from engine.portfolio.sampled import Samples, sampled_outcomes
from engine.portfolio.solver import best_package
from engine.progress import Progress, part, tick
from engine.study import Study

Pair = tuple[str, str]


@dataclass(frozen=True)
class PortfolioSettings:
    """Budgets (resource -> amount) overriding the study's limits, inclusion-frequency samples in
    all (spread over the scenarios), the seed, the Dirichlet concentration around each
    profile and the wall-clock limit of the whole analysis (seconds; None = none: each
    program gets what is left, and the stages past it stop and say so)."""

    budgets: dict[str, float] = field(default_factory=dict)
    samples: int = 2_000
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
    inclusion: dict[str, InclusionFrequency]
    settings: PortfolioSettings
    problems: dict[Pair, Problem] = field(default_factory=dict)
    """Each pair's problem (benefits alone, costs, limits, constraints)."""
    outcomes: dict[Pair, Outcomes] = field(default_factory=dict)
    """Each pair's criterion-level outcomes (levels, changes, weights, value functions)."""
    levels: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Per scenario, the recommended package's level on every benefit criterion
    (:func:`engine.portfolio.study_problems.package_levels`)."""
    stopped: tuple[str, ...] = ()
    """What the time limit cut short (empty: everything ran to the end)."""

    def stopped_words(self) -> str:
        """What the time limit cut short, in a sentence ("" when nothing was)."""
        if not self.stopped:
            return ""
        limit = self.settings.time_limit
        return f"Stopped at the time limit of {limit:g} s: " + "; ".join(self.stopped) + "."

    def recommended(self) -> np.ndarray:
        """The package to fund (:func:`_recommended`)."""
        return _recommended(self.robust, self.packages[self.headline])

    def saturated(self) -> dict[str, list[str]]:
        """Criterion -> scenarios where the recommended package reaches past a scale end."""
        out: dict[str, list[str]] = {}
        for scenario, table in self.levels.items():
            for criterion in table.index[table["saturated"]]:
                out.setdefault(criterion, []).append(scenario)
        return out

    def overall_inclusion(self) -> np.ndarray:
        """Inclusion frequency over every scenario's samples (weighted by their numbers)."""
        counts = np.array([c.samples for c in self.inclusion.values()], dtype=float)
        if counts.sum() == 0:  # the time limit passed before any sample
            return np.zeros(len(self.measures))
        shares = np.array([c.share for c in self.inclusion.values()])
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
    progress: Progress | None = None,
) -> PortfolioAnalysis:
    """Compute every portfolio result for the run's scenarios and profiles (``progress``
    hears of the best packages, binding constraints and inclusion-frequency samples)."""
    settings = settings or PortfolioSettings()
    deadline = Deadline(settings.time_limit)  # for the whole analysis, not per program
    stopped: list[str] = []
    pairs = [(s, p) for s in scenarios for p in profiles]
    outcomes = {pair: sp.outcomes(study, *pair) for pair in pairs}
    problems = {
        pair: sp.problem(study, *pair, settings.budgets, found=outcomes[pair]) for pair in pairs
    }
    packages = {}
    for k, pair in enumerate(pairs):
        packages[pair] = sp.solved(
            study, pair, problems[pair], outcomes[pair], time_limit=deadline.left()
        )
        tick(progress, k + 1, len(pairs), "Best packages", "pairs")
    headline = pairs[0]
    robust = _robust(
        [problems[pair] for pair in pairs], [packages[p].value for p in pairs], deadline
    )
    chosen = _recommended(robust, packages[headline])
    bound = {pair: [] for pair in pairs}
    for k, pair in enumerate(pairs):
        if deadline.passed:
            stopped.append(f"binding constraints (checked in {k} of {len(pairs)} pairs)")
            break
        bound[pair] = binding(
            study,
            pair,
            settings.budgets,
            problems[pair],
            packages[pair].value,
            outcomes[pair],
            deadline,
        )
        tick(progress, k + 1, len(pairs), "Binding constraints", "pairs")
    top = frontier(
        problems[headline], 0, at=_finite(problems[headline].limits[:1]), deadline=deadline
    )
    if deadline.passed:
        stopped.append("the frontier (its upper part only) and the order of buy's notes")
    counts = spread(settings.samples, len(scenarios))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int)
    inclusion = {
        s: scenario_inclusion(
            study,
            s,
            profiles,
            settings,
            count,
            part(progress, int(start), settings.samples),
            deadline,
        )
        for s, count, start in zip(scenarios, counts, starts, strict=True)
    }
    done = sum(i.samples for i in inclusion.values())
    if done < settings.samples:
        stopped.append(f"inclusion frequency after {done:,} of {settings.samples:,} samples")
    return PortfolioAnalysis(
        measures=sp.measure_ids(study),
        resources=[r.id for r in sp.portfolio_of(study).resources],
        packages=packages,
        binding=bound,
        headline=headline,
        frontier=top,
        order_of_buy=order_of_buy(problems[headline], 0, deadline),
        robust=robust,
        inclusion=inclusion,
        settings=settings,
        problems=problems,
        outcomes=outcomes,
        levels={s: sp.package_levels(study, outcomes[(s, profiles[0])], chosen) for s in scenarios},
        stopped=tuple(stopped),
    )


def _recommended(robust, headline: sp.PortfolioResult) -> np.ndarray:
    """The package to fund: least maximum regret across the pairs, or the headline pair's
    best package when no package is feasible in every pair."""
    return robust[1].package.selected if robust else headline.package.selected


def saturation_warnings(study: Study, analysis: PortfolioAnalysis) -> list[Issue]:
    """One ``package-saturated`` warning naming each criterion where the recommended
    package reaches past an end of the scale, with how far (in its first such scenario)."""
    saturated = analysis.saturated()
    if not saturated:
        return []
    named = []
    for criterion, scenarios in saturated.items():
        first = analysis.levels[scenarios[0]].loc[criterion]
        more = f", {len(scenarios) - 1} more scenario(s)" if scenarios[1:] else ""
        named.append(
            f"{criterion} {first['reached']:.3g} (held at {first['level']:.3g}; "
            f"{scenarios[0]}{more})"
        )
    return [
        warning(
            "package-saturated",
            study.where.locate(("portfolio",), ("baseline",)),
            f"the recommended package would take {len(named)} criteria past a scale end: "
            + "; ".join(named),
            "levels within each scale",
            "measures overlap there: declare interactions, or widen the scales",
        )
    ]


def _robust(problems: list[Problem], best: list[float], deadline: Deadline = NONE):
    """Both robust packages, or None when no package is feasible in every pair."""
    try:
        return robust_packages(problems, best, time_limit=deadline.left())
    except InputError as exc:
        if exc.issues[0].code != "portfolio-infeasible":
            raise
        return None


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
    (those checked before ``deadline`` passes)."""
    portfolio = sp.portfolio_of(study)
    if value >= problem.upper_bound() - 1e-9 * max(1.0, abs(value)):
        return []  # the package already reaches the bound no constraint can lift it past
    found = []
    for k, resource in enumerate(portfolio.resources):
        if np.isfinite(problem.limits[k]):
            limits = problem.limits.copy()
            limits[k] = np.inf
            if _better(problem.with_limits(limits), value):
                found.append(f"the limit on {resource.name.lower()}")
    for constraint in portfolio.constraints:
        if deadline.passed:
            break
        if _better(sp.problem(study, *pair, budgets, drop=constraint.id, found=valued), value):
            found.append(constraint_words(study, constraint))
    return found


def constraint_words(study: Study, constraint) -> str:
    """A constraint as a planner says it, with the measures' (short) names."""
    names = ", ".join(study.option(o).label for o in constraint.options)
    members = names or f"the {constraint.category} measures"
    needs = ", ".join(study.option(o).label for o in constraint.requires)
    return KINDS[constraint.kind].words(members, needs, constraint.count)


def _better(problem: Problem, value: float) -> bool:
    return best_package(problem).value > value + 1e-9 * max(1.0, abs(value))


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts that differ by at most one."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


def scenario_inclusion(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
    progress: Progress | None = None,
    deadline: Deadline = NONE,
) -> InclusionFrequency:
    """Inclusion frequency of every measure in one scenario over ``samples`` (default: the
    settings' number) spread across profiles (fewer when ``deadline`` passes)."""
    nominal = sp.problem(study, scenario, profiles[0], settings.budgets)
    drawn = sample_pairs(study, scenario, profiles, settings, samples)
    return inclusion_frequency(nominal, drawn, progress, deadline)


def sample_pairs(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
) -> Samples:
    """Sampled problems of a scenario (benefits, costs and, where levels can reach a
    scale end or a value function's bend, each sample's outcomes), seeded per scenario."""
    from engine.sensitivity.acceptability import performance_sampler

    index = study.scenarios.index(scenario)
    rng = np.random.default_rng(np.random.SeedSequence([settings.seed, index]))
    counts = spread(settings.samples if samples is None else samples, len(profiles))
    sampler, _ = performance_sampler(study, scenario, "uniform", rng, False)
    measures = [study.options.index(o) for o in sp.measure_ids(study)]
    baseline = study.options.index(sp.portfolio_of(study).baseline)
    mask = sp.benefit_mask(study)
    _, low, high = sp.costs(study, scenario)
    tables, weights = [], []
    for profile, count in zip(profiles, counts, strict=True):
        centre = study.weight_vector(profile)
        drawn = rng.standard_gamma(settings.concentration * centre, (count, len(centre)))
        weights.append(sp.benefit_weights(study, drawn / drawn.sum(axis=1, keepdims=True)))
        tables.append(sampler.draw(count))
    table = np.concatenate(tables)[:, :, mask]
    base = table[:, baseline]
    nominal = sp.outcomes(study, scenario, profiles[0])
    benefits, outcomes = sampled_outcomes(
        base,
        table[:, measures] - base[:, None, :],
        np.concatenate(weights)[:, mask],
        nominal.points,
        nominal.groups,
    )
    costs = low + rng.random((len(benefits), *low.shape)) * (high - low)
    return Samples(benefits, costs, outcomes)


def _finite(limits: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in limits if np.isfinite(v))
