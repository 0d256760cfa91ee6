"""Read a study folder (``criteria/`` and ``scenarios/``) into records.

Layout::

    criteria/value_tree.yaml   study info and the value tree (objectives, criteria)
    criteria/profiles.yaml     stakeholder weight profiles
    scenarios/options.yaml     the option catalogue
    scenarios/sources.yaml     evidence sources (optional)
    scenarios/portfolio.yaml   baseline, resources, constraints, interactions (optional)
    scenarios/uncertainties.yaml  uncertain drivers for ``explore`` (optional; read there)
    scenarios/<id>.yaml        one file per scenario (every other .yaml file there)

Any of them may be TOML instead (same name, ``.toml``; :mod:`engine.io.text.toml_reader`).

Every value read is registered in a :class:`~engine.errors.SourceMap` so checks
can name the file, key path and line of any problem. All problems of all files
are collected before :class:`~engine.errors.InputError` is raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.errors import Address, KeyPath, Location, error
from engine.io.records import build
from engine.io.text.toml_reader import read_toml
from engine.io.text.yaml_reader import YamlDocument, read_yaml
from engine.model import (
    FORMAT_VERSION,
    Cell,
    Criterion,
    Objective,
    Option,
    Portfolio,
    Profile,
    Scenario,
    Source,
    StudyInfo,
)
from engine.study_records import StudyRecords

TREE_FILE = "criteria/value_tree.yaml"
PROFILES_FILE = "criteria/profiles.yaml"
OPTIONS_FILE = "scenarios/options.yaml"
SOURCES_FILE = "scenarios/sources.yaml"
PORTFOLIO_FILE = "scenarios/portfolio.yaml"
UNCERTAINTIES_FILE = "scenarios/uncertainties.yaml"
"""Uncertain drivers of generated futures (read by ``explore`` only:
:mod:`engine.io.text.uncertainties_file`)."""
CATALOGUE_STEMS = {
    Path(f).stem for f in (OPTIONS_FILE, SOURCES_FILE, PORTFOLIO_FILE, UNCERTAINTIES_FILE)
}
MAX_SCENARIO_FILES = 200


def read_folder(root: Path) -> StudyRecords:
    """Read every file of a study folder; never raises for bad content."""
    read = StudyRecords(root)
    if not root.is_dir() or not any((root / f).is_dir() for f in ("criteria", "scenarios")):
        found = (
            "no such folder" if not root.is_dir() else "this folder has no criteria/ and scenarios/"
        )
        read.issues.append(
            error(
                "study-not-found",
                Location(str(root)),
                found,
                "a study folder with criteria/ and scenarios/ (or a study workbook)",
                "run in a study folder or pass its path",
            )
        )
        read.found = False
        return read
    _read_tree(read)
    _read_list(read, OPTIONS_FILE, "options", Option, read.options, required=True)
    _read_list(read, SOURCES_FILE, "sources", Source, read.sources, required=False)
    _read_list(read, PROFILES_FILE, "profiles", Profile, read.profiles, required=True)
    for path in _scenario_files(read):
        _read_scenario(read, path)
    _read_portfolio(read)
    return read


def _read_portfolio(read: StudyRecords) -> None:
    """The optional portfolio file: baseline, resources, constraints, interactions."""
    document = _open(read, PORTFOLIO_FILE, required=False)
    if document is None:
        return
    data = {k: v for k, v in document.data.items() if k != "format_version"}
    portfolio, issues = build(Portfolio, data, document.location)
    read.issues += issues
    if portfolio is None:
        read.unread.add("portfolio")
        return
    _register(read, ("portfolio",), document, ())
    read.portfolio = portfolio


def _open(read: StudyRecords, relative: str, required: bool = True) -> YamlDocument | None:
    relative = _variant(read, relative)
    path = read.root / relative
    if not path.is_file():
        if required:
            read.issues.append(
                error(
                    "file-missing",
                    Location(relative),
                    "the file does not exist",
                    f"a file {relative} in the study folder",
                )
            )
        return None
    read.files.append(path)
    reader = read_toml if path.suffix == ".toml" else read_yaml
    document, issues = reader(path, relative)
    read.issues += issues
    if document is None:
        return None
    if not isinstance(document.data, dict):
        read.issues.append(
            error(
                "structure-invalid",
                document.location(()),
                "the file is not a mapping of keys",
                "keys such as format_version",
            )
        )
        return None
    if not _check_version(read, document):
        return None
    return document


def _variant(read: StudyRecords, relative: str) -> str:
    """The file to read for a YAML name: itself, or its ``.toml`` twin (never both)."""
    if relative.endswith(".toml"):
        return relative
    twin = str(Path(relative).with_suffix(".toml"))
    has_yaml, has_toml = (read.root / relative).is_file(), (read.root / twin).is_file()
    if has_yaml and has_toml:
        read.issues.append(
            error(
                "file-ambiguous",
                Location(twin),
                f"both {relative} and {twin}",
                "one of them",
                "delete the one you do not use",
            )
        )
    return twin if has_toml and not has_yaml else relative


def _check_version(read: StudyRecords, document: YamlDocument) -> bool:
    version = document.data.get("format_version")
    if version == FORMAT_VERSION and not isinstance(version, bool):
        return True
    read.issues.append(
        error(
            "format-version",
            document.location(("format_version",)),
            "no format_version" if version is None else f"format_version {version!r}",
            f"format_version: {FORMAT_VERSION}",
        )
    )
    return False


def _register(
    read: StudyRecords, address: Address, document: YamlDocument, prefix: KeyPath
) -> None:
    """Make every position under ``prefix`` in ``document`` addressable as ``address``
    (looked up when asked: registering costs nothing per key)."""
    read.where.register_file(address, document.file)
    read.where.add_lazy(address, lambda path: document.location((*prefix, *path)))


def _sections(
    read: StudyRecords, document: YamlDocument, allowed: dict[str, type]
) -> dict[str, Any]:
    """Top-level keys of a file: unknown ones and wrong types are issues."""
    out = {}
    for key, value in document.data.items():
        if key == "format_version":
            continue
        if key not in allowed:
            read.issues.append(
                error(
                    "key-unknown",
                    document.location((key,)),
                    f"unknown key '{key}'",
                    f"one of {', '.join(allowed)}",
                )
            )
        elif not isinstance(value, allowed[key]):
            read.issues.append(
                error(
                    "structure-invalid",
                    document.location((key,)),
                    f"'{key}' is not a {allowed[key].__name__}",
                    f"a {allowed[key].__name__}",
                )
            )
        else:
            out[key] = value
    return out


def _read_list(
    read: StudyRecords, relative: str, key: str, model: type, into: list, required: bool
) -> None:
    document = _open(read, relative, required)
    if document is None:
        read.unread.add(key)
        return
    read.where.register_file((key,), document.file)
    read.where.add((key,), (), document.location((key,)))
    items = _sections(read, document, {key: list}).get(key, [])
    kind = key[:-1]
    for i, item in enumerate(items):
        record, issues = build(model, item, document.location, (key, i))
        read.issues += issues
        if record is not None:
            into.append(record)
            _register(read, (kind, record.id), document, (key, i))
        else:
            read.broken_ids |= _ids_in(item)


def _read_tree(read: StudyRecords) -> None:
    document = _open(read, TREE_FILE)
    if document is None:
        read.unread.add("criteria")
        return
    read.where.add(("tree",), (), document.location(("objectives",)))
    sections = _sections(read, document, {"study": dict, "objectives": list})
    if "study" not in sections:
        read.issues.append(
            error(
                "key-missing",
                document.location(()),
                "the required key 'study' is missing",
                "study: with id and name",
            )
        )
    else:
        read.info, issues = build(StudyInfo, sections["study"], document.location, ("study",))
        read.issues += issues
    _read_nodes(read, document, sections.get("objectives", []), ("objectives",), None)


def _read_nodes(
    read: StudyRecords, document: YamlDocument, items: list, path: KeyPath, parent: str | None
) -> None:
    for i, item in enumerate(items):
        here = (*path, i)
        if not isinstance(item, dict):
            read.issues.append(
                error(
                    "structure-invalid",
                    document.location(here),
                    "a node that is not a mapping",
                    "id, name and children or direction and scale",
                )
            )
            continue
        is_objective = "children" in item
        data = {k: v for k, v in item.items() if k != "children"} | {"parent": parent}
        record, issues = build(
            Objective if is_objective else Criterion, data, document.location, here
        )
        read.issues += issues
        if record is None:
            read.broken_ids |= _ids_in(item)
            continue
        read.nodes.append(record)
        _register(read, ("node", record.id), document, here)
        if is_objective:
            children = item["children"]
            if not isinstance(children, list):
                read.issues.append(
                    error(
                        "structure-invalid",
                        document.location((*here, "children")),
                        "children is not a list",
                        "a list of nodes",
                    )
                )
                continue
            _read_nodes(read, document, children, (*here, "children"), record.id)


def _scenario_files(read: StudyRecords) -> list[Path]:
    folder = read.root / "scenarios"
    if not folder.is_dir():
        read.issues.append(
            error(
                "file-missing", Location("scenarios/"), "no scenarios folder", "a scenarios/ folder"
            )
        )
        return []
    paths = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml", ".toml") and p.stem not in CATALOGUE_STEMS
    )
    if len(paths) > MAX_SCENARIO_FILES:
        read.issues.append(
            error(
                "limit-exceeded",
                Location("scenarios/"),
                f"{len(paths)} scenario files",
                f"at most {MAX_SCENARIO_FILES}",
            )
        )
        return []
    return paths


def _read_scenario(read: StudyRecords, path: Path) -> None:
    relative = path.relative_to(read.root).as_posix()
    document = _open(read, relative)
    if document is None:
        read.unread.add("scenarios")
        return
    tables = ("performance", "costs")
    header = {k: v for k, v in document.data.items() if k != "format_version" and k not in tables}
    scenario, issues = build(Scenario, header, document.location)
    read.issues += issues
    if scenario is None:
        return
    _register(read, ("scenario", scenario.id), document, ())
    found = {name: _read_cells(read, document, name, scenario.id) for name in tables}
    read.scenarios.append(scenario.model_copy(update=found))


def _read_cells(
    read: StudyRecords, document: YamlDocument, name: str, scenario_id: str
) -> dict[str, dict[str, Cell]]:
    """The ``performance`` (option -> criterion) or ``costs`` (option -> resource) cells."""
    column = "criterion" if name == "performance" else "resource"
    table = document.data.get(name, {})
    if not isinstance(table, dict):
        read.issues.append(
            error(
                "structure-invalid",
                document.location((name,)),
                f"{name} is not a mapping",
                f"option: {{{column}: {{value: ...}}}}",
            )
        )
        return {}
    cells: dict[str, dict[str, Cell]] = {}
    for option_id, row in table.items():
        where = (name, option_id)
        if not isinstance(row, dict):
            read.issues.append(
                error(
                    "structure-invalid",
                    document.location(where),
                    f"the row of '{option_id}' is not a mapping",
                    f"{column}: {{value: ...}}",
                )
            )
            continue
        for criterion_id, data in row.items():
            if not isinstance(data, dict):
                data = {"value": data}  # a bare number is shorthand for {value: number}
            cell, issues = build(Cell, data, document.location, (*where, criterion_id))
            read.issues += issues
            if cell is not None:
                cells.setdefault(str(option_id), {})[str(criterion_id)] = cell
            elif name == "performance":
                read.unreadable.add((scenario_id, str(option_id), str(criterion_id)))
    return cells


def _ids_in(item: Any) -> set[str]:
    """Every id in a record and its children (for records that failed to read)."""
    if not isinstance(item, dict):
        return set()
    ids = {item["id"]} if isinstance(item.get("id"), str) else set()
    for child in item.get("children", []) if isinstance(item.get("children"), list) else []:
        ids |= _ids_in(child)
    return ids
