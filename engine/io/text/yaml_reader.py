"""A strict, located YAML reader for study files.

PyYAML parses; this module builds the Python data itself from the node graph so
that it can:

* record the line and column of every key and item (for located issues);
* refuse duplicate keys (YAML would silently keep the last one);
* refuse anchors, aliases and merge keys (no alias bombs) and explicit tags;
* bound nesting depth before composing (no ``RecursionError``);
* resolve plain scalars with the YAML 1.2 core schema, so ``NO`` stays the text
  ``"NO"`` and ``1:30`` stays ``"1:30"``; ``.nan`` and ``.inf`` are text and are
  refused where a number is expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Issue, KeyPath, Location, error, format_path

# libyaml's parser (PyYAML's C extension) where installed: about 10x faster than the
# pure-Python one, with the same resolver and the same node graph.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KIND_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Composer(LOADER):  # type: ignore[misc, valid-type]
    """Composes nodes without PyYAML's implicit tag resolution: this module resolves plain
    scalars itself (YAML 1.2 core schema, :func:`_scalar`), and resolving a million
    scalars twice took most of the time of reading a large study."""

    def resolve(self, kind, value, implicit):
        return _KIND_TAGS[kind]


MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class YamlDocument:
    """Data read from one YAML file with the position of every key path."""

    file: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: KeyPath) -> Location:
        """Location of ``path``, falling back to the nearest ancestor with a position."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                line, column = self.positions[path[:end]]
                return Location(self.file, format_path(path), line, column)
        return Location(self.file, format_path(path))


class _Refused(Exception):
    def __init__(self, issue: Issue):
        self.issue = issue


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Issue]]:
    """Read one YAML file strictly.

    Parameters
    ----------
    path : Path
        The file to read.
    display : str
        How to name the file in issues (usually relative to the study folder).

    Returns
    -------
    (document, issues)
        ``document`` is None when the file could not be read at all.
    """
    text, issue = read_text(path, display)
    if issue is not None:
        return None, [issue]
    try:
        _check_events(text, display)
        node = yaml.compose(text, Loader=_Composer)
    except _Refused as refused:
        return None, [refused.issue]
    except yaml.YAMLError as exc:
        return None, [_syntax_issue(exc, display, text)]
    except RecursionError:
        return None, [_depth_issue(display, None)]
    document = YamlDocument(display, None)
    if node is None:
        return document, []
    try:
        document.data = _build(node, (), document, set())
    except _Refused as refused:
        return None, [refused.issue]
    return document, []


def read_text(path: Path, display: str) -> tuple[str, Issue | None]:
    location = Location(display)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return "", error(
                "file-too-large",
                location,
                f"the file has {size:,} bytes",
                f"at most {MAX_FILE_BYTES:,} bytes for a study file",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return "", error("file-unreadable", location, f"cannot read the file: {exc.strerror}")
    if b"\x00" in raw[:4096]:
        return "", error(
            "file-not-text", location, "the file contains binary data", "a UTF-8 text file"
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", error(
            "file-encoding",
            location,
            f"byte {exc.start} is not valid UTF-8",
            "a file saved as UTF-8",
            "re-save the file with UTF-8 encoding",
        )


def _check_events(text: str, display: str) -> None:
    """Walk the event stream (iterative, cheap) to refuse deep nesting and anchors early."""
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(
                    error(
                        "yaml-multiple-documents",
                        _mark_location(display, event.start_mark),
                        "a second YAML document (---)",
                        "one document per file",
                    )
                )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(_depth_issue(display, event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                error(
                    "yaml-anchor",
                    _mark_location(display, event.start_mark),
                    "a YAML anchor (&) or alias (*)",
                    "plain values",
                    "write the value out where it is needed",
                )
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise _Refused(
                error(
                    "yaml-tag",
                    _mark_location(display, event.start_mark),
                    f"the YAML tag {tag}",
                    "plain values without tags",
                )
            )


def _mark_location(display: str, mark: Any, path: KeyPath = ()) -> Location:
    if mark is None:
        return Location(display, format_path(path))
    return Location(display, format_path(path), mark.line + 1, mark.column + 1)


def _depth_issue(display: str, mark: Any) -> Issue:
    return error(
        "yaml-too-deep",
        _mark_location(display, mark),
        f"nesting deeper than {MAX_DEPTH} levels",
        f"at most {MAX_DEPTH} levels of nesting",
    )


def _syntax_issue(exc: yaml.YAMLError, display: str, text: str) -> Issue:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    location = _mark_location(display, mark)
    if mark is None and isinstance(getattr(exc, "position", None), int):  # a reader error
        position = exc.position
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        location = Location(display, "", line, column)
        problem = f"a character YAML does not allow ({exc.reason}: {exc.character!r})"
    return error(
        "yaml-syntax",
        location,
        f"YAML syntax error: {problem}",
        "valid YAML",
        "check indentation and quotes around text containing ':' or '#'",
    )


def _build(node: yaml.Node, path: KeyPath, doc: YamlDocument, seen: set[int]) -> Any:
    if id(node) in seen:  # an alias to an already built node; refused by _check_events too
        raise _Refused(
            error("yaml-anchor", _mark_location(doc.file, node.start_mark, path), "an alias")
        )
    seen.add(id(node))
    doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, doc, seen)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc, seen) for i, item in enumerate(node.value)]
    return _scalar(node)


def _build_mapping(
    node: yaml.MappingNode, path: KeyPath, doc: YamlDocument, seen: set[int]
) -> dict:
    result: dict[Any, Any] = {}
    first_line: dict[Any, int] = {}
    for key_node, value_node in node.value:
        merge = key_node.value == "<<" and not getattr(key_node, "style", None)  # plain <<
        if not isinstance(key_node, yaml.ScalarNode) or merge:
            raise _Refused(
                error(
                    "yaml-key-invalid",
                    _mark_location(doc.file, key_node.start_mark, path),
                    "a key that is not plain text or a number",
                    "simple keys",
                )
            )
        key = _scalar(key_node)
        if key in result:
            raise _Refused(
                error(
                    "yaml-duplicate-key",
                    _mark_location(doc.file, key_node.start_mark, (*path, key)),
                    f"the key '{key}' a second time (first on line {first_line[key]})",
                    "each key once",
                    "remove or rename one of them",
                )
            )
        first_line[key] = key_node.start_mark.line + 1
        doc.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _build(value_node, (*path, key), doc, seen)
    return result


def _scalar(node: yaml.ScalarNode) -> Any:
    """Resolve a scalar with the YAML 1.2 core schema (quoted scalars are always text)."""
    value = node.value
    if node.style:  # quoted or block scalar (plain is None, or "" from libyaml)
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        # past Python's 4,300-digit limit an integer is a float: inf, refused as not finite
        return int(value) if len(value) <= 4000 else float(value)
    if _FLOAT.match(value):
        return float(value)
    return value
