"""Issues, locations and the engine's exception hierarchy.

Every problem the engine finds in its input is an :class:`Issue` with a stable
``code``, a ``severity``, a :class:`Location` a planner can go to (file plus YAML
key path and line, or workbook sheet and cell), what was found and what was
expected. Readers and checks collect issues instead of raising at the first one;
:class:`InputError` carries the whole list.

This module uses the standard library only, so every layer may import it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How bad an issue is: errors block a run, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a value was read: a file and a YAML key path and line, or a sheet and cell."""

    file: str = ""
    path: str = ""
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(f"at {self.path}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Issue:
    """One problem found in the input.

    Attributes
    ----------
    code : str
        Stable, kebab-case reason code (listed in the README), e.g. ``weight-negative``.
    severity : Severity
        ``ERROR`` blocks scoring; ``WARNING`` is reported and written to the report.
    location : Location
        Where the problem is.
    found : str
        What the engine found there.
    expected : str
        What it expected instead (empty when there is nothing more to say).
    hint : str
        How to fix it (optional).
    """

    code: str
    severity: Severity
    location: Location
    found: str
    expected: str = ""
    hint: str = ""

    @property
    def message(self) -> str:
        text = self.found
        if self.expected:
            text += f"; expected {self.expected}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value} [{self.code}] {self.message}"


def error(code: str, location: Location, found: str, expected: str = "", hint: str = "") -> Issue:
    """Shorthand for an error-severity :class:`Issue`."""
    return Issue(code, Severity.ERROR, location, found, expected, hint)


def warning(code: str, location: Location, found: str, expected: str = "", hint: str = "") -> Issue:
    """Shorthand for a warning-severity :class:`Issue`."""
    return Issue(code, Severity.WARNING, location, found, expected, hint)


def has_errors(issues: Iterable[Issue]) -> bool:
    """True when any issue is an error."""
    return any(issue.severity is Severity.ERROR for issue in issues)


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(EngineError):
    """The input (study files, workbook, command-line choice) has errors.

    Carries every issue found in one pass, warnings included.
    """

    def __init__(self, issues: Sequence[Issue]):
        self.issues = tuple(issues)
        errors = [i for i in self.issues if i.severity is Severity.ERROR]
        head = str(errors[0]) if errors else "no errors"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{len(errors)} input error(s): {head}{more}")


class OutputError(EngineError):
    """A report could not be written (locked file, permission, target is an input)."""


class MethodError(EngineError):
    """An unknown method name or invalid method parameters."""


Address = tuple[str, ...]
KeyPath = tuple[object, ...]


@dataclass
class SourceMap:
    """Where each record and value of a study came from.

    Readers register a :class:`Location` for a *logical address* (e.g.
    ``("scenario", "s0")``) and a key path inside it (e.g.
    ``("performance", "opt_a", "crit_b", "value")``). Checks ask for the
    location of any path and get the nearest registered ancestor, so a reader
    for another format (a workbook) fills the same map with sheet and cell.
    """

    _entries: dict[tuple[Address, KeyPath], Location] = field(default_factory=dict)
    _files: dict[Address, str] = field(default_factory=dict)
    _lazy: dict[Address, Callable[[KeyPath], Location]] = field(default_factory=dict)

    def register_file(self, address: Address, file: str) -> None:
        self._files[address] = file

    def add_lazy(self, address: Address, locate: Callable[[KeyPath], Location]) -> None:
        """Locate every path of ``address`` by calling ``locate(path)`` when asked: a
        reader that knows the position of every key need not copy them all up front."""
        self._lazy[address] = locate

    def add(self, address: Address, path: KeyPath, location: Location) -> None:
        self._entries[(address, tuple(path))] = location

    def locate(self, address: Address, path: KeyPath = ()) -> Location:
        """The location of ``path`` in ``address``, or of its nearest known ancestor."""
        path = tuple(path)
        if address in self._lazy:
            return self._lazy[address](path)
        for end in range(len(path), -1, -1):
            hit = self._entries.get((address, path[:end]))
            if hit is not None:
                if end == len(path):
                    return hit
                return Location(
                    file=hit.file,
                    path=format_path(path),
                    line=hit.line,
                    column=hit.column,
                    sheet=hit.sheet,
                    cell=hit.cell,
                )
        return Location(file=self._files.get(address, ""), path=format_path(path))


def format_path(path: KeyPath) -> str:
    """Render a key path as ``a.b[2].c``."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text += f".{key}" if text else str(key)
    return text
