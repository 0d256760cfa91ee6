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
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from engine.errors import InputError, Issue, warning
from engine.portfolio import study_problems as sp
from engine.portfolio.constraint_kinds import KINDS
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.frontier import BuyStep, Frontier, frontier, order_of_buy
from engine.portfolio.inclusion import InclusionFrequency, inclusion_frequency
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.package_judgments import PackageJudgments, package_judgments
from engine.portfolio.problem import Problem
from engine.portfolio.robust import RobustPackage, robust_packages, runners_up
from engine.portfolio.sampled import Samples, sampled_outcomes
from engine.portfolio.solver import best_package
from engine.progress import Progress, part, tick
from engine.study import Study

Pair = tuple[str, str]


TIME_LIMIT = 300.0
"""Seconds the package analysis may take by default (the shipped study's takes about 12 s,
the 200-measure benchmark's default frontier about 40 s): an integer program is NP-hard
and a generated 300 x 100 study's first program alone ran past five minutes, so without a
limit a run is not bounded. ``--time-limit`` sets another."""


@dataclass(frozen=True)
class PortfolioSettings:
    """Budgets (resource -> amount) overriding the study's limits, inclusion-frequency samples in
    all (spread over the scenarios), the seed, the Dirichlet concentration around each
    profile and the wall-clock limit of the whole analysis (seconds, default
    :data:`TIME_LIMIT`; None = none: each program gets what is left, and the stages past
    it stop and say so)."""

    budgets: dict[str, float] = field(default_factory=dict)
    samples: int = 2_000
    seed: int = 20250101
    concentration: float = 50.0
    time_limit: float | None = TIME_LIMIT
    judgments: bool = False
    """Whether to find the judgments that decide the recommended package
    (:mod:`engine.portfolio.package_judgments`; slow: one trial takes up to half a
    second on the shipped study, and it has about 4,500)."""


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
    every pair, or the time limit stopped the program first (:attr:`robust_missing`)."""
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
    robust_missing: str = ""
    """Why there is no robust package: 'none feasible' or 'not found in time'."""
    runners_up: tuple[RobustPackage, ...] = ()
    """The next packages by least maximum regret after the recommended one
    (:func:`engine.portfolio.robust.runners_up`): how close the choice is."""
    judgments: PackageJudgments | None = None
    """The judgments that decide the recommended package, when asked for."""
    criteria: tuple[str, ...] = ()
    """The criteria that count towards a package's value (no resource's), in study order."""
    pair_values: tuple[float, ...] = ()
    """Each value-point interaction's value as counted (at the probability that both its
    measures are delivered), in declaration order."""

    def stopped_words(self) -> str:
        """What the time limit cut short, in a sentence ("" when nothing was)."""
        if not self.stopped:
            return ""
        limit = self.settings.time_limit
        return f"Stopped at the time limit of {limit:g} s: " + "; ".join(self.stopped) + "."

    def recommended(self) -> np.ndarray:
        """The package to fund (:func:`_recommended`)."""
        return _recommended(self.robust, self.packages[self.headline])

    def value_of(self, pair: Pair, selected: np.ndarray) -> float:
        """A package's value in a pair (value points over the baseline)."""
        return float(self.problems[pair].value(np.asarray(selected, dtype=bool)))

    def swapped(self, selected: np.ndarray) -> tuple[list[str], list[str]]:
        """Measures a package adds and drops against the recommended one."""
        chosen = self.recommended()
        adds = [o for i, o in enumerate(self.measures) if selected[i] and not chosen[i]]
        drops = [o for i, o in enumerate(self.measures) if chosen[i] and not selected[i]]
        return adds, drops

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
    robust, missing = _robust(
        [problems[pair] for pair in pairs], [packages[p].value for p in pairs], deadline
    )
    if missing == "not found in time":
        stopped.append("the robust packages (none found)")
    elif robust and any(r.package.status != "optimal" for r in robust):
        gap = max(r.package.gap for r in robust)
        stopped.append(f"the robust packages (the best found, within {gap:.1%} of optimal)")
    chosen = _recommended(robust, packages[headline])
    runners = ()
    if robust is not None:
        runners = runners_up(
            [problems[pair] for pair in pairs],
            [packages[p].value for p in pairs],
            chosen,
            deadline=deadline,
        )
    bound = {pair: [] for pair in pairs}
    for k, pair in enumerate(pairs):
        found = binding(
            study,
            pair,
            settings.budgets,
            problems[pair],
            packages[pair].value,
            outcomes[pair],
            deadline,
        )
        if deadline.passed:  # this pair's check may be cut: keep the pairs checked whole
            stopped.append(f"binding constraints (checked in {k} of {len(pairs)} pairs)")
            break
        bound[pair] = found
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
    found = PortfolioAnalysis(
        measures=sp.measure_ids(study),
        resources=[r.id for r in sp.portfolio_of(study).resources],
        packages=packages,
        binding=bound,
        headline=headline,
        frontier=top,
        order_of_buy=order_of_buy(problems[headline], 0, deadline),
        robust=robust,
        robust_missing=missing,
        runners_up=runners,
        criteria=tuple(sp.benefit_criteria(study)),
        pair_values=tuple(
            i.value * sp.together(study, i)
            for i in sp.portfolio_of(study).interactions
            if not i.on_criterion
        ),
        inclusion=inclusion,
        settings=settings,
        problems=problems,
        outcomes=outcomes,
        levels={s: sp.package_levels(study, outcomes[(s, profiles[0])], chosen) for s in scenarios},
        stopped=tuple(stopped),
    )
    if not settings.judgments or robust is None:
        return found
    judged = package_judgments(study, found, deadline)
    if judged.checked < judged.trials:
        stopped.append(
            f"the package's deciding judgments after {judged.checked:,} of {judged.trials:,} "
            "trials (those with the largest possible effect first)"
        )
    return replace(found, judgments=judged, stopped=tuple(stopped))


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
    """Both robust packages and, when there are none, why: 'none feasible' (no package is
    feasible in every pair) or 'not found in time' (the deadline stopped the program)."""
    try:
        return robust_packages(problems, best, time_limit=deadline.left()), ""
    except InputError as exc:
        code = exc.issues[0].code
        if code == "portfolio-unsolved" and deadline.seconds is not None:
            return None, "not found in time"
        if code != "portfolio-infeasible":
            raise
        return None, "none feasible"


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
                found.append(f"the limit on {resource.name.lower()}")

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
        found = best_package(problem, time_limit=deadline.left()).value
    except InputError as exc:
        if exc.issues[0].code != "portfolio-unsolved" or deadline.seconds is None:
            raise
        return False
    return found > value + 1e-9 * max(1.0, abs(value))


def spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts that differ by at most one."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


CHUNK_CELLS = 2_000_000
"""Sampled performance cells held at once (16 MB of doubles; the samples' outcomes and
packages take a few times that): the inclusion-frequency samples are drawn and decided
in chunks of this many cells, so memory does not grow with ``--samples``."""


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
    settings' number) spread across profiles (fewer when ``deadline`` passes), drawn and
    decided a chunk at a time."""
    nominal = sp.problem(study, scenario, profiles[0], settings.budgets)
    total = settings.samples if samples is None else samples
    held, infeasible, done, method = np.zeros(nominal.size), 0.0, 0, "enumeration"
    for drawn in sample_chunks(study, scenario, profiles, settings, total):
        found = inclusion_frequency(nominal, drawn, part(progress, done, total), deadline)
        held += found.share * found.samples
        infeasible += found.infeasible * found.samples
        done, method = done + found.samples, found.method
        if found.samples < len(drawn):  # the deadline passed within the chunk
            break
    share = held / max(done, 1)
    return InclusionFrequency(share, infeasible / max(done, 1), method, done)


def sample_pairs(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int | None = None,
) -> Samples:
    """All the sampled problems of a scenario at once (:func:`sample_chunks` joined)."""
    total = settings.samples if samples is None else samples
    chunks = list(sample_chunks(study, scenario, profiles, settings, total))
    outcomes = [c.outcomes for c in chunks]
    return Samples(
        np.concatenate([c.benefits for c in chunks]),
        np.concatenate([c.costs for c in chunks]),
        None if any(o is None for o in outcomes) else tuple(o for c in outcomes for o in c),
    )


def sample_chunks(
    study: Study,
    scenario: str,
    profiles: Sequence[str],
    settings: PortfolioSettings,
    samples: int,
    chunk_cells: int | None = None,
):
    """Sampled problems of a scenario (benefits, costs and, where levels can reach a scale
    end or a value function's bend, each sample's outcomes), ``samples`` spread across
    ``profiles``, yielded in chunks of about ``chunk_cells`` (default :data:`CHUNK_CELLS`)
    sampled cells.

    Seeded per scenario and profile, with one stream each for weights, cells and costs, so
    the samples are the same whatever the chunk size."""
    from engine.sensitivity.acceptability import performance_sampler

    index = study.scenarios.index(scenario)
    counts = spread(samples, len(profiles))
    sampler, _ = performance_sampler(study, scenario, "uniform", None, False)
    cells = CHUNK_CELLS if chunk_cells is None else chunk_cells
    rows = max(1, cells // (len(study.options) * len(study.criteria)))
    for k, (profile, count) in enumerate(zip(profiles, counts, strict=True)):
        seed = np.random.SeedSequence([settings.seed, index, k])
        weights_rng, cells_rng, costs_rng = (np.random.default_rng(s) for s in seed.spawn(3))
        cells = replace(sampler, rng=cells_rng)
        for start in range(0, count, rows):
            size = min(rows, count - start)
            yield _sampled(
                study, scenario, profile, settings, size, (weights_rng, cells, costs_rng)
            )


def _sampled(study: Study, scenario: str, profile: str, settings, size: int, streams) -> Samples:
    """``size`` sampled problems of one pair from its three streams."""
    weights_rng, cells, costs_rng = streams
    measures = [study.options.index(o) for o in sp.measure_ids(study)]
    baseline = study.options.index(sp.portfolio_of(study).baseline)
    mask = sp.benefit_mask(study)
    _, low, high = sp.costs(study, scenario)
    centre = study.weight_vector(profile)
    drawn = weights_rng.standard_gamma(settings.concentration * centre, (size, len(centre)))
    weights = sp.benefit_weights(study, drawn / drawn.sum(axis=1, keepdims=True))
    table = cells.draw(size)[:, :, mask]
    base = table[:, baseline]
    nominal = sp.outcomes(study, scenario, profile)
    benefits, outcomes = sampled_outcomes(
        base,
        table[:, measures] - base[:, None, :],
        weights[:, mask],
        nominal.points,
        nominal.groups,
    )
    costs = low + costs_rng.random((size, *low.shape)) * (high - low)
    return Samples(benefits, costs, outcomes)


def _finite(limits: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in limits if np.isfinite(v))
