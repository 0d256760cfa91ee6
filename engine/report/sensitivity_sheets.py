"""Sheets about how fragile the ranking is: switch points, tornado, SMAA, robustness."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine import methods
from engine.report.layout import Chart, Column, Sheet, Table, merge_groups
from engine.report.palette import HIGH, LOW
from engine.results import SensitivitySettings, nearest_switch, records
from engine.sensitivity import (
    RobustnessResult,
    SmaaResult,
    TornadoResult,
)
from engine.study import Study

Pair = tuple[str, str]
CHART_FACTORS = 15
CHART_RANKS = 5


def pair_title(study: Study, scenario: str, profile: str | None) -> str:
    if profile is None:
        return f"{study.scenario(scenario).name} (no preference information)"
    return f"{study.scenario(scenario).name} x {study.profile(profile).name}"


# --- switch points ---------------------------------------------------------------------


def switch_sheet(
    study: Study, tables: dict[Pair, pd.DataFrame], judgments: pd.DataFrame | None = None
) -> Sheet:
    """Nearest switch per pair, the judgments the most robust option's first places rest
    on, then every node's switch points per pair."""
    nearest = Table(
        "Smallest single weight change that changes the winner",
        [
            Column("Scenario", width=30),
            Column("Profile", width=30),
            Column("Winner", width=34),
            Column("Node", width=28),
            Column("Current weight", "weight"),
            Column("Switches at", "weight"),
            Column("Change needed", "weight"),
            Column("New winner", width=34),
        ],
        [_nearest_row(study, pair, table) for pair, table in tables.items()],
    )
    detail = [_switch_table(study, pair, table) for pair, table in tables.items()]
    if judgments is not None:
        detail.insert(0, judgments_table(study, judgments))
    return Sheet(
        "Switch points",
        "Switch points: how far can one weight move before the winner changes?",
        "Read: each node's local weight moves alone (siblings rescaled); 'switches at' is the "
        "exact weight where another option takes first place (the current weight itself when "
        "options tie there); between 'stable from' and 'to' the whole ranking is unchanged. "
        "Additive value model.",
        [nearest, *detail],
        index=True,
        printed=1,
    )


def judgments_table(study: Study, judgments: pd.DataFrame) -> Table:
    """Performance cells and delivery likelihoods whose change alone would end a first
    place of the most robust option: within their stated range, or a fifth of their scale."""
    rows = [
        [
            study.scenario(row["scenario"]).name,
            study.option(row["option"]).label,
            "delivery likelihood"
            if pd.isna(row["criterion"])
            else study.criterion(row["criterion"]).name,
            row["value"],
            f"{row['low']:g}-{row['high']:g}",
            _switch(row["switch_below"]),
            _switch(row["switch_above"]),
            "within its range" if row["in_range"] else "within a fifth of the scale",
            row["pairs"],
            "yes" if row["sourced"] else "no",
        ]
        for _, row in judgments.iterrows()
    ]
    return Table(
        "Judgments the most robust option's first places rest on (each changed alone)",
        [
            Column("Set in scenario", width=26),
            Column("Option", width=26),
            Column("Criterion", width=30),
            Column("Value", "number"),
            Column("Range", width=10),
            Column("Ends a first place below", "number", width=12),
            Column("... or above", "number", width=12),
            Column("Decides", width=24),
            Column("Pairs it decides", "integer", width=10),
            Column("Sourced", width=8),
        ],
        rows or [["None: no single judgment within reach changes a first place."]],
    )


def _switch(value: float) -> float | str:
    return float(value) if np.isfinite(value) else "never"


def _nearest_row(study: Study, pair: Pair, table: pd.DataFrame) -> list:
    scenario, profile = pair
    head = [study.scenario(scenario).label, study.profile(profile).name]
    move = nearest_switch(table)
    if move is None:
        winner = table["winner"].dropna().iloc[0]
        return [*head, study.option(winner).label, "", None, None, None, "never switches"]
    return [
        *head,
        study.option(move["winner"]).label,
        study.tree.node(move["node"]).name,
        move["current_weight"],
        move["switch_at"],
        move["change"],
        study.option(move["new_winner"]).label,
    ]


def _switch_table(study: Study, pair: Pair, table: pd.DataFrame) -> Table:
    columns = [
        Column("Node", width=28),
        Column("Name", width=36),
        Column("Parent", width=20),
        Column("Current weight", "weight"),
        Column("Switches below", "weight"),
        Column("Then first", width=30),
        Column("Switches above", "weight"),
        Column("Then first", width=30),
        Column("Stable from", "weight"),
        Column("Stable to", "weight"),
        Column("Note", width=50),
    ]
    rows = [
        [
            r["node"],
            study.tree.node(r["node"]).name,
            r["parent"] or "(top)",
            r["current_weight"],
            r["lower_switch"],
            r["lower_winner"] or "",
            r["upper_switch"],
            r["upper_winner"] or "",
            r["ranking_stable_from"],
            r["ranking_stable_to"],
            r["note"],
        ]
        for r in records(table)
    ]
    winner = study.option(table["winner"].dropna().iloc[0]).name
    return Table(f"{pair_title(study, *pair)}: winner {winner}", columns, rows)


# --- tornado ---------------------------------------------------------------------------


def tornado_sheet(
    study: Study, results: dict[Pair, TornadoResult], settings: SensitivitySettings
) -> Sheet:
    """One tornado table and chart per pair: swing of the winner's margin per factor."""
    tables, charts = [], []
    for k, (pair, result) in enumerate(results.items()):
        tables.append(_tornado_table(study, pair, result, settings.tornado_factors))
        charts.append(
            Chart(
                f"Change in the winner's margin: {pair_title(study, *pair)}",
                table=k,
                categories=0,
                series=[6, 7],
                style="tornado",
                rows=CHART_FACTORS,
                axis_title="change in margin (score points)",
                below=True,
                colours=(LOW, HIGH),
                legend="b",  # the long factor names leave the bars little width beside it
            )
        )
    return Sheet(
        "Tornado",
        "Tornado: which single factor moves the winner's lead most?",
        f"Read: each factor moves alone (a local weight by -/+ {settings.delta:g}, or a "
        "performance cell to its low and high end); the margin is the winner's score minus "
        "the best other score, and a negative margin means the winner is overtaken.",
        tables,
        index=True,
        charts=charts,
        printed=1,
    )


def _tornado_table(study: Study, pair: Pair, result: TornadoResult, limit: int) -> Table:
    columns = [
        Column("Factor", width=60),
        Column("Kind", width=12),
        Column("Low setting", "number"),
        Column("High setting", "number"),
        Column("Margin at low", "score"),
        Column("Margin at high", "score"),
        Column("Change at low", "score"),
        Column("Change at high", "score"),
    ]
    shown = result.margin.head(limit)
    rows = [
        [
            _factor_label(study, r["kind"], r["factor"]),
            r["kind"],
            r["setting_low"],
            r["setting_high"],
            r["margin_low"],
            r["margin_high"],
            r["margin_low"] - result.base_margin,
            r["margin_high"] - result.base_margin,
        ]
        for _, r in shown.iterrows()
    ]
    title = (
        f"{pair_title(study, *pair)}: winner {study.option(result.winner).name}, "
        f"margin {result.base_margin:.2f} ({len(shown)} of {len(result.margin)} factors, "
        "widest swing first)"
    )
    return Table(title, columns, rows)


def _factor_label(study: Study, kind: str, factor: str) -> str:
    if kind == "weight":
        return f"weight: {study.tree.node(factor).name}"
    option, criterion = factor.split(" / ")
    return f"{study.option(option).label}: {study.criterion(criterion).name}"


# --- SMAA ------------------------------------------------------------------------------


def acceptability_sheet(
    study: Study, results: dict[tuple[str, str | None], SmaaResult], method: str
) -> Sheet:
    """First-place shares at a glance, then per SMAA run the rank acceptability heatmap
    and chart and the central weights."""
    tables, charts = [_first_place_overview(study, results)], []
    for (scenario, profile), result in results.items():
        title = pair_title(study, scenario, profile)
        tables.append(_acceptability_table(study, title, result))
        m = len(study.options)
        charts.append(
            Chart(
                f"Share of samples at ranks 1-{min(CHART_RANKS, m)}: {title}",
                table=len(tables) - 1,
                categories=1,
                series=list(range(2, 2 + min(CHART_RANKS, m))),
                style="stacked",
                axis_title="share of weight samples",
                number_format="0%",
            )
        )
        tables.append(_central_table(study, title, result))
    settings = next(iter(results.values())).settings if results else {}
    centred = any(profile is not None for _, profile in results)
    how = (
        "weights drawn around each profile (Dirichlet, concentration "
        f"{settings.get('concentration', 0):g}); the 'no preference information' block of each "
        "scenario draws them uniformly, for reference"
        if centred
        else f"{settings.get('sampling', '')} weight sampling"
    )
    performance = settings.get("performance")
    cells = (
        f"performances drawn {performance} within their low/high ranges"
        if performance
        else "performances fixed at their values"
    )
    return Sheet(
        "Acceptability",
        f"Rank acceptability (SMAA-2, {methods.get(method).title})",
        f"Read: the share of {settings.get('samples', 0):,} random samples ({how}; {cells}; "
        f"seed {settings.get('seed', '')}) in which each option takes each rank; central "
        "weights are the typical weights that make an option best, and its confidence is how "
        "often it is best with them.",
        tables,
        index=True,
        charts=charts,
        printed=1,
    )


def _first_place_overview(study: Study, results: dict[tuple[str, str | None], SmaaResult]) -> Table:
    """Per option and scenario: the share of samples in which it comes first, averaged
    over the scenario's profile-centred runs (profiles counted equally), and the share
    under uniform weights (no preference information) beside it."""
    scenarios = list(dict.fromkeys(scenario for scenario, _ in results))
    columns, groups, shares = [Column("Option", width=30)], [("", 1)], []
    for scenario in scenarios:
        centred = [r for (s, p), r in results.items() if s == scenario and p is not None]
        uniform = [r for (s, p), r in results.items() if s == scenario and p is None]
        for label, runs in (("profiles", centred), ("uniform weights", uniform)):
            if runs:
                first = np.mean(
                    [run.acceptability.iloc[:, 0].reindex(study.options) for run in runs], axis=0
                )
                shares.append(np.nan_to_num(first))
                columns.append(Column(label.capitalize(), "percent", 10))
        groups.append((study.scenario(scenario).label, len(columns) - sum(g[1] for g in groups)))
    matrix = np.array(shares).T if shares else np.zeros((len(study.options), 0))
    order = np.argsort(-matrix.mean(axis=1), kind="stable")
    rows = [[study.option(study.options[i]).label, *matrix[i]] for i in order]
    return Table(
        "Share of samples in which each option comes first, per scenario",
        columns,
        rows,
        groups=groups,
        heat_columns=list(range(1, len(columns))),
    )


def _acceptability_table(study: Study, title: str, result: SmaaResult) -> Table:
    table = result.acceptability
    order = np.lexsort(tuple(-table[r].to_numpy() for r in reversed(table.columns)))
    columns = [Column("Option", width=30), Column("Option name", width=40)]
    columns += [Column(f"Rank {r}", "percent", 8) for r in table.columns]
    columns.append(Column("Confidence", "percent", 11))
    rows = [
        [
            option,
            study.option(option).name,
            *table.loc[option].to_numpy(),
            result.confidence[option],
        ]
        for option in table.index[order]
    ]
    ranks = list(range(2, 2 + len(table.columns)))
    return Table(f"{title}: rank acceptability", columns, rows, heat_columns=ranks)


def _central_table(study: Study, title: str, result: SmaaResult) -> Table:
    weights = result.central_weights.dropna(how="all")
    columns = [Column("Option", width=30), Column("Option name", width=40)]
    columns += [Column(study.criterion(c).name, "weight", 12) for c in weights.columns]
    rows = [
        [option, study.option(option).name, *weights.loc[option].to_numpy()]
        for option in weights.index
    ]
    if not rows:
        rows = [["", "no option ranked first in any sample"]]
    return Table(f"{title}: central weights of the options ever ranked first", columns, rows)


# --- robustness ------------------------------------------------------------------------


def robustness_sheet(study: Study, result: RobustnessResult, method: str) -> Sheet:
    """Per option: worst/mean rank, share in the top k, regret; and who changes the winner."""
    return Sheet(
        "Robustness",
        "Robustness across scenarios and profiles",
        "Read: options ordered by minimax regret (the largest shortfall from the best option "
        f"in any scenario x profile, in {methods.get(method).title} score points; smaller is "
        "more robust), then by mean rank.",
        [
            _robustness_summary(study, result),
            _regret_table(study, result),
            _profile_effect_table(study, result),
        ],
        index=True,
        printed=1,
    )


def _robustness_summary(study: Study, result: RobustnessResult) -> Table:
    s = result.summary
    columns = [
        Column("Minimax regret rank", "integer", 10),
        Column("Option", width=30),
        Column("Option name", width=40),
        Column("Max regret", "score"),
        Column("Worst rank", "integer"),
        Column("Mean rank", "number"),
        Column(f"Share of pairs in top {result.top}", "percent", 14),
    ]
    rows = [
        [
            int(r["minimax_regret_rank"]),
            option,
            study.option(option).name,
            r["max_regret"],
            int(r["worst_rank"]),
            r["mean_rank"],
            r[f"share_top_{result.top}"],
        ]
        for option, r in s.iterrows()
    ]
    return Table("Robustness summary", columns, rows, best_columns=[0])


def _regret_table(study: Study, result: RobustnessResult) -> Table:
    regret = result.regret.loc[result.summary.index]
    pairs = list(regret.columns)
    columns = [Column("Option", width=30), Column("Option name", width=40)]
    columns += [Column(study.profile(p).name, "score", 12) for _, p in pairs]
    groups = [("", 2)] + [(study.scenario(s).label, 1) for s, _ in pairs]
    rows = [
        [option, study.option(option).name, *regret.loc[option].to_numpy()]
        for option in regret.index
    ]
    return Table(
        "Regret: gap to the best option in each scenario x profile (0 = best there)",
        columns,
        rows,
        groups=merge_groups(groups),
        heat_columns=list(range(2, 2 + len(pairs))),
        heat="bad",
    )


def _profile_effect_table(study: Study, result: RobustnessResult) -> Table:
    effect = result.profile_effect
    profiles = [c for c in effect.columns if c not in PROFILE_EFFECT_EXTRA]
    columns = [Column("Scenario", width=30)]
    columns += [Column(study.profile(p).name, width=28) for p in profiles]
    columns += [
        Column("Profiles that change the winner", width=40),
        Column("Best across all profiles (minimax regret)", width=40),
    ]
    rows = [
        [
            study.scenario(r["scenario"]).name,
            *(_option_names(study, r[p]) for p in profiles),
            ", ".join(study.profile(p).name for p in r["dissenting_profiles"]) or "none",
            _option_names(study, r["best_across_profiles"]),
        ]
        for _, r in effect.iterrows()
    ]
    return Table("Winner under each profile", columns, rows)


PROFILE_EFFECT_EXTRA = (
    "scenario",
    "profiles_disagree",
    "dissenting_profiles",
    "best_across_profiles",
)


def _option_names(study: Study, ids: str) -> str:
    return ", ".join(study.option(i).name for i in ids.split(", ") if i)
