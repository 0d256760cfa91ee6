"""Checks of the uncertain drivers against the study they belong to: every scenario,
option, criterion and driver they name exists, combinations name ends that have a
scenario, and values lie on their criterion's scale. Every problem is collected, located
by its key path in the file."""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import Issue, KeyPath, Location, error
from engine.explore.records import Uncertainties
from engine.study import Study

Locate = Callable[[KeyPath], Location]


def check_uncertainties(
    found: Uncertainties, study: Study, locate: Locate, at: dict[str, list[int]] | None = None
) -> list[Issue]:
    """Every problem of ``found`` against ``study`` (empty: it can be explored). ``at``
    gives each list's items' positions in the file (default: as in ``found``), so items
    that failed to read earlier leave the others' locations right."""
    at = at or {}
    issues = _scenario(study, found.base, ("base",), locate) if found.base else []
    issues += _drivers(found, study, _shifted(locate, at.get("drivers")))
    issues += _combinations(found, study, _shifted(locate, at.get("combinations")))
    issues += _thresholds(found, study, _shifted(locate, at.get("thresholds")))
    return issues


def _shifted(locate: Locate, positions: list[int] | None) -> Locate:
    """``locate`` with a list item's index mapped to its position in the file."""
    if positions is None:
        return locate
    return lambda path: locate((path[0], positions[path[1]], *path[2:]))


def _scenario(study: Study, scenario: str, path: KeyPath, locate: Locate) -> list[Issue]:
    if scenario in study.scenarios:
        return []
    return [_unknown("scenario", scenario, study.scenarios, path, locate)]


def _unknown(kind: str, found: str, valid: list[str], path: KeyPath, locate: Locate) -> Issue:
    shown = ", ".join(valid[:12]) + (", ..." if len(valid) > 12 else "")
    return error(f"{kind}-unknown", locate(path), f"unknown {kind} '{found}'", f"one of: {shown}")


def _drivers(found: Uncertainties, study: Study, locate: Locate) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for k, driver in enumerate(found.drivers):
        if driver.id in seen:
            issues.append(
                error(
                    "id-duplicate",
                    locate(("drivers", k, "id")),
                    f"driver '{driver.id}' declared twice",
                    "each driver id once",
                )
            )
        seen.add(driver.id)
        for side in ("low", "high"):
            end = getattr(driver, side)
            if end is None:
                continue
            path = ("drivers", k, side, "scenario")
            issues += _scenario(study, end.scenario, path, locate)
            if end.scenario == found.base:
                issues.append(
                    error(
                        "driver-unanchored",
                        locate(path),
                        f"the {side} end is the base scenario '{found.base}' itself",
                        "a scenario that differs from the base",
                    )
                )
    return issues


def _combinations(found: Uncertainties, study: Study, locate: Locate) -> list[Issue]:
    drivers = {d.id: d for d in found.drivers}
    issues: list[Issue] = []
    for k, combination in enumerate(found.combinations):
        where = ("combinations", k)
        if len(combination.at) < 2:
            issues.append(
                error(
                    "combination-invalid",
                    locate((*where, "at")),
                    f"{len(combination.at)} driver(s)",
                    "two drivers or more (one driver at its end is its anchor scenario)",
                )
            )
        for driver, end in combination.at.items():
            if driver not in drivers:
                issues.append(
                    error(
                        "driver-unknown",
                        locate((*where, "at", driver)),
                        f"unknown driver '{driver}'",
                        "one of: " + ", ".join(drivers),
                    )
                )
            elif getattr(drivers[driver], "low" if end < 0 else "high") is None:
                issues.append(
                    error(
                        "combination-invalid",
                        locate((*where, "at", driver)),
                        f"driver '{driver}' at {end:+d}, an end without a scenario",
                        "an end the driver anchors to a scenario",
                    )
                )
        issues += _cells(combination.performance, study, (*where, "performance"), locate)
    return issues


def _cells(table: dict, study: Study, where: KeyPath, locate: Locate) -> list[Issue]:
    issues: list[Issue] = []
    for option, row in table.items():
        if option not in study.options:
            issues.append(_unknown("option", option, study.options, (*where, option), locate))
            continue
        for criterion, value in row.items():
            path = (*where, option, criterion)
            if criterion not in study.criteria:
                issues.append(_unknown("criterion", criterion, study.criteria, path, locate))
                continue
            issues += _on_scale(study, criterion, value, path, locate)
    return issues


def _on_scale(study: Study, criterion: str, value: float, path: KeyPath, locate: Locate):
    scale = study.criterion(criterion).scale
    if scale.min <= value <= scale.max:
        return []
    return [
        error(
            "value-out-of-scale",
            locate(path),
            f"{value:g} on '{criterion}'",
            f"a value from {scale.min:g} to {scale.max:g} ({scale.unit})",
        )
    ]


def _thresholds(found: Uncertainties, study: Study, locate: Locate) -> list[Issue]:
    issues: list[Issue] = []
    for k, threshold in enumerate(found.thresholds):
        where = ("thresholds", k)
        if threshold.criterion not in study.criteria:
            issues.append(
                _unknown(
                    "criterion", threshold.criterion, study.criteria, (*where, "criterion"), locate
                )
            )
            continue
        if threshold.no_worse_than is not None:
            if threshold.no_worse_than not in study.options:
                path = (*where, "no_worse_than")
                issues.append(
                    _unknown("option", threshold.no_worse_than, study.options, path, locate)
                )
            continue
        key = "at_least" if threshold.at_least is not None else "at_most"
        value = threshold.at_least if threshold.at_least is not None else threshold.at_most
        issues += _on_scale(study, threshold.criterion, value, (*where, key), locate)
    return issues
