"""The Summary and the per-scenario ranking sheets, live in a spreadsheet.

Under the additive model every contribution is a formula ``value x global weight``
whose weight is the defined name ``g.<profile>.<criterion>`` on the Weights sheet,
every score sums its contributions, every rank counts the scores better by more
than the tie tolerance, and the Summary looks ranks and winners up in the tables
``rank.<scenario>.<profile>``. Change a swing point in Excel or LibreOffice and
every score, rank, highlight and chart follows. The engine's own results are
stored as the formulas' cached values, so the file reads correctly before any
recalculation. Methods that are not weighted sums (``MethodSpec.linear`` false) get sheets of
values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from engine import methods
from engine.report.headline import brief_table, explore_table, headline_table
from engine.report.layout import Chart, Column, Formula, Sheet, Table, merge_groups
from engine.report.palette import criterion_colours
from engine.results import RunResults
from engine.scoring import Pair, PairResult, ranked
from engine.study import Study
from engine.weights_data import global_name


def table_name(scenario: str, profile: str) -> str:
    """Name of the Excel table holding a scenario x profile ranking."""
    return f"rank.{scenario}.{profile}"  # ids hold no period: one name per pair


def scenario_sheet(results: RunResults, scenario: str) -> Sheet:
    """One block (an Excel table and a chart) per profile, options best first."""
    study, settings, spec = results.study, results.settings, results.spec
    live = spec.linear
    tables, charts = [], []
    first = 1 if live else 0  # a live sheet opens with the live order of every profile
    for k, profile in enumerate(settings.profiles):
        result = results.pairs[(scenario, profile)]
        tables.append(_ranking_table(study, scenario, profile, result, spec))
        charts.append(_ranking_chart(study, profile, tables[-1], first + k, live))
    if live:
        tables.insert(0, _live_order(results, scenario))
    record = study.scenario(scenario)
    how = (
        "contributions (value x weight) add up to the score and follow the Weights sheet"
        if live
        else f"scores are {spec.title} indexes (values, not formulas)"
    )
    order = (
        " The first table lists the options in their current order for every profile; it "
        "re-sorts itself when the weights are edited."
        if live
        else ""
    )
    return Sheet(
        record.label,  # the tab: a short name a reader knows, not an id
        f"Scenario: {record.name}",
        f"Read: one block per stakeholder profile, options best first; {how}.{order}",
        tables,
        index=True,
        charts=charts,
        printed=1,
        user_named=True,
    )


def _ranking_table(
    study: Study, scenario: str, profile: str, result: PairResult, spec: methods.MethodSpec
) -> Table:
    """Options best first: rank, score and either the live contributions (linear
    methods) or the method's intermediate values (e.g. VIKOR's S, R and conditions)."""
    live = spec.linear
    table = ranked(result.table)
    details = _details(result, table.index) if not live else None
    parts_table, parts_label = _parts(result, table, live)
    criteria = list(parts_table.columns)
    headers = _unique([study.criterion(c).name for c in criteria], ["Rank", "Option", "Score"])
    columns = [
        Column("Rank", "integer", 6),
        Column("Option", width=30),
        Column("Option name", width=40),
        Column("Score", "score", 8),
        *(Column(h, "number", 14) for h in headers),
    ]
    if details is not None:
        taken = ["Rank", "Option", "Option name", "Score", *headers]
        columns += [Column(h, "number", 14) for h in _unique(list(details.columns), taken)]
    if live:
        columns.append(Column(POSITION, "integer", 9))
    values = study.values(scenario).to_numpy()
    position = {option: i for i, option in enumerate(study.options)}
    ranks, scores = table["rank"].to_numpy(), table["score"].to_numpy()
    contributions = parts_table.to_numpy()
    extra = details.to_numpy() if details is not None else np.empty((len(table), 0))
    last_part = 3 + len(criteria)
    tolerance = f"{spec.tie_tolerance:g}"
    rank_formula = f"=SUMPRODUCT(--($D${{first}}:$D${{last}}>D{{row}}+{tolerance}))+1"
    # Rank plus the tied options above: a unique position, 1 to n, for the live order.
    position_formula = (
        f"=SUMPRODUCT(--($D${{first}}:$D${{last}}>D{{row}}+{tolerance}))+1"
        f"+SUMPRODUCT((ROW($D${{first}}:$D${{last}})<ROW())"
        f"*(ABS($D${{first}}:$D${{last}}-D{{row}})<={tolerance}))"
    )
    rows = []
    for k, option in enumerate(table.index):
        rank, score = int(ranks[k]), float(scores[k])
        parts: list[Any] = [float(x) for x in contributions[k]]
        if live:
            rank = Formula(rank_formula, rank)
            score = Formula(f"=SUM(E{{row}}:{{c{last_part}}}{{row}})", score)
            i = position[option]
            parts = [
                Formula(f"={float(values[i, j])!r}*{global_name(profile, c)}", part)
                for j, (c, part) in enumerate(zip(criteria, parts, strict=True))
            ]
        row = [rank, option, study.option(option).name, score, *parts]
        if live:
            row.append(Formula(position_formula, k + 1))
        rows.append(row + [float(x) for x in extra[k]] + [study.option(option).label])
    groups = [("", 4)] + ([(parts_label, len(criteria))] if criteria else [])
    if live:
        groups.append(("", 1))
    if extra.shape[1]:
        groups.append((f"How the {spec.title} score was reached", extra.shape[1]))
    columns.append(Column(SHORT, width=24))
    groups.append(("", 1))
    record = study.profile(profile)
    return Table(
        f"Profile: {record.name} ({profile})",
        columns,
        rows,
        groups=groups,
        best_columns=[0],
        name=table_name(scenario, profile),
        heat_columns=list(range(4, 4 + len(criteria))),
    )


SHORT = "Short name"
"""Last column of a ranking table: the option's short name (its name when it has none),
for the live order and the chart's labels."""
POSITION = "Live position"
"""Column of a live ranking table: rank, then tied options in table order (1 to n)."""


def _live_order(results: RunResults, scenario: str) -> Table:
    """Position k -> the option now at position k, per profile (formulas on the tables)."""
    study, profiles = results.study, results.settings.profiles
    count = len(study.options)
    orders = {p: ranked(results.pairs[(scenario, p)].table).index for p in profiles}
    rows = []
    for k in range(1, count + 1):
        row: list[Any] = [k]
        for profile in profiles:
            name = table_name(scenario, profile)
            text = f"=INDEX({{{name}|{SHORT}}},MATCH({k},{{{name}|{POSITION}}},0))"
            row.append(Formula(text, study.option(orders[profile][k - 1]).label))
        rows.append(row)
    return Table(
        "Live order: options best first under every profile (follows weight edits)",
        [Column("Position", "integer", 9)]
        + [Column(study.profile(p).name, width=26) for p in profiles],
        rows,
    )


def _ranking_chart(study: Study, profile: str, table: Table, k: int, live: bool) -> Chart:
    name = study.profile(profile).name
    parts = [j for j, c in enumerate(table.columns) if j >= 4 and c.header not in (POSITION, SHORT)]
    short = len(table.columns) - 1
    if live and parts:
        colours = criterion_colours(study)
        return Chart(
            f"Score and its parts: {name}",
            table=k,
            categories=short,
            series=parts,
            style="stacked",
            axis_title="contribution to the score (0-100)",
            number_format="0",
            colours=tuple(colours[c] for c in study.criteria)[: len(parts)],
            legend="b",
        )
    return Chart(f"Scores: {name}", table=k, categories=short, series=[3], axis_title="score")


def _unique(headers: list[str], taken: Sequence[str]) -> list[str]:
    """Headers made unique (Excel tables need unique column names)."""
    seen = {t.lower() for t in (*taken, "Option name", POSITION, SHORT)}
    out = []
    for header in headers:
        name, n = header, 2
        while name.lower() in seen:
            name, n = f"{header} ({n})", n + 1
        seen.add(name.lower())
        out.append(name)
    return out


# --- Summary ---------------------------------------------------------------------------


def summary_sheet(results: RunResults) -> Sheet:
    """Winner per pair and the rank matrix; looked up live from the ranking tables."""
    study, settings = results.study, results.settings
    live = results.spec.linear
    tables = {pair: result.table for pair, result in results.pairs.items()}
    winners = Table(
        "Winner of each scenario x profile",
        [
            Column("Scenario", width=26),  # short names: the Read me keys them
            Column("Profile", width=44),  # a marked profile name on one line
            Column("Best option", width=30),
            Column("Score", "score"),
            Column("Runner-up", width=30),
            Column("Margin", "score"),
        ],
        [_winner_row(study, s, p, table, live) for (s, p), table in tables.items()],
    )
    headline = (
        [brief_table(results), headline_table(results)]
        if results.robustness is not None
        else explore_table(results)
    )
    return Sheet(
        "Summary",
        f"{study.info.name}: what to do, and how sure we are "
        f"({methods.get(settings.method).title})",
        "Read: first the brief (one page), then its evidence (both computed when the report "
        "was made); then the best option per scenario and profile and every rank, "
        "highlighted where an option comes first"
        + ("; these two follow the Weights sheet." if live else "."),
        [*headline, winners, _rank_matrix(study, tables, live)],
        printed=len(headline) + 1,  # the brief (page 1), its evidence, the winners
        computed=bool(headline),
        page_after=(0,) if results.robustness is not None else (),  # the brief: page 1
        stale=(
            "Weights changed since this report was made: the brief and its evidence show the "
            "weights as run (run policyscore run --weights THIS_FILE); the winners and ranks "
            "below already follow your edit."
            if live
            else ""
        ),
    )


def _winner_row(
    study: Study, scenario: str, profile: str, table: pd.DataFrame, live: bool
) -> list[Any]:
    best = ranked(table)
    names = [study.option(o).label for o in best.index]
    scores = best["score"].to_numpy()
    head = [study.scenario(scenario).label, study.profile(profile).name]
    if len(scores) < 2:
        return [*head, names[0], float(scores[0]), "", None]
    if not live:
        return [*head, names[0], float(scores[0]), names[1], float(scores[0] - scores[1])]
    second = float(np.sort(scores)[-2])
    runner_up = names[int(np.flatnonzero(scores == second)[0])]  # as MATCH finds it
    t = table_name(scenario, profile)
    names_, scores_ = _in(t, SHORT), _in(t, "Score")
    top, second_ = f"MAX({scores_})", f"LARGE({scores_},2)"
    return [
        *head,
        Formula(f"=INDEX({names_},MATCH({top},{scores_},0))", names[0]),
        Formula(f"={top}", float(scores.max())),
        Formula(f"=INDEX({names_},MATCH({second_},{scores_},0))", runner_up),
        Formula(f"={top}-{second_}", float(scores.max() - second)),
    ]


def _in(table: str, column: str) -> str:
    """Token for the cells of a column of a named table (resolved by the writer)."""
    return "{" + f"{table}|{column}" + "}"


def _rank_matrix(study: Study, results: dict[Pair, pd.DataFrame], live: bool) -> Table:
    pairs = list(results)
    ranks = np.array([results[pair]["rank"].to_numpy() for pair in pairs]).T
    mean_rank = ranks.mean(axis=1)
    order = np.lexsort((np.arange(len(mean_rank)), mean_rank))
    columns = [
        Column("Option", width=30),
        Column("Option name", width=40),
        Column("Mean rank", "number"),
    ]
    columns += [Column(study.profile(p).name, "integer", 14) for _, p in pairs]
    tables = [table_name(s, p) for s, p in pairs]
    rows = []
    for i in order:
        option = study.options[i]
        cells: list[Any] = [int(r) for r in ranks[i]]
        mean: Any = float(mean_rank[i])
        if live:
            cells = [
                Formula(f"=INDEX({_in(t, 'Rank')},MATCH({{c0}}{{row}},{_in(t, 'Option')},0))", r)
                for t, r in zip(tables, cells, strict=True)
            ]
            mean = Formula(f"=AVERAGE(D{{row}}:{{c{2 + len(pairs)}}}{{row}})", mean)
        rows.append([option, study.option(option).name, mean, *cells])
    groups = [("", 3)] + [(study.scenario(s).label, 1) for s, _ in pairs]
    return Table(
        "Rank of every option (1 = best), options ordered by mean rank",
        columns,
        rows,
        groups=merge_groups(groups),
        best_columns=list(range(3, 3 + len(pairs))),
    )


THE_SCORE = ("compromise_Q", "closeness", "net_flow")  # each method's score, already shown
DETAIL_HEADERS = {
    "group_utility_S": "S (group utility)",
    "individual_regret_R": "R (individual regret)",
    "acceptable_advantage": "C1 acceptable advantage",
    "acceptable_stability": "C2 acceptable stability",
    "distance_to_ideal": "Distance to ideal",
    "distance_to_anti_ideal": "Distance to anti-ideal",
}


def _parts(result: PairResult, table: pd.DataFrame, live: bool) -> tuple[pd.DataFrame, str]:
    """Per-criterion parts that add up to the score, in the table's row order: the
    contributions of a linear method, PROMETHEE's weighted criterion flows, or none."""
    if live:
        criteria = [c for c in table.columns if c not in ("score", "rank")]
        return table[criteria], "Contribution of each criterion (weight x value)"
    flows = result.details.get("weighted_flows")
    if flows is not None:
        return flows.loc[table.index], "Weighted net flow of each criterion (adds up to the score)"
    return table[[]], ""


def _details(result: PairResult, order: pd.Index) -> pd.DataFrame | None:
    """The method's per-option intermediate values, in the table's row order (the
    values that only repeat the score left out)."""
    per_option = result.details.get("per_option")
    if per_option is None:
        return None
    shown = per_option.loc[order].drop(columns=list(THE_SCORE), errors="ignore")
    if shown.empty or not len(shown.columns):
        return None
    return shown.rename(columns=lambda c: DETAIL_HEADERS.get(c, c.replace("_", " ")))
