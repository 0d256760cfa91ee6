"""The Summary's headline: what to do and how sure we are, in sentences.

Computed from the run's results (robustness across pairs, SMAA under uncertainty,
switch points, the portfolio analysis); the builder only phrases them.

How sure: under the report's uncertainty analysis (weights drawn around each profile,
performances within their ranges), each option's share of first places, averaged over the
profiles. A scenario's answer is *clear* when one option is first in at least
:data:`CLEAR` of the samples; *likely* when it is first less often but at least twice as
often as any other; otherwise *too close to call*: the margin is within the input
uncertainty, and the two options most often first are named.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from engine.portfolio.inclusion import NEARLY_ALWAYS
from engine.report.layout import Column, Table
from engine.results import RunResults, nearest_switch

CLEAR = 0.75


def brief_table(results: RunResults) -> Table:
    """The brief: one printed page a director reads first. The package with its cost
    against each limit in the resource's units, the most robust single option, the
    judgments the answer rests on, and per scenario the plain share of uncertain samples
    in which each leading option comes first."""
    rows = [*_package_brief(results), *_option_brief(results)]
    rows += [_scenario_brief(results, s) for s in results.settings.scenarios]
    rows += explore_rows(results)
    return Table(
        "The brief (computed with the weights as run; the evidence follows)",
        [Column("Question", width=34), Column("Answer", width=110, span=5)],
        rows,
    )


def explore_rows(results: RunResults) -> list[list[str]]:
    """The quoted finding of an explore report (``run --explore``), as a brief row."""
    if not results.settings.explore_finding:
        return []
    name = Path(results.settings.explore_file).name
    return [[f"In generated futures ({name})", results.settings.explore_finding]]


def explore_table(results: RunResults) -> list[Table]:
    """The quoted finding on its own, for a Summary without the brief."""
    rows = explore_rows(results)
    if not rows:
        return []
    columns = [Column("Question", width=34), Column("Answer", width=110, span=5)]
    return [Table("From the last explore run", columns, rows)]


def headline_table(results: RunResults) -> Table:
    rows = [*_package_rows(results), *_overall_rows(results)]
    for scenario in results.settings.scenarios:
        rows += _scenario_rows(results, scenario)
    return Table(
        "The evidence behind the brief",
        # Lined up with the brief above and the winners table under it (34 | 110 characters).
        [Column("Question", width=34), Column("Evidence", width=110, span=5)],
        rows,
    )


def _package_brief(results: RunResults) -> list[list[str]]:
    analysis = results.portfolio
    if analysis is None or analysis.robust is None:
        return []
    minimax = analysis.robust[1]
    held = [o for o, x in zip(analysis.measures, minimax.package.selected, strict=True) if x]
    study = results.study
    costs = []
    for k, resource in enumerate(study.portfolio.resources):
        limits = {pair[0]: result.limits[resource.id] for pair, result in analysis.packages.items()}
        usual = Counter(limits.values()).most_common(1)[0][0]
        other = [f"{v:g} in {study.scenario(s).name}" for s, v in limits.items() if v != usual]
        limit = f"the limit of {usual:g}"
        if other:
            limit += f" ({', '.join(dict.fromkeys(other))})"
        costs.append(f"{resource.name}: {minimax.package.cost[k]:g} {resource.unit} of {limit}")
    return [
        [
            "Fund this package",
            f"{len(held)} measures: "
            + "; ".join(_name(results, o) for o in held)
            + ". "
            + "Cost: "
            + "; ".join(costs)
            + ". "
            + f"In the worst of {len(analysis.packages)} scenario x profile pairs it falls "
            f"{minimax.max_regret:.1f} value points short of that pair's best package."
            + close_call(results),
        ]
    ]


def close_call(results: RunResults) -> str:
    """How close the next package by least maximum regret comes, and what it swaps."""
    analysis = results.portfolio
    if analysis is None or analysis.robust is None or not analysis.runners_up:
        return ""
    runner = analysis.runners_up[0]
    adds, drops = analysis.swapped(runner.package.selected)
    swap = "; ".join(
        part
        for part in (
            "with " + ", ".join(_name(results, o) for o in adds) if adds else "",
            "without " + ", ".join(_name(results, o) for o in drops) if drops else "",
        )
        if part
    )
    more = runner.max_regret - analysis.robust[1].max_regret
    return (
        f" The next-best package ({swap}) falls {runner.max_regret:.3g} short at worst, "
        f"{_small(more)} more: judgments that move these measures' values by that much decide "
        "between them (Portfolio sheet)."
    )


def _small(points: float) -> str:
    """A small difference of value points with its first significant digit kept (0.004,
    not 0.00, which would read as a tie the exact programs did not find)."""
    return f"{points:.2f}" if abs(points) >= 0.01 else f"{points:.1g}"


def _option_brief(results: RunResults) -> list[list[str]]:
    robust = results.robustness
    if robust is None:
        return []
    best = robust.summary.index[0]
    pairs = list(results.pairs)
    wins = sum(_winner(results, pair) == best for pair in pairs)
    shares = [x for x in (first_share(results, s, p, best) for s, p in pairs) if x is not None]
    uncertain = ""
    if shares:
        uncertain = f"; first in {np.mean(shares):.0%} of uncertain samples on average"
    rows = [
        [
            "Most robust single option",
            f"{_name(results, best)}: first in {wins} of {len(pairs)} scenario x profile "
            f"pairs{uncertain}.",
        ]
    ]
    table = results.judgments
    if table is not None:
        inside = table[table["in_range"]]
        if inside.empty:
            said = "no single judgment changed within its stated range ends a first place."
        else:
            sourced = _sourced(int(inside["sourced"].sum()), len(inside))
            named = "; ".join(_judgment_name(results, r) for _, r in inside.head(3).iterrows())
            said = (
                f"{len(inside)} judgment(s) whose change within the stated range would end one "
                f"of its first places ({sourced}); most of all: {named}."
            )
        rows.append(["It rests on", said[0].upper() + said[1:]])
    return rows


def _scenario_brief(results: RunResults, scenario: str) -> list[str]:
    name = results.study.scenario(scenario).name
    shares = _first_shares(results, scenario)
    if not shares:
        winners = Counter(_winner(results, (scenario, p)) for p in results.settings.profiles)
        leader, count = winners.most_common(1)[0]
        return [
            name,
            f"{_name(results, leader)} first under {count} of "
            f"{len(results.settings.profiles)} profiles.",
        ]
    top = sorted(shares, key=lambda o: -shares[o])
    first, second = shares[top[0]], shares[top[1]] if len(top) > 1 else 0.0
    verdict = "Too close to call"
    if first >= CLEAR or first >= 2 * second:
        verdict = "Clear" if first >= CLEAR else "Likely"
    listed = ", ".join(f"{results.study.option(o).label} {shares[o]:.0%}" for o in top[:3])
    rest = 1.0 - sum(shares[o] for o in top[:3])
    return [
        name,
        f"{verdict}. First in uncertain samples: {listed}"
        + (f", the others {rest:.0%}" if rest > 0.005 else "")
        + ".",
    ]


def first_share(results: RunResults, scenario: str, profile: str, option: str) -> float | None:
    """Share of uncertain samples in which ``option`` is first for a pair (None: no SMAA)."""
    run = results.smaa.get((scenario, profile))
    if run is None or option not in run.acceptability.index:
        return None
    return float(run.acceptability.loc[option].iloc[0])


def _name(results: RunResults, option: str) -> str:
    return results.study.option(option).name


def _package_rows(results: RunResults) -> list[list[str]]:
    analysis = results.portfolio
    if analysis is None or analysis.robust is None:
        return []
    minimax = analysis.robust[1]
    always = [
        o
        for o, share in zip(analysis.measures, analysis.overall_inclusion(), strict=True)
        if share >= NEARLY_ALWAYS
    ]
    spent = ", ".join(
        f"{r.in_sentence} {minimax.package.cost[k]:g} {r.unit}"
        for k, r in enumerate(results.study.portfolio.resources)
    )
    return [
        [
            "Fund this package",
            f"The package with the least largest shortfall across {len(analysis.packages)} "
            f"scenario x profile pairs ({minimax.max_regret:.1f} value points at most; worst "
            f"value {minimax.worst_value:.1f} points over the baseline; spends {spent}). "
            + _always_words(results, always)
            + _saturation_words(results)
            + " Details: Portfolio and Inclusion frequency sheets.",
        ],
        *_package_judgment_rows(results),
    ]


def _package_judgment_rows(results: RunResults) -> list[list[str]]:
    """What the recommended package rests on, when the run looked for it."""
    judged = results.portfolio.judgments
    if judged is None:
        return []
    inside, fifth = judged.deciding("stated range"), judged.deciding("a fifth of the scale")
    checked = (
        f"all {judged.trials:,} trials"
        if judged.checked == judged.trials
        else f"{judged.checked:,} of {judged.trials:,} trials (those with the largest "
        "possible effect first; the time limit stopped the rest)"
    )
    named = "; ".join(package_judgment_words(results, row) for _, row in inside.head(3).iterrows())
    return [
        [
            "What the package rests on",
            f"Of {judged.judgments:,} judgments tried at their range's ends and a fifth of "
            f"their scale either way ({checked}), {len(inside)} change the package within "
            f"their stated range ({int(inside['sourced'].sum())} sourced) and "
            f"{len(fifth)} more at a fifth of their scale"
            + (f", e.g. {named}" if named else "")
            + ". List: Portfolio sheet.",
        ]
    ]


def package_judgment_words(results: RunResults, row) -> str:
    """One deciding judgment of the package in words (measure, criterion, scenario)."""
    study = results.study
    if pd.isna(row["criterion"]):
        return f"{_name(results, row['option'])}'s delivery likelihood at {row['tried']:g}"
    criterion = study.criterion(row["criterion"]).name
    where = study.scenario(row["scenario"]).name
    return f"{_name(results, row['option'])} on {criterion} ({where}) at {row['tried']:g}"


def _always_words(results: RunResults, always: list[str]) -> str:
    """The measures nearly always in the sampled best packages (none sampled: says so)."""
    if results.portfolio.decided == 0:
        return "No uncertain sample was decided within the time limit. "
    names = ", ".join(_name(results, o) for o in always) or "none"
    return f"In the best package in at least 90 % of uncertain samples: {names}. "


def _saturation_words(results: RunResults) -> str:
    """Whether the package's measures would take a criterion past a scale end."""
    saturated = results.portfolio.saturated()
    if not saturated:
        return "Its levels stay within every criterion's scale."
    names = [results.study.criterion(c).name for c in saturated]
    return (
        f"Its measures would take {len(names)} criteria past a scale end, where they are "
        f"held (their effects overlap): {', '.join(names)}."
    )


def _overall_rows(results: RunResults) -> list[list[str]]:
    robust = results.robustness
    if robust is None:
        return []
    best = robust.summary.index[0]
    row = robust.summary.iloc[0]
    pairs = list(results.pairs)
    wins = sum(_winner(results, pair) == best for pair in pairs)
    shares = [first_share(results, s, p, best) for s, p in pairs]
    shares = [x for x in shares if x is not None]
    uncertain = (
        f"; first in {np.mean(shares):.0%} of uncertain samples on average" if shares else ""
    )
    return [
        [
            "Most robust single option",
            f"{_name(results, best)} holds up best. First in {wins} of {len(pairs)} pairs, "
            f"in the top {robust.top} in "
            f"{row[f'share_top_{robust.top}']:.0%} of them, largest shortfall from the best option "
            f"{row['max_regret']:.1f} points (the smallest of any option){uncertain}. "
            + judgment_words(results),
        ]
    ]


def judgment_words(results: RunResults) -> str:
    """The judgments the most robust option's first places rest on, in a sentence."""
    table = results.judgments
    if table is None:
        return ""
    inside = table[table["in_range"]]
    fifth = len(table) - len(inside)
    if inside.empty:
        return "No single judgment changed within its stated range ends one of its first places" + (
            f"; {fifth} would if moved by a fifth of their scale." if fifth else "."
        )
    sourced = int(inside["sourced"].sum())
    named = "; ".join(_judgment_name(results, row) for _, row in inside.head(3).iterrows())
    return (
        f"Its first places rest on {len(inside)} judgment(s) whose change within the stated "
        f"range would end at least one ({_sourced(sourced, len(inside))}), most of all: "
        f"{named}"
        + (f"; {fifth} more would at a fifth of their scale" if fifth else "")
        + ". Details: Switch points."
    )


def _sourced(sourced: int, total: int) -> str:
    if sourced == 0:
        return "none sourced" if total > 1 else "not sourced"
    return f"{sourced} sourced"


def _judgment_name(results: RunResults, row) -> str:
    study = results.study
    option = study.option(row["option"]).label
    if pd.isna(row["criterion"]):  # a delivery likelihood
        what = f"{option}'s delivery likelihood {row['value']:g}"
    else:
        what = f"{option} on {study.criterion(row['criterion']).name} {row['value']:g}"
    ends = [f"{v:.3g}" for v in (row["switch_below"], row["switch_above"]) if np.isfinite(v)]
    return f"{what} (at {' or '.join(ends)} it loses {row['pairs']} first place(s))"


def _winner(results: RunResults, pair) -> str:
    table = results.pairs[pair].table
    return str(table["rank"].idxmin())


def _first_shares(results: RunResults, scenario: str) -> dict[str, float]:
    """Every option's share of first places under uncertainty, averaged over profiles."""
    runs = [results.smaa.get((scenario, p)) for p in results.settings.profiles]
    if any(run is None for run in runs):
        return {}
    firsts = np.mean([run.acceptability.iloc[:, 0].to_numpy() for run in runs], axis=0)
    return dict(zip(runs[0].acceptability.index, map(float, firsts), strict=True))


def _scenario_rows(results: RunResults, scenario: str) -> list[list[str]]:
    study, profiles = results.study, results.settings.profiles
    winners = {p: _winner(results, (scenario, p)) for p in profiles}
    leader, count = Counter(winners.values()).most_common(1)[0]
    shares = _first_shares(results, scenario)
    name = study.scenario(scenario).name
    stated = f"{_name(results, leader)} is first under {count} of {len(profiles)} profiles"
    evidence = [f"With the stated values, {stated}."]
    if shares:
        top = sorted(shares, key=lambda o: -shares[o])
        first, second = shares[top[0]], shares[top[1]] if len(top) > 1 else 0.0
        if first < CLEAR and first >= 2 * second:
            evidence.insert(
                0,
                f"Likely, not certain: {_name(results, top[0])} is first in {first:.0%} of "
                f"uncertain samples, twice as often as the next ({_name(results, top[1])}, "
                f"{second:.0%}); clear would need {CLEAR:.0%}.",
            )
        elif first < CLEAR:
            evidence.insert(
                0,
                f"No option comes first in {CLEAR:.0%} of uncertain samples (weights drawn "
                "around each profile, performances within their ranges); the most often first "
                f"is {_name(results, top[0])}, in {shares[top[0]]:.0%}.",
            )
        else:
            evidence.insert(0, f"Clear: first in {shares[top[0]]:.0%} of uncertain samples.")
    for profile, option in winners.items():
        if option == leader:
            continue
        text = f"{study.profile(profile).name} prefers {_name(results, option)}"
        table = results.switch_points.get((scenario, profile))
        move = nearest_switch(table) if table is not None else None
        if move is not None:
            text += (
                f"; it would change its mind if the weight of "
                f"'{study.tree.node(move['node']).name}' moved "
                f"from {move['current_weight']:.1%} to {move['switch_at']:.1%} "
                f"(then {_name(results, move['new_winner'])} comes first)"
            )
        evidence.append(text + ".")
    return [[name, " ".join(evidence)]]
