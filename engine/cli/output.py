"""Everything the command line prints: issues, rankings, headlines, a progress bar."""

from __future__ import annotations

import re
import sys
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


def print_run(results: RunResults, top: int, *, winners: bool = True) -> None:
    """The headline and one table of winners with margins (and, with ``top`` > 0, the
    first ``top`` options of every pair before it); ``winners=False`` when the table
    was printed as soon as the pairs were ranked (:class:`EarlyResults`)."""
    if top > 0:
        print_rankings(results, top)
    if winners:
        for line in winner_lines(results.study, results.settings, results.pairs):
            print(line)
    _print_package(results)
    print()


def winner_lines(study, settings, pairs: dict) -> list[str]:
    """The table of winners with margins, one line per pair, and who is most often first."""
    rows, firsts = [], {}
    for (scenario, profile), result in pairs.items():
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
    lines = [
        f"\n{visible(study.info.name)}: {len(study.options)} options, "
        f"{len(settings.scenarios)} scenarios x {len(settings.profiles)} profiles, "
        f"method {settings.method}",
        f"\n  {'Scenario':<30} {'Profile':<30} {'Winner':<40} {'Margin':>7}",
    ]
    for scenario, profile, winner, margin in rows:
        lines.append(f"  {_cut(scenario, 30)} {_cut(profile, 30)} {_cut(winner, 40)} {margin:7.2f}")
    ordered = sorted(firsts.items(), key=lambda item: -item[1])
    shown = ", ".join(f"{visible(study.option(o).name)} ({n})" for o, n in ordered[:3])
    lines.append(f"\nMost often first, of {len(rows)} pairs: {shown}")
    lines.append("Margin: the winner's lead over the runner-up, in score points.")
    return lines


class EarlyResults:
    """Prints results as the library finds them (:data:`engine.progress.Found`), above
    the progress bar, when standard output is a terminal: the table of winners once every
    pair is ranked ('ranked' in ``kinds``), one line per pair's best package ('package').
    Piped output keeps its order (the report is written before anything is printed), and
    a reader that goes away stops the printing, not the work."""

    def __init__(self, study, settings, bar: ProgressBar, kinds: Sequence[str]) -> None:
        self.study, self.settings, self.bar = study, settings, bar
        self.kinds = set(kinds) if sys.stdout.isatty() else set()
        self.printed: set[str] = set()

    def __call__(self, kind: str, payload) -> None:
        if kind not in self.kinds:
            return
        try:
            if kind == "ranked":
                for line in winner_lines(self.study, self.settings, payload):
                    self.bar.print(line)
            else:
                if "package" not in self.printed:
                    self.bar.print(PAIRS_HEADER)
                self.bar.print(pair_line(self.study, *payload))
        except BrokenPipeError:  # the reader stopped: finish the work, print nothing more
            self.kinds.clear()
        self.printed.add(kind)


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
    """Progress on stderr, drawn by tqdm only when stderr is a terminal: one bar per stage
    ("Best packages", "Inclusion frequency", "SMAA"), each with its count, rate and an
    estimate of the time left, shown once the stage has lasted :attr:`DELAY` seconds (a
    quick stage stays quiet) and cleared when the next begins. Lines printed while a bar
    is drawn go above it (:meth:`print`)."""

    DELAY = 0.5
    FORMAT = (
        "  {desc} {percentage:3.0f}% [{bar:24}] {n:,}/{total:,} {unit} "
        "({elapsed} so far, {remaining} left)"
    )

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.label = ""

    @classmethod
    def for_terminal(cls, quiet: bool) -> ProgressBar:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def __call__(self, done: int, total: int, label: str = "SMAA", unit: str = "samples") -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is None or label != self.label or total != self.bar.total:
            self._close()
            from tqdm import tqdm  # only on a terminal: a piped run never imports it

            self.bar = tqdm(
                total=total,
                desc=label,
                unit=unit,
                file=sys.stderr,
                delay=self.DELAY,
                leave=False,
                mininterval=0.1,
                bar_format=self.FORMAT,
                ascii=" #",
            )
            self.label = label
        self.bar.update(min(done, total) - self.bar.n)
        if done >= total and self.bar.format_dict["elapsed"] >= self.DELAY:
            self.bar.refresh()  # the finished count, whatever the redraw interval skipped

    def print(self, text: str) -> None:
        """Print ``text`` on stdout above the bar (the bar redrawn below it)."""
        if self.bar is None:
            print(text)
            return
        from tqdm import tqdm

        tqdm.write(text, file=sys.stdout)

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


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


PAIRS_HEADER = "\nBest package per scenario x profile (measures and constraints: Portfolio sheet):"


def pair_line(study, pair, result, bound: list[str]) -> str:
    """One pair's best package: value, cost against limits, how many measures and binding
    constraints."""
    scenario, profile = pair
    title = _cut(f"{study.scenario(scenario).label} x {study.profile(profile).name}", 60)
    spent = ", ".join(f"{r} {result.cost[r]:g} of {result.limits[r]:g}" for r in result.limits)
    status = "" if result.status == "optimal" else f"  [{result.status}, gap {result.gap:.1%}]"
    return (
        f"  {visible(title)}: value {result.value:.1f} ({spent}), "
        f"{len(result.selected)} measures; binding: {len(bound) or 'none'}{status}"
    )


def print_portfolio(results: RunResults, *, pairs: bool = True) -> None:
    """One line per pair (value, cost against limits, how many measures and binding
    constraints; ``pairs=False`` when they were printed as they were found), then the
    robust packages; the detail is in the workbook (issue 25)."""
    study, analysis = results.study, results.portfolio
    if analysis is None:
        return
    names = {o: visible(study.option(o).name) for o in analysis.measures}
    if pairs:
        print(PAIRS_HEADER)
        for pair, result in analysis.packages.items():
            print(pair_line(study, pair, result, analysis.binding[pair]))
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
