"""The report of ``policyscore explore``: robustness over generated futures and the
futures in which the choice fails (:mod:`engine.explore`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine._version import __version__
from engine.explore.analysis import Exploration
from engine.explore.discovery import Discovery
from engine.explore.kernel import RESOLUTION
from engine.explore.records import Uncertainties
from engine.report.layout import Chart, Column, Report, Sheet, Table
from engine.report.readme_sheet import with_readme
from engine.study import InputFile, Study

HEADLINE = "explore_headline"
"""Name of the Summary's table of findings (``run --explore`` reads its first row)."""
SCATTER_FUTURES = 1_000
"""Futures drawn in the scatter of two drivers (the first of the design: spread evenly)."""


@dataclass(frozen=True)
class ExploreRun:
    """What the report shows: the study, its drivers, the exploration, the files read."""

    study: Study
    drivers: Uncertainties
    exploration: Exploration
    inputs: tuple[InputFile, ...]
    executor: str = "this process"
    command: str = ""


def build_explore_report(run: ExploreRun) -> Report:
    """Summary, Read me, Drivers, Options, Packages (with a portfolio), Discovery, Run info."""
    sheets = [_summary(run), _drivers(run), _options(run)]
    if run.exploration.packages is not None:
        sheets.append(_packages(run))
    sheets += [_discovery(run, k, d) for k, d in enumerate(run.exploration.discoveries)]
    sheets.append(_run_info(run))
    return Report(with_readme(sheets, run.study), study=run.study.info.name)


def findings(run: ExploreRun) -> list[str]:
    """The Summary's sentences, the most telling first: where the recommended package
    fails (with a portfolio), else how robust the most robust option is."""
    e, study = run.exploration, run.study
    profile = e.questions.profile
    favourite = e.most_robust[profile]
    row = _row(e.options, favourite, profile)
    lead = (
        f"Over {e.futures:,} generated futures, {study.option(favourite).name} is the most "
        f"robust option for {study.profile(profile).name}: "
    )
    if row.max_regret <= 0:
        lead += "it is first in every one of them."
    else:
        lead += (
            f"90% of futures leave it within {row.p90_regret:.2f} points of the best (at "
            f"worst {row.max_regret:.2f}); it is first in {row.share_first:.0%} of them."
        )
    out = [lead]
    if e.packages is not None:
        package = _row(e.packages, e.candidates.labels[0], profile)
        out.append(
            f"The recommended package falls behind the best candidate package by "
            f"{package.mean_regret:.2f} value points on average (90th percentile "
            f"{package.p90_regret:.2f}) and fits the resource limits in {package.within:.0%} "
            "of futures"
            + (
                f"; it meets every threshold ({_thresholds_words(run)}) in "
                f"{package.satisficing:.0%} of them."
                if run.drivers.thresholds
                else "."
            )
        )
    if e.candidates is not None and e.candidates.stopped:
        out.append(f"Finding the candidate packages: {e.candidates.stopped}")
    told = [discovery_sentence(d, run) for d in e.discoveries]
    if e.candidates is not None and told:  # where the recommendation fails leads the page
        out.insert(0, told.pop(0))
    out += told
    if e.discovery_missing:
        out.append(f"No scenario discovery: {e.discovery_missing}.")
    others = sorted({o for p, o in e.most_robust.items() if p != profile} - {favourite})
    if others:
        out.append(
            "Other profiles find another option most robust: "
            + "; ".join(study.option(o).name for o in others)
            + "."
        )
    return out


def discovery_sentence(found: Discovery, run: ExploreRun) -> str:
    """One sentence: when the question holds, in the drivers' words."""
    share = found.cases / max(found.futures, 1)
    head = found.question[0].upper() + found.question[1:]
    if found.cases == 0:
        return f"{head}: in no future of the {found.futures:,}."
    if found.cases == found.futures:
        return f"{head}: in every one of the {found.futures:,} futures."
    if not found.box.restrictions:
        return (
            f"{head} in {share:.0%} of futures, spread across the drivers: no driver range "
            "holds it significantly."
        )
    limits = " and ".join(_limit_words(r, run) for r in found.box.restrictions)
    return (
        f"{head} in {share:.0%} of futures, mainly when {limits}: "
        f"{found.box.coverage:.0%} of those futures are in this box, and "
        f"{found.box.density:.0%} of the futures in the box are such."
    )


def _limit_words(restriction, run: ExploreRun) -> str:
    driver = next(d for d in run.drivers.drivers if d.id == restriction.driver)
    ends = [f"{sign} {end.label}" for sign, end in (("-1", driver.low), ("+1", driver.high)) if end]
    label = f"{driver.label} ({'; '.join(ends)})"
    if restriction.lower and restriction.upper:
        return f"{label} is between {restriction.low:+.2f} and {restriction.high:+.2f}"
    if restriction.lower:
        return f"{label} > {restriction.low:+.2f}"
    return f"{label} < {restriction.high:+.2f}"


def _driver_label(run: ExploreRun, driver: str) -> str:
    return next(d.label for d in run.drivers.drivers if d.id == driver)


def _row(table: pd.DataFrame, candidate: str, profile: str):
    rows = table[(table["candidate"] == candidate) & (table["profile"] == profile)]
    return next(rows.itertuples(index=False))


def _summary(run: ExploreRun) -> Sheet:
    e = run.exploration
    return Sheet(
        "Summary",
        f"Explore: {e.futures:,} generated futures of {run.study.info.name}",
        "Read: each future is a point in the drivers' space (Drivers sheet); scores are "
        "the study's additive values under each profile; regret is the distance to the "
        "best option (or candidate package) in the same future.",
        [
            Table(
                None,
                [Column("Finding", width=110)],
                [[s] for s in findings(run)],
                name=HEADLINE,
            )
        ],
    )


def _drivers(run: ExploreRun) -> Sheet:
    study, found = run.study, run.drivers

    def end(e) -> str:
        return "not sampled" if e is None else f"{study.scenario(e.scenario).name} ({e.label})"

    rows = [
        [d.label, end(d.low), end(d.high), f"{d.range[0]:+g} to {d.range[1]:+g}", d.rationale]
        for d in found.drivers
    ]
    e = run.exploration.ensemble
    settings = [
        ["Base scenario (every driver at 0)", study.scenario(found.base).name],
        ["Futures", f"{e.futures:,}"],
        ["Design", "Latin hypercube" if e.design == "latin" else "scrambled Sobol sequence"],
        ["Seed", str(e.seed)],
        ["Cells drawn within their ranges", "yes" if e.cell_spread else "no"],
        [
            "Weights drawn around each profile's",
            "no"
            if e.weight_concentration is None
            else f"Dirichlet, concentration {e.weight_concentration:g}",
        ],
        ["Declared combinations of driver ends", str(len(found.combinations))],
        ["Thresholds", _thresholds_words(run)],
    ]
    return Sheet(
        "Drivers",
        "The uncertain drivers and how the futures were drawn",
        "Read: a driver at -1 is the scenario of its low end, at +1 that of its high end, "
        "at 0 the base; between, every cell moves in proportion, and the drivers' effects "
        "add up (docs/explore.md).",
        [
            Table(
                None,
                [
                    Column("Driver", width=24),
                    Column("At -1", width=30),
                    Column("At +1", width=30),
                    Column("Sampled", width=10),
                    Column("Rationale", width=70),
                ],
                rows,
            ),
            Table(
                "Ensemble",
                [Column("Setting", width=24), Column("Value", width=140, span=4)],
                settings,
            ),
        ],
    )


def _thresholds_words(run: ExploreRun) -> str:
    words = []
    for t in run.drivers.thresholds:
        name = run.study.criterion(t.criterion).name
        if t.no_worse_than is not None:
            words.append(f"{name} no worse than {run.study.option(t.no_worse_than).name}")
        elif t.at_least is not None:
            words.append(f"{name} at least {t.at_least:g}")
        else:
            words.append(f"{name} at most {t.at_most:g}")
    return "; ".join(words) or "none declared"


METRIC_COLUMNS = [
    Column("Mean", "score"),
    Column("Spread", "score"),
    Column("Mean regret", "score"),
    Column("90th pct regret", "score"),
    Column("Max regret", "score"),
    Column("First", "percent"),
    Column("Satisficing", "percent"),
]


def _metric_cells(row) -> list:
    return [
        row.mean,
        row.spread,
        row.mean_regret,
        row.p90_regret,
        row.max_regret,
        row.share_first,
        row.satisficing,
    ]


def _options(run: ExploreRun) -> Sheet:
    e, study = run.exploration, run.study
    profile = e.questions.profile
    table = e.options.sort_values(["profile", "p90_regret", "max_regret"], kind="stable")
    chosen = table[table["profile"] == profile]
    names = {o: study.option(o).name for o in study.options}
    profiles = {p: study.profile(p).name for p in study.profiles}
    return Sheet(
        "Options",
        f"Robustness of every option over the futures ({profiles[profile]})",
        "Read: mean score and its spread; regret = best score in the same future minus "
        f"this one's (90th percentile rounded up to {RESOLUTION:g}); First = share of "
        "futures where it is best; Satisficing = share where it meets every threshold.",
        [
            Table(
                None,
                [Column("Option", width=40), *METRIC_COLUMNS],
                [[names[r.candidate], *_metric_cells(r)] for r in chosen.itertuples(index=False)],
                heat_columns=[4],
                heat="bad",
            ),
            Table(
                "Every profile",
                [Column("Profile", width=30), Column("Option", width=40), *METRIC_COLUMNS],
                [
                    [profiles[r.profile], names[r.candidate], *_metric_cells(r)]
                    for r in table.itertuples(index=False)
                ],
                name="explore_options",
            ),
        ],
        printed=1,
    )


def _packages(run: ExploreRun) -> Sheet:
    e, study = run.exploration, run.study
    ids = e.candidates.measures
    profiles = {p: study.profile(p).name for p in study.profiles}
    contents = [
        [label, "; ".join(study.option(ids[i]).name for i in np.flatnonzero(chosen))]
        for label, chosen in zip(e.candidates.labels, e.candidates.chosen, strict=True)
    ]
    rows = [
        [r.candidate, profiles[r.profile], *_metric_cells(r), r.within]
        for r in e.packages.itertuples(index=False)
    ]
    return Sheet(
        "Packages",
        "The recommended package and each profile's best, over the futures",
        "Read: value in value points over the baseline; regret against the best of these "
        "packages that fits the future's limits; Within limits = share of futures whose "
        "resource limits it fits.",
        [
            Table(
                None,
                [
                    Column("Package", width=40),
                    Column("Profile", width=30),
                    *METRIC_COLUMNS,
                    Column("Within limits", "percent"),
                ],
                rows,
                heat_columns=[5],
                heat="bad",
            ),
            Table(
                "What each package holds",
                [Column("Package", width=40), Column("Measures", width=100)],
                contents,
            ),
        ],
    )


def _discovery(run: ExploreRun, k: int, found: Discovery) -> Sheet:
    tables = [
        Table(None, [Column("Finding", width=100, span=5)], [[discovery_sentence(found, run)]])
    ]
    charts: list[Chart] = []
    box = found.box
    if box is not None:
        tables.append(
            Table(
                "The box",
                [
                    Column("Driver", width=30),
                    Column("From", "number"),
                    Column("To", "number"),
                    Column("Restricted", width=14),
                    Column("Quasi-p", width=12),
                ],
                [
                    [_driver_label(run, r.driver), r.low, r.high, _sides(r), _p_words(r.quasi_p)]
                    for r in box.restrictions
                ]
                or [["(no significant restriction)", None, None, "", None]],
            )
        )
        trajectory = box.trajectory
        tables.append(
            Table(
                "Peeling trajectory (coverage against density)",
                [
                    Column("Coverage", "percent"),
                    Column("Density", "percent"),
                    Column("Mass", "percent"),
                    Column("Drivers restricted", "integer"),
                    Column("Chosen", "mark"),
                    Column("Chosen box", "percent"),
                ],
                [
                    [
                        float(r.coverage),
                        float(r.density),
                        float(r.mass),
                        int(r.res_dim),
                        "✓" if i == box.chosen else "",
                        float(r.density) if i == box.chosen else None,
                    ]
                    for i, r in enumerate(trajectory.itertuples(index=False))
                ],
            )
        )
        charts.append(
            Chart(
                "Coverage against density along the peeling",
                table=2,
                categories=0,
                series=[1, 5],
                style="scatter",
                axis_title="Coverage",
                value_title="Density",
                number_format="0%",
                colours=("1F4E79", "C00000"),
                legend="b",
                anchor=1,
                below=True,
            )
        )
        scatter = _scatter(run, found)
        if scatter is not None:
            tables.append(scatter[0])
            charts.append(scatter[1])
    return Sheet(
        f"Discovery {k + 1}",
        f"Scenario discovery: {found.question}",
        "Read: PRIM peels the drivers' space toward the futures in question; coverage = "
        "share of those futures inside the box, density = share of the box's futures that "
        "are such; restrictions with quasi-p above 0.05 are dropped.",
        tables,
        charts=charts,
        printed=3,  # the scatter's data stays on screen; the chart prints
    )


def _p_words(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _sides(restriction) -> str:
    if restriction.lower and restriction.upper:
        return "both ends"
    return "from below" if restriction.lower else "from above"


def _scatter(run: ExploreRun, found: Discovery):
    """The futures over the two most restricted drivers (least quasi-p first), cases marked."""
    e = run.exploration
    order = [r.driver for r in sorted(found.box.restrictions, key=lambda r: r.quasi_p)]
    order += [d for d in e.drivers if d not in order]
    if len(order) < 2:
        return None
    x, y = (e.drivers.index(d) for d in order[:2])
    cases = found.where
    shown = slice(0, SCATTER_FUTURES)
    rows = [
        [float(a), float(b) if c else None, None if c else float(b)]
        for a, b, c in zip(e.points[shown, x], e.points[shown, y], cases[shown], strict=True)
    ]
    labels = [_driver_label(run, d) for d in order[:2]]
    table = Table(
        f"The first {len(rows):,} futures over {labels[0]} and {labels[1]}",
        [
            Column(labels[0], "number"),
            Column(f"{labels[1]} (in question)", "number"),
            Column(f"{labels[1]} (other futures)", "number"),
        ],
        rows,
    )
    chart = Chart(
        f"{labels[1]} against {labels[0]}: futures in question in red",
        table=3,  # after the finding, the box and the trajectory
        categories=0,
        series=[1, 2],
        style="scatter",
        axis_title=labels[0],
        value_title=labels[1],
        number_format="0.0",
        colours=("D62728", "A6A6A6"),
        legend="b",
        marker=3,
        anchor=2,
        below=True,
    )
    return table, chart


def _run_info(run: ExploreRun) -> Sheet:
    e = run.exploration
    rows = [
        ["Report", "explore"],
        ["Engine version", __version__],
        ["Command", run.command or "(Python)"],
        ["Method", "additive value model; regret against the best in each future"],
        ["Futures", str(e.futures)],
        ["Design", e.ensemble.design],
        ["Seed", str(e.ensemble.seed)],
        [
            "Chunk",
            "automatic" if e.ensemble.chunk_blocks is None else f"{e.ensemble.chunk_blocks} blocks",
        ],
        ["Ran on", run.executor],
        ["Profile asked about", e.questions.profile],
        ["Package regret limit", f"{e.questions.regret_limit:g} value points"],
        ["Box coverage at least", f"{e.questions.coverage:g}"],
    ]
    rows += [[f"Input {f.path}", f.sha256] for f in run.inputs]
    return Sheet(
        "Run info",
        "How these futures were made",
        "Read: engine version, settings, seed and the SHA-256 of every input file; the same "
        "inputs and seed give the same futures and numbers on any machine or cluster.",
        [Table(None, [Column("Item", width=26), Column("Value", width=80)], rows)],
    )
