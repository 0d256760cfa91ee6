"""Whole-study checks across records, collecting every issue in one pass.

Single-record checks (types, scales, value functions, ranges) happen when the
records are built; these checks need several records at once: ids that must be
unique or must exist, complete performance tables, scales, weights, and base
scenario chains.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from engine.errors import Issue, SourceMap, error, warning
from engine.model import (
    Cell,
    Criterion,
    Objective,
    Profile,
    Scenario,
    ValueTree,
    has_valid_base_chain,
    resolve_cells,
)
from engine.portfolio_checks import check_portfolio
from engine.study_records import StudyRecords


def check_study(parts: StudyRecords) -> list[Issue]:
    """Every cross-record issue of a study (profiles are checked by :mod:`engine.acceptance`)."""
    where = parts.where
    issues: list[Issue] = []
    issues += _check_limits(parts, where)
    issues += _check_duplicates(parts, where)
    issues += _check_names(parts, where)
    issues += _check_tree(parts.tree, where)
    issues += _check_nonempty(parts, where)
    issues += check_bases(parts.scenarios, where)
    if {"options", "criteria"} & parts.unread:
        return issues  # cells cannot be checked against a catalogue that could not be read
    for scenario in parts.scenarios:
        issues += _check_scenario_cells(scenario, parts, where)
    issues += _check_complete(parts, where)
    if "portfolio" not in parts.unread:
        issues += check_portfolio(parts)
        issues += _check_delivery(parts, where)
    return issues


def _check_delivery(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    """A delivery likelihood needs a baseline to count changes from, is not declared on
    the baseline itself, and cites known sources."""
    baseline = None if parts.portfolio is None else parts.portfolio.baseline
    sources = {s.id for s in parts.sources} | parts.broken_ids
    issues = []
    for option in (o for o in parts.options if o.delivery is not None):
        at = where.locate(("option", option.id), ("delivery",))
        if baseline is None or option.id == baseline:
            issues.append(
                error(
                    "delivery-invalid",
                    at,
                    "a delivery likelihood on the baseline"
                    if baseline
                    else "a delivery likelihood in a study without a baseline",
                    "a likelihood on a measure, counted from the baseline declared in "
                    "scenarios/portfolio.yaml",
                )
            )
        for i, source in enumerate(option.delivery.evidence):
            if source not in sources:
                located = where.locate(("option", option.id), ("delivery", "evidence", i))
                issues.append(_unknown("source", source, located))
    return issues


LIMITS = {"option": 500, "criterion": 200, "scenario": 200, "profile": 100, "source": 5_000}


def _check_limits(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    """Study sizes the engine promises to handle in bounded time and memory (README)."""
    groups = {
        "option": [("option", o.id) for o in parts.options],
        "criterion": [("node", c.id) for c in parts.tree.criteria],
        "scenario": [("scenario", s.id) for s in parts.scenarios],
        "profile": [("profile", p.id) for p in parts.profiles],
        "source": [("source", s.id) for s in parts.sources],
    }
    return [
        error(
            "limit-exceeded",
            where.locate(addresses[LIMITS[kind]]),
            f"{len(addresses):,} {kind} records (the first beyond the limit is here)",
            f"at most {LIMITS[kind]:,}",
            "split the study",
        )
        for kind, addresses in groups.items()
        if len(addresses) > LIMITS[kind]
    ]


def _check_duplicates(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    groups: list[tuple[str, Iterable[str]]] = [
        ("node", (n.id for n in parts.tree.nodes)),
        ("option", (o.id for o in parts.options)),
        ("source", (s.id for s in parts.sources)),
        ("scenario", (s.id for s in parts.scenarios)),
        ("profile", (p.id for p in parts.profiles)),
    ]
    issues = []
    for kind, ids in groups:
        ids = list(ids)
        folded = Counter(ident.casefold() for ident in ids)
        for ident, count in Counter(ids).items():
            if count > 1:
                issues.append(
                    error(
                        "id-duplicate",
                        where.locate((kind, ident)),
                        f"the {kind} id '{ident}' is used {count} times",
                        "each id once",
                    )
                )
            elif folded[ident.casefold()] > 1:
                same = [i for i in dict.fromkeys(ids) if i.casefold() == ident.casefold()]
                issues.append(
                    error(
                        "id-duplicate",
                        where.locate((kind, ident)),
                        f"the {kind} ids {', '.join(repr(i) for i in same)} differ only in case",
                        "ids that differ in more than case (spreadsheets ignore case in names "
                        "and look-ups)",
                    )
                )
    return issues


def _check_names(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    """``name-duplicate``: two options, scenarios or profiles a planner could not tell
    apart by name (case and surrounding spaces ignored), nor two options by the label the
    charts show. The report's pick lists and live look-ups find them by name."""
    groups = [
        ("option", "name", [(o.id, o.name) for o in parts.options]),
        ("option", "short_name", [(o.id, o.label) for o in parts.options]),
        ("scenario", "name", [(s.id, s.name) for s in parts.scenarios]),
        ("scenario", "short_name", [(s.id, s.label) for s in parts.scenarios]),
        ("profile", "name", [(p.id, p.name) for p in parts.profiles]),
    ]
    issues, flagged = [], set()
    for kind, key, named in groups:
        first: dict[str, str] = {}
        for ident, name in named:
            folded = " ".join(name.split()).casefold()
            if folded in first and first[folded] != ident and (kind, ident) not in flagged:
                flagged.add((kind, ident))  # its label repeats its name: said once
                what = "name" if key == "name" else "label (short name, or name)"
                issues.append(
                    error(
                        "name-duplicate",
                        where.locate((kind, ident), (key,)),
                        f"the {kind} '{ident}' has the {what} '{name}' of '{first[folded]}'",
                        f"each {kind} a {what} of its own (the report's lists and live "
                        "look-ups find it by name)",
                    )
                )
            first.setdefault(folded, ident)
    return issues


def _check_tree(tree: ValueTree, where: SourceMap) -> list[Issue]:
    issues = []
    for objective in tree.objectives:
        if not tree.children(objective.id):
            issues.append(
                error(
                    "objective-empty",
                    where.locate(("node", objective.id)),
                    f"objective '{objective.id}' has no children",
                    "at least one criterion or sub-objective under it",
                )
            )
    issues += [
        error(
            "id-invalid",
            where.locate(("node", criterion.id), ("id",)),
            f"the criterion id '{criterion.id}' is reserved",
            "another id: result tables name their columns 'score', 'rank' and one per criterion",
        )
        for criterion in tree.criteria
        if criterion.id in RESERVED_CRITERION_IDS
    ]
    return issues


RESERVED_CRITERION_IDS = ("score", "rank")


def _check_nonempty(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    wanted = [
        ("criteria", parts.tree.criteria, ("tree",)),
        ("options", parts.options, ("options",)),
        ("scenarios", parts.scenarios, ("scenarios",)),
        ("profiles", parts.profiles, ("profiles",)),
    ]
    return [
        error(
            "study-empty",
            where.locate(address),
            f"the study has no {what}",
            f"at least one of {what}",
        )
        for what, records, address in wanted
        if not records and what not in parts.unread  # an unreadable file: reported already
    ]


def check_bases(scenarios: Sequence[Scenario], where: SourceMap) -> list[Issue]:
    """Unknown base scenarios and cycles in base chains."""
    by_id = {s.id: s for s in scenarios}
    issues = []
    for scenario in scenarios:
        if scenario.base is not None and scenario.base not in by_id:
            issues.append(
                error(
                    "scenario-unknown",
                    where.locate(("scenario", scenario.id), ("base",)),
                    f"base scenario '{scenario.base}' does not exist",
                    "the id of a scenario in scenarios/",
                )
            )
    for scenario in scenarios:
        cycle = _base_cycle(scenario.id, by_id)
        if cycle and cycle[0] == scenario.id:
            issues.append(
                error(
                    "base-cycle",
                    where.locate(("scenario", scenario.id), ("base",)),
                    "base scenarios form a cycle: " + " -> ".join([*cycle, cycle[0]]),
                    "a chain that ends at a scenario without a base",
                )
            )
    return issues


def _base_cycle(start: str, by_id: Mapping[str, Scenario]) -> list[str]:
    chain: list[str] = []
    current: str | None = start
    while current is not None and current in by_id:
        if current in chain:
            return chain[chain.index(current) :]
        chain.append(current)
        current = by_id[current].base
    return []


def _check_scenario_cells(scenario: Scenario, parts: StudyRecords, where: SourceMap) -> list[Issue]:
    options = {o.id for o in parts.options}
    criteria = {c.id: c for c in parts.tree.criteria}
    sources = {s.id for s in parts.sources} | parts.broken_ids
    address = ("scenario", scenario.id)
    issues = []
    for option_id, row in scenario.performance.items():
        if option_id in parts.broken_ids:
            continue
        if option_id not in options:
            issues.append(
                _unknown("option", option_id, where.locate(address, ("performance", option_id)))
            )
            continue
        for criterion_id, cell in row.items():
            path = ("performance", option_id, criterion_id)
            criterion = criteria.get(criterion_id)
            if criterion_id in parts.broken_ids:
                continue
            if criterion is None:
                issues.append(_unknown("criterion", criterion_id, where.locate(address, path)))
                continue
            issues += _check_cell(cell, criterion, sources, address, path, where)
    issues += _check_overrides(scenario, parts.scenarios, where)
    return issues


def _unknown(kind: str, ident: str, location) -> Issue:
    return error(
        f"{kind}-unknown", location, f"unknown {kind} '{ident}'", f"the id of a {kind} of the study"
    )


def _check_cell(
    cell: Cell, criterion: Criterion, sources: set[str], address, path, where: SourceMap
) -> list[Issue]:
    issues = []
    scale = criterion.scale
    for key in ("value", "low", "high"):
        number = getattr(cell, key)
        if number is not None and not scale.min <= number <= scale.max:
            issues.append(
                error(
                    "value-out-of-scale",
                    where.locate(address, (*path, key)),
                    f"{key} {number:g} lies outside the scale of '{criterion.id}'",
                    f"a number from {scale.min:g} to {scale.max:g} ({scale.unit})",
                )
            )
    for i, source in enumerate(cell.evidence):
        if source not in sources:
            issues.append(_unknown("source", source, where.locate(address, (*path, "evidence", i))))
    if not cell.evidence and (cell.low is None or cell.high is None):
        issues.append(
            warning(
                "judgment-without-range",
                where.locate(address, path),
                "a value with no evidence and no uncertainty range",
                "low and high for a value that rests on judgment alone",
            )
        )
    if not cell.rationale.strip():
        issues.append(
            warning(
                "rationale-missing",
                where.locate(address, path),
                "a performance value without a rationale",
                "a short rationale explaining the value",
            )
        )
    return issues


def _check_overrides(
    scenario: Scenario, scenarios: Sequence[Scenario], where: SourceMap
) -> list[Issue]:
    if scenario.base is None or not has_valid_base_chain(scenario.id, scenarios):
        return []
    base_cells = resolve_cells({s.id: s for s in scenarios}, scenario.base)
    issues = []
    for option_id, row in scenario.performance.items():
        for criterion_id, cell in row.items():
            inherited = base_cells.get((option_id, criterion_id))
            if inherited is not None and _same_judgment(inherited[0], cell):
                issues.append(
                    warning(
                        "override-unchanged",
                        where.locate(
                            ("scenario", scenario.id), ("performance", option_id, criterion_id)
                        ),
                        "the override repeats the value, low and high of base scenario "
                        f"'{inherited[1]}'",
                        "an override only where the scenario changes something",
                        "delete the override to inherit the base value",
                    )
                )
    return issues


def _same_judgment(a: Cell, b: Cell) -> bool:
    return (a.value, a.low, a.high) == (b.value, b.low, b.high)


def _check_complete(parts: StudyRecords, where: SourceMap) -> list[Issue]:
    criteria = [c.id for c in parts.tree.criteria]
    by_id = {s.id: s for s in parts.scenarios}
    unreadable = {(option, criterion) for _, option, criterion in parts.unreadable}
    issues = []
    for scenario in parts.scenarios:
        if not has_valid_base_chain(scenario.id, parts.scenarios):
            continue
        cells = resolve_cells(by_id, scenario.id)
        for option in parts.options:
            missing = [
                c
                for c in criteria
                if (option.id, c) not in cells and (option.id, c) not in unreadable
            ]
            if missing:
                shown = ", ".join(missing[:8]) + (
                    f" and {len(missing) - 8} more" if len(missing) > 8 else ""
                )
                issues.append(
                    error(
                        "value-missing",
                        where.locate(("scenario", scenario.id), ("performance", option.id)),
                        f"no performance for option '{option.id}' on {len(missing)} "
                        f"criteria: {shown}",
                        "a value for every option and criterion (directly or from a base scenario)",
                    )
                )
    return issues


def check_profile(
    profile: Profile, tree: ValueTree, where: SourceMap, broken: frozenset[str] = frozenset()
) -> list[Issue]:
    """Weights of one profile against the tree: unknown, missing, negative, all-zero.

    Nodes in ``broken`` failed to read and were reported already.
    """
    address = ("profile", profile.id)
    nodes = {n.id for n in tree.nodes}
    issues = []
    for node_id, points in profile.weights.items():
        location = where.locate(address, ("weights", node_id))
        if node_id in broken:
            continue
        if node_id not in nodes:
            issues.append(_unknown("node", node_id, location))
        elif points < 0:
            issues.append(
                error(
                    "weight-negative",
                    location,
                    f"weight {points:g} for '{node_id}'",
                    "zero or more points",
                )
            )
    missing = [n.id for n in tree.nodes if n.id not in profile.weights and n.id not in broken]
    if missing:
        issues.append(
            error(
                "weight-missing",
                where.locate(address, ("weights",)),
                f"profile '{profile.id}' has no weight for: {', '.join(missing)}",
                "swing points for every objective and criterion of the value tree",
            )
        )
    issues += _check_zero_groups(profile, tree, where)
    return issues


def _check_zero_groups(profile: Profile, tree: ValueTree, where: SourceMap) -> list[Issue]:
    parents: list[Objective | None] = [None, *tree.objectives]
    issues = []
    for parent in parents:
        siblings = tree.children(parent.id if parent else None)
        points = [profile.weights.get(s) for s in siblings]
        if siblings and all(p is not None for p in points) and not math.isfinite(sum(points)):
            name = f"objective '{parent.id}'" if parent else "the top of the tree"
            issues.append(
                error(
                    "weight-overflow",
                    where.locate(("profile", profile.id), ("weights", siblings[0])),
                    f"the swing points under {name} add up to more than a number can hold",
                    "points on an ordinary scale, e.g. 0 to 100",
                )
            )
        elif siblings and all(p is not None for p in points) and sum(points) <= 0:
            name = f"objective '{parent.id}'" if parent else "the top of the tree"
            issues.append(
                error(
                    "weight-all-zero",
                    where.locate(("profile", profile.id), ("weights", siblings[0])),
                    f"every weight under {name} is zero ({', '.join(siblings)})",
                    "at least one positive weight among siblings",
                )
            )
    return issues
