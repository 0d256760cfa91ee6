"""A strict, located TOML reader for study files (the same data as the YAML files).

Any study file may be written in TOML instead of YAML (``criteria/value_tree.toml``
for ``criteria/value_tree.yaml``, and so on). The same guards apply: size limit,
UTF-8 only (a BOM is accepted), no binary data, nesting at most 32 levels (deeper
input is refused before it can exhaust the stack). TOML itself refuses duplicate
keys; ``nan`` and ``inf`` are read as numbers and refused where a number belongs, like
``.nan`` in YAML. Keys are text in TOML, so whole-number keys (scale anchors) are read
as numbers. The parser gives no positions, so each key path is located at the first
line that names it (a table header or a ``key =`` line), else at its parent's line (keys
inside inline tables and arrays); exact for the usual layout. Lines are indexed only
when a location is first asked for, so a valid file costs the parse alone.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import Issue, KeyPath, Location, error
from engine.io.text.yaml_reader import MAX_DEPTH, MAX_NODES, YamlDocument, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_AT_LINE = re.compile(r"at line (\d+), column (\d+)")


def read_toml(path: Path, display: str) -> tuple[YamlDocument | None, list[Issue]]:
    """Read one TOML study file; ``(None, issues)`` when it cannot be read."""
    text, issue = read_text(path, display)
    if issue is not None:
        return None, [issue]
    items = text.count("=") + text.count(",")  # at least every key and every array item
    if items > MAX_NODES:
        return None, [
            error(
                "limit-exceeded",
                Location(display),
                f"about {items:,} keys and items in one file",
                f"at most {MAX_NODES:,}",
                "split the study",
            )
        ]
    depth = _bracket_depth(text)
    if depth > MAX_DEPTH:
        return None, [_too_deep(display)]
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: a 4,300-digit integer
        return None, [_syntax(display, exc, text)]
    except RecursionError:
        return None, [_too_deep(display)]
    return TomlDocument(display, _numeric_keys(data), text=text), []


@dataclass
class TomlDocument(YamlDocument):
    """A TOML file's data; a key path's line is found in a line index built on first use."""

    text: str = ""
    _index: dict[tuple, int] | None = field(default=None, repr=False)

    def _position(self, path: KeyPath) -> tuple[int, int] | None:
        if self._index is None:
            self._index = _line_index(self.text.splitlines())
        line, here = 0, ()
        for key in path:  # the index holds every prefix of a key it holds
            text_key = (*here, str(key))
            if type(key) is int and (*here, key) in self._index:  # array-of-tables item
                here = (*here, key)
            elif text_key in self._index:
                here = text_key
            else:
                break
            line = self._index[here]
        return line + 1, 1


_TOKEN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def _bracket_depth(text: str) -> int:
    """Deepest nesting of inline arrays and tables, ignoring brackets inside strings and
    comments (one regular-expression scan: strings and comments are skipped whole)."""
    depth = deepest = 0
    for token in _TOKEN.finditer(text):
        ch = token.group()
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _numeric_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {(int(k) if k.isdigit() else k): _numeric_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numeric_keys(v) for v in value]
    return value


_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_ASSIGNMENT = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)


def _line_index(lines: list[str]) -> dict[tuple, int]:
    """Key path (table names and keys as text, array-of-tables items as numbers) -> the
    first line that names it."""
    index: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple = ()
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header and not _ASSIGNMENT.match(line):
            names = tuple(_split_key(header.group(2)))
            if header.group(1) == "[[":
                item = counts.get(names, 0)
                counts[names] = item + 1
                names = (*names, item)
            table = names
            for end in range(1, len(names) + 1):
                index.setdefault(names[:end], number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            key = (*table, *_split_key(assignment.group(1)))
            for end in range(len(table) + 1, len(key) + 1):
                index.setdefault(key[:end], number)
    return index


def _split_key(text: str) -> list[str]:
    """The parts of a dotted TOML key, quotes removed: ``a."b.c".d`` -> a, b.c, d."""
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", text)
    return [next(p for p in groups if p != "") if any(groups) else "" for groups in parts]


def _syntax(display: str, exc: Exception, text: str) -> Issue:
    message = str(exc)
    match = _AT_LINE.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    if match is None and "end of document" in message:
        line = max(len(text.splitlines()), 1)
    return error(
        "toml-syntax",
        Location(display, "", line, column),
        f"TOML syntax error: {message.split(' (at ')[0]}",
        "valid TOML",
        "check quotes, brackets and that no key appears twice",
    )


def _too_deep(display: str) -> Issue:
    return error(
        "toml-too-deep",
        Location(display),
        f"nesting deeper than {MAX_DEPTH} levels",
        f"at most {MAX_DEPTH} levels of nesting",
    )
