"""Read a study's uncertain drivers (``scenarios/uncertainties.yaml`` or ``.toml``).

The file is read like every study file (strict keys, every problem located by file, key
path and line) and checked against the accepted study
(:func:`engine.explore.checks.check_uncertainties`); all problems are raised together.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import InputError, Location, error
from engine.explore.checks import check_uncertainties
from engine.explore.records import Combination, Driver, Threshold, Uncertainties
from engine.io.files import sha256
from engine.io.records import build
from engine.io.text.study_folder import UNCERTAINTIES_FILE
from engine.io.text.toml_reader import read_toml
from engine.io.text.yaml_reader import read_yaml
from engine.model import FORMAT_VERSION
from engine.study import InputFile, Study


def read_uncertainties(root: Path, study: Study) -> tuple[Uncertainties, InputFile]:
    """The drivers of the study folder ``root`` and the file they came from (hashed).

    Raises
    ------
    InputError
        The file is missing, both YAML and TOML exist, or its content has problems
        (all of them, located).
    """
    relative = _variant(root)
    path = root / relative
    reader = read_toml if path.suffix == ".toml" else read_yaml
    document, issues = reader(path, relative)
    if document is None:
        raise InputError(issues)
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        issues.append(
            error(
                "format-version",
                document.location(("format_version",)),
                "no format_version" if version is None else f"format_version {version!r}",
                f"format_version: {FORMAT_VERSION}",
            )
        )
    content = {k: v for k, v in data.items() if k != "format_version"}
    found, problems = build(Uncertainties, content, document.location)
    if found is None:  # check what can be checked: each list item alone, then across
        found, at, problems = _itemwise(content, document.location)
        issues += problems
        issues += check_uncertainties(found, study, document.location, at)
        raise InputError(issues)
    issues += check_uncertainties(found, study, document.location)
    if issues:
        raise InputError(issues)
    return found, InputFile(relative, sha256(path))


LISTS = {"drivers": Driver, "combinations": Combination, "thresholds": Threshold}


def _itemwise(content: dict, locate):
    """The file's items that read on their own (with their positions in the file), and
    the problems of the rest and of the top level."""
    problems, kept, at = [], {}, {}
    for key, record in LISTS.items():
        items = content.get(key)
        kept[key], at[key] = [], []
        for k, item in enumerate(items if isinstance(items, list) else []):
            built, found = build(record, item, locate, (key, k))
            problems += found
            if built is not None:
                kept[key].append(built)
                at[key].append(k)
    emptied = {k for k in LISTS if isinstance(content.get(k), list) and content[k]}
    skeleton = content | {k: [] for k in emptied}  # the items were checked above
    partial = Uncertainties.model_construct(
        base=content.get("base") if isinstance(content.get("base"), str) else "",
        drivers=tuple(kept["drivers"]),
        combinations=tuple(kept["combinations"]),
        thresholds=tuple(kept["thresholds"]),
    )
    _, top = build(Uncertainties, skeleton, locate)
    problems += [i for i in top if (i.location.path or "").split("[")[0] not in emptied]
    return partial, at, problems


def _variant(root: Path) -> str:
    """The file to read: the YAML one or its TOML twin (an error if neither or both)."""
    yaml_name = UNCERTAINTIES_FILE
    toml_name = str(Path(yaml_name).with_suffix(".toml"))
    has_yaml, has_toml = (root / yaml_name).is_file(), (root / toml_name).is_file()
    if has_yaml and has_toml:
        raise InputError(
            [
                error(
                    "file-ambiguous",
                    Location(toml_name),
                    f"both {yaml_name} and {toml_name}",
                    "one of them",
                    "delete the one you do not use",
                )
            ]
        )
    if not (has_yaml or has_toml):
        raise InputError(
            [
                error(
                    "uncertainties-missing",
                    Location(yaml_name),
                    "the study declares no uncertain drivers",
                    f"{yaml_name} with a base scenario and drivers",
                    "see docs/explore.md",
                )
            ]
        )
    return toml_name if has_toml else yaml_name
