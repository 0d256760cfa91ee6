"""The one place where records become an accepted study, and a profile an accepted profile.

Every reader returns :class:`~engine.study_records.StudyRecords`;
:func:`accept_study` checks them across records (:mod:`engine.validation`),
resolves every profile's elicitation to swing points (rankings, AHP, objective
weights) and builds the :class:`~engine.study.Study`, or raises
:class:`~engine.errors.InputError` with every issue found. A profile from
elsewhere (a weights workbook, Python code) goes through :func:`accept_profiles`,
the same chain, before it joins a study. Nothing downstream checks a profile
again: :meth:`Study.profile` is a lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from engine.diagnostics import diagnose
from engine.errors import InputError, Issue, Location, Severity, SourceMap, error, has_errors
from engine.model import Profile, ValueTree
from engine.objective_profiles import check_objective, resolve_objective
from engine.profile_weights import resolve_profile
from engine.study import InputFile, Study
from engine.study_records import StudyRecords
from engine.validation import LIMITS, check_profile, check_study


def accept_study(records: StudyRecords, inputs: Sequence[InputFile] = ()) -> Study:
    """The accepted study of ``records``; ``inputs`` are the files read, with their hashes.

    Raises
    ------
    InputError
        With every issue found (errors and warnings) when any is an error.
    """
    if not records.found:
        raise InputError(records.issues)
    tree, where = records.tree, records.where
    scenario_ids = {s.id for s in records.scenarios}
    broken = frozenset(records.broken_ids)
    elicited = [
        _elicit(p, tree, scenario_ids, where, broken)
        if "criteria" not in records.unread  # weights mean nothing against a tree not read
        else (p, [])
        for p in records.profiles
    ]
    issues = [*records.issues, *(i for _, found in elicited for i in found)]
    issues += check_study(records)
    profiles = [profile for profile, _ in elicited]
    if not has_errors(issues):  # objective weights need complete, valid performance tables
        resolved = [resolve_objective(p, tree, records.scenarios, where) for p in profiles]
        profiles = [profile for profile, _ in resolved]
        issues += [issue for _, found in resolved for issue in found]
    if records.info is None or has_errors(issues):
        raise InputError(issues)
    study = Study(
        info=records.info,
        tree=tree,
        option_records=tuple(records.options),
        source_records=tuple(records.sources),
        scenario_records=tuple(records.scenarios),
        profile_records=tuple(profiles),
        inputs=tuple(inputs),
        issues=tuple(i for i in issues if i.severity is Severity.WARNING),
        portfolio=records.portfolio,
        where=where,
    )
    return replace(study, issues=(*study.issues, *diagnose(study)))


def accept_profile(
    profile: Profile,
    study: Study,
    where: SourceMap | None = None,
    broken: frozenset[str] = frozenset(),
) -> tuple[Profile, list[Issue]]:
    """The profile with swing points for every node, and the issues found.

    ``where`` locates the profile's values (a weights workbook's cells); ``broken``
    names nodes whose cells were already reported unreadable.
    """
    where = study.where if where is None else where
    scenario_ids = set(study.scenarios)
    resolved, issues = _elicit(profile, study.tree, scenario_ids, where, broken)
    if not has_errors(issues):
        resolved, found = resolve_objective(resolved, study.tree, study.scenario_records, where)
        issues += found
    return resolved, issues


def with_profiles(
    study: Study,
    profiles: Iterable[Profile],
    where: SourceMap | None = None,
    bounded: bool = True,
) -> Study:
    """``study`` with ``profiles`` accepted into it.

    A profile with the id of one of the study's replaces it (keeping its description
    and illustrative flag); new ids are added at the end.

    Raises
    ------
    InputError
        With every issue of every profile, when any is an error.
    """
    accepted, issues = [], []
    for profile in profiles:
        resolved, found = accept_profile(as_replacement(study, profile), study, where)
        accepted.append(resolved)
        issues += found
    if has_errors(issues):
        raise InputError(issues)
    return join_accepted(study, accepted, bounded)


def join_accepted(study: Study, profiles: Iterable[Profile], bounded: bool = True) -> Study:
    """``study`` with ``profiles``, already accepted (e.g. by
    :func:`engine.load_weights`), replacing those of the same id; refused past the
    profile limit of a study (``bounded`` False: a group's working copy, bounded by its
    planners instead)."""
    study = study.replace_profiles(profiles)
    limit = LIMITS["profile"]
    if bounded and len(study.profile_records) > limit:
        raise InputError(
            [
                error(
                    "limit-exceeded",
                    Location(path="profiles"),
                    f"{len(study.profile_records):,} profiles with those added",
                    f"at most {limit:,} in a study",
                    "run with fewer profiles",
                )
            ]
        )
    return study


def study_with(study: Study, profile: str | Profile) -> tuple[Study, str]:
    """The study and profile id to evaluate: an id as it is, a profile object accepted."""
    if isinstance(profile, str):
        return study, profile
    if profile in study.profile_records:
        return study, profile.id
    return with_profiles(study, [profile]), profile.id


def _elicit(
    profile: Profile,
    tree: ValueTree,
    scenario_ids: set[str],
    where: SourceMap,
    broken: frozenset[str],
) -> tuple[Profile, list[Issue]]:
    """Rankings and AHP resolved to points; weights (or the objective spec) checked."""
    resolved, issues = resolve_profile(profile, tree, where)
    if profile.objective is not None:
        issues += check_objective(profile, scenario_ids, where)
    else:  # every problem in one pass, also beside an elicitation that failed
        issues += check_profile(resolved, tree, where, broken)
    return resolved, issues


def as_replacement(study: Study, profile: Profile) -> Profile:
    """``profile`` as a replacement of the study's profile of that id (keeping that one's
    description and illustrative flag), or unchanged for a new id."""
    old = next((r for r in study.profile_records if r.id == profile.id), None)
    if old is None:
        return profile
    return old.model_copy(
        update={
            "name": profile.name,
            "weights": dict(profile.weights),
            "rankings": dict(profile.rankings),
            "pairwise": dict(profile.pairwise),
            "objective": profile.objective,
        }
    )
