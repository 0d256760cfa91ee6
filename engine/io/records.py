"""Build pydantic records from read data, turning validation errors into located issues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from engine.errors import Issue, KeyPath, Location, error

RecordT = TypeVar("RecordT", bound=BaseModel)
Locate = Callable[[KeyPath], Location]

# pydantic error type -> (engine issue code, what was expected)
_CODES: dict[str, tuple[str, str]] = {
    "missing": ("key-missing", "this key"),
    "extra_forbidden": ("key-unknown", "only the documented keys"),
    "float_type": ("value-not-numeric", "a number"),
    "float_parsing": ("value-not-numeric", "a number"),
    "int_type": ("value-not-numeric", "a whole number"),
    "int_from_float": ("value-not-numeric", "a whole number"),
    "finite_number": ("value-not-numeric", "a finite number"),
    "string_type": ("text-expected", "text (put numbers and yes/no in quotes)"),
    "string_pattern_mismatch": ("id-invalid", "a letter, then letters, digits or underscores"),
    "string_too_short": ("text-empty", "non-empty text"),
    "string_too_long": ("text-too-long", "shorter text"),
    "bool_type": ("boolean-expected", "true or false"),
    "enum": ("choice-invalid", "one of the allowed choices"),
    "literal_error": ("choice-invalid", "one of the allowed choices"),
    "dict_type": ("structure-invalid", "a mapping of keys to values"),
    "list_type": ("structure-invalid", "a list"),
    "tuple_type": ("structure-invalid", "a list"),
    "model_type": ("structure-invalid", "a mapping of keys to values"),
    "model_attributes_type": ("structure-invalid", "a mapping of keys to values"),
    "too_short": ("structure-invalid", "more entries"),
    "too_long": ("structure-invalid", "fewer entries"),
}


def build(
    model: type[RecordT], data: Any, locate: Locate, base: KeyPath = ()
) -> tuple[RecordT | None, list[Issue]]:
    """Validate ``data`` as ``model``; on failure return located issues instead.

    Parameters
    ----------
    model : pydantic model class
    data : the raw data (mapping) read from a file
    locate : callable mapping a key path (from the file's root) to a Location
    base : key path of ``data`` inside its file
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_issue(err, data, locate, base) for err in exc.errors(include_url=False)]


def _issue(err: Any, data: Any, locate: Locate, base: KeyPath) -> Issue:
    path = _data_path(data, err["loc"])
    code, expected = _CODES.get(err["type"], (err["type"], ""))
    if err["type"] in _CODES:
        found = _found(err, code)
        if code == "choice-invalid" and err.get("ctx", {}).get("expected"):
            expected = f"one of {err['ctx']['expected']}"
    else:  # our own PydanticCustomError: the type is the issue code, msg says what was found
        found, expected = err["msg"], ""
    return error(code, locate((*base, *path)), found, expected)


def _found(err: Any, code: str) -> str:
    if code == "key-missing":
        return (
            f"the required key '{err['loc'][-1]}' is missing"
            if err["loc"]
            else "required keys are missing"
        )
    if code == "key-unknown":
        return f"unknown key '{err['loc'][-1]}'"
    return f"found {_show(err.get('input'))}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _data_path(data: Any, loc: tuple) -> KeyPath:
    """The part of a pydantic error location that exists in the raw data.

    pydantic adds union tags and function names to locations; keep the keys
    and indexes that walk the data so the path names what the modeller wrote.
    """
    path: list[Any] = []
    current = data
    for key in loc:
        if isinstance(current, dict) and key in current:
            path.append(key)
            current = current[key]
        elif isinstance(current, dict) and str(key) in current:
            path.append(str(key))
            current = current[str(key)]
        elif isinstance(current, list) and isinstance(key, int) and 0 <= key < len(current):
            path.append(key)
            current = current[key]
        elif not isinstance(current, (dict, list)):
            break
        elif isinstance(current, dict) and key not in current and loc[-1] == key:
            path.append(key)  # a missing or unknown key: name it
    return tuple(path)
