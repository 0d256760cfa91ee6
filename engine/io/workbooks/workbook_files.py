"""Open a workbook someone gave us, safely: say what the file is when it is not a
workbook we read, and refuse anything that could exhaust time or memory before
openpyxl parses a byte of XML.

Checks, in order: the file exists and is not too large; it is not an OLE2 file (an
encrypted workbook or an old ``.xls``); it is a zip package within the limits on
members, uncompressed size and compression ratio (zip bombs); it is not an
OpenDocument spreadsheet, a Word or PowerPoint file, or a Strict Open XML
workbook; the sheets a reader reads hold at most :data:`MAX_CELLS` cells (counted by
streaming the XML). A reader may choose its sheets from their titles and first rows
(:class:`SheetPeek`): the others are never parsed nor counted, so a report of any size
feeds back through the one sheet a command reads. Readers then visit only the cells
that exist (:func:`sparse_rows`), so a space typed in the last cell of a sheet costs
nothing.
XML is parsed with defusedxml (entity declarations refused), and reading refuses
to start if openpyxl has lost it.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import openpyxl
import openpyxl.xml
from defusedxml import ElementTree as DefusedElementTree
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from engine.errors import EngineError, Issue, Location, error
from engine.io.workbooks.workbook_parts import (
    MAX_CELLS,
    PartRefused,
    count_part,
    first_rows,
    shared_strings,
)

EXPECTED = "an .xlsx file saved by Excel or LibreOffice"
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
PEEK_ROWS = 10
_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


class UnsafeParserError(EngineError):
    """openpyxl would parse XML without defusedxml: reading workbooks is refused."""


@dataclass
class SheetPeek:
    """A workbook's sheet titles and the saved values of each sheet's first
    :data:`PEEK_ROWS` rows, streamed without reading the rest: what a reader needs to
    choose the sheets it reads."""

    package: zipfile.ZipFile
    parts: dict[str, str]
    """Worksheet part -> sheet title."""
    _rows: dict[str, dict[tuple[int, int], tuple]] = field(default_factory=dict)

    @property
    def titles(self) -> list[str]:
        return list(self.parts.values())

    def value(self, title: str, row: int, column: int) -> object:
        """The saved value of a cell in the first rows (text, number, yes/no or None)."""
        if row > PEEK_ROWS:
            raise ValueError(f"a peek sees rows 1-{PEEK_ROWS}, not row {row}")
        if title not in self._rows:
            part = next((p for p, t in self.parts.items() if t == title), None)
            found = {} if part is None else first_rows(self.package, part, PEEK_ROWS)
            strings = shared_strings(
                self.package, {int(v) for k, v in found.values() if k == "s" and v.isdigit()}
            )
            self._rows[title] = {
                at: strings.get(int(text)) if kind == "s" and text.isdigit() else (kind, text)
                for at, (kind, text) in found.items()
            }
        held = self._rows[title].get((row, column))
        return held if not isinstance(held, tuple) else _typed(*held)


SheetChoice = Callable[[SheetPeek], Collection[str]]
"""Which sheets a reader reads, chosen from a :class:`SheetPeek`."""


def _typed(kind: str, text: str) -> object:
    if kind == "n":
        try:
            return float(text) if text else None
        except ValueError:
            return text
    if kind == "b":
        return text.strip() in ("1", "true")
    return text or None


@dataclass
class OpenedWorkbook:
    """A workbook's saved values, and the formulas whose result was never saved."""

    values: Workbook
    unsaved: dict[str, dict[tuple[int, int], str]]
    """Sheet title -> (row, column) -> formula text, for formulas without a saved result."""
    read: tuple[str, ...] = ()
    """The sheets read (the others are present, empty)."""

    @property
    def worksheets(self):
        return self.values.worksheets

    @property
    def sheetnames(self) -> list[str]:
        return self.values.sheetnames

    def cells(self, title: str) -> tuple[dict[int, dict[int, Any]], dict[int, dict[int, Any]]]:
        """``(written, saved)`` rows of a sheet: saved values, and the same with each
        unsaved formula's text (``=...``) where its value would be."""
        saved = sparse_rows(self.values[title])
        written = {row: dict(columns) for row, columns in saved.items()}
        for (row, column), text in self.unsaved.get(title, {}).items():
            written.setdefault(row, {})[column] = text
        return dict(sorted(written.items())), saved


def open_workbook(
    path: Path, choose: SheetChoice | None = None
) -> tuple[OpenedWorkbook | None, Issue | None]:
    """The workbook's saved values (parsed once), or the issue that stops reading it.

    With ``choose``, only the sheets it names are counted and read; the others keep
    their titles and are empty.
    """
    require_defused_xml()
    unsaved: dict[str, dict[tuple[int, int], str]] = {}
    chosen: list[str] = []
    issue = check_workbook_file(path, unsaved, choose, chosen)
    if issue is not None:
        return None, issue
    try:
        values = openpyxl.load_workbook(_only(path, chosen), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl and defusedxml raise many types for broken packages
        return None, _unreadable(path, exc)
    return OpenedWorkbook(values, unsaved, tuple(chosen)), None


def peek_workbook(path: Path, look: Callable[[SheetPeek], object]) -> tuple[object, Issue | None]:
    """What ``look`` sees in the workbook's titles and first rows, after the same checks as
    :func:`open_workbook` (no sheet is read in full): ``(seen, None)`` or ``(None, issue)``."""
    require_defused_xml()
    seen: list[object] = []

    def choose(peek: SheetPeek) -> list[str]:
        seen.append(look(peek))
        return []

    issue = check_workbook_file(path, None, choose)
    return (None, issue) if issue is not None else (seen[0] if seen else None, None)


def _only(path: Path, chosen: list[str]) -> Path | io.BytesIO:
    """The package with every worksheet but the chosen ones emptied (in memory), or the
    file itself when all are chosen."""
    with zipfile.ZipFile(path) as package:
        parts = sheet_parts(package)
        skipped = {part for part, title in parts.items() if title not in chosen}
        if not skipped:
            return path
        relations = {f"{p.rsplit('/', 1)[0]}/_rels/{p.rsplit('/', 1)[1]}.rels" for p in skipped}
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as kept:
            for item in package.infolist():
                if item.filename in relations:
                    continue
                data = _EMPTY_SHEET if item.filename in skipped else package.read(item)
                kept.writestr(item.filename, data)
    copy.seek(0)
    return copy


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Package part name of each worksheet -> sheet title."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    package_rel = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    book = DefusedElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = DefusedElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{package_rel}Relationship")}
    parts = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel}id"), "")
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[name] = sheet.get("name")
    return parts


def require_defused_xml() -> None:
    """Refuse to read workbooks when openpyxl is not using defusedxml."""
    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise UnsafeParserError(
            "openpyxl is not using defusedxml, so workbook XML could expand entities; "
            "install defusedxml (pip install defusedxml) and do not set OPENPYXL_DEFUSEDXML=False"
        )


def check_workbook_file(
    path: Path,
    unsaved: dict[str, dict[tuple[int, int], str]] | None = None,
    choose: SheetChoice | None = None,
    chosen: list[str] | None = None,
) -> Issue | None:
    """What is wrong with ``path`` as a workbook to read, or None; ``unsaved`` receives
    each sheet's formulas without a saved result (sheet title -> (row, column) -> text)
    and ``chosen`` the titles of the sheets read (``choose``'s choice, or all)."""
    location = Location(file=str(path))
    not_a_file = _not_a_file(path)
    if not_a_file is not None:
        return error("file-missing", location, not_a_file, EXPECTED)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return error("file-too-large", location, f"{size:,} bytes", f"at most {MAX_FILE_BYTES:,}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE2_MAGIC:
        return _ole2(path, location)
    if not zipfile.is_zipfile(path):
        return error(
            "workbook-unreadable",
            location,
            f"the file is not an .xlsx workbook ({_what_is(head)})",
            EXPECTED,
            "save it as 'Excel Workbook (.xlsx)'",
        )
    try:
        with zipfile.ZipFile(path) as package:
            return _check_package(
                package,
                location,
                {} if unsaved is None else unsaved,
                choose,
                [] if chosen is None else chosen,
            )
    except Exception as exc:  # corrupt packages raise zlib, zipfile, OS and value errors
        return _unreadable(path, exc)


def _not_a_file(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file: said as it is, not 'missing'."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:  # a symbolic link loop, a name too long, no permission
        return f"cannot look at the file: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return "a folder, not a workbook file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, a device or a socket)"
    return None


def _ole2(path: Path, location: Location) -> Issue:
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data:
        return error(
            "workbook-encrypted",
            location,
            "the workbook is protected with a password (encrypted)",
            "an unencrypted .xlsx",
            "open it, remove the password (File > Info > Protect Workbook) and save again",
        )
    return error(
        "workbook-format",
        location,
        "an old binary Excel file (.xls, Excel 97-2003)",
        EXPECTED,
        "open it and save as 'Excel Workbook (.xlsx)'",
    )


def _check_package(
    package: zipfile.ZipFile,
    location: Location,
    unsaved: dict,
    choose: SheetChoice | None,
    chosen: list[str],
) -> Issue | None:
    members = package.infolist()
    if len(members) > MAX_MEMBERS:
        return _bomb(location, f"{len(members):,} parts in the package")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return _bomb(location, f"{total:,} bytes once unpacked")
    for member in members:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 1_000_000:
            return _bomb(location, f"part {member.filename} expands {member.file_size:,} bytes")
    names = {m.filename for m in members}
    kind = _other_package(package, names)
    if kind is not None:
        return error(
            "workbook-format",
            location,
            f"{kind}, not an Excel workbook",
            EXPECTED,
            "open it in its program and save as 'Excel Workbook (.xlsx)'",
        )
    if STRICT_NAMESPACE in package.read("xl/workbook.xml")[:4000]:
        return error(
            "workbook-format",
            location,
            "a Strict Open XML workbook",
            EXPECTED,
            "save it as 'Excel Workbook (.xlsx)', not 'Strict Open XML Spreadsheet'",
        )
    return _check_parts(package, names, location, unsaved, (choose, chosen))


def _check_parts(
    package: zipfile.ZipFile,
    names: set[str],
    location: Location,
    unsaved: dict,
    choice: tuple[SheetChoice | None, list[str]],
) -> Issue | None:
    """Every XML part a reader builds from, counted by streaming it (workbook_parts):
    all but the worksheets, then the worksheets chosen (fills ``choice[1]``)."""
    titles = _titles(package)
    parts = sorted(n for n in names if n.startswith("xl/") and n.endswith(".xml"))
    others = [n for n in parts if n not in titles]
    issue = _count_parts(package, others, titles, location, unsaved)
    if issue is not None:
        return issue
    choose, chosen = choice
    if choose is None:
        chosen += titles.values()
    else:
        picked = set(choose(SheetPeek(package, titles)))
        chosen += [t for t in titles.values() if t in picked]
    sheets = [n for n in parts if titles.get(n) in chosen]
    return _count_parts(package, sheets, titles, location, unsaved, len(chosen) < len(titles))


def _count_parts(
    package: zipfile.ZipFile,
    parts: list[str],
    titles: dict[str, str],
    location: Location,
    unsaved: dict,
    some: bool = False,
) -> Issue | None:
    """The first issue in ``parts``; their cells add up to at most :data:`MAX_CELLS`
    (``some``: the parts are the sheets a reader chose, and the message says so)."""
    cells = 0
    for name in parts:
        try:
            counts = count_part(package, name)
        except PartRefused:
            return error(
                "workbook-unreadable",
                Location(file=location.file, sheet=titles.get(name)),
                f"XML with entity or DTD declarations in {name} (refused: they can expand "
                "without limit)",
                EXPECTED,
            )
        except expat.ExpatError as exc:
            return error(
                "workbook-unreadable",
                Location(file=location.file, sheet=titles.get(name)),
                f"{name} is not well-formed XML ({expat.errors.messages[exc.code]}, line "
                f"{exc.lineno})",
                EXPECTED,
            )
        if name in titles and counts.unsaved:
            unsaved[titles[name]] = counts.unsaved
        if counts.bad_value is not None:
            row, column, value = counts.bad_value
            return error(
                "workbook-unreadable",
                Location(
                    file=location.file,
                    sheet=titles.get(name),
                    cell=f"{get_column_letter(column)}{row}" if column else None,
                ),
                f"a saved value {value!r} that is not what the cell says it is (not a number)",
                "a workbook saved by Excel or LibreOffice",
                "type the value again in a spreadsheet program and save",
            )
        cells += counts.counts.get("cells", 0)
        over = counts.over_limit()
        if over is not None or cells > MAX_CELLS:
            what, number, limit = over or ("filled cells", cells, MAX_CELLS)
            where = f" in {name}" if name not in titles else ""
            if over is None and len(parts) > 1:
                read = ", ".join(f"'{titles[p]}'" for p in parts)
                where = f" in the sheets read ({read}), counted up to this one"
            return error(
                "limit-exceeded",
                Location(file=location.file, sheet=titles.get(name)),
                f"{number:,} {what}{where}" + (" (the other sheets are not read)" if some else ""),
                f"at most {limit:,}",
                "delete unused cells, formats and names and save; a study this large: split it",
            )
    return None


def _titles(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet title, or nothing when the workbook part cannot say."""
    try:
        return sheet_parts(package)
    except Exception:  # a broken workbook.xml is reported when its part is counted
        return {}


def _other_package(package: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" in names and b"opendocument" in package.read("mimetype")[:200]:
        return "an OpenDocument file (.ods, LibreOffice's own format)"
    if "word/document.xml" in names:
        return "a Word document"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "xl/workbook.xml" not in names:
        return "a zip archive"
    return None


def _bomb(location: Location, found: str) -> Issue:
    return error(
        "limit-exceeded",
        location,
        f"a workbook package too large to unpack safely ({found})",
        f"at most {MAX_UNCOMPRESSED:,} bytes unpacked",
    )


def _what_is(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith((b"\xef\xbb\xbf", b"format_version", b"#", b"---")):
        return "a text file"
    if all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return "a text file (perhaps CSV)"
    return "not a zip package"


def _unreadable(path: Path, exc: Exception) -> Issue:
    unsafe = "Entities" in type(exc).__name__ or "DTD" in type(exc).__name__
    found = (
        "XML with entity or DTD declarations (refused: they can expand without limit)"
        if unsafe
        else f"the workbook cannot be read ({type(exc).__name__})"
    )
    return error("workbook-unreadable", Location(file=str(path)), found, EXPECTED)


def sparse_rows(ws, first_row: int = 1) -> dict[int, dict[int, object]]:
    """Row -> column -> value of the cells that exist in a sheet (no empty grid)."""
    rows: dict[int, dict[int, object]] = {}
    for (row, column), cell in ws._cells.items():  # openpyxl keeps only written cells
        if row >= first_row and cell.value is not None:
            rows.setdefault(row, {})[column] = cell.value
    return dict(sorted(rows.items()))
