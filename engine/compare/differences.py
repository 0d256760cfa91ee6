"""What differs between compared inputs, as tables: winners, ranks and scores, weights,
study cells, and how much the rankings agree.

Every input is evaluated under the same method on the scenario x profile pairs that all
of them hold, over the options they all hold. Agreement is Kendall's tau-b between each
input's ranking and the first input's, and the overlap of their top three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.compare.inputs import Compared
from engine.errors import InputError, Location, error
from engine.ranking import kendall_tau
from engine.scoring import evaluate

Pair = tuple[str, str]
TOP = 3


@dataclass(frozen=True)
class Comparison:
    """The tables of a comparison (each a DataFrame) and its headline."""

    inputs: tuple[Compared, ...]
    method: str
    pairs: tuple[Pair, ...]
    overview: pd.DataFrame
    winners: pd.DataFrame
    ranks: pd.DataFrame
    weights: pd.DataFrame
    study: pd.DataFrame
    agreement: pd.DataFrame
    headline: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def compare(inputs: Sequence[Compared], method: str = "additive") -> Comparison:
    """Compare ``inputs`` (two or more) on the pairs and options they share."""
    inputs = tuple(inputs)
    pairs, options = _shared(inputs)
    tables = {
        c.label: {
            (s, p): evaluate(c.study, scenario=s, profile=p, method=method).loc[options]
            for s, p in pairs
        }
        for c in inputs
    }
    winners = _winners(inputs, pairs, tables)
    differ = int((winners.iloc[:, 2:].nunique(axis=1) > 1).sum())
    headline = (
        f"The winner differs in {differ} of {len(pairs)} scenario x profile pairs"
        f" ({' vs '.join(c.label for c in inputs)})."
    )
    study = study_changes(inputs[0].study, inputs[-1].study)
    weights = weight_changes(inputs)
    return Comparison(
        inputs,
        method,
        tuple(pairs),
        _overview(inputs, pairs, differ, weights, study),
        winners,
        _ranks(inputs, pairs, tables),
        weights,
        study,
        _agreement(inputs, pairs, tables),
        headline,
    )


def _shared(inputs: Sequence[Compared]) -> tuple[list[Pair], list[str]]:
    first = inputs[0].study
    scenarios = [s for s in first.scenarios if all(s in c.study.scenarios for c in inputs)]
    profiles = [p for p in first.profiles if all(p in c.study.profiles for c in inputs)]
    options = [o for o in first.options if all(o in c.study.options for c in inputs)]
    if not scenarios or not profiles or len(options) < 2:
        raise InputError(
            [
                error(
                    "compare-nothing-shared",
                    Location(file=str(inputs[0].path)),
                    f"{len(scenarios)} shared scenarios, {len(profiles)} shared profiles and "
                    f"{len(options)} shared options",
                    "inputs that share a scenario, a profile and two options",
                )
            ]
        )
    return [(s, p) for s in scenarios for p in profiles], options


def _winners(inputs, pairs, tables) -> pd.DataFrame:
    study = inputs[0].study
    rows = []
    for scenario, profile in pairs:
        row = [study.scenario(scenario).name, study.profile(profile).name]
        for c in inputs:
            table = tables[c.label][(scenario, profile)]
            row.append(study.option(table["score"].idxmax()).name)
        rows.append(row)
    return pd.DataFrame(rows, columns=["Scenario", "Profile", *(c.label for c in inputs)])


def _ranks(inputs, pairs, tables) -> pd.DataFrame:
    """Per option and pair: rank and score in each input, and the largest rank move."""
    study = inputs[0].study
    rows = []
    for pair in pairs:
        first = tables[inputs[0].label][pair]
        for option in first.index:
            ranks = [int(tables[c.label][pair].loc[option, "rank"]) for c in inputs]
            scores = [float(tables[c.label][pair].loc[option, "score"]) for c in inputs]
            move = max(abs(r - ranks[0]) for r in ranks)
            rows.append([study.option(option).name, *pair, *ranks, *scores, move])
    labels = [c.label for c in inputs]
    columns = ["Option", "Scenario", "Profile"]
    columns += [f"Rank: {x}" for x in labels] + [f"Score: {x}" for x in labels] + ["Largest move"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("Largest move", ascending=False, kind="stable", ignore_index=True)


def weight_changes(inputs: Sequence[Compared]) -> pd.DataFrame:
    """Per tree node and shared profile: local and global weight in each input and the
    change from the first (nodes of the first input's tree; absent: NaN)."""
    first = inputs[0].study
    profiles = [p for p in first.profiles if all(p in c.study.profiles for c in inputs)]
    rows = []
    for profile in profiles:
        tables = [_node_weights(c.study, profile) for c in inputs]
        for node in tables[0].index:
            local = [t["local"].get(node, np.nan) for t in tables]
            global_ = [t["global"].get(node, np.nan) for t in tables]
            name = first.tree.node(node).name
            rows.append([first.profile(profile).name, name, *local, *global_])
    labels = [c.label for c in inputs]
    columns = ["Profile", "Node"] + [f"Local: {x}" for x in labels]
    columns += [f"Global: {x}" for x in labels]
    table = pd.DataFrame(rows, columns=columns)
    table["Change in global weight"] = (
        table[f"Global: {labels[-1]}"] - table[f"Global: {labels[0]}"]
    )
    return table


def _node_weights(study, profile: str) -> pd.DataFrame:
    rows = study.node_weights(profile)
    return pd.DataFrame(
        {"local": {r.node: r.local for r in rows}, "global": {r.node: r.global_ for r in rows}}
    )


def study_changes(a, b) -> pd.DataFrame:
    """What differs between two studies: records added or removed (options, criteria,
    scenarios, profiles), and every performance cell whose value, range, rationale or
    sources changed, old and new side by side."""
    rows = []
    for kind, left, right in (
        ("option", a.options, b.options),
        ("criterion", a.criteria, b.criteria),
        ("scenario", a.scenarios, b.scenarios),
        ("profile", a.profiles, b.profiles),
    ):
        rows += [[kind, x, "", "", "removed", x, ""] for x in left if x not in right]
        rows += [[kind, x, "", "", "added", "", x] for x in right if x not in left]
    for scenario in (s for s in a.scenarios if s in b.scenarios):
        rows += _cell_changes(a, b, scenario)
    columns = ["What", "Scenario or id", "Option", "Criterion", "Field", "Old", "New"]
    return pd.DataFrame(rows, columns=columns)


FIELDS = ("value", "low", "high", "rationale", "evidence")


def _cell_changes(a, b, scenario: str) -> list[list]:
    left, right = a.cells(scenario), b.cells(scenario)
    rows = []
    for (option, criterion), (old, _) in left.items():
        found = right.get((option, criterion))
        if found is None:
            continue
        new = found[0]
        for name in FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                rows.append(
                    ["cell", scenario, option, criterion, name, _text(before), _text(after)]
                )
    return rows


def _text(value) -> str | float:
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else value


def _agreement(inputs, pairs, tables) -> pd.DataFrame:
    study = inputs[0].study
    rows = []
    for pair in pairs:
        base = tables[inputs[0].label][pair]
        top = set(base.sort_values("rank", kind="stable").index[:TOP])
        for c in inputs[1:]:
            other = tables[c.label][pair]
            tau = kendall_tau(base["rank"].to_numpy(), other.loc[base.index, "rank"].to_numpy())
            overlap = len(top & set(other.sort_values("rank", kind="stable").index[:TOP]))
            rows.append(
                [study.scenario(pair[0]).name, study.profile(pair[1]).name, c.label, tau, overlap]
            )
    columns = ["Scenario", "Profile", "Compared with the first", "Kendall's tau", "Top-3 overlap"]
    return pd.DataFrame(rows, columns=columns)


def _overview(inputs, pairs, differ, weights, study) -> pd.DataFrame:
    changed_weights = int((weights["Change in global weight"].abs() > 1e-12).sum())
    ran = [f"{c.label}: {dict(c.run_info).get('Method', '?')}" for c in inputs if c.run_info]
    rows = [
        ["Inputs", "; ".join(f"{c.label} ({c.kind}: {c.path})" for c in inputs)],
        [
            "Method of the reports as run (all inputs are scored here with one method)",
            "; ".join(ran) or "no report among the inputs",
        ],
        ["Scenario x profile pairs compared", len(pairs)],
        ["Pairs whose winner differs", differ],
        ["Node weights that differ (first vs last)", changed_weights],
        ["Study cells that differ (first vs last)", int((study["What"] == "cell").sum())],
        ["Records added or removed (first vs last)", int((study["What"] != "cell").sum())],
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"])
