"""Candidate packages as arrays for the explore kernel, from the study's portfolio model
(:mod:`engine.portfolio.outcomes`): a package's level on a criterion is the baseline's
plus its measures' changes plus the criterion interactions it holds whole (each at the
probability that all its measures are delivered), clipped to the scale; value-point
interactions add their points. Costs and resource limits move with the drivers like the
cells (:func:`engine.explore.futures.superposed`)."""

from __future__ import annotations

import numpy as np

from engine.errors import InputError, error
from engine.explore.futures import FutureModel
from engine.explore.kernel import Packages
from engine.explore.records import Uncertainties
from engine.portfolio import study_problems as sp
from engine.study import Study


def package_arrays(study: Study, found: Uncertainties, model: FutureModel, candidates) -> Packages:
    """:class:`~engine.explore.kernel.Packages` of ``candidates`` (an
    :class:`~engine.explore.analysis.Candidates`)."""
    portfolio = sp.portfolio_of(study)
    ids = sp.measure_ids(study)
    index = {o: i for i, o in enumerate(ids)}
    chosen = np.asarray(candidates.chosen, dtype=float)
    kept = sp.benefit_criteria(study)
    groups = np.zeros((len(chosen), len(kept)))
    synergy = np.zeros(len(chosen))
    for interaction in portfolio.interactions:
        members = [index[o] for o in interaction.options]
        whole = np.prod(chosen[:, members], axis=1)
        size = sp.together(study, interaction)
        if interaction.on_criterion:
            groups[:, kept.index(interaction.criterion)] += whole * interaction.change * size
        else:
            synergy += whole * interaction.value * size
    return Packages(
        chosen,
        np.array([study.options.index(o) for o in ids]),
        study.options.index(portfolio.baseline),
        sp.benefit_mask(study),
        groups,
        synergy,
        _moving(found, lambda s: sp.costs(study, s)[0]),
        _limits(study, found),
        candidates.recommended,
    )


def _moving(found: Uncertainties, table):
    """Base, change toward each driver's high end and toward its low end of a table."""
    base = table(found.base)
    high = np.stack([_change(base, table, d.high) for d in found.drivers])
    low = np.stack([_change(base, table, d.low) for d in found.drivers])
    return base, high, low


def _change(base, table, end):
    return np.zeros_like(base) if end is None else table(end.scenario) - base


def _limits(study: Study, found: Uncertainties):
    """Resource limits as base and changes; a resource unlimited in the base stays so, and
    one limited in the base but unlimited at a driver's end cannot be interpolated."""
    scenarios = [found.base] + [e.scenario for d in found.drivers for e in (d.low, d.high) if e]
    table = {s: sp.limits(study, s) for s in scenarios}
    base = table[found.base]
    problems = []
    for s in scenarios:
        mixed = np.isfinite(base) & ~np.isfinite(table[s])
        for r in np.flatnonzero(mixed):
            resource = sp.portfolio_of(study).resources[r].id
            problems.append(
                error(
                    "explore-limit-unbounded",
                    study.where.locate(("portfolio",), ("resources",)),
                    f"resource '{resource}' is limited in '{found.base}' but not in '{s}'",
                    "a limit in every scenario a driver reaches, or none in the base",
                )
            )
    if problems:
        raise InputError(problems)

    def finite(s: str) -> np.ndarray:
        return np.where(np.isfinite(base), table[s], 0.0)

    moved = _moving(found, finite)
    return np.where(np.isfinite(base), moved[0], np.inf), moved[1], moved[2]
