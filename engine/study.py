"""The accepted study: validated records and their numeric view.

A :class:`Study` is built only from records that passed validation, so its
numeric accessors never meet a missing cell, an unknown id or a zero weight
group. Arrays are built once per scenario and profile and cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from engine import delivery
from engine.errors import InputError, Issue, Location, SourceMap, error
from engine.model import (
    Cell,
    Criterion,
    Direction,
    Option,
    Portfolio,
    Profile,
    Scenario,
    Source,
    StudyInfo,
    ValueTree,
    resolve_cells,
)
from engine.valuefn import to_value
from engine.weights import NodeWeight, criterion_weights, node_weights


@dataclass(frozen=True)
class InputFile:
    """An input file and the SHA-256 of its bytes when read."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Study:
    """A validated study.

    Attributes
    ----------
    info : StudyInfo
    tree : ValueTree
    option_records, source_records, scenario_records, profile_records : tuples of records
    inputs : files read, with hashes
    portfolio : baseline, resources, constraints and interactions (None: not declared)
    issues : warnings found while loading
    where : where every record was read (for locating issues later)
    """

    info: StudyInfo
    tree: ValueTree
    option_records: tuple[Option, ...]
    source_records: tuple[Source, ...]
    scenario_records: tuple[Scenario, ...]
    profile_records: tuple[Profile, ...]
    inputs: tuple[InputFile, ...] = ()
    issues: tuple[Issue, ...] = ()
    portfolio: Portfolio | None = None
    where: SourceMap = field(default_factory=SourceMap, compare=False, repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    # ---- ids, in file order -------------------------------------------------
    @property
    def options(self) -> list[str]:
        return self._ids("options", self.option_records)

    @property
    def criteria(self) -> list[str]:
        return self._ids("criteria", self.tree.criteria)

    @property
    def scenarios(self) -> list[str]:
        return self._ids("scenarios", self.scenario_records)

    @property
    def profiles(self) -> list[str]:
        return self._ids("profiles", self.profile_records)

    def _ids(self, kind: str, records) -> list[str]:
        """Ids of ``records`` in order (computed once; a fresh list each call)."""
        key = ("ids", kind)
        if key not in self._cache:
            self._cache[key] = tuple(record.id for record in records)
        return list(self._cache[key])

    # ---- records by id ------------------------------------------------------
    def option(self, option_id: str) -> Option:
        return self._lookup(self.option_records, option_id, "option")

    def criterion(self, criterion_id: str) -> Criterion:
        return self._lookup(self.tree.criteria, criterion_id, "criterion")

    def scenario(self, scenario_id: str) -> Scenario:
        return self._lookup(self.scenario_records, scenario_id, "scenario")

    def _lookup(self, records, ident: str, kind: str):
        """The record ``ident`` of a kind, through an index built once."""
        key = ("index", kind)
        if key not in self._cache:
            self._cache[key] = {record.id: record for record in records}
        found = self._cache[key].get(ident)
        return found if found is not None else _by_id(records, ident, kind)

    def profile(self, profile: str | Profile) -> Profile:
        """The accepted profile with this id (or the id of this profile object).

        A profile object must be one of the study's: accept others first with
        :func:`engine.acceptance.with_profiles`.
        """
        if isinstance(profile, str):
            return self._lookup(self.profile_records, profile, "profile")
        record = _by_id(self.profile_records, profile.id, "profile")
        if record != profile:
            raise InputError(
                [
                    error(
                        "profile-not-accepted",
                        Location(),
                        f"profile '{profile.id}' is not the study's accepted profile of that id",
                        "a profile accepted into the study (engine.acceptance.with_profiles)",
                    )
                ]
            )
        return record

    # ---- numeric view -------------------------------------------------------
    def cells(self, scenario: str) -> dict[tuple[str, str], tuple[Cell, str]]:
        """(option, criterion) -> (cell, scenario that set it), after base scenarios."""
        self.scenario(scenario)
        return resolve_cells({s.id: s for s in self.scenario_records}, scenario)

    def performance(self, scenario: str) -> pd.DataFrame:
        """Performance table of a scenario on the criteria's own scales (options x
        criteria): each option's expected level, its change over the baseline counted at
        its delivery likelihood (:mod:`engine.delivery`; the cells as judged where no
        likelihood is declared)."""
        key = ("performance", scenario)
        if key not in self._cache:
            table = self.judged(scenario)
            baseline = self.baseline_index()
            if baseline is not None and delivery.declared(self.option_records):
                table = delivery.expected(
                    table, baseline, delivery.likelihoods(self.option_records), self.spent_mask()
                )
            self._cache[key] = table
        return _frame(self._cache[key], self.options, self.criteria)

    def judged(self, scenario: str) -> np.ndarray:
        """A scenario's cells as judged (options x criteria, after its base scenarios):
        each option's performance if delivered, before any delivery likelihood."""
        cells = self.cells(scenario)
        table = [[cells[(o, c)][0].value for c in self.criteria] for o in self.options]
        return np.array(table, dtype=float).reshape(len(self.options), len(self.criteria))

    def values(self, scenario: str) -> pd.DataFrame:
        """0-100 values of a scenario (options x criteria), value functions applied."""
        key = ("values", scenario)
        if key not in self._cache:
            performance = self.performance(scenario).to_numpy()
            columns = [to_value(performance[:, j], c) for j, c in enumerate(self.tree.criteria)]
            self._cache[key] = np.column_stack(columns) if columns else performance
        return _frame(self._cache[key], self.options, self.criteria)

    def weights(self, profile: str | Profile) -> pd.Series:
        """Global weight of each leaf criterion under a profile; sums to one."""
        return pd.Series(
            self.weight_vector(profile), index=self.criteria, name="weight", dtype=float
        ).rename_axis("criterion")

    def weight_vector(self, profile: str | Profile) -> np.ndarray:
        """:meth:`weights` as a numpy vector in criterion order (computed once per profile)."""
        key = ("weights", self.profile(profile).id)
        if key not in self._cache:
            weights = criterion_weights(self.tree, self.profile(profile).weights)
            self._cache[key] = np.array([weights[c] for c in self.criteria], dtype=float)
        return self._cache[key].copy()

    def node_weights(self, profile: str | Profile) -> list[NodeWeight]:
        """Points, local and global weight of every tree node under a profile."""
        key = ("node_weights", self.profile(profile).id)
        if key not in self._cache:
            self._cache[key] = node_weights(self.tree, self.profile(profile).weights)
        return list(self._cache[key])

    def replace_profiles(self, profiles: Iterable[Profile]) -> Study:
        """A copy whose profiles of the same id are replaced by ``profiles`` (new ids are
        added at the end). The profiles must already be accepted: call
        :func:`engine.acceptance.with_profiles`, which does, rather than this."""
        given = {p.id: p for p in profiles}
        records = [given.pop(r.id, r) for r in self.profile_records]
        return replace(self, profile_records=(*records, *given.values()), _cache={})

    def baseline_index(self) -> int | None:
        """Row of the portfolio's baseline option (None: the study declares none)."""
        if self.portfolio is None:
            return None
        return self.options.index(self.portfolio.baseline)

    def spent_mask(self) -> np.ndarray:
        """Boolean mask of the criteria that measure what a measure costs in a resource of
        the portfolio (its cells are spent in full, whatever the delivery likelihood)."""
        linked = (
            set()
            if self.portfolio is None
            else {r.criterion for r in self.portfolio.resources if r.criterion}
        )
        return np.array([c in linked for c in self.criteria], dtype=bool)

    def benefit_mask(self) -> np.ndarray:
        """Boolean mask of benefit criteria, in criterion order."""
        return np.array([c.direction is Direction.BENEFIT for c in self.tree.criteria], dtype=bool)


def _by_id(records, ident: str, kind: str):
    for record in records:
        if record.id == ident:
            return record
    valid = ", ".join(r.id for r in records)
    raise InputError(
        [error(f"{kind}-unknown", Location(), f"unknown {kind} '{ident}'", f"one of: {valid}")]
    )


def _frame(array: np.ndarray, index: list[str], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        array.copy(),
        index=pd.Index(index, name="option"),
        columns=pd.Index(columns, name="criterion"),
    )
    return frame
