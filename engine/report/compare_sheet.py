"""The live Compare two options sheet: a difference display (Hiview's most used view).

Pick two options and a scenario x profile from drop-down lists; per criterion the sheet
shows each option's weighted value, ``value x global weight``, and their difference, as
formulas on the Weights sheet's named global weights, so it follows weight edits like
the scenario sheets. Under the additive model the differences add up to the difference
of the two scores:

.. math:: S_A - S_B = \\sum_c w_c (v_{A,c} - v_{B,c})

Lookup tables at the bottom hold the 0-100 values of every option in every scenario and
each profile's live global weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.report.layout import Chart, Column, Formula, Sheet, Table, exact
from engine.report.palette import objective_of
from engine.results import RunResults
from engine.scoring import ranked
from engine.study import Study
from engine.weights_data import global_name

SHEET = "Compare two options"
CHOICE, DIFFERENCE = "compare.choice", "compare.difference"
OPTIONS, PAIRS, VALUES, WEIGHTS = (
    "compare.options",
    "compare.pairs",
    "compare.values",
    "compare.weights",
)
BAR, NONE = "\u2588", "\u00b7"
"""In-cell bars: one block per half point of difference (at most 60); a middle dot when
the difference rounds to nothing."""
BAR_FORMULA = (
    f'=IF(ROUND(ABS({{c4}}{{row}})*2,0)=0,"{NONE}",'
    f'REPT("{BAR}",MIN(60,ROUND(ABS({{c4}}{{row}})*2,0))))'
)


def compare_sheet(results: RunResults) -> Sheet | None:
    """The sheet, or None for a method that is not a weighted sum (no live scores)."""
    if not results.spec.linear:
        return None
    pairs = results.settings.pairs
    first = ranked(results.pairs[pairs[0]].table).index
    a, b = first[0], first[1] if len(first) > 1 else first[0]
    choice = _choice_table(results, a, b)
    return Sheet(
        SHEET,
        "Compare two options: where does one beat the other?",
        "Read: pick two options and a scenario x profile in the shaded cells; per criterion, "
        "each option's weighted value (value x global weight) and the difference, green "
        "where the first option gains, red where it loses; they add up to the difference "
        "of the scores. Formulas: they follow the Weights sheet.",
        [
            choice,
            _difference_table(results, a, b, pairs[0]),
            _options_table(results),
            _pairs_table(results),
            _values_table(results),
            _weights_table(results),
        ],
        printed=2,
    )


def _in(table: str, column: str) -> str:
    return "{" + f"{table}|{column}" + "}"


def _pair_label(results: RunResults, scenario: str, profile: str) -> str:
    study = results.study
    return f"{study.scenario(scenario).name} x {study.profile(profile).name}"


def _choice_table(results: RunResults, a: str, b: str) -> Table:
    study = results.study
    return _picks(
        results,
        "Options to compare (pick from the lists)",
        ("Option A", study.option(a).name),
        ("Option B", study.option(b).name),
        _in(OPTIONS, "Option name"),
        CHOICE,
    )


def _picks(results: RunResults, title: str, first, second, source: str, name: str) -> Table:
    """One row of shaded pick lists: two picks from ``source`` (header, default) and a
    scenario x profile, with the ids of the pair looked up for the formulas."""
    scenario, profile = results.settings.pairs[0]
    find = f"MATCH({exact(_in(name, 'Scenario x profile'))},{_in(PAIRS, 'Pair')},0)"
    return Table(
        title,
        [
            Column(first[0], width=30),
            Column(second[0], width=30),
            Column("Scenario x profile", width=40),
            Column("Scenario id", width=16),
            Column("Profile id", width=16),
        ],
        [
            [
                first[1],
                second[1],
                _pair_label(results, scenario, profile),
                Formula(f"=INDEX({_in(PAIRS, 'Scenario id')},{find})", scenario),
                Formula(f"=INDEX({_in(PAIRS, 'Profile id')},{find})", profile),
            ]
        ],
        name=name,
        choices={0: source, 1: source, 2: _in(PAIRS, "Pair")},
    )


def _part(option_column: str, criterion: str) -> str:
    """Weighted value of the option picked in ``option_column`` on ``criterion``."""
    scenario, profile = _in(CHOICE, "Scenario id"), _in(CHOICE, "Profile id")
    key = f'{scenario}&"|"&{_in(CHOICE, option_column)}'
    value = f"INDEX({_in(VALUES, criterion)},MATCH({exact(key)},{_in(VALUES, 'Key')},0))"
    weight = f"INDEX({_in(WEIGHTS, criterion)},MATCH({profile},{_in(WEIGHTS, 'Profile id')},0))"
    return f"{value}*{weight}"


def _difference_table(results: RunResults, a: str, b: str, pair) -> Table:
    study = results.study
    scenario, profile = pair
    values = study.values(scenario)
    weights = study.weights(profile)
    rows: list[list[Any]] = []
    for criterion in study.criteria:
        part_a = float(values.loc[a, criterion]) * weights[criterion]
        part_b = float(values.loc[b, criterion]) * weights[criterion]
        rows.append(
            [
                study.tree.node(objective_of(study, criterion)).name,
                study.criterion(criterion).name,
                Formula(f"={_part('Option A', criterion)}", part_a),
                Formula(f"={_part('Option B', criterion)}", part_b),
                Formula("={c2}{row}-{c3}{row}", part_a - part_b),
                Formula(BAR_FORMULA, ""),
            ]
        )
    total_a = sum(float(r[2].cached) for r in rows)
    total_b = sum(float(r[3].cached) for r in rows)
    rows.append(
        [
            "",
            "Score (the sum)",
            Formula("=SUM(OFFSET({c2}{first},0,0,ROW()-ROW({c2}{first}),1))", total_a),
            Formula("=SUM(OFFSET({c3}{first},0,0,ROW()-ROW({c3}{first}),1))", total_b),
            Formula("={c2}{row}-{c3}{row}", total_a - total_b),
            Formula(BAR_FORMULA, ""),
        ]
    )
    _bars(rows)
    return Table(
        "Per criterion: weighted value of each option and the difference (A - B)",
        [
            Column("Objective", width=26),
            Column("Criterion", width=34),
            Column("Option A", "score", 10),
            Column("Option B", "score", 10),
            Column("A - B", "score", 9),
            Column("Difference (a bar: half a point)", width=40),
        ],
        rows,
        name=DIFFERENCE,
        signed=(4, (4, 5)),
    )


def _bars(rows: list[list[Any]]) -> None:
    """The cached text of the bar cells (what the formula shows before recalculation)."""
    for row in rows:
        difference = float(row[4].cached)
        blocks = min(60, math.floor(abs(difference) * 2 + 0.5))  # ROUND: half away from 0
        row[5] = Formula(row[5].text, BAR * blocks if blocks else NONE)


def _options_table(results: RunResults) -> Table:
    study = results.study
    return Table(
        "Lookup: the options (the lists above take their names from here)",
        [Column("Option", width=30), Column("Option name", width=40)],
        [[o, study.option(o).name] for o in study.options],
        name=OPTIONS,
    )


def _pairs_table(results: RunResults) -> Table:
    return Table(
        "Lookup: scenario x profile pairs",
        [Column("Pair", width=40), Column("Scenario id", width=16), Column("Profile id", width=16)],
        [[_pair_label(results, s, p), s, p] for s, p in results.settings.pairs],
        name=PAIRS,
    )


def _values_table(results: RunResults) -> Table:
    """Every option's 0-100 value on every criterion, per scenario (constants)."""
    study = results.study
    rows = []
    for scenario in results.settings.scenarios:
        values = study.values(scenario).loc[study.options, study.criteria].to_numpy(dtype=float)
        for option, row in zip(study.options, values.tolist(), strict=True):
            rows.append([f"{scenario}|{study.option(option).name}", *row])
    return Table(
        "Lookup: value (0-100) of each option per scenario",
        [Column("Key", width=40)] + [Column(c, "number", 10) for c in study.criteria],
        rows,
        name=VALUES,
    )


def _weights_table(results: RunResults) -> Table:
    """Each profile's global weights, live from the Weights sheet."""
    study = results.study
    rows = []
    for profile in results.settings.profiles:
        weights = study.weights(profile)
        rows.append(
            [profile]
            + [Formula(f"={global_name(profile, c)}", float(weights[c])) for c in study.criteria]
        )
    return Table(
        "Lookup: global weights of each profile (follow the Weights sheet)",
        [Column("Profile id", width=20)] + [Column(c, "weight", 10) for c in study.criteria],
        rows,
        name=WEIGHTS,
    )


# --- Map -----------------------------------------------------------------------------

MAP = "Map"
MAP_CHOICE, MAP_OBJECTIVES, MAP_CRITERIA, MAP_POINTS = (
    "map.choice",
    "map.objectives",
    "map.criteria",
    "map.points",
)
MAP_BENEFIT, MAP_COSTS = "map.benefit", "map.costs"


def map_sheet(results: RunResults) -> Sheet | None:
    """Each option placed by its value on two objectives the reader picks, per scenario
    x profile: live formulas on the Compare sheet's lookup tables and a labelled scatter
    chart. None for a method that is not a weighted sum."""
    if not results.spec.linear:
        return None
    study = results.study
    axes = _axes(study)
    x, y = axes[0], axes[1] if len(axes) > 1 else axes[0]
    if _money_axes(study):  # a study with costs opens on benefit against cost
        x, y = _money_axes(study)[1].label, _money_axes(study)[0].label
    scenario, profile = results.settings.pairs[0]
    points = _points_table(results, x, y, scenario, profile)
    return Sheet(
        MAP,
        "Map: where does each option stand on two objectives?",
        "Read: pick what goes across and up and a scenario x profile in the shaded cells: "
        "an objective places each option by its value (0-100) on it, the weighted mean of "
        "its values on the objective's criteria with the profile's weights"
        + (
            "; the benefit is the option's score over the baseline on every criterion that "
            "is not a cost (value points, as on the Portfolio sheet), a cost its cost in that "
            "resource"
            if results.study.portfolio is not None
            else ""
        )
        + ". Formulas: they follow the Weights sheet.",
        [
            _map_choice(results, x, y),
            points,
            Table(
                "Lookup: what an axis can show (objectives; benefit and costs for a study "
                "with resources), and which way is better (1: more, -1: less)",
                [
                    Column("Objective", width=40),
                    Column("Better", "integer", 8),
                    Column("Cost column", "integer", 8),
                ],
                [[a, _better(study, a), _cost_column(study, a)] for a in axes],
                name=MAP_OBJECTIVES,
            ),
            Table(
                "Lookup: the objective of each criterion",
                [Column(c, width=12) for c in study.criteria],
                [[study.tree.node(objective_of(study, c)).name for c in study.criteria]],
                name=MAP_CRITERIA,
            ),
            *_money_tables(results),
        ],
        charts=[
            Chart(
                "Each option on the two picked axes; named: those no other option beats on both",
                table=1,
                categories=3,
                series=[4],
                style="map",
                anchor=0,
                below=True,
                axis_cells=((_in(MAP_CHOICE, "Across (x)"), x), (_in(MAP_CHOICE, "Up (y)"), y)),
            )
        ],
        printed=1,
    )


def _axes(study: Study) -> list[str]:
    """What an axis can show, in the order of the lookup table: the objectives, then the
    benefit and the costs (a study with resources)."""
    objectives = dict.fromkeys(objective_of(study, c) for c in study.criteria)
    return [study.tree.node(o).name for o in objectives] + [a.label for a in _money_axes(study)]


@dataclass(frozen=True)
class MoneyAxis:
    """An axis of a study with resources: the benefit over the baseline, or a cost."""

    label: str
    resource: str | None = None  # None: the benefit


def _money_axes(study: Study) -> list[MoneyAxis]:
    """Benefit over the baseline, then one cost axis per resource (none without a
    portfolio declaration)."""
    if study.portfolio is None:
        return []
    baseline = study.option(study.portfolio.baseline).name
    axes = [MoneyAxis(f"Benefit over {baseline} (value points)")]
    axes += [MoneyAxis(f"Cost: {r.name} ({r.unit})", r.id) for r in study.portfolio.resources]
    return axes


def _money_tables(results: RunResults) -> list[Table]:
    """Which criteria count towards the benefit, and each option's cost per scenario."""
    study, money = results.study, results.money
    if money is None:
        return []
    mask = money.counted
    resources = study.portfolio.resources
    rows = []
    for scenario in results.settings.scenarios:
        spent = money.costs[scenario]
        for option in study.options:
            key = f"{scenario}|{study.option(option).name}"
            rows.append([key, *(float(c) for c in spent.loc[option])])
    return [
        Table(
            "Lookup: criteria that count towards the benefit (1) and resource criteria (0)",
            [Column(c, "integer", 12) for c in study.criteria],
            [[int(m) for m in mask]],
            name=MAP_BENEFIT,
        ),
        Table(
            "Lookup: cost of each option per scenario (the baseline: none)",
            [Column("Key", width=40)] + [Column(r.id, "number", 12) for r in resources],
            rows,
            name=MAP_COSTS,
        ),
    ]


def _map_choice(results: RunResults, x: str, y: str) -> Table:
    return _picks(
        results,
        "What to place across and up, and the pair (pick from the lists)",
        ("Across (x)", x),
        ("Up (y)", y),
        _in(MAP_OBJECTIVES, "Objective"),
        MAP_CHOICE,
    )


def _objective_value(results: RunResults, axis: str) -> str:
    """Formula: the option named in column A's value on what ``axis`` picks: an objective,
    ``sum(m v w) / sum(m w)`` with ``m`` its criteria; for a study with resources also the
    benefit over the baseline (the same over the benefit criteria, of ``v - v_baseline``)
    or its cost in a resource."""
    study = results.study
    criteria = study.criteria
    block = f"{criteria[0]}~{criteria[-1]}"
    scenario = _in(MAP_CHOICE, "Scenario id")
    key = f'{scenario}&"|"&{{c0}}{{row}}'
    values = f"INDEX({_in(VALUES, block)},MATCH({exact(key)},{_in(VALUES, 'Key')},0),0)"
    weights = (
        f"INDEX({_in(WEIGHTS, block)},MATCH({_in(MAP_CHOICE, 'Profile id')},"
        f"{_in(WEIGHTS, 'Profile id')},0),0)"
    )
    picked = _in(MAP_CHOICE, axis)
    mask = f"({_in(MAP_CRITERIA, block)}={picked})"
    formula = f"SUMPRODUCT({mask}*{values}*{weights})/SUMPRODUCT({mask}*{weights})"
    money = _money_axes(study)
    if not money:
        return f"={formula}"
    named = study.options.index(study.portfolio.baseline) + 1  # its row in the options list
    baseline = f'{scenario}&"|"&INDEX({_in(OPTIONS, "Option name")},{named})'
    base = f"INDEX({_in(VALUES, block)},MATCH({exact(baseline)},{_in(VALUES, 'Key')},0),0)"
    counted = _in(MAP_BENEFIT, block)
    benefit = f"SUMPRODUCT({counted}*({values}-{base})*{weights})/SUMPRODUCT({counted}*{weights})"
    axes = _axes(study)
    label = f"INDEX({_in(MAP_OBJECTIVES, 'Objective')},{axes.index(money[0].label) + 1})"
    formula = f"IF({picked}={label},{benefit},{formula})"
    resources = [a.resource for a in money if a.resource is not None]
    # a cost: one look-up whatever the number of resources (no IF per resource)
    column = (
        f"INDEX({_in(MAP_OBJECTIVES, 'Cost column')},MATCH({exact(picked)},"
        f"{_in(MAP_OBJECTIVES, 'Objective')},0))"
    )
    costs = _in(MAP_COSTS, f"{resources[0]}~{resources[-1]}")
    cost = f"INDEX({costs},MATCH({exact(key)},{_in(MAP_COSTS, 'Key')},0),{column})"
    return f"=IF({column}>0,{cost},{formula})"


def _cost_column(study: Study, axis: str) -> int:
    """The resource column (1 = the first) of a cost axis in the costs look-up; 0 else."""
    resources = [a for a in _money_axes(study) if a.resource is not None]
    return next((k + 1 for k, a in enumerate(resources) if a.label == axis), 0)


def _money_value(results, axis: MoneyAxis, scenario: str, profile: str, option: str) -> float:
    """The engine's own benefit (portfolio) or cost of an option: the cached value."""
    if axis.resource is None:
        return float(results.money.benefits[(scenario, profile)][option])
    return float(results.money.costs[scenario].loc[option, axis.resource])


def _points_table(results: RunResults, x: str, y: str, scenario: str, profile: str) -> Table:
    study = results.study
    values, weights = study.values(scenario), study.weights(profile)
    money = {a.label: a for a in _money_axes(study)}

    def on(axis: str, option: str) -> float:
        if axis in money:
            return _money_value(results, money[axis], scenario, profile, option)
        objective = next(
            o
            for o in dict.fromkeys(objective_of(study, c) for c in study.criteria)
            if study.tree.node(o).name == axis
        )
        members = [c for c in study.criteria if objective_of(study, c) == objective]
        total = float(sum(weights[c] for c in members))
        return float(sum(values.loc[option, c] * weights[c] for c in members)) / total

    across = [on(x, o) for o in study.options]
    up = [on(y, o) for o in study.options]
    named = efficient(np.array(across) * _better(study, x), np.array(up) * _better(study, y))
    rows = [
        [
            study.option(o).name,
            study.option(o).label,
            Formula(_label_formula(), study.option(o).label if keep else " "),
            Formula(_objective_value(results, "Across (x)"), a),
            Formula(_objective_value(results, "Up (y)"), u),
        ]
        for o, a, u, keep in zip(study.options, across, up, named, strict=True)
    ]
    return Table(
        "Each option's value on the two objectives (0-100)",
        [
            Column("Option name", width=40),
            Column("Short name", width=24),
            Column("Label", width=24),
            Column("Across (x)", "score", 11),
            Column("Up (y)", "score", 11),
        ],
        rows,
        name=MAP_POINTS,
    )


def _better(study: Study, axis: str) -> int:
    """+1 when more is better on ``axis`` (an objective, the benefit), -1 for a cost."""
    costs = {a.label for a in _money_axes(study) if a.resource is not None}
    return -1 if axis in costs else 1


def efficient(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which points no other point beats: at least as good on both (more is better, signs
    applied by the caller) and better on one."""
    no_worse = (x[None, :] >= x[:, None]) & (y[None, :] >= y[:, None])
    better = (x[None, :] > x[:, None]) | (y[None, :] > y[:, None])
    return ~np.any(no_worse & better, axis=1)


def _label_formula() -> str:
    """Formula: the option's short name (the column beside it, never text inside the
    formula) when no other option beats it on both picked axes (directions from the
    objectives lookup), else a space (an empty label would show the value), so the map
    names only the options that matter and the rest stay unlabelled points."""
    sign = {
        axis: f"INDEX({_in(MAP_OBJECTIVES, 'Better')},MATCH({exact(_in(MAP_CHOICE, axis))},"
        f"{_in(MAP_OBJECTIVES, 'Objective')},0))"
        for axis in ("Across (x)", "Up (y)")
    }
    sx, sy = sign["Across (x)"], sign["Up (y)"]
    column_x, column_y = "{c3}{first}:{c3}{last}", "{c4}{first}:{c4}{last}"
    mine_x, mine_y = "{c3}{row}", "{c4}{row}"
    beaten = (
        f"SUMPRODUCT(({sx}*{column_x}>={sx}*{mine_x})*({sy}*{column_y}>={sy}*{mine_y})"
        f"*((({sx}*{column_x}>{sx}*{mine_x})+({sy}*{column_y}>{sy}*{mine_y}))>0))"
    )
    return f'=IF({beaten}>0," ",{{c1}}{{row}})'
