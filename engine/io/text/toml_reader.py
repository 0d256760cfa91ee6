"""A strict, located TOML reader for study files (the same data as the YAML files).

Any study file may be written in TOML instead of YAML (``criteria/value_tree.toml``
for ``criteria/value_tree.yaml``, and so on). The same guards apply: size limit,
UTF-8 only (a BOM is accepted), no binary data, nesting at most 32 levels (deeper
input is refused before it can exhaust the stack). TOML itself refuses duplicate
keys; ``nan`` and ``inf`` are read as numbers and refused where a number belongs, like
``.nan`` in YAML. Keys are text in TOML, so whole-number keys (scale anchors) are read
as numbers. The parser gives no positions, so each key path is located at the first
line that names its key after its parent's line (exact for the usual layout).
"""

from __future__ import annotations

import re
import sys
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
    data = _numeric_keys(data)
    document = YamlDocument(display, data)
    _locate(document, text.splitlines(), data, (), 0)
    return document, []


def _bracket_depth(text: str) -> int:
    """Deepest nesting of inline arrays and tables, ignoring brackets inside strings."""
    depth = deepest = 0
    quote = ""
    for line in text.splitlines():
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 2
                    continue
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "]}":
                depth = max(depth - 1, 0)
            i += 1
    return deepest


def _numeric_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {(int(k) if k.isdigit() else k): _numeric_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numeric_keys(v) for v in value]
    return value


def _locate(document: YamlDocument, lines: list[str], value: Any, path: KeyPath, start: int):
    """Record a line for every key path (first line naming the key after its parent)."""
    document.positions[path] = (start + 1, 1)
    if isinstance(value, dict):
        for key, item in value.items():
            line = _find_key(lines, str(key), start)
            _locate(document, lines, item, (*path, key), line)
    elif isinstance(value, list):
        headers = _array_headers(lines, path[-1] if path else "", start)
        for i, item in enumerate(value):
            line = headers[i] if i < len(headers) else start
            _locate(document, lines, item, (*path, i), line)


def _find_key(lines: list[str], key: str, start: int) -> int:
    pattern = re.compile(rf'(^|[\s.{{,\[])"?{re.escape(key)}"?\s*(=|\]|\.)')
    for number in range(start, len(lines)):
        if pattern.search(lines[number]):
            return number
    return start


def _array_headers(lines: list[str], key: object, start: int) -> list[int]:
    """Lines of the ``[[...key]]`` headers of an array of tables, from ``start``."""
    pattern = re.compile(rf"^\s*\[\[\s*([\w.\"-]+\.)?{re.escape(str(key))}\s*\]\]")
    return [n for n in range(start, len(lines)) if pattern.match(lines[n])]


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
