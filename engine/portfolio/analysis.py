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
from engine.executor import executor_for
from engine.portfolio import study_problems as sp
from engine.portfolio.binding import binding
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.frontier import BuyStep, Frontier, frontier, order_of_buy
from engine.portfolio.inclusion import InclusionFrequency
from engine.portfolio.outcomes import Outcomes
from engine.portfolio.package_judgments import PackageJudgments, package_judgments
from engine.portfolio.problem import Problem
from engine.portfolio.robust import RobustPackage, robust_packages, runners_up
from engine.portfolio.scenario_samples import inclusion_by_scenario
from engine.portfolio.settings import PortfolioSettings
from engine.progress import Found, Progress, announce, tick
from engine.study import Study

Pair = tuple[str, str]

BINDING_SHARE = 1 / 3
"""Share of the time limit the binding-constraint checks may use: they run with each
pair's best package (so its line is whole when printed), before the robust packages, the
recommendation, which must not be starved of time."""


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

    @property
    def decided(self) -> int:
        """Inclusion-frequency samples decided (fewer than asked when the time limit passed)."""
        return sum(c.samples for c in self.inclusion.values())

    def overall_inclusion(self) -> np.ndarray:
        """Inclusion frequency over every scenario's samples (weighted by their numbers)."""
        if self.decided == 0:  # the time limit passed before any sample
            return np.zeros(len(self.measures))
        counts = np.array([c.samples for c in self.inclusion.values()], dtype=float)
        shares = np.array([c.share for c in self.inclusion.values()])
        return counts @ shares / self.decided

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
    found: Found | None = None,
) -> PortfolioAnalysis:
    """Compute every portfolio result for the run's scenarios and profiles (``progress``
    hears of the best packages, the frontier and inclusion-frequency samples; ``found``
    of each pair's best package and binding constraints as soon as they are known)."""
    settings = settings or PortfolioSettings()
    deadline = Deadline(settings.time_limit)  # for the whole analysis, not per program
    stopped: list[str] = []
    pairs = [(s, p) for s in scenarios for p in profiles]
    outcomes = {pair: sp.outcomes(study, *pair) for pair in pairs}
    problems = {
        pair: sp.problem(study, *pair, settings.budgets, found=outcomes[pair]) for pair in pairs
    }
    packages, bound, checked = {}, {pair: [] for pair in pairs}, True
    checks = deadline.share(BINDING_SHARE)  # the robust packages come after: leave them time
    for k, pair in enumerate(pairs):
        packages[pair] = sp.solved(
            study, pair, problems[pair], outcomes[pair], time_limit=deadline.left()
        )
        if checked:
            binds = binding(
                study,
                pair,
                settings.budgets,
                problems[pair],
                packages[pair].value,
                outcomes[pair],
                checks,
            )
            checked = not checks.passed  # this pair's check may be cut: keep whole ones
            if checked:
                bound[pair] = binds
            else:
                stopped.append(
                    f"binding constraints (checked in {k} of {len(pairs)} pairs, within the "
                    f"{BINDING_SHARE:.0%} of the limit they may use)"
                )
        announce(found, "package", (pair, packages[pair], bound[pair]))
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
    top = frontier(
        problems[headline],
        0,
        at=_finite(problems[headline].limits[:1]),
        deadline=deadline,
        whole=settings.frontier == "full",
        executor=executor_for(settings.workers, settings.scheduler),
        progress=progress,
    )
    if deadline.passed:
        stopped.append("the frontier (its upper part only) and the order of buy's notes")
    inclusion = inclusion_by_scenario(
        study,
        scenarios,
        profiles,
        settings,
        progress,
        deadline,
        executor_for(settings.workers, settings.scheduler),
    )
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
        return robust_packages(problems, best, deadline=deadline), ""
    except InputError as exc:
        code = exc.issues[0].code
        if code == "portfolio-unsolved" and deadline.seconds is not None:
            return None, "not found in time"
        if code != "portfolio-infeasible":
            raise
        return None, "none feasible"


def _finite(limits: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in limits if np.isfinite(v))
