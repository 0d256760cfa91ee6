"""Everything the command line prints: issues, rankings, headlines, a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from engine.errors import Issue
from engine.results import RunResults, nearest_switch
from engine.scoring import ranked


def print_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        print(str(issue), file=sys.stderr)


def print_rankings(results: RunResults, top: int) -> None:
    """The first ``top`` options (0 = all) of every scenario x profile pair."""
    study = results.study
    for (scenario, profile), result in results.pairs.items():
        table = ranked(result.table)
        shown = table if top <= 0 else table.head(top)
        print(f"\n{study.scenario(scenario).name}  x  {study.profile(profile).name}")
        for option, row in shown.iterrows():
            print(f"  {int(row['rank']):>3}  {row['score']:7.2f}  {study.option(option).name}")
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
            print(f"  {profile}: {study.option(winner).name} stays first for any single weight")
            continue
        print(
            f"  {profile}: {study.option(move['winner']).name} -> "
            f"{study.option(move['new_winner']).name} if '{move['node']}' moves "
            f"{move['current_weight']:.3f} -> {move['switch_at']:.3f}"
        )
    for (scenario, profile), result in results.smaa.items():
        who = "no preference information" if profile is None else profile
        first = result.acceptability[1].sort_values(ascending=False, kind="stable")
        print(f"\nRank acceptability, {scenario} ({who}) (share of samples ranked first):")
        for option, share in first.head(5).items():
            print(f"  {share:6.1%}  {study.option(option).name}")
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
