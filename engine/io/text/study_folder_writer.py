"""Write a study as a folder of YAML files (``policyscore convert`` from a workbook).

The files follow :mod:`engine.io.text.study_folder`; values equal to the format's defaults
are left out, so reading the folder back gives the same records.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from engine.errors import OutputError
from engine.io.text.study_folder import (
    CATALOGUE_STEMS,
    OPTIONS_FILE,
    PORTFOLIO_FILE,
    PROFILES_FILE,
    SOURCES_FILE,
    TREE_FILE,
)
from engine.io.text.yaml_reader import plain_reads_as_text
from engine.model import FORMAT_VERSION, Criterion, Objective
from engine.study_records import StudyRecords


class StudyDumper(yaml.SafeDumper):
    """Block style, no aliases (the reader refuses anchors), unicode kept; text that the
    reader's YAML 1.2 core schema would take for a number, a boolean or null (``0E0``,
    ``1e3``; PyYAML's 1.1 rules leave them plain) is quoted."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str):
    node = dumper.represent_str(value)
    if node.style is None and not plain_reads_as_text(value):
        node.style = "'"
    return node


StudyDumper.add_representer(str, _text)


def write_study_folder(parts: StudyRecords, target: Path) -> list[Path]:
    """Write the study into ``target`` (a new or empty folder); returns the files written.

    The files are written into a temporary folder beside ``target``, which then takes its
    name: a failure (a full disk, a read-only folder) leaves nothing behind.
    """
    try:
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise OutputError(
                f"refusing to write the study into {target}: it exists and is not empty"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".~policyscore-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the study into {target}: {exc.strerror}") from None
    try:
        written = _write_files(parts, staging)
        os.replace(staging, target)  # an empty target folder is replaced too
    except OSError as exc:
        raise OutputError(f"cannot write the study into {target}: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target / path.relative_to(staging) for path in written]


def _write_files(parts: StudyRecords, target: Path) -> list[Path]:
    written = []
    for relative, data in study_file_data(parts).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_text(data), encoding="utf-8")
        written.append(path)
    return written


WIDTH = 100
"""Column at which long text is folded in the files ``convert`` writes."""


def dump_text(data: dict) -> str:
    """One study file's data as YAML text: block style, dashes indented under their key,
    long text folded at :data:`WIDTH` columns, text that would read as a number quoted.

    Written by ruamel.yaml with the settings :mod:`engine.io.text.study_folder_update`
    uses, so a folder written here and later updated in place from a workbook keeps its
    layout: only edited values change.
    """
    writer = YAML()
    writer.width = WIDTH
    writer.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    writer.dump(_quote_numbers(data), out)
    return out.getvalue()


def _quote_numbers(value: Any) -> Any:
    """Text the reader's YAML 1.2 core schema would take for a number, a boolean or null
    (``0E0``, ``1e3``, ``true``) quoted; everything else as it is."""
    if isinstance(value, dict):
        return {k: _quote_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quote_numbers(v) for v in value]
    if isinstance(value, str) and not plain_reads_as_text(value):
        return SingleQuotedScalarString(value)
    return value


def study_file_data(
    parts: StudyRecords, scenario_names: list[str] | None = None, full: bool = False
) -> dict[str, dict]:
    """The data of each file of the study folder, keyed by its path relative to the folder.

    Values equal to the format's defaults are left out unless ``full``; scenarios go to
    ``scenario_names`` (default :func:`scenario_file_names`).
    """
    dump = _dump_full if full else _dump
    files = {
        TREE_FILE: {"study": dump(parts.info), "objectives": _tree(parts.nodes, None, dump)},
        PROFILES_FILE: {"profiles": [dump(p) for p in parts.profiles]},
        OPTIONS_FILE: {"options": [dump(o) for o in parts.options]},
        SOURCES_FILE: {"sources": [dump(s) for s in parts.sources]},
    }
    if parts.portfolio is not None:
        files[PORTFOLIO_FILE] = dump(parts.portfolio)
    names = scenario_names or scenario_file_names(parts.scenarios)
    for scenario, name in zip(parts.scenarios, names, strict=True):
        files[f"scenarios/{name}"] = dump(scenario)
    return {path: {"format_version": FORMAT_VERSION, **data} for path, data in files.items()}


def _tree(nodes: list[Objective | Criterion], parent: str | None, dump=None) -> list[dict]:
    dump = dump or _dump
    out = []
    for node in nodes:
        if node.parent != parent:
            continue
        data = dump(node)
        data.pop("parent", None)
        if isinstance(node, Objective):
            data["children"] = _tree(nodes, node.id, dump)
        out.append(data)
    return out


def _dump(record) -> dict:
    data = record.model_dump(mode="json", exclude_defaults=True)
    return _plain(data)


def _dump_full(record) -> dict:
    return _plain(record.model_dump(mode="json"))


def _plain(value: Any) -> Any:
    """Tuples as lists, and whole-number anchors kept as ints (YAML keys)."""
    if isinstance(value, dict):
        return {(_key(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _key(key: Any) -> Any:
    if isinstance(key, str) and key.isdigit():
        return int(key)  # model_dump(mode="json") turns int keys (scale anchors) into text
    return key


def scenario_file_names(scenarios) -> list[str]:
    """A file name per scenario, ``<id>.yaml`` unless that would be a catalogue file
    (``options.yaml``, ``sources.yaml``) or another scenario's file (names compared
    ignoring case, as some file systems do): then ``scenario_<id>.yaml``, numbered if
    need be. The reader takes a scenario's id from its file, never from its name."""
    taken = {stem.casefold() for stem in CATALOGUE_STEMS}
    names = []
    for scenario in scenarios:
        stem, n = scenario.id, 1
        while stem.casefold() in taken:
            n += 1
            stem = f"scenario_{scenario.id}" if n == 2 else f"scenario_{scenario.id}_{n - 1}"
        taken.add(stem.casefold())
        names.append(f"{stem}.yaml")
    return names
