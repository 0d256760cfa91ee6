"""Load a study folder: read, validate everything in one pass, build the Study."""

from __future__ import annotations

from pathlib import Path

from engine.errors import InputError, Severity, has_errors
from engine.io.files import sha256
from engine.io.study_folder import read_folder, tree_of
from engine.io.study_workbook_reader import read_workbook
from engine.objective_profiles import resolve_objective
from engine.profile_weights import resolve_profile
from engine.study import InputFile, Study
from engine.validation import StudyParts, check_study


def load_study(path: str | Path) -> Study:
    """Load and validate the study in folder ``path``.

    Raises
    ------
    InputError
        With every issue found (errors and warnings) when any error is found.
    """
    root = Path(path)
    read = read_workbook(root) if is_workbook(root) else read_folder(root)
    tree = tree_of(read)
    profiles, elicitation_issues = [], []
    for profile in read.profiles:
        resolved, found = resolve_profile(profile, tree, read.where)
        profiles.append(resolved)
        elicitation_issues += found
    parts = StudyParts(
        tree,
        read.options,
        read.sources,
        read.scenarios,
        profiles,
        frozenset(read.unreadable),
        frozenset(read.broken_ids),
    )
    issues = [*read.issues, *elicitation_issues, *check_study(parts, read.where)]
    if not has_errors(issues):  # objective weights need complete, valid performance tables
        resolved = [resolve_objective(p, tree, read.scenarios, read.where) for p in profiles]
        profiles = [profile for profile, _ in resolved]
        issues += [issue for _, found in resolved for issue in found]
    if read.info is None or has_errors(issues):
        raise InputError(issues)
    inputs = tuple(InputFile(_relative(p, root), sha256(p)) for p in read.files)
    return Study(
        info=read.info,
        tree=tree,
        option_records=tuple(read.options),
        source_records=tuple(read.sources),
        scenario_records=tuple(read.scenarios),
        profile_records=tuple(profiles),
        inputs=inputs,
        issues=tuple(i for i in issues if i.severity is Severity.WARNING),
        where=read.where,
    )


def is_workbook(path: Path) -> bool:
    """A study given as one workbook file rather than a folder."""
    return path.suffix.lower() in (".xlsx", ".xlsm") or (path.is_file() and not path.is_dir())


def _relative(path: Path, root: Path) -> str:
    return path.name if path == root else path.relative_to(root).as_posix()
