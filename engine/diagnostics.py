"""Study diagnostics: warnings about a study's shape that bias a ranking without being
errors (issue 17), added to every accepted study's issues.

- ``scale-underused``: a natural scale of which the options, in the base scenario, use
  under a third: a 0-100 scale where every option scores 72-90 gives a 0-100 value spread
  to a difference of a few points.
- ``criteria-correlated``: two criteria whose values correlate above
  :data:`CORRELATION` across the options in the base scenario (Pearson; studies of at least
  :data:`CORRELATION_OPTIONS` options): possibly the same effect counted twice.
- ``judgment-range-narrow``: on one criterion the cells without evidence have narrower
  low/high ranges on average than the cells with evidence; judgment alone should be the
  less certain. In a study with a baseline (every option the baseline plus a measure) a
  range is compared **relative to the size of its change** over the baseline, width /
  |change|, over the cells that change something: a cited line certifies the direction of
  an effect far more often than its size, so a range should grow with the change it
  brackets, and a judged one more than a sourced one (issue 24, item 4).
- ``profile-illustrative``: a profile's weights are analyst judgment, not a stakeholder's.
- ``objective-single-criterion``: under a profile that gives every top objective the same
  points, an objective with one criterion gives that criterion the objective's whole share
  (equal objective weights are not equal criterion weights).
"""

from __future__ import annotations

import numpy as np

from engine.errors import Issue, warning
from engine.model import Criterion
from engine.study import Study
from engine.valuefn import to_value

CODES = frozenset(
    {
        "scale-underused",
        "criteria-correlated",
        "judgment-range-narrow",
        "profile-illustrative",
        "objective-single-criterion",
    }
)
"""The diagnostic warnings' codes (``policyscore validate`` lists each; a run counts them)."""
CORRELATION = 0.85
CORRELATION_OPTIONS = 5
"""Fewest options for a correlation to mean anything (three points correlate easily)."""
UNDERUSED = 1 / 3


def diagnose(study: Study) -> list[Issue]:
    """Every diagnostic warning of an accepted study."""
    base = _base_scenario(study)
    performance = _performance(study, base)
    return [
        *_underused_scales(study, base, performance),
        *_correlated(study, base, performance),
        *_narrow_judgments(study),
        *_illustrative(study),
        *_single_criterion_objectives(study),
    ]


def _base_scenario(study: Study) -> str:
    return next((s.id for s in study.scenario_records if s.base is None), study.scenarios[0])


def _performance(study: Study, base: str) -> np.ndarray:
    """The base scenario's performance table (options x criteria), read straight from its
    own cells (a scenario without a base holds them all): a table for a warning need not
    cost a study's full resolution of inherited cells."""
    cells = study.scenario(base).performance
    return np.array(
        [[cells[o][c].value for c in study.criteria] for o in study.options], dtype=float
    ).reshape(len(study.options), len(study.criteria))


def _underused_scales(study: Study, base: str, performance: np.ndarray) -> list[Issue]:
    found = []
    for j, criterion in enumerate(study.tree.criteria):
        scale = criterion.scale
        if scale.kind != "natural" or len(study.options) < 2:
            continue
        column = performance[:, j]
        used = float(column.max() - column.min())
        if used < UNDERUSED * (scale.max - scale.min):
            found.append(
                warning(
                    "scale-underused",
                    study.where.locate(("node", criterion.id), ("scale",)),
                    f"the options use {column.min():g}-{column.max():g} of the scale "
                    f"{scale.min:g}-{scale.max:g} {scale.unit} in scenario '{base}'",
                    "a scale whose range is what the options could plausibly reach",
                    "narrow min/max to the plausible range, or check the values",
                )
            )
    return found


SPREAD = 1e-6
"""Value points (0-100) below which a criterion's spread across the options counts as
none: values that differ by 1e-12 correlate by rounding noise, not by what they measure."""


def _correlated(study: Study, base: str, performance: np.ndarray) -> list[Issue]:
    if performance.shape[0] < CORRELATION_OPTIONS:
        return []
    values = np.column_stack(
        [to_value(performance[:, j], c) for j, c in enumerate(study.tree.criteria)]
    )
    spread = values.std(axis=0) > SPREAD  # a criterion all options share says nothing
    found = []
    criteria = study.criteria
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(values.T)
    for i in range(len(criteria)):
        for j in range(i + 1, len(criteria)):
            if spread[i] and spread[j] and r[i, j] > CORRELATION:
                found.append(
                    warning(
                        "criteria-correlated",
                        study.where.locate(("node", criteria[j])),
                        f"'{criteria[i]}' and '{criteria[j]}' correlate at r = {r[i, j]:.2f} "
                        f"across the options in scenario '{base}'",
                        f"criteria that measure different effects (r <= {CORRELATION})",
                        "merge them or redefine one, so that no effect counts twice",
                    )
                )
    return found


def _narrow_judgments(study: Study) -> list[Issue]:
    widths: dict[str, tuple[list[float], list[float]]] = {c: ([], []) for c in study.criteria}
    baseline = study.portfolio.baseline if study.portfolio is not None else None
    for scenario in study.scenario_records:
        resolved = study.cells(scenario.id) if baseline is not None else {}
        for option, cells in scenario.performance.items():
            for criterion, cell in cells.items():
                if criterion not in widths or option == baseline:
                    continue
                low = cell.value if cell.low is None else cell.low
                high = cell.value if cell.high is None else cell.high
                width = high - low
                if baseline is not None:
                    base = resolved.get((baseline, criterion))
                    change = abs(cell.value - base[0].value) if base else 0.0
                    if change < 1e-9:
                        continue  # no change: no size to be sure of
                    width /= change
                widths[criterion][0 if cell.evidence else 1].append(width)
    relative = " relative to the size of their change" if baseline is not None else ""
    found = []
    for criterion, (sourced, judged) in widths.items():
        if sourced and judged and np.mean(judged) < np.mean(sourced) - 1e-12:
            found.append(
                warning(
                    "judgment-range-narrow",
                    study.where.locate(("node", criterion)),
                    f"on '{criterion}', cells without evidence are {np.mean(judged):.2g} wide "
                    f"on average{relative}, cells with evidence {np.mean(sourced):.2g}",
                    "judgment-only ranges at least as wide as evidence-backed ones",
                    "widen the low/high of the judgment-only cells",
                )
            )
    return found


def _illustrative(study: Study) -> list[Issue]:
    return [
        warning(
            "profile-illustrative",
            study.where.locate(("profile", p.id)),
            f"profile '{p.id}' ({p.name}) has illustrative weights",
            "weights stated by the stakeholder",
            "read its results as a what-if; the report marks it '(illustrative)'",
        )
        for p in study.profile_records
        if p.illustrative
    ]


def _single_criterion_objectives(study: Study) -> list[Issue]:
    top = [n.id for n in study.tree.nodes if n.parent is None]
    lonely = [
        o
        for o in top
        if sum(1 for n in study.tree.nodes if n.parent == o) == 1
        and all(isinstance(n, Criterion) for n in study.tree.nodes if n.parent == o)
    ]
    if not lonely or len(top) < 2:
        return []
    found = []
    for profile in study.profile_records:
        points = [profile.weights.get(o) for o in top]
        if None in points or len(set(points)) != 1:
            continue
        found.append(
            warning(
                "objective-single-criterion",
                study.where.locate(("profile", profile.id)),
                f"profile '{profile.id}' weighs the {len(top)} objectives equally, so the "
                f"single criterion of {', '.join(lonely)} gets {1 / len(top):.1%} of the "
                "weight alone",
                "equal weights that are equal where the profile means them to be",
                "give the criteria equal weights instead, or name the profile for what it is",
            )
        )
    return found
