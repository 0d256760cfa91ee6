"""Everything the command line prints: issues, rankings, headlines, a progress bar."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence

import pandas as pd

from engine.diagnostics import CODES as DIAGNOSTICS
from engine.errors import Issue
from engine.report.headline import package_judgment_words
from engine.results import RunResults, nearest_switch
from engine.scoring import ranked

# Control characters (C0, DEL, C1) and the bidirectional controls that reorder what a
# terminal shows: printed as escapes, so user text never moves the cursor, changes colours
# or displays reversed.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """User text safe for a terminal: control characters as escapes such as ``\\x1b``."""
    return _INVISIBLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def print_issues(issues: Sequence[Issue], *, count_diagnostics: bool = False) -> None:
    """Every issue on standard error; with ``count_diagnostics`` the study diagnostics
    (warnings about the study's shape, :mod:`engine.diagnostics`) in one line."""
    diagnostics = [i for i in issues if count_diagnostics and i.code in DIAGNOSTICS]
    for issue in issues:
        if issue not in diagnostics:
            print(visible(str(issue)), file=sys.stderr)
    if diagnostics:
        kinds = ", ".join(sorted({i.code for i in diagnostics}))
        print(
            f"{len(diagnostics)} study diagnostic warning(s) ({kinds}): `policyscore validate` "
            "lists them, the report's Issues sheet too.",
            file=sys.stderr,
        )


def print_run(results: RunResults, top: int) -> None:
    """The headline and one table of winners with margins (and, with ``top`` > 0, the
    first ``top`` options of every pair before it)."""
    if top > 0:
        print_rankings(results, top)
    study, settings = results.study, results.settings
    rows, firsts = [], {}
    for (scenario, profile), result in results.pairs.items():
        table = ranked(result.table)
        scores = table["score"].to_numpy()
        winner = table.index[0]
        margin = abs(scores[0] - scores[1]) if len(scores) > 1 else float("nan")
        rows.append(
            (
                study.scenario(scenario).name,
                study.profile(profile).name,
                study.option(winner).name,
                margin,
            )
        )
        firsts[winner] = firsts.get(winner, 0) + 1
    print(
        f"\n{visible(study.info.name)}: {len(study.options)} options, "
        f"{len(settings.scenarios)} scenarios x {len(settings.profiles)} profiles, "
        f"method {settings.method}"
    )
    print(f"\n  {'Scenario':<30} {'Profile':<30} {'Winner':<40} {'Margin':>7}")
    for scenario, profile, winner, margin in rows:
        print(f"  {_cut(scenario, 30)} {_cut(profile, 30)} {_cut(winner, 40)} {margin:7.2f}")
    ordered = sorted(firsts.items(), key=lambda item: -item[1])
    shown = ", ".join(f"{visible(study.option(o).name)} ({n})" for o, n in ordered[:3])
    print(f"\nMost often first, of {len(rows)} pairs: {shown}")
    print("Margin: the winner's lead over the runner-up, in score points.")
    _print_package(results)
    print()


def _cut(text: str, width: int) -> str:
    text = visible(text)
    return (text if len(text) <= width else text[: width - 3] + "...").ljust(width)


def _print_package(results: RunResults) -> None:
    analysis = results.portfolio
    if analysis is None or analysis.robust is None:
        return
    minimax = analysis.robust[1]
    held = [
        visible(results.study.option(o).name)
        for o, x in zip(analysis.measures, minimax.package.selected, strict=True)
        if x
    ]
    print(
        f"Recommended package (least maximum regret over {len(analysis.packages)} pairs, "
        f"largest regret {minimax.max_regret:.1f} points): " + "; ".join(held)
    )


def print_rankings(results: RunResults, top: int) -> None:
    """The first ``top`` options (0 = all) of every scenario x profile pair."""
    study = results.study
    for (scenario, profile), result in results.pairs.items():
        table = ranked(result.table)
        shown = table if top <= 0 else table.head(top)
        title = f"{study.scenario(scenario).name}  x  {study.profile(profile).name}"
        print(f"\n{visible(title)}")
        for option, row in shown.iterrows():
            name = visible(study.option(option).name)
            print(f"  {int(row['rank']):>3}  {row['score']:7.2f}  {name}")
        if len(shown) < len(table):
            print(f"       ... {len(table) - len(shown)} more in the report")
    print()


def print_sensitivity(results: RunResults) -> None:
    """The headline numbers: nearest switch per pair and the most acceptable options."""
    study = results.study
    print("\nSmallest single weight change that changes the winner:")
    for (_, profile), table in results.switch_points.items():
        move = nearest_switch(table)
        if move is None:
            winner = table["winner"].dropna().iloc[0]
            name = visible(study.option(winner).name)
            print(f"  {profile}: {name} stays first for any single weight")
            continue
        winner, new = study.option(move["winner"]).name, study.option(move["new_winner"]).name
        print(
            f"  {profile}: {visible(winner)} -> {visible(new)} if '{move['node']}' moves "
            f"{move['current_weight']:.3f} -> {move['switch_at']:.3f}"
        )
    _print_judgments(results)
    for (scenario, profile), result in results.smaa.items():
        who = "no preference information" if profile is None else profile
        first = result.acceptability[1].sort_values(ascending=False, kind="stable")
        print(f"\nRank acceptability, {scenario} ({who}) (share of samples ranked first):")
        for option, share in first.head(5).items():
            print(f"  {share:6.1%}  {visible(study.option(option).name)}")
    print()


def _print_judgments(results: RunResults) -> None:
    """The judgments the most robust option's first places rest on (within range first)."""
    table = results.judgments
    if table is None or results.robustness is None:
        return
    study = results.study
    best = visible(study.option(str(results.robustness.summary.index[0])).name)
    inside = table[table["in_range"]]
    print(
        f"\nJudgments {best}'s first places rest on: {len(inside)} within their stated range, "
        f"{len(table) - len(inside)} more within a fifth of their scale."
    )
    for _, row in inside.head(10).iterrows():
        what = (
            "delivery likelihood"
            if pd.isna(row["criterion"])
            else study.criterion(row["criterion"]).name
        )
        ends = " or ".join(
            f"{v:.4g}" for v in (row["switch_below"], row["switch_above"]) if abs(v) < float("inf")
        )
        print(
            f"  {visible(study.option(row['option']).name)} / {visible(what)} "
            f"({row['scenario']}): {row['value']:.4g}, range {row['low']:.4g}-{row['high']:.4g}; "
            f"{ends} ends {row['pairs']} first place(s){'' if row['sourced'] else ' [not sourced]'}"
        )


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal and the
    work has lasted :attr:`DELAY` seconds (a quick run stays quiet), redrawn at most every
    :attr:`EVERY` seconds, one stage after another ("Best packages", "Inclusion frequency",
    "SMAA")."""

    WIDTH = 30
    DELAY = 0.5
    EVERY = 0.1

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = False
        self.started = time.monotonic()
        self.last = 0.0
        self.label = ""
        self.width = 0

    @classmethod
    def for_terminal(cls, quiet: bool) -> ProgressBar:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def __call__(self, done: int, total: int, label: str = "SMAA", unit: str = "samples") -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.started < self.DELAY:
            return
        finished, new = done >= total, label != self.label
        if not (finished or new or now - self.last >= self.EVERY):
            return
        filled = int(self.WIDTH * min(done, total) / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"  {label} [{bar}] {done:,}/{total:,} {unit}"
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width, self.label, self.last, self.drawn = len(line), label, now, True

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False


def _print_levels(results: RunResults) -> None:
    """The recommended package's level on every criterion of the first scenario."""
    study, analysis = results.study, results.portfolio
    scenario = analysis.headline[0]
    table = analysis.levels[scenario]
    print(
        f"\nRecommended package (least maximum regret), levels in "
        f"{visible(study.scenario(scenario).name)} (baseline -> package, scale):"
    )
    for criterion, row in table.iterrows():
        scale = study.criterion(criterion).scale.words()
        mark = f"  [would reach {row['reached']:.4g}: held]" if row["saturated"] else ""
        print(
            f"  {visible(study.criterion(criterion).name)}: {row['baseline']:.4g} -> "
            f"{row['level']:.4g} ({visible(scale)}){mark}"
        )


def _print_package_judgments(results: RunResults, most: int = 10) -> None:
    """The judgments that change the recommended package, when the run looked for them."""
    judged = results.portfolio.judgments
    if judged is None:
        return
    print(
        f"\nJudgments that change the recommended package: {len(judged.table):,} of "
        f"{judged.checked:,} trials checked ({judged.trials:,} in all, largest possible "
        "effect first)"
    )
    for _, row in judged.table.head(most).iterrows():
        print(f"  {package_judgment_words(results, row)} ({row['within']})")
    if len(judged.table) > most:
        print(f"  ... and {len(judged.table) - most:,} more (Portfolio sheet)")


def print_portfolio(results: RunResults) -> None:
    """One line per pair (value, cost against limits, how many measures and binding
    constraints), then the robust packages; the detail is in the workbook (issue 25)."""
    study, analysis = results.study, results.portfolio
    if analysis is None:
        return
    names = {o: visible(study.option(o).name) for o in analysis.measures}
    print("\nBest package per scenario x profile (measures and constraints: Portfolio sheet):")
    for (scenario, profile), result in analysis.packages.items():
        title = _cut(f"{study.scenario(scenario).name} x {study.profile(profile).name}", 60)
        spent = ", ".join(
            f"{r} {result.cost[r]:g} of {result.limits[r]:g}" for r in analysis.resources
        )
        status = "" if result.status == "optimal" else f"  [{result.status}, gap {result.gap:.1%}]"
        bound = len(analysis.binding[(scenario, profile)])
        print(
            f"  {visible(title)}: value {result.value:.1f} ({spent}), "
            f"{len(result.selected)} measures; binding: {bound or 'none'}{status}"
        )
    if analysis.stopped:
        print("\n" + analysis.stopped_words())
    if analysis.robust is None:
        why = {
            "none feasible": "no package is feasible in every scenario x profile pair",
            "not found in time": "the time limit stopped its program before it found one",
        }[analysis.robust_missing]
        print(f"\nNo robust package: {why}.")
        print()
        return
    maximin, minimax = analysis.robust
    _print_levels(results)
    for label, robust in (("best worst case", maximin), ("least maximum regret", minimax)):
        held = [
            names[o] for o, x in zip(analysis.measures, robust.package.selected, strict=True) if x
        ]
        print(
            f"\nRobust package ({label}: worst value {robust.worst_value:.1f}, largest regret "
            f"{robust.max_regret:.1f}):\n  " + "; ".join(held)
        )
    for k, runner in enumerate(analysis.runners_up, start=1):
        adds, drops = analysis.swapped(runner.package.selected)
        swap = [f"+ {names[o]}" for o in adds] + [f"- {names[o]}" for o in drops]
        print(
            f"  next best {k}: largest regret {runner.max_regret:.2f} "
            f"({runner.max_regret - minimax.max_regret:+.2f}): " + "; ".join(swap)
        )
    _print_package_judgments(results)
    print()
