"""Update an existing study folder in place from a study (``policyscore convert`` from a
workbook into the study's own folder).

A study under version control should get a small diff when a planner edits one cell of
its workbook: every file is read with ruamel.yaml's round-trip loader, which keeps
comments, key order, flow or block style, quoting and folded text, and only the values
that differ are replaced. Items of a list that carry an ``id`` (options, criteria,
profiles, sources, resources, ...) are matched by id, so an option added in the workbook
is inserted and one removed is deleted without touching its neighbours. A value stated in
the file although it equals the format's default stays stated. Files the study no longer
has (a deleted scenario) are removed; new ones are written as a new folder would be.

Every file's new text is built before the first is written; each is then written to a
temporary file beside it and renamed over it, so no file is ever half written.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from engine.errors import OutputError
from engine.io.text.study_folder import CATALOGUE_STEMS
from engine.io.text.study_folder_writer import (
    WIDTH,
    dump_text,
    scenario_file_names,
    study_file_data,
)
from engine.io.text.yaml_reader import plain_reads_as_text
from engine.study_records import StudyRecords

_KEEPS_STYLE = (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)


@dataclass
class FolderUpdate:
    """What an update did, by path relative to the folder."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def is_study_folder(path: Path) -> bool:
    """True when ``path`` is a folder holding a study's value tree file."""
    return (path / "criteria" / "value_tree.yaml").is_file()


def update_study_folder(parts: StudyRecords, target: Path) -> FolderUpdate:
    """Bring the YAML files of the study folder ``target`` to the records ``parts``.

    Raises
    ------
    OutputError
        When a file of the folder is TOML or cannot be read as YAML (nothing is written),
        or when a file cannot be written.
    """
    loaded: dict[Path, Any] = {}
    existing = _existing_scenarios(target, loaded)
    names = _scenario_names(parts, existing)
    full = study_file_data(parts, names, full=True)
    minimal = study_file_data(parts, names)
    texts: dict[str, str] = {}
    update = FolderUpdate()
    for relative, data in minimal.items():
        path = target / relative
        if not path.exists():
            texts[relative] = dump_text(data)
            update.added.append(relative)
            continue
        before = path.read_text(encoding="utf-8")
        old = loaded.pop(path, None) or _load(path)
        text = _closest(before, _merge(old, full[relative], data))
        if text == before or _same_data(text, before):
            update.unchanged.append(relative)  # no value differs: the file is left as it is
        else:
            texts[relative] = text
            update.changed.append(relative)
    update.removed = sorted(
        path.relative_to(target).as_posix()
        for path in existing.values()
        if path.relative_to(target).as_posix() not in minimal
    )
    _write(target, texts, update.removed)
    return update


def _round_trip(text: str = "", width: int = 4096) -> YAML:
    """A round-trip YAML (comments, order, styles and quotes kept) that writes block
    sequences indented as ``text`` does and folds long text at ``width`` columns."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = width
    offset = _sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


WIDTHS = (4096, WIDTH)
"""Where long text may be folded: nowhere (text written on one line stays so) or at 100
columns, as ``convert`` writes a new folder; each file keeps the one nearer its layout."""


def _closest(before: str, data: Any) -> str:
    """``data`` written in the layout of ``before``: of the folding widths, the one that
    changes the fewest lines."""
    old = set(before.splitlines())
    texts = [_dump(_round_trip(before, width), data) for width in WIDTHS]
    return min(texts, key=lambda text: len(old.symmetric_difference(text.splitlines())))


_DASH = re.compile(r"^( *)- ")


def _sequence_offset(text: str) -> int:
    """How far a file indents a block sequence's dash past its key: 2 as the shipped
    study writes (``key:`` then ``  - item``), 0 as PyYAML writes (``- item``)."""
    lines = text.splitlines()
    for k, line in enumerate(lines[1:], start=1):
        match = _DASH.match(line)
        previous = lines[k - 1]
        if match and previous.rstrip().endswith(":") and not previous.lstrip().startswith("-"):
            return max(0, len(match.group(1)) - (len(previous) - len(previous.lstrip())))
    return 2


def _load(path: Path) -> Any:
    try:
        return _round_trip().load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise OutputError(
            f"cannot update {path}: it does not read as YAML ({type(exc).__name__}); "
            "convert into a new folder instead"
        ) from None


def _same_data(text: str, before: str) -> bool:
    """Whether two texts hold the same data (only their layout differs)."""
    safe = YAML(typ="safe", pure=True)
    return safe.load(text) == safe.load(before)


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _existing_scenarios(target: Path, loaded: dict[Path, Any]) -> dict[str, Path]:
    """The folder's scenario files by the id each states (each file read kept in ``loaded``)."""
    folder = target / "scenarios"
    toml = sorted(p.name for p in target.glob("*/*.toml"))
    if toml:
        raise OutputError(
            f"cannot update {target} in place: {', '.join(toml)} is TOML, and only YAML "
            "files are updated keeping their layout; convert into a new folder instead"
        )
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.y*ml")):
        if path.stem in CATALOGUE_STEMS:
            continue
        data = loaded[path] = _load(path)
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.setdefault(data["id"], path)
    return found


def _scenario_names(parts: StudyRecords, existing: dict[str, Path]) -> list[str]:
    """Each scenario's file: the one that states its id, else a new name not yet taken."""
    fresh = iter(
        name
        for name in scenario_file_names(parts.scenarios)
        if name not in {p.name for p in existing.values()}
    )
    names = []
    for scenario in parts.scenarios:
        path = existing.get(scenario.id)
        names.append(path.name if path is not None else next(fresh))
    return names


def _merge(old: Any, full: Any, minimal: Any) -> Any:
    """``old`` (a round-trip node) brought to the value ``full``; what ``old`` lacks is
    taken from ``minimal`` (defaults left out), so a stated default stays stated and an
    unstated one stays unstated."""
    if isinstance(old, CommentedMap) and isinstance(full, dict):
        return _merge_map(old, full, minimal if isinstance(minimal, dict) else {})
    if isinstance(old, CommentedSeq) and isinstance(full, list):
        return _merge_seq(old, full, minimal if isinstance(minimal, list) else full)
    if _same(old, full):
        return old
    return _styled(full, old)


def _merge_map(old: CommentedMap, full: dict, minimal: dict) -> CommentedMap:
    for key in [k for k in old if k not in full]:
        del old[key]
    previous = None  # the last key placed: a new key goes right after it
    for key, value in full.items():
        if key in old:
            old[key] = _merge(old[key], value, minimal.get(key))
            previous = key
        elif key in minimal:
            position = 0 if previous is None else list(old).index(previous) + 1
            sibling = next(iter(old.values()), None)
            old.insert(position, key, _styled(minimal[key], sibling))
            previous = key
    return old


def _merge_seq(old: CommentedSeq, full: list, minimal: list) -> CommentedSeq:
    old_ids, new_ids = _ids(old), _ids(full)
    if old_ids is not None and new_ids is not None:
        kept = [i for i in old_ids if i in set(new_ids)]
        if kept == [i for i in new_ids if i in set(old_ids)]:
            return _merge_by_id(old, old_ids, full, minimal)
    while len(old) > len(full):
        del old[-1]
    for index, value in enumerate(full):
        if index < len(old):
            old[index] = _merge(old[index], value, minimal[index])
        else:
            old.append(_styled(minimal[index], old[0] if len(old) else None))
    return old


def _merge_by_id(old: CommentedSeq, old_ids: list, full: list, minimal: list) -> CommentedSeq:
    """Items matched by id; order of the kept items unchanged (checked by the caller)."""
    wanted = {item["id"] for item in full}
    for index in reversed(range(len(old))):
        if old_ids[index] not in wanted:
            del old[index]
    by_id = {item["id"]: item for item in old}
    for index, (value, short) in enumerate(zip(full, minimal, strict=True)):
        if value["id"] in by_id:
            old[index] = _merge(by_id[value["id"]], value, short)
        else:
            old.insert(index, _styled(short, old[0] if len(old) else None))
    return old


def _ids(items: list) -> list | None:
    if not items or not all(isinstance(i, dict) and "id" in i for i in items):
        return None
    ids = [i["id"] for i in items]
    return ids if len(set(ids)) == len(ids) else None


def _same(old: Any, new: Any) -> bool:
    """Equal values of the same kind (``7`` and ``7.0`` are; ``1`` and ``true`` are not)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return float(old) == float(new)
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return old is None and new is None


def _styled(value: Any, like: Any) -> Any:
    """A new value written the way its neighbour or predecessor is (flow rows stay flow,
    quoted text stays quoted); text the reader would take for a number is quoted."""
    if isinstance(value, dict):
        node = CommentedMap(value)
        if getattr(like, "fa", None) is not None and like.fa.flow_style():
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(value)
        if getattr(like, "fa", None) is not None and like.fa.flow_style():
            node.fa.set_flow_style()
        return node
    if isinstance(value, float) and value.is_integer() and _is_int(like):
        return int(value)  # a count written 3 stays written without ".0"
    if isinstance(value, str):
        if isinstance(like, _KEEPS_STYLE) and not isinstance(like, FoldedScalarString):
            return type(like)(value)
        if not plain_reads_as_text(value):
            return SingleQuotedScalarString(value)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _write(target: Path, texts: dict[str, str], removed: list[str]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, text in texts.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".~policyscore-", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            staged.append((Path(name), path))
        for temporary, path in staged:
            os.replace(temporary, path)
        for relative in removed:
            (target / relative).unlink()
    except OSError as exc:
        raise OutputError(f"cannot update the study in {target}: {exc.strerror}") from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
