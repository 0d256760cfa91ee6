"""Everything the command line prints: issues, rankings, headlines, a progress bar."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from engine.errors import Issue
from engine.results import RunResults, nearest_switch
from engine.scoring import ranked

# Control characters (C0, DEL, C1) and the bidirectional controls that reorder what a
# terminal shows: printed as escapes, so user text never moves the cursor, changes colours
# or displays reversed.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """User text safe for a terminal: control characters as escapes such as ``\\x1b``."""
    return _INVISIBLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def print_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        print(visible(str(issue)), file=sys.stderr)


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
    for (scenario, profile), result in results.smaa.items():
        who = "no preference information" if profile is None else profile
        first = result.acceptability[1].sort_values(ascending=False, kind="stable")
        print(f"\nRank acceptability, {scenario} ({who}) (share of samples ranked first):")
        for option, share in first.head(5).items():
            print(f"  {share:6.1%}  {visible(study.option(option).name)}")
    print()


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    WIDTH = 30

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.drawn = False

    @classmethod
    def for_terminal(cls, quiet: bool) -> ProgressBar:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 200_000:
            return
        filled = int(self.WIDTH * done / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\r  SMAA [{bar}] {done:,}/{total:,} samples")
        sys.stderr.flush()
        self.drawn = True

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False


def print_portfolio(results: RunResults) -> None:
    """Best package per pair (value, cost against limits, binding constraints), then the
    robust packages."""
    study, analysis = results.study, results.portfolio
    if analysis is None:
        return
    names = {o: visible(study.option(o).name) for o in analysis.measures}
    for (scenario, profile), result in analysis.packages.items():
        title = f"{study.scenario(scenario).name}  x  {study.profile(profile).name}"
        spent = ", ".join(
            f"{r} {result.cost[r]:g} of {result.limits[r]:g}" for r in analysis.resources
        )
        status = "" if result.status == "optimal" else f"  [{result.status}, gap {result.gap:.1%}]"
        print(f"\n{visible(title)}: value {result.value:.1f} ({spent}){status}")
        print("  " + "; ".join(names[o] for o in result.selected))
        binding = analysis.binding[(scenario, profile)]
        print(f"  binding: {', '.join(binding) if binding else 'none'}")
    if analysis.robust is None:
        print("\nNo package is feasible in every scenario x profile pair (no robust package).")
        print()
        return
    maximin, minimax = analysis.robust
    for label, robust in (("best worst case", maximin), ("least maximum regret", minimax)):
        held = [
            names[o] for o, x in zip(analysis.measures, robust.package.selected, strict=True) if x
        ]
        print(
            f"\nRobust package ({label}: worst value {robust.worst_value:.1f}, largest regret "
            f"{robust.max_regret:.1f}):\n  " + "; ".join(held)
        )
    print()
