"""Which judgments decide the recommended package (least maximum regret across the
scenario x profile pairs).

A **judgment** is one performance cell as a study file states it (a cell a derived
scenario inherits is the same judgment in every scenario that inherits it) or one
measure's delivery likelihood. It is **tried** at each end of its stated range and a fifth
of its scale (or of the 0-1 probability range) either side of its value, held within the
scale. It **decides** the package when, so changed, the recommended package no longer has
the least maximum regret: some other package's largest regret becomes smaller.

Each trial is decided exactly, cheapest test first:

1. Every pair the judgment touches is re-posed (the study with that one value changed).
   A bound :math:`\\delta_k` on how far any package's value in pair ``k`` can move
   (weight x steepest slope of the value function x the change of level) brackets the
   pair's new best value: :math:`lo_k \\le V_k^{*\\prime} \\le V_k^* + \\delta_k`, where
   :math:`lo_k` is the best of the known packages' new values.
2. With those brackets, a runner-up (:func:`engine.portfolio.robust.runners_up`) whose
   largest regret is smaller than the recommended package's for every new best value in
   the brackets certifies a change; and the recommended package stays when its largest
   regret is at most every runner-up's, and at most the floor every other package's can
   fall to (the last runner-up's largest regret less the brackets' widest shift: every
   other package's largest regret was at least that runner-up's).
3. Otherwise the touched pairs' best values are solved exactly and the test is repeated;
   and where it still cannot decide, the minimax-regret program is solved again.

References
----------
Kouvelis, P. and Yu, G. (1997). *Robust Discrete Optimization and Its Applications*.
Kluwer (minimax regret).
French, S. (2003). Modelling, making inferences and making decisions: the roles of
sensitivity analysis. *TOP* 11, 229-251 (one-way sensitivity to each input).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from engine.portfolio import study_problems as sp
from engine.portfolio.deadline import NONE, Deadline
from engine.portfolio.robust import RUNNERS_UP, _solve
from engine.portfolio.solver import best_package
from engine.sensitivity.judgments import FIFTH
from engine.study import Study
from engine.valuefn import value_points

COLUMNS = [
    "scenario",
    "option",
    "criterion",
    "value",
    "low",
    "high",
    "tried",
    "within",
    "sourced",
    "adds",
    "drops",
]


@dataclass(frozen=True)
class Trial:
    """One judgment moved to one value: a cell (``criterion`` set; ``scenario`` is the
    scenario whose file states it) or a delivery likelihood (``criterion`` None)."""

    scenario: str | None
    option: str
    criterion: str | None
    value: float
    low: float | None
    high: float | None
    tried: float
    within: str  # "stated range" or "a fifth of the scale"
    sourced: bool


@dataclass(frozen=True)
class PackageJudgments:
    """The judgments that decide the recommended package.

    Attributes
    ----------
    table : DataFrame
        One row per trial that changes the package (:data:`COLUMNS`): ``adds`` and
        ``drops`` are the measures the new least-regret package adds and drops.
    checked, trials : int
        Trials decided, of all (fewer when the time limit passed).
    judgments : int
        Distinct judgments tried.
    """

    table: pd.DataFrame
    checked: int
    trials: int
    judgments: int

    def deciding(self, within: str) -> pd.DataFrame:
        """Distinct judgments with a deciding trial ``within`` 'stated range', or at 'a
        fifth of the scale' only (not already deciding within their stated range)."""
        key = ["scenario", "option", "criterion"]
        judgment = self.table[key].fillna("").astype(str).agg("|".join, axis=1)
        ranged = self.table["within"] == "stated range"
        if within == "stated range":
            return self.table[ranged].drop_duplicates(key)
        only = (self.table["within"] == within) & ~judgment.isin(judgment[ranged])
        return self.table[only].drop_duplicates(key)


def package_judgments(study: Study, analysis, deadline: Deadline = NONE) -> PackageJudgments:
    """Every judgment whose change within its stated range, or by a fifth of its scale,
    changes the recommended package of ``analysis`` (an
    :class:`engine.portfolio.analysis.PortfolioAnalysis` with robust packages). Trials are
    checked in order of the most any package's value could move under them (largest
    first), until ``deadline`` passes."""
    context = _Context(study, analysis)
    trials = list(_trials(study))
    reach = [context.potential(t) for t in trials]
    rows, checked = [], 0
    for k in np.argsort(-np.asarray(reach), kind="stable"):
        if deadline.passed:
            break
        trial = trials[k]
        winner = context.winner(trial, deadline)
        checked += 1
        if winner is not None:
            adds, drops = analysis.swapped(winner)
            rows.append([*_fields(trial), tuple(adds), tuple(drops)])
    judged = len({(t.scenario, t.option, t.criterion) for t in trials})
    return PackageJudgments(pd.DataFrame(rows, columns=COLUMNS), checked, len(trials), judged)


def _fields(trial: Trial) -> list:
    return [
        trial.scenario,
        trial.option,
        trial.criterion,
        trial.value,
        trial.low,
        trial.high,
        trial.tried,
        trial.within,
        trial.sourced,
    ]


def _trials(study: Study) -> Iterator[Trial]:
    """Every judgment of the measures and the baseline, at each value it is tried at."""
    portfolio = sp.portfolio_of(study)
    options = [*sp.measure_ids(study), portfolio.baseline]
    criteria = [c for c, k in zip(study.criteria, sp.benefit_mask(study), strict=True) if k]
    seen = set()
    for scenario in study.scenarios:
        cells = study.cells(scenario)
        for option in options:
            for criterion in criteria:
                cell, setter = cells[(option, criterion)]
                if (setter, option, criterion) in seen:
                    continue
                seen.add((setter, option, criterion))
                scale = study.criterion(criterion).scale
                key = (setter, option, criterion)
                yield from _tried(key, cell, (scale.min, scale.max), bool(cell.evidence))
    for option in sp.measure_ids(study):
        record = study.option(option).delivery
        if record is not None:
            yield from _tried((None, option, None), record, (0.0, 1.0), bool(record.evidence))


def _tried(key: tuple, judged, ends: tuple[float, float], sourced: bool) -> Iterator[Trial]:
    """The trials of one judgment: its range's ends, then a fifth of its scale either way
    (each distinct from its value)."""
    low, high = ends
    step = FIFTH * (high - low)
    ranged = [v for v in (judged.low, judged.high) if v is not None]
    fifth = [min(max(judged.value + d, low), high) for d in (-step, step)]
    for values, within in ((ranged, "stated range"), (fifth, "a fifth of the scale")):
        for value in values:
            if abs(value - judged.value) > 1e-12:
                yield Trial(*key, judged.value, judged.low, judged.high, value, within, sourced)


class _Context:
    """What every trial compares against: the pairs' problems and best values, the
    recommended package, its runners-up and the floor of every other package's regret."""

    def __init__(self, study: Study, analysis) -> None:
        self.study = study
        self.budgets = analysis.settings.budgets
        self.pairs = list(analysis.packages)
        self.problems = [analysis.problems[pair] for pair in self.pairs]
        self.best = np.array([analysis.packages[pair].value for pair in self.pairs])
        self.known = [analysis.packages[pair].package.selected for pair in self.pairs]
        self.candidates = [
            analysis.robust[1].package.selected,
            *(r.package.selected for r in analysis.runners_up),
        ]
        complete = len(analysis.runners_up) == RUNNERS_UP
        self.floor = analysis.runners_up[-1].max_regret if complete else None
        self.outcomes = [analysis.outcomes[pair] for pair in self.pairs]
        self.values = np.array(
            [
                p.values(np.array([*self.candidates, known]))
                for p, known in zip(self.problems, self.known, strict=True)
            ]
        )
        mask = sp.benefit_mask(study)
        kept = [c for c, k in zip(study.tree.criteria, mask, strict=True) if k]
        self.index = {c.id: j for j, c in enumerate(kept)}
        self.slope = np.array([_steepest(*value_points(c)) for c in kept])
        self.cells = {s: study.cells(s) for s in study.scenarios}  # who states each cell
        self.measures = {o: i for i, o in enumerate(sp.measure_ids(study))}
        self.baseline = sp.portfolio_of(study).baseline
        self.delivered = sum(study.option(o).likelihood for o in self.measures)

    def potential(self, trial: Trial) -> float:
        """The most any package's value in any pair can move under ``trial``."""
        return max((self._shift(trial, k) for k in self._touched(trial)), default=0.0)

    def winner(self, trial: Trial, deadline: Deadline) -> np.ndarray | None:
        """The package that replaces the recommended one under ``trial`` (None: none)."""
        changed = _changed_study(self.study, trial)
        touched = self._touched(trial)
        problems = list(self.problems)
        for k in touched:
            problems[k] = sp.problem(changed, *self.pairs[k], self.budgets)
        delta = np.zeros(len(self.pairs))
        delta[touched] = [self._shift(trial, k) for k in touched]
        values = self.values.copy()  # pairs x (recommended, runners-up..., pair's best)
        for k in touched:
            values[k] = problems[k].values(np.array([*self.candidates, self.known[k]]))
        low, high = self.best.copy(), self.best.copy()
        low[touched] = values[touched].max(axis=1)
        high[touched] = np.maximum(self.best[touched] + delta[touched], low[touched])
        verdict = self._decide(values[:, :-1], low, high, delta)
        if verdict is None:
            for k in touched:  # exact best values of the touched pairs
                found = best_package(problems[k], time_limit=deadline.left())
                low[k] = high[k] = max(found.value, low[k])
            verdict = self._decide(values[:, :-1], low, high, delta)
        if verdict is None:
            robust = _solve(problems, low, regret=True, time_limit=deadline.left())
            mine = float(np.max(low - values[:, 0]))
            better = robust.max_regret < mine - _tol(mine)
            verdict = robust.package.selected if better else False
        return None if verdict is False else verdict

    def _decide(self, values: np.ndarray, low, high, delta):
        """A replacing package, False when the recommended one stays, None: undecided.
        ``values`` are the candidates' (recommended first) in each pair."""
        largest_low = np.max(low[:, None] - values, axis=0)
        largest_high = np.max(high[:, None] - values, axis=0)
        mine_low, mine_high = largest_low[0], largest_high[0]
        for c in range(1, values.shape[1]):
            if largest_high[c] < mine_low - _tol(mine_low):
                return self.candidates[c]  # beats it whatever the new best values are
        if self.floor is None or not np.all(largest_low[1:] >= mine_high):
            return None
        shift = float(np.max(self.best - low + delta))
        return False if self.floor - shift >= mine_high else None

    def _touched(self, trial: Trial) -> list[int]:
        """Pairs whose problem the trial changes."""
        if trial.criterion is None:
            return list(range(len(self.pairs)))
        key = (trial.option, trial.criterion)
        scenarios = {s for s, cells in self.cells.items() if cells[key][1] == trial.scenario}
        return [k for k, (s, _) in enumerate(self.pairs) if s in scenarios]

    def _shift(self, trial: Trial, k: int) -> float:
        """A bound on how far any package's value in pair ``k`` moves under ``trial``."""
        before = self.outcomes[k]
        weight = before.weight
        move = abs(trial.tried - trial.value)
        if trial.criterion is not None:
            j = self.index[trial.criterion]
            return float(weight[j] * self.slope[j] * move * self._reach(trial.option))
        i = self.measures[trial.option]
        probability = max(self.study.option(trial.option).likelihood, 1e-12)
        level = np.abs(before.change[i]) / probability * move  # the full change, scaled
        groups = sum(
            weight[j] * self.slope[j] * abs(g) / probability * move
            for members, j, g in before.groups
            if i in members
        )
        synergy = self.problems[k].synergy
        pairs = 0.0 if synergy is None else float(np.abs(synergy[i]).sum())
        return float(weight @ (self.slope * level) + groups + pairs / probability * move)

    def _reach(self, option: str) -> float:
        """How much one unit of an option's cell moves a package's level on its criterion
        and the baseline's (both count: value is the package's less the baseline's)."""
        if option != self.baseline:
            return self.study.option(option).likelihood
        return 1.0 + max(1.0, abs(self.delivered - 1.0))


def _tol(value: float) -> float:
    return 1e-9 * max(1.0, abs(value))


def _steepest(xs: np.ndarray, vs: np.ndarray) -> float:
    """The steepest slope of a piecewise-linear value function (value points per unit)."""
    return float(np.max(np.abs(np.diff(vs) / np.diff(xs))))


def _changed_study(study: Study, trial: Trial) -> Study:
    """The study with the trial's one judgment at its tried value."""
    if trial.criterion is None:
        options = tuple(
            o.model_copy(update={"delivery": o.delivery.model_copy(update={"value": trial.tried})})
            if o.id == trial.option
            else o
            for o in study.option_records
        )
        return replace(study, option_records=options, _cache={})
    scenarios = []
    for record in study.scenario_records:
        if record.id == trial.scenario:
            performance = dict(record.performance)
            row = dict(performance[trial.option])
            row[trial.criterion] = row[trial.criterion].model_copy(update={"value": trial.tried})
            performance[trial.option] = row
            record = record.model_copy(update={"performance": performance})
        scenarios.append(record)
    return replace(study, scenario_records=tuple(scenarios), _cache={})
