"""Checks of a study's portfolio declarations, every problem located, in one pass.

References (unknown options, resources, scenarios, sources, a baseline that is not an
option, a resource criterion that is not a cost criterion), costs (missing, negative,
outside a linked criterion's scale) and constraints that no package can meet, found
before any solver runs: a required measure over a limit, a measure both required and
excluded (also through prerequisites), two required members of an exclusive group,
more required than an ``at_most`` allows, an ``at_least`` larger than its set, and
prerequisite cycles. Each conflict names the constraints involved.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from engine.errors import Issue, SourceMap, error, warning
from engine.model import (
    CONSTRAINT_NEEDS,
    Cell,
    Option,
    Portfolio,
    PortfolioConstraint,
    Resource,
    Scenario,
    has_valid_base_chain,
    resolve_cells,
)
from engine.study_records import StudyRecords

HERE = ("portfolio",)


def check_portfolio(records: StudyRecords) -> list[Issue]:
    """Every issue of ``records.portfolio`` and of the scenarios' costs."""
    portfolio, where = records.portfolio, records.where
    costs_given = [s for s in records.scenarios if s.costs]
    if portfolio is None:
        return [_stray_costs(s, where) for s in costs_given]
    options = {o.id: o for o in records.options}
    issues = _check_references(portfolio, records, where)
    amounts = _check_amounts(portfolio, records, where)
    if issues or amounts:
        return issues + amounts  # conflicts need known ids and amounts the solver takes
    issues += _check_costs(portfolio, records, where)
    issues += _check_conflicts(portfolio, options, records, where)
    issues += _check_benefit(portfolio, records, where)
    return issues


def _check_benefit(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """``portfolio-no-benefit`` when every criterion is a resource's: every package
    would be worth 0 and the empty one would be 'best'."""
    if not measures(portfolio, [o.id for o in records.options]):
        return [
            error(
                "portfolio-no-measures",
                where.locate(HERE, ("baseline",)),
                f"no option besides the baseline '{portfolio.baseline}'",
                "measures to choose from: options other than the baseline",
            )
        ]
    linked = {r.criterion for r in portfolio.resources if r.criterion}
    criteria = [c.id for c in records.tree.criteria]
    if not criteria or any(c not in linked for c in criteria):
        return []
    return [
        error(
            "portfolio-no-benefit",
            where.locate(HERE, ("resources",)),
            f"every criterion ({', '.join(criteria)}) is a resource's cost",
            "at least one criterion that is not a resource: what a package is worth",
        )
    ]


def measures(portfolio: Portfolio, option_ids: Iterable[str]) -> list[str]:
    """The options a package can hold: every option but the baseline, in study order."""
    return [o for o in option_ids if o != portfolio.baseline]


def constraint_members(constraint: PortfolioConstraint, options: dict) -> list[str]:
    """The options a constraint names, directly or through its category."""
    if constraint.category is not None:
        return [o for o, record in options.items() if record.category == constraint.category]
    return list(constraint.options)


def funded_measures(
    portfolio: Portfolio, options: Sequence[Option], resource: Resource
) -> frozenset[str] | None:
    """The measures whose cells on a linked resource's criterion are its costs (None: all).

    A resource that names what it funds (``funds``, ``funds_category``) pays for those; the
    one on the same criterion that names none pays for every other measure, so one cost
    criterion can be split over funding sources (a budget and a pledged envelope).
    """
    if resource.criterion is None:
        return None
    if resource.names_funded:
        return frozenset(_named_funds(resource, options))
    others = [
        r
        for r in portfolio.resources
        if r is not resource and r.criterion == resource.criterion and r.names_funded
    ]
    if not others:
        return None
    taken = set().union(*(_named_funds(r, options) for r in others))
    return frozenset(o.id for o in options if o.id not in taken)


def _named_funds(resource: Resource, options: Sequence[Option]) -> set[str]:
    return {
        o.id
        for o in options
        if o.id in resource.funds
        or (resource.funds_category is not None and o.category == resource.funds_category)
    }


def _stray_costs(scenario: Scenario, where: SourceMap) -> Issue:
    return error(
        "portfolio-missing",
        where.locate(("scenario", scenario.id), ("costs",)),
        "costs without a portfolio file",
        "scenarios/portfolio.yaml naming the baseline and the resources",
    )


def _check_references(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    options = {o.id for o in records.options} | records.broken_ids
    scenarios = {s.id for s in records.scenarios}
    sources = {s.id for s in records.sources} | records.broken_ids
    criteria = {c.id: c for c in records.tree.criteria}
    issues = []
    if portfolio.baseline not in options:
        issues.append(_unknown("option", portfolio.baseline, where, ("baseline",)))
    issues += _declared_twice("resource", [r.id for r in portfolio.resources], where)
    issues += _declared_twice("constraint", [c.id for c in portfolio.constraints], where)
    for r, resource in enumerate(portfolio.resources):
        for scenario in resource.limits:
            if scenario not in scenarios:
                issues.append(
                    _unknown("scenario", scenario, where, ("resources", r, "limits", scenario))
                )
        if resource.criterion is not None:
            criterion = criteria.get(resource.criterion)
            if criterion is None:
                issues.append(
                    _unknown("criterion", resource.criterion, where, ("resources", r, "criterion"))
                )
            elif criterion.direction.value != "cost":
                issues.append(
                    error(
                        "resource-criterion-invalid",
                        where.locate(HERE, ("resources", r, "criterion")),
                        f"criterion '{criterion.id}' is a benefit criterion",
                        "a cost criterion whose values are amounts of the resource",
                    )
                )
    issues += _check_funds(portfolio, records, where)
    for c, constraint in enumerate(portfolio.constraints):
        issues += _check_constraint(constraint, c, portfolio, records, where)
        issues += _check_members(constraint, c, where)
        issues += _check_sources(constraint.evidence, sources, where, ("constraints", c))
    linked = {r.criterion for r in portfolio.resources if r.criterion}
    for k, interaction in enumerate(portfolio.interactions):
        for n, option in enumerate(interaction.options):
            path = ("interactions", k, "options", n)
            if option not in options:
                issues.append(_unknown("option", option, where, path))
            elif option == portfolio.baseline:
                issues.append(_baseline_named(option, where, path))
        issues += _check_interaction(interaction, k, criteria, linked, where)
        issues += _check_sources(interaction.evidence, sources, where, ("interactions", k))
    return issues


def _check_interaction(interaction, k: int, criteria: dict, linked: set, where) -> list[Issue]:
    """An interaction is value points of a pair, or a change of one benefit criterion's
    level for a group of different measures."""
    path = ("interactions", k)
    repeated = sorted({o for o in interaction.options if interaction.options.count(o) > 1})
    found = []
    if repeated:
        found.append((("options",), f"'{repeated[0]}' named twice", "different options, each once"))
    if interaction.on_criterion:
        criterion = criteria.get(interaction.criterion)
        if criterion is None:
            return [_unknown("criterion", interaction.criterion, where, (*path, "criterion"))]
        if interaction.criterion in linked:
            found.append(
                (
                    ("criterion",),
                    f"'{criterion.id}' is a resource's criterion",
                    "a criterion "
                    "that counts towards the benefit (costs interact through the resource)",
                )
            )
        if interaction.change is None or interaction.value is not None:
            found.append(
                (
                    (),
                    "a criterion without a change, or with a value as well",
                    "criterion and change (natural units), or value (value points) alone",
                )
            )
    elif interaction.value is None or interaction.change is not None:
        found.append(
            (
                (),
                "no value (or a change without a criterion)",
                "value (value points), or criterion and change",
            )
        )
    elif len(interaction.options) != 2:
        found.append(
            (
                ("options",),
                f"{len(interaction.options)} options with value points",
                "two options (a group of more interacts on a criterion: criterion and change)",
            )
        )
    found += _interaction_size(interaction, criteria)
    return [
        error("interaction-invalid", where.locate(HERE, (*path, *key)), what, expected)
        for key, what, expected in found
    ]


def _check_funds(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """What a funding source names: known options and categories, a linked criterion, and
    no measure paid for twice from one criterion (its cost would count in two limits)."""
    options = {o.id for o in records.options} | records.broken_ids
    categories = {o.category for o in records.options}
    issues = []
    payers: dict[tuple[str, str], str] = {}
    for r, resource in enumerate(portfolio.resources):
        here = ("resources", r)
        if resource.names_funded and resource.criterion is None:
            issues.append(
                error(
                    "resource-funds-invalid",
                    where.locate(HERE, (*here, "funds")),
                    f"resource '{resource.id}' names what it funds but has no criterion",
                    "funds with a criterion whose cells are the costs (a resource without "
                    "one gives each measure's cost in the scenarios' costs tables)",
                )
            )
            continue
        issues += [
            _unknown("option", o, where, (*here, "funds", n))
            for n, o in enumerate(resource.funds)
            if o not in options
        ]
        if resource.funds_category is not None and resource.funds_category not in categories:
            issues.append(
                error(
                    "category-unknown",
                    where.locate(HERE, (*here, "funds_category")),
                    f"unknown category '{resource.funds_category}'",
                    "the category of some option of the study",
                )
            )
        if resource.criterion is None:
            continue
        funded = funded_measures(portfolio, records.options, resource)
        for option in measures(portfolio, sorted(options if funded is None else funded)):
            other = payers.setdefault((resource.criterion, option), resource.id)
            if other != resource.id:
                issues.append(
                    error(
                        "resource-funds-invalid",
                        where.locate(HERE, here),
                        f"'{option}' paid for by resources '{other}' and '{resource.id}', "
                        f"both costed on criterion '{resource.criterion}'",
                        "each measure paid for by one resource of a criterion (name what "
                        "each funds with funds or funds_category)",
                    )
                )
                break
    return issues


def _check_constraint(constraint, c, portfolio, records, where) -> list[Issue]:
    options = {o.id for o in records.options} | records.broken_ids
    categories = {o.category for o in records.options}
    issues = []
    needs, complete = CONSTRAINT_NEEDS[constraint.kind]
    if not complete(constraint):
        issues.append(
            error(
                "constraint-incomplete",
                where.locate(HERE, ("constraints", c)),
                f"constraint '{constraint.id}' ({constraint.kind}) lacks what its kind needs",
                f"for {constraint.kind}: {needs}",
            )
        )
    if constraint.category is not None and constraint.category not in categories:
        issues.append(
            error(
                "category-unknown",
                where.locate(HERE, ("constraints", c, "category")),
                f"unknown category '{constraint.category}'",
                "the category of some option of the study",
            )
        )
    for key in ("options", "requires"):
        for n, option in enumerate(getattr(constraint, key)):
            path = ("constraints", c, key, n)
            if option not in options:
                issues.append(_unknown("option", option, where, path))
            elif option == portfolio.baseline:
                issues.append(_baseline_named(option, where, path))
    return issues


def _declared_twice(kind: str, ids: list[str], where) -> list[Issue]:
    """``id-duplicate`` at each id of ``kind`` (resource, constraint) seen before (case
    ignored: spreadsheets ignore it)."""
    seen: set[str] = set()
    found = []
    for k, ident in enumerate(ids):
        if ident.lower() in seen:
            found.append(
                error(
                    "id-duplicate",
                    where.locate(HERE, (f"{kind}s", k, "id")),
                    f"{kind} '{ident}' declared twice",
                    f"unique {kind} ids",
                )
            )
        seen.add(ident.lower())
    return found


def _check_members(constraint: PortfolioConstraint, c: int, where) -> list[Issue]:
    """``constraint-invalid``: a member named twice, an option both a member and its own
    prerequisite, or both ``options`` and ``category`` (one of them would be ignored)."""
    issues = []

    def invalid(path: tuple, found: str, expected: str) -> None:
        issues.append(error("constraint-invalid", where.locate(HERE, path), found, expected))

    if constraint.options and constraint.category is not None:
        invalid(
            ("constraints", c, "category"),
            f"constraint '{constraint.id}' gives both options and a category",
            "options or a category, not both",
        )
    for key in ("options", "requires"):
        seen: set[str] = set()
        for n, option in enumerate(getattr(constraint, key)):
            if option in seen:
                invalid(
                    ("constraints", c, key, n),
                    f"'{option}' named twice in {key} of constraint '{constraint.id}'",
                    "each option once",
                )
            seen.add(option)
    for n, option in enumerate(constraint.requires):
        if option in constraint.options:
            invalid(
                ("constraints", c, "requires", n),
                f"'{option}' both in options and in requires of constraint '{constraint.id}'",
                "a measure that requires others, not itself",
            )
    return issues


MAX_AMOUNT = 1e12
"""The largest cost or limit the solver is given: HiGHS works to about 1e-7 in absolute
terms and treats 1e20 as infinite, so an amount of 1e16 makes every cost below 1 noise."""


def _interaction_size(interaction, criteria: dict) -> list[tuple]:
    """Value points within a package's whole range (100), a change within its scale."""
    if interaction.value is not None and abs(interaction.value) > 100:
        return [
            (
                ("value",),
                f"{interaction.value:g} value points",
                "at most 100 either way (the most any package can be worth)",
            )
        ]
    criterion = criteria.get(interaction.criterion)
    if interaction.change is not None and criterion is not None:
        width = criterion.scale.max - criterion.scale.min
        if abs(interaction.change) > width:
            return [
                (
                    ("change",),
                    f"a change of {interaction.change:g} on a scale {width:g} wide",
                    "a change within the criterion's scale",
                )
            ]
    return []


def _check_amounts(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """Limits, own costs and the scales of linked criteria within :data:`MAX_AMOUNT`."""
    found = []
    for r, resource in enumerate(portfolio.resources):
        for key, amount in [("limit", resource.limit), *resource.limits.items()]:
            path = ("resources", r, "limit") if key == "limit" else ("resources", r, "limits", key)
            if amount is not None and amount > MAX_AMOUNT:
                found.append(_too_large(where.locate(HERE, path), f"limit {amount:g}"))
        criterion = next((c for c in records.tree.criteria if c.id == resource.criterion), None)
        if criterion is not None and criterion.scale.max > MAX_AMOUNT:
            found.append(
                _too_large(
                    where.locate(("node", criterion.id)),
                    f"the scale of '{criterion.id}' reaches {criterion.scale.max:g}, the "
                    f"costs of resource '{resource.id}'",
                )
            )
    for scenario in records.scenarios:
        for option, row in scenario.costs.items():
            for resource_id, cell in row.items():
                for key in ("value", "low", "high"):
                    amount = getattr(cell, key)
                    if amount is not None and abs(amount) > MAX_AMOUNT:
                        path = ("costs", option, resource_id, key)
                        located = where.locate(("scenario", scenario.id), path)
                        found.append(_too_large(located, f"{key} {amount:g}"))
    return found


def _too_large(location, found: str) -> Issue:
    return error(
        "amount-too-large",
        location,
        found,
        f"at most {MAX_AMOUNT:.0e} (state it in larger units, e.g. billions)",
    )


def _check_sources(evidence, sources, where, path) -> list[Issue]:
    return [
        _unknown("source", source, where, (*path, "evidence", n))
        for n, source in enumerate(evidence)
        if source not in sources
    ]


def _check_costs(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """Cost cells: known options and resources, not negative, present for every measure
    and resource in every scenario (a resource linked to a criterion takes that
    criterion's cells, already checked as performances)."""
    options = {o.id for o in records.options} | records.broken_ids
    resources = {r.id: r for r in portfolio.resources}
    sources = {s.id for s in records.sources} | records.broken_ids
    issues = []
    for scenario in records.scenarios:
        address = ("scenario", scenario.id)
        for option, row in scenario.costs.items():
            if option not in options:
                issues.append(_located_unknown("option", option, where, address, ("costs", option)))
                continue
            for resource_id, cell in row.items():
                path = ("costs", option, resource_id)
                resource = resources.get(resource_id)
                if resource is None:
                    issues.append(_located_unknown("resource", resource_id, where, address, path))
                elif resource.criterion is not None:
                    issues.append(
                        error(
                            "cost-duplicated",
                            where.locate(address, path),
                            f"a cost for '{resource_id}', whose costs are the cells of "
                            f"criterion '{resource.criterion}'",
                            "the cost in the performance cell of that criterion only",
                        )
                    )
                else:
                    issues += _check_cost_cell(cell, sources, where, address, path)
    issues += _check_costs_complete(portfolio, records, where)
    issues += _check_linked_costs(portfolio, records, where)
    issues += _check_baseline_costs(portfolio, records, where)
    return issues


def _check_linked_costs(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """A resource linked to a criterion spends that criterion's cells of the measures it
    pays for: none below zero (a negative cost would buy value with a budget it adds to)."""
    issues = []
    for resource in portfolio.resources:
        if resource.criterion is None:
            continue
        funded = funded_measures(portfolio, records.options, resource)
        for scenario in records.scenarios:
            for option, row in scenario.performance.items():
                cell = row.get(resource.criterion)
                if cell is None or option == portfolio.baseline:
                    continue
                if funded is not None and option not in funded:
                    continue  # another funding source pays for it
                for key in ("value", "low", "high"):
                    number = getattr(cell, key)
                    if number is not None and number < 0:
                        path = ("performance", option, resource.criterion, key)
                        issues.append(
                            error(
                                "cost-negative",
                                where.locate(("scenario", scenario.id), path),
                                f"{key} {number:g}: a cost in resource '{resource.id}'",
                                "a cost of zero or more (a saving is a benefit, scored on "
                                "a criterion)",
                            )
                        )
    return issues


def _check_baseline_costs(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    """The baseline's own costs are never counted (packages are costed over it): said."""
    return [
        warning(
            "baseline-cost-ignored",
            where.locate(("scenario", scenario.id), ("costs", portfolio.baseline)),
            f"costs for the baseline '{portfolio.baseline}' (never counted)",
            "costs for measures only: a package's cost is what it adds to the baseline",
        )
        for scenario in records.scenarios
        if portfolio.baseline in scenario.costs
    ]


def _check_cost_cell(cell: Cell, sources, where, address, path) -> list[Issue]:
    issues = []
    for key in ("value", "low", "high"):
        number = getattr(cell, key)
        if number is not None and number < 0:
            issues.append(
                error(
                    "cost-negative",
                    where.locate(address, (*path, key)),
                    f"{key} {number:g}",
                    "a cost of zero or more (a saving is a benefit, scored on a criterion)",
                )
            )
    for n, source in enumerate(cell.evidence):
        if source not in sources:
            issues.append(
                _located_unknown("source", source, where, address, (*path, "evidence", n))
            )
    return issues


def _check_costs_complete(portfolio: Portfolio, records: StudyRecords, where) -> list[Issue]:
    by_id = {s.id: s for s in records.scenarios}
    issues = []
    own = [r.id for r in portfolio.resources if r.criterion is None]
    for scenario in records.scenarios:
        if not own or not has_valid_base_chain(scenario.id, records.scenarios):
            continue
        cells = resolve_cells(by_id, scenario.id, "costs")
        for option in measures(portfolio, [o.id for o in records.options]):
            missing = [r for r in own if (option, r) not in cells]
            if missing:
                issues.append(
                    error(
                        "cost-missing",
                        where.locate(("scenario", scenario.id), ("costs", option)),
                        f"no cost for option '{option}' in {', '.join(missing)}",
                        "a cost for every measure and resource (directly or from a base scenario)",
                    )
                )
    return issues


def _check_conflicts(portfolio: Portfolio, options: dict, records: StudyRecords, where):
    """Constraints no package can meet, each named (before any solver runs)."""
    issues = []
    included: dict[str, str] = {}
    excluded: dict[str, str] = {}
    for constraint in portfolio.constraints:
        if constraint.kind == "include":
            included.update(dict.fromkeys(constraint.options, constraint.id))
        if constraint.kind == "exclude":
            excluded.update(dict.fromkeys(constraint.options, constraint.id))
    needs = _prerequisites(portfolio)
    issues += _cycles(needs, portfolio, where)
    closure = {o: _reach(o, needs) for o in included}  # a required measure brings its needs
    required = {o: included[root] for root, reached in closure.items() for o in reached}
    for option, why in required.items():
        if option in excluded:
            issues.append(
                _conflict(
                    where,
                    [why, excluded[option]],
                    f"'{option}' is required (constraint '{why}') and excluded (constraint "
                    f"'{excluded[option]}')",
                )
            )
    for c, constraint in enumerate(portfolio.constraints):
        members = constraint_members(constraint, options)
        inside = [o for o in members if o in required]
        if constraint.kind == "exclusive" and len(inside) > 1:
            issues.append(
                _conflict(
                    where,
                    [constraint.id, *{required[o] for o in inside}],
                    f"exclusive group '{constraint.id}' holds the required {', '.join(inside)}",
                    c,
                )
            )
        if constraint.kind == "at_most" and len(inside) > (constraint.count or 0):
            issues.append(
                _conflict(
                    where,
                    [constraint.id, *{required[o] for o in inside}],
                    f"'{constraint.id}' allows at most {constraint.count} of a set holding "
                    f"{len(inside)} required measures",
                    c,
                )
            )
        if constraint.kind == "at_least" and constraint.count is not None:
            allowed = [o for o in members if o not in excluded]
            if constraint.count > len(allowed):
                issues.append(
                    _conflict(
                        where,
                        [constraint.id],
                        f"'{constraint.id}' needs at least {constraint.count} of {len(allowed)} "
                        "measures that may be chosen",
                        c,
                    )
                )
    issues += _required_over_limits(portfolio, records, required, where)
    return issues


def _prerequisites(portfolio: Portfolio) -> dict[str, dict[str, str]]:
    """option -> {prerequisite: constraint id}."""
    needs: dict[str, dict[str, str]] = {}
    for constraint in portfolio.constraints:
        if constraint.kind == "requires":
            for option in constraint.options:
                for other in constraint.requires:
                    needs.setdefault(option, {})[other] = constraint.id
    return needs


def _reach(start: str, needs: dict[str, dict[str, str]]) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for other in needs.get(stack.pop(), {}):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def _cycles(needs: dict[str, dict[str, str]], portfolio: Portfolio, where) -> list[Issue]:
    issues, reported = [], set()
    for option in needs:
        for other, why in needs[option].items():
            if option in _reach(other, needs) and frozenset((option, other)) not in reported:
                reported.add(frozenset((option, other)))
                back = needs.get(other, {}).get(option, why)
                issues.append(
                    _conflict(
                        where,
                        sorted({why, back}),
                        f"'{option}' and '{other}' require each other (a prerequisite cycle): "
                        "they can only be chosen together, so make them one option",
                    )
                )
    return issues


def _required_over_limits(portfolio, records, required, where) -> list[Issue]:
    if not required:
        return []
    issues = []
    by_id = {s.id: s for s in records.scenarios}
    for scenario in records.scenarios:
        for r, resource in enumerate(portfolio.resources):
            limit = scenario_limit(resource, scenario.id)
            if limit is None:
                continue
            funded = funded_measures(portfolio, records.options, resource)
            costs = cost_table(portfolio, records.scenarios, by_id, scenario.id, resource, funded)
            low = sum(costs.get(o, (0.0, 0.0, 0.0))[1] for o in required)
            if low > limit * (1 + 1e-9):
                issues.append(
                    error(
                        "portfolio-infeasible",
                        where.locate(HERE, ("resources", r)),
                        f"the required measures ({', '.join(sorted(required))}) cost at least "
                        f"{low:g} {resource.unit} in scenario '{scenario.id}', over the limit "
                        f"of {limit:g}",
                        "limits that the required measures fit within",
                        "raise the limit or require fewer measures",
                    )
                )
    return issues


def _conflict(where, constraints: list[str], found: str, index: int | None = None) -> Issue:
    path = ("constraints",) if index is None else ("constraints", index)
    return error(
        "constraint-conflict",
        where.locate(HERE, path),
        found,
        "constraints that some package can meet",
        "constraints involved: " + ", ".join(dict.fromkeys(constraints)),
    )


def _unknown(kind: str, ident: str, where, path) -> Issue:
    return _located_unknown(kind, ident, where, HERE, path)


def _located_unknown(kind, ident, where, address, path) -> Issue:
    return error(
        f"{kind}-unknown",
        where.locate(address, path),
        f"unknown {kind} '{ident}'",
        f"the id of a {kind} of the study",
    )


def _baseline_named(option: str, where, path) -> Issue:
    return error(
        "baseline-in-package",
        where.locate(HERE, path),
        f"the baseline '{option}' named as a measure",
        "measures other than the baseline (every package is the baseline plus its measures)",
    )


CostCells = dict[str, tuple[float, float, float]]
"""option -> (value, low, high) of one resource in one scenario."""


def scenario_limit(resource: Resource, scenario: str) -> float | None:
    """The resource's limit in a scenario (None: unlimited)."""
    return resource.limits.get(scenario, resource.limit)


def cost_table(
    portfolio: Portfolio,
    scenarios: Sequence[Scenario],
    by_id: Mapping[str, Scenario],
    scenario: str,
    resource: Resource,
    funded: Collection[str] | None = None,
) -> CostCells:
    """Cost cells of one resource in one scenario, after base scenarios; a measure outside
    ``funded`` (:func:`funded_measures`; None: every measure) costs it nothing."""
    if resource.criterion is not None:
        cells = resolve_cells(by_id, scenario)
        wanted = {k: c for k, (c, _) in cells.items() if k[1] == resource.criterion}
    else:
        cells = resolve_cells(by_id, scenario, "costs")
        wanted = {k: c for k, (c, _) in cells.items() if k[1] == resource.id}
    return {
        option: (
            (
                cell.value,
                cell.value if cell.low is None else cell.low,
                cell.value if cell.high is None else cell.high,
            )
            if funded is None or option in funded
            else (0.0, 0.0, 0.0)
        )
        for (option, _), cell in wanted.items()
    }
