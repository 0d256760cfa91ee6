"""One bundle of everything a run computes, computed once.

:func:`compute_run` evaluates every scenario x profile pair, the method
comparison, robustness, switch points, tornado and SMAA acceptability, reusing the
pair results wherever a later analysis needs them. The report builder only lays
the bundle out (:mod:`engine.report`) and the command line only prints it; neither
computes a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine import methods
from engine.errors import InputError, Issue, warning
from engine.portfolio import study_problems as sp
from engine.portfolio.analysis import (
    PortfolioAnalysis,
    PortfolioSettings,
    analyse_portfolio,
    saturation_warnings,
)
from engine.progress import Found, Progress, announce, part
from engine.ranking import kendall_tau
from engine.scoring import (
    Pair,
    PairResult,
    evaluate_pair,
    evaluate_pairs,
    method_matrix,
    study_params,
)
from engine.sensitivity import (
    RobustnessResult,
    SmaaResult,
    TornadoResult,
    robustness_of,
    smaa,
    switch_points,
    tornado,
)
from engine.sensitivity.judgments import deciding_judgments
from engine.study import Study
from engine.weights_data import WeightsData, weights_data

PROFILE_FREE_SAMPLING = ("uniform",)


@dataclass(frozen=True)
class SensitivitySettings:
    """Settings of the sensitivity analyses of a run.

    Attributes
    ----------
    samples, seed, sampling, concentration, performance
        SMAA-2 settings (see :func:`engine.sensitivity.smaa`). By default the weights are
        drawn around each profile (Dirichlet) and performances within their low/high ranges.
    reference
        With profile-centred sampling, also one "no preference information" run per
        scenario (weights uniform on the simplex, same performance sampling).
    delta
        Tornado: how far each local weight moves down and up.
    top
        Robustness: an option counts as "in the top k" with rank <= ``top``.
    tornado_factors
        Tornado: how many factors (widest swing first) the tables list; the chart
        shows at most 15 of them.
    """

    samples: int = 2_000
    seed: int = 0
    sampling: str = "dirichlet"
    concentration: float = 50.0
    performance: str | None = "uniform"
    reference: bool = True
    delta: float = 0.1
    top: int = 3
    tornado_factors: int = 25


RUN_PORTFOLIO = PortfolioSettings(samples=300)
"""A run report's portfolio analysis: a lighter inclusion frequency than
``policyscore portfolio``."""


@dataclass(frozen=True)
class RunSettings:
    """What a run was asked to do, recorded in Run info.

    ``sensitivity`` of None leaves the sensitivity analyses out.
    """

    scenarios: Sequence[str]
    profiles: Sequence[str]
    method: str = "additive"
    study_path: str = ""
    command: str = ""
    sensitivity: SensitivitySettings | None = SensitivitySettings()
    weights_file: str = ""
    """A weights workbook whose profiles replaced (or were added to) the study's."""
    weights_sha256: str = ""
    weights_profiles: Sequence[str] = ()
    portfolio: PortfolioSettings | None = field(default_factory=lambda: RUN_PORTFOLIO)
    """Portfolio analysis settings (used when the study declares resources; None: left out)."""
    explore_file: str = ""
    """An explore report whose headline finding the Summary quotes (``run --explore``)."""
    explore_sha256: str = ""
    explore_finding: str = ""

    @property
    def pairs(self) -> list[Pair]:
        """Every chosen (scenario, profile) pair, scenario-major."""
        return [(s, p) for s in self.scenarios for p in self.profiles]


@dataclass(frozen=True)
class MethodComparison:
    """Ranks of every option under every method that applies to the study.

    ``ranks[pair]`` is an options x methods table of ranks; ``skipped`` says why a
    method was left out (e.g. the weighted product on a table with zeros).
    """

    methods: tuple[str, ...]
    ranks: dict[Pair, pd.DataFrame]
    skipped: tuple[Issue, ...] = ()
    taus: dict[Pair, dict[str, float]] = field(default_factory=dict)
    """Kendall's tau of each method's ranks with the run's method's, per pair."""


@dataclass(frozen=True)
class RunResults:
    """Everything a run computed: what the report lays out and the CLI prints.

    Attributes
    ----------
    study, settings
        What was run.
    pairs
        The result of every chosen scenario x profile pair under the run's method.
    comparison
        Ranks under every applicable method.
    robustness, switch_points, tornado, smaa
        The sensitivity analyses (None or empty without ``settings.sensitivity``).
        Switch points cover every pair; tornado the pairs of the first scenario;
        SMAA one run per scenario (uniform sampling) or per pair.
    """

    study: Study
    settings: RunSettings
    pairs: dict[Pair, PairResult]
    comparison: MethodComparison
    robustness: RobustnessResult | None = None
    switch_points: dict[Pair, pd.DataFrame] = field(default_factory=dict)
    tornado: dict[Pair, TornadoResult] = field(default_factory=dict)
    smaa: dict[tuple[str, str | None], SmaaResult] = field(default_factory=dict)
    portfolio: PortfolioAnalysis | None = None
    money: Money | None = None
    """Each option's cost and benefit over the baseline, for a study with resources (the
    Map sheet's axes; there even when the portfolio analysis is left out)."""
    weights: WeightsData | None = None
    """The Weights sheet's numbers (tree weights, AHP and ranking blocks) of the run's
    profiles as the study gave them."""
    judgments: pd.DataFrame | None = None
    """Judgments (performance cells, delivery likelihoods) whose change within their
    range or a fifth of their scale would end a first place of the most robust option
    (:func:`engine.sensitivity.judgments.deciding_judgments`; additive model only)."""

    @property
    def spec(self) -> methods.MethodSpec:
        return methods.get(self.settings.method)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Warnings of the study and of the run (methods left out of the comparison, a
        recommended package that reaches past a scale end)."""
        return (*self.study.issues, *self.comparison.skipped, *self.package_issues)

    @property
    def package_issues(self) -> tuple[Issue, ...]:
        """Warnings about the recommended package (criteria it takes past a scale end)."""
        if self.portfolio is None:
            return ()
        return tuple(saturation_warnings(self.study, self.portfolio))


def compute_run(
    study: Study,
    settings: RunSettings,
    progress: Progress | None = None,
    found: Found | None = None,
) -> RunResults:
    """Compute everything a run reports, each piece once (``found`` hears of the pairs'
    evaluations and each pair's best package as soon as they are known).

    Robustness looks across the run's scenarios, or across every scenario of the study
    when the run has only one (``policyscore sensitivity``); pairs the run already
    evaluated are reused.
    """
    pairs = evaluate_pairs(study, settings.scenarios, settings.profiles, settings.method)
    announce(found, "ranked", pairs)
    comparison = compare_methods(study, settings, pairs)
    portfolio = (
        analyse_portfolio(
            study, settings.scenarios, settings.profiles, settings.portfolio, progress, found
        )
        if study.portfolio is not None and settings.portfolio is not None
        else None
    )
    s = settings.sensitivity
    bundle = {
        "portfolio": portfolio,
        "money": money_of(study, settings) if study.portfolio is not None else None,
        "weights": weights_data(study, settings.profiles),
    }
    if s is None:
        return RunResults(study, settings, pairs, comparison, **bundle)
    across = settings.scenarios if len(settings.scenarios) > 1 else study.scenarios
    wider = pairs | {
        (sc, p): evaluate_pair(study, sc, p, settings.method)
        for sc in across
        for p in settings.profiles
        if (sc, p) not in pairs
    }
    robust_pairs = {(sc, p): wider[(sc, p)] for sc in across for p in settings.profiles}
    robustness = robustness_of(study, robust_pairs, settings.method, s.top)
    return RunResults(
        study,
        settings,
        pairs,
        comparison,
        robustness=robustness,
        switch_points={pair: switch_points(study, *pair) for pair in settings.pairs},
        tornado={
            (sc, p): tornado(study, sc, p, delta=s.delta)
            for sc in settings.scenarios[:1]
            for p in settings.profiles
        },
        smaa=smaa_runs(study, settings, progress),
        **bundle,
        judgments=_judgments(study, settings.method, robustness),
    )


def _judgments(study: Study, method: str, robustness: RobustnessResult) -> pd.DataFrame | None:
    """The judgments the most robust option's first places rest on (additive model)."""
    if method != "additive":
        return None
    best = str(robustness.summary.index[0])
    ranks = robustness.ranks.loc[best]
    return deciding_judgments(study, best, [pair for pair, rank in ranks.items() if rank == 1])


@dataclass(frozen=True)
class Money:
    """Each option's costs and benefit over the portfolio's baseline (the baseline: none).

    Attributes
    ----------
    counted : ndarray of bool (criteria,)
        Criteria that count towards the benefit (not a resource's).
    costs : dict scenario -> DataFrame
        Options x resources.
    benefits : dict (scenario, profile) -> Series
        Option -> benefit in value points (0 for the baseline).
    """

    counted: np.ndarray
    costs: dict[str, pd.DataFrame]
    benefits: dict[Pair, pd.Series]


def money_of(study: Study, settings: RunSettings) -> Money:
    """Costs and benefits of every option in the run's scenarios and pairs."""
    measures = sp.measure_ids(study)
    resources = [r.id for r in study.portfolio.resources]
    costs = {}
    for scenario in settings.scenarios:
        spent = sp.costs(study, scenario)[0]
        table = pd.DataFrame(0.0, index=study.options, columns=resources)
        table.loc[measures] = spent
        costs[scenario] = table
    benefits = {
        pair: sp.benefits(study, *pair).reindex(study.options, fill_value=0.0)
        for pair in settings.pairs
    }
    return Money(sp.benefit_mask(study), costs, benefits)


def compare_methods(
    study: Study, settings: RunSettings, pairs: dict[Pair, PairResult]
) -> MethodComparison:
    """Ranks per method for every pair (the run's own method reuses ``pairs``)."""
    usable, skipped = [], []
    for name in methods.names():
        try:
            for scenario in settings.scenarios:
                method_matrix(study, scenario, methods.get(name))
            usable.append(name)
        except InputError as exc:
            first = exc.issues[0]
            skipped.append(
                warning(
                    "method-skipped",
                    first.location,
                    f"{methods.get(name).title} left out of the method comparison: {first.found}",
                    first.expected,
                )
            )
    by_method = {
        name: _batch_ranks(study, settings, name) for name in usable if name != settings.method
    }
    index = pd.Index(study.options, name="option")
    ranks = {}
    for k, pair in enumerate(settings.pairs):
        columns = {
            name: pairs[pair].table["rank"].to_numpy()
            if name == settings.method
            else by_method[name][k]
            for name in usable
        }
        ranks[pair] = pd.DataFrame(columns, index=index)
    taus = {
        pair: {
            n: kendall_tau(table[settings.method].to_numpy(), table[n].to_numpy()) for n in usable
        }
        for pair, table in ranks.items()
    }
    return MethodComparison(tuple(usable), ranks, tuple(skipped), taus)


def _batch_ranks(study: Study, settings: RunSettings, name: str) -> list[np.ndarray]:
    """Ranks under method ``name`` of every pair, in pair order: one kernel call per
    scenario with the profiles' weight vectors as a batch."""
    spec = methods.get(name)
    weights = np.array([study.weight_vector(p) for p in settings.profiles])
    params = study_params(study, spec)
    out = []
    for scenario in settings.scenarios:
        matrix = method_matrix(study, scenario, spec)
        scores = spec.kernel(matrix, weights, study.benefit_mask(), **params)
        out += list(spec.rank(scores))
    return out


def smaa_runs(
    study: Study, settings: RunSettings, progress: Progress | None = None
) -> dict[tuple[str, str | None], SmaaResult]:
    """One SMAA run per scenario x profile (profile-centred sampling), with a uniform
    "no preference information" reference run per scenario, or one run per scenario for
    profile-free sampling."""
    s = settings.sensitivity or SensitivitySettings()
    centred = s.sampling not in PROFILE_FREE_SAMPLING
    profiles: list[str | None] = list(settings.profiles) if centred else [None]
    if centred and s.reference:
        profiles.append(None)
    runs = [(scenario, profile) for scenario in settings.scenarios for profile in profiles]
    total = len(runs) * s.samples  # one bar over every run
    return {
        (scenario, profile): smaa(
            study,
            scenario,
            profile,
            method=settings.method,
            samples=s.samples,
            seed=s.seed,
            sampling=s.sampling if profile is not None else "uniform",
            concentration=s.concentration,
            performance=s.performance,
            progress=part(progress, k * s.samples, total),
        )
        for k, (scenario, profile) in enumerate(runs)
    }


def nearest_switch(table: pd.DataFrame) -> dict | None:
    """The switch point of one pair that needs the smallest change of one local weight.

    Returns None when no single weight changes the winner; otherwise a dict with
    ``node``, ``winner``, ``current_weight``, ``switch_at``, ``change`` and ``new_winner``.
    """
    best = None
    for row in records(table):
        for side in ("lower", "upper"):
            at = row[f"{side}_switch"]
            if at is None or not np.isfinite(at):
                continue
            change = abs(at - row["current_weight"])
            if best is None or change < best["change"]:
                best = {
                    "node": row["node"],
                    "winner": row["winner"],
                    "current_weight": row["current_weight"],
                    "switch_at": at,
                    "change": change,
                    "new_winner": row[f"{side}_winner"],
                }
    return best


def records(table: pd.DataFrame) -> list[dict]:
    """The rows of ``table`` as dicts, missing values (NaN) as None."""
    names = list(table.columns)
    columns = [[None if v != v else v for v in table[c].tolist()] for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
