"""A strict, located YAML reader for study files.

PyYAML parses (with libyaml, its C parser, where installed); this module builds the
Python data itself from the event stream, in one pass and without recursion, so that it
can:

* record the line and column of every key and item (for located issues);
* refuse duplicate keys (YAML would silently keep the last one);
* refuse anchors, aliases and merge keys (no alias bombs) and explicit tags;
* bound nesting depth as it goes (no ``RecursionError``, no node graph);
* resolve plain scalars with the YAML 1.2 core schema, so ``NO`` stays the text
  ``"NO"`` and ``1:30`` stays ``"1:30"``; ``.nan`` and ``.inf`` are text and are
  refused where a number is expected.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Issue, KeyPath, Location, error, format_path

# libyaml's parser (PyYAML's C extension) where installed: about 10x faster than the
# pure-Python one, with the same resolver and the same node graph.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PACK = 1 << 32
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 1_500_000
"""Values, keys and items in one file: a study at the size limits (500 options x 200
criteria in one scenario file) holds about a million; more is refused as it is read, so a
20 MB list of numbers costs seconds, not minutes and gigabytes."""

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
    items: dict[KeyPath, array] = field(default_factory=dict)
    """Sequence path -> positions of its scalar items, packed as line * 2^32 + column
    (8 bytes an item rather than a dictionary entry: a long list stays small)."""

    def location(self, path: KeyPath) -> Location:
        """Location of ``path``, falling back to the nearest ancestor with a position."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            found = self._position(path[:end])
            if found is not None:
                return Location(self.file, format_path(path), *found)
        return Location(self.file, format_path(path))

    def _position(self, path: KeyPath) -> tuple[int, int] | None:
        if path in self.positions:
            return self.positions[path]
        if path and type(path[-1]) is int:
            packed = self.items.get(path[:-1])
            if packed is not None and 0 <= path[-1] < len(packed) and packed[path[-1]]:
                return divmod(packed[path[-1]], _PACK)
        return None


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
    document = YamlDocument(display, None)
    try:
        document.data = _Builder(document).build(yaml.parse(text, Loader=LOADER))
    except _Refused as refused:
        return None, [refused.issue]
    except yaml.YAMLError as exc:
        return None, [_syntax_issue(exc, display, text)]
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


class _Builder:
    """Python data from the event stream in one pass, every key's position recorded.

    Refuses, at the first one met: a second document, nesting deeper than
    :data:`MAX_DEPTH`, anchors and aliases, explicit tags other than the standard ones,
    keys that are not scalars (and merge keys), and duplicate keys. No node graph is
    built, so nothing recurses and no alias can expand.
    """

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.stack: list[list] = []  # [container, path, pending key, first lines of keys]
        self.root: Any = None
        self.documents = 0

    def build(self, events) -> Any:
        for nodes, event in enumerate(events):
            if nodes > MAX_NODES:
                raise _Refused(
                    error(
                        "limit-exceeded",
                        self._at(event),
                        f"more than {MAX_NODES:,} values, keys and items in one file",
                        f"at most {MAX_NODES:,}",
                        "split the study",
                    )
                )
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._check(event)
                self._add_scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check(event)
                self._open(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.stack.pop()
            elif kind is yaml.AliasEvent:
                self._check(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _Refused(
                        error(
                            "yaml-multiple-documents",
                            self._at(event),
                            "a second YAML document (---)",
                            "one document per file",
                        )
                    )
        return self.root

    def _at(self, event, path: KeyPath = ()) -> Location:
        return _mark_location(self.document.file, event.start_mark, path)

    def _check(self, event) -> None:
        if type(event) is yaml.AliasEvent or event.anchor:
            raise _Refused(
                error(
                    "yaml-anchor",
                    self._at(event),
                    "a YAML anchor (&) or alias (*)",
                    "plain values",
                    "write the value out where it is needed",
                )
            )
        tag = event.tag
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise _Refused(
                error(
                    "yaml-tag", self._at(event), f"the YAML tag {tag}", "plain values without tags"
                )
            )

    def _place(self, event, value: Any) -> KeyPath:
        """Attach ``value`` where the stream is; return its key path."""
        mark = event.start_mark
        if not self.stack:
            path: KeyPath = ()
            self.root = value
        else:
            frame = self.stack[-1]
            container, parent = frame[0], frame[1]
            if type(container) is list:
                path = (*parent, len(container))
                container.append(value)
                if type(value) is not list and type(value) is not dict:  # a scalar item
                    packed = self.document.items.get(parent)
                    if packed is None:
                        packed = self.document.items[parent] = array("q")
                    if len(packed) < len(container) - 1:  # after items that are containers
                        packed.extend([0] * (len(container) - 1 - len(packed)))
                    packed.append((mark.line + 1) * _PACK + mark.column + 1)
                    return path
            else:
                path = (*parent, frame[2])
                container[frame[2]] = value
                frame[2] = _NO_KEY
        self.document.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        return path

    def _open(self, event, container: Any) -> None:
        if self.stack and type(self.stack[-1][0]) is dict and self.stack[-1][2] is _NO_KEY:
            raise _Refused(self._bad_key(event, self.stack[-1][1]))
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(_depth_issue(self.document.file, event.start_mark))
        path = self._place(event, container)
        self.stack.append([container, path, _NO_KEY, {}])

    def _add_scalar(self, event) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is None or type(frame[0]) is list or frame[2] is not _NO_KEY:
            self._place(event, _scalar(event))
            return
        if event.value == "<<" and not event.style:  # a merge key
            raise _Refused(self._bad_key(event, frame[1]))
        key, mark = _scalar(event), event.start_mark
        if key in frame[3]:
            raise _Refused(
                error(
                    "yaml-duplicate-key",
                    self._at(event, (*frame[1], key)),
                    f"the key '{key}' a second time (first on line {frame[3][key]})",
                    "each key once",
                    "remove or rename one of them",
                )
            )
        frame[3][key] = mark.line + 1
        frame[2] = key
        self.document.positions[(*frame[1], key)] = (mark.line + 1, mark.column + 1)

    def _bad_key(self, event, path: KeyPath) -> Issue:
        return error(
            "yaml-key-invalid",
            self._at(event, path),
            "a key that is not plain text or a number",
            "simple keys",
        )


_NO_KEY = object()


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


def plain_reads_as_text(value: str) -> bool:
    """True when ``value`` written as a plain (unquoted) scalar reads back as this text."""
    return not (
        value in _NULL
        or value in _TRUE
        or value in _FALSE
        or _INT.match(value)
        or _FLOAT.match(value)
    )


def _scalar(node) -> Any:
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
