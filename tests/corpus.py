"""A corpus of malformed and hostile inputs, built by code, each with its expected outcome.

Every case writes its input under a temporary folder and names what must happen:
an issue ``code`` at a location (file, and sheet and cell or line), or ``None`` when
the input must be read correctly. The corpus is run by ``test_hostile_inputs.py``
within the time and memory bounds of the README.
"""

from __future__ import annotations

import copy
import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from conftest import minimal_study, write_study

import engine
from engine.io.text.study_folder import read_folder
from engine.io.workbooks.study_workbook_writer import write_study_workbook
from engine.io.workbooks.weights_template import write_weights_template

TREE = "criteria/value_tree.yaml"
OPTIONS = "scenarios/options.yaml"


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it, what to load it with, what must come out."""

    name: str
    build: Callable[[Path], Path]
    loader: str  # "study" or "weights"
    code: str | None  # expected issue code; None: read without error
    where: dict = field(default_factory=dict)  # expected Location fields (file is a suffix)


# ---- study folders with one file replaced ---------------------------------------------


def folder_with(relative: str, content: str | bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        root = write_study(tmp / "study", copy.deepcopy(minimal_study()))
        path = root / relative
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return root

    return build


def options_yaml(options: str) -> str:
    return f"format_version: 1\noptions:\n{options}"


VALID_OPTIONS = (
    "  - {id: opt_a, name: Option A, category: kinetic}\n"
    "  - {id: opt_b, name: Option B, category: justice}\n"
    "  - {id: opt_c, name: Option C, category: development}\n"
)
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def yaml_cases() -> list[Case]:
    deep = "format_version: 1\noptions: " + "[" * 200 + "]" * 200 + "\n"
    return [
        Case(
            "duplicate key",
            folder_with(OPTIONS, "format_version: 1\noptions: []\noptions: []\n"),
            "study",
            "yaml-duplicate-key",
            {"file": OPTIONS, "line": 3},
        ),
        Case("alias bomb", folder_with(OPTIONS, LAUGHS), "study", "yaml-anchor", {"file": OPTIONS}),
        Case(
            "python tag",
            folder_with(
                OPTIONS, "format_version: 1\noptions: !!python/object/apply:os.system [ls]\n"
            ),
            "study",
            "yaml-tag",
            {"file": OPTIONS, "line": 2},
        ),
        Case(
            "deep nesting", folder_with(OPTIONS, deep), "study", "yaml-too-deep", {"file": OPTIONS}
        ),
        Case(
            "two documents",
            folder_with(OPTIONS, options_yaml(VALID_OPTIONS) + "---\nformat_version: 1\n"),
            "study",
            "yaml-multiple-documents",
            {"file": OPTIONS},
        ),
        Case(
            "latin-1 bytes",
            folder_with(
                OPTIONS, options_yaml(VALID_OPTIONS).encode() + "# caf\xe9\n".encode("latin-1")
            ),
            "study",
            "file-encoding",
            {"file": OPTIONS},
        ),
        Case(
            "binary file",
            folder_with(OPTIONS, b"\x00\x01\x02PK\x03\x04" * 100),
            "study",
            "file-not-text",
            {"file": OPTIONS},
        ),
        Case(
            "file over 20 MB",
            folder_with(OPTIONS, options_yaml(VALID_OPTIONS) + "#" * (21 * 1024 * 1024) + "\n"),
            "study",
            "file-too-large",
            {"file": OPTIONS},
        ),
        Case(
            "nan performance",
            folder_with("scenarios/derived.yaml", _derived("{value: .nan}")),
            "study",
            "value-not-numeric",
            {"file": "scenarios/derived.yaml", "line": 7},
        ),
        Case(
            "decimal comma",
            folder_with("scenarios/derived.yaml", _derived('{value: "2,5"}')),
            "study",
            "value-not-numeric",
            {"file": "scenarios/derived.yaml", "line": 7},
        ),
        Case(
            "NO where a number belongs",
            folder_with("scenarios/derived.yaml", _derived("{value: NO}")),
            "study",
            "value-not-numeric",
            {"file": "scenarios/derived.yaml", "line": 7},
        ),
        Case(
            "trailing space in an id",
            folder_with(OPTIONS, options_yaml(VALID_OPTIONS.replace("opt_a,", '"opt_a ",'))),
            "study",
            "id-invalid",
            {"file": OPTIONS, "line": 3},
        ),
        Case(
            "no format_version",
            folder_with(OPTIONS, "options: []\n"),
            "study",
            "format-version",
            {"file": OPTIONS},
        ),
        Case(
            "BOM, NO and 1:30 as names (read as text)",
            folder_with(
                OPTIONS,
                "\ufeff"
                + options_yaml(VALID_OPTIONS.replace("Option A", "NO").replace("Option B", "1:30")),
            ),
            "study",
            None,
        ),
    ]


def _derived(cell: str) -> str:
    return (
        "format_version: 1\nid: derived\nname: Derived\nbase: base\n"
        f"performance:\n  opt_c:\n    crit_x: {cell}\n"
    )


# ---- weights workbooks ------------------------------------------------------------------


def weights_with(edit: Callable) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        study = engine.load_study(write_study(tmp / "study", copy.deepcopy(minimal_study())))
        target = tmp / "weights.xlsx"
        write_weights_template(study, target)
        wb = openpyxl.load_workbook(target)
        edit(wb["Weights"])
        wb.save(target)
        return target

    return build


def put(cell: str, value, kind: str | None = None, number_format: str | None = None):
    def edit(ws) -> None:
        ws[cell] = value
        if kind:
            ws[cell].data_type = kind
        if number_format:
            ws[cell].number_format = number_format

    return edit


def weights_cases() -> list[Case]:
    at = {"sheet": "Weights", "cell": "E7", "file": "weights.xlsx"}
    return [
        Case(
            "text in a number cell",
            weights_with(put("E7", "lots")),
            "weights",
            "value-not-numeric",
            at,
        ),
        Case(
            "TRUE in a number cell",
            weights_with(put("E7", True)),
            "weights",
            "value-not-numeric",
            at,
        ),
        Case(
            "date in a number cell",
            weights_with(put("E7", datetime.datetime(2025, 1, 31))),
            "weights",
            "value-not-numeric",
            at,
        ),
        Case(
            "error value",
            weights_with(put("E7", "#DIV/0!", "e")),
            "weights",
            "value-not-numeric",
            at,
        ),
        Case(
            "formula never calculated",
            weights_with(put("E7", "=2*3")),
            "weights",
            "formula-no-value",
            at,
        ),
        Case(
            "decimal comma text", weights_with(put("E7", "2,5")), "weights", "value-not-numeric", at
        ),
        Case("blank", weights_with(put("E7", None)), "weights", "weight-missing", at),
        Case("negative", weights_with(put("E7", -1)), "weights", "weight-negative", at),
        Case(
            "percent format (read as its number)",
            weights_with(put("E7", 0.5, None, "0%")),
            "weights",
            None,
        ),
        Case(
            "space typed in the last cell (no grid allocated)",
            weights_with(put("XFD1048576", " ")),
            "weights",
            None,
        ),
    ]


# ---- study workbooks and files that are not workbooks --------------------------------------


def study_workbook_with(edit: Callable) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        root = write_study(tmp / "study", copy.deepcopy(minimal_study()))
        target = tmp / "study.xlsx"
        write_study_workbook(read_folder(root), target)
        wb = openpyxl.load_workbook(target)
        edit(wb)
        wb.save(target)
        return target

    return build


def duplicate_header(wb) -> None:
    wb["Options"]["E1"] = "name"


def merged_values(wb) -> None:
    wb["Performance"].merge_cells("D2:D3")  # D3 loses its value


def hidden_row(wb) -> None:
    wb["Options"].row_dimensions[3].hidden = True


def padded_ids(wb) -> None:
    wb["Options"]["A2"] = "opt_a   "


def raw_file(content: bytes, name: str = "study.xlsx") -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content)
        return path

    return build


def zip_file(members: dict[str, bytes], name: str = "study.xlsx") -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for member, data in members.items():
                package.writestr(member, data)
        return path

    return build


def zip_bomb(tmp: Path) -> Path:
    path = tmp / "study.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", b"<workbook/>")
        with package.open("xl/worksheets/sheet1.xml", "w") as handle:
            block = b"0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, about 300 kB packed
                handle.write(block)
    return path


def rewritten(transform: Callable[[str, bytes], bytes]) -> Callable[[Path], Path]:
    """A valid study workbook with some of its package parts rewritten."""

    def build(tmp: Path) -> Path:
        source = study_workbook_with(lambda wb: None)(tmp / "src")
        path = tmp / "study.xlsx"
        with (
            zipfile.ZipFile(source) as old,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
        ):
            for item in old.infolist():
                new.writestr(item, transform(item.filename, old.read(item.filename)))
        return path

    return build


def strict_namespace(name: str, data: bytes) -> bytes:
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    return data.replace(main, strict) if name == "xl/workbook.xml" else data


def entity_bomb(name: str, data: bytes) -> bytes:
    if not name.startswith("xl/worksheets/sheet"):
        return data
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 9)
        )
        + b"]>"
    )
    return doctype + _without_declaration(data)


def _without_declaration(data: bytes) -> bytes:
    head = data[:200]
    return data.split(b"?>", 1)[1] if head.startswith(b"<?xml") else data


def external_entity(name: str, data: bytes) -> bytes:
    if name != "xl/workbook.xml":
        return data
    doctype = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return doctype + _without_declaration(data)


def many_cells(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    rows = b"".join(
        b'<row r="%d"><c r="Z%d"><v>1</v></c></row>' % (r, r) for r in range(9, 300_009)
    )
    return data.replace(b"</sheetData>", rows + b"</sheetData>")


def ole2(encrypted: bool) -> bytes:
    body = b"\x00" * 512 + ("EncryptionInfo".encode("utf-16-le") if encrypted else b"Workbook")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body


def workbook_cases() -> list[Case]:
    file = {"file": "study.xlsx"}
    return [
        Case(
            "duplicate header",
            study_workbook_with(duplicate_header),
            "study",
            "id-duplicate",
            {"sheet": "Options", "cell": "E1"},
        ),
        Case(
            "merged cells",
            study_workbook_with(merged_values),
            "study",
            "key-missing",
            {"sheet": "Performance", "cell": "D3"},
        ),
        Case("hidden rows (read as data)", study_workbook_with(hidden_row), "study", None),
        Case(
            "trailing spaces in ids (read as the id)",
            study_workbook_with(padded_ids),
            "study",
            None,
        ),
        Case("encrypted workbook", raw_file(ole2(True)), "study", "workbook-encrypted", file),
        Case("old .xls", raw_file(ole2(False)), "study", "workbook-format", file),
        Case(
            "OpenDocument spreadsheet",
            zip_file({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "study",
            "workbook-format",
            file,
        ),
        Case(
            "Word document renamed",
            zip_file({"word/document.xml": b"<w/>"}),
            "study",
            "workbook-format",
            file,
        ),
        Case(
            "CSV renamed",
            raw_file(b"id,name\nopt_a,Option A\n"),
            "study",
            "workbook-unreadable",
            file,
        ),
        Case(
            "PDF renamed",
            raw_file(b"%PDF-1.7\n" + b"\x00" * 64),
            "study",
            "workbook-unreadable",
            file,
        ),
        Case("Strict Open XML", rewritten(strict_namespace), "study", "workbook-format", file),
        Case("zip bomb", zip_bomb, "study", "limit-exceeded", file),
        Case("XML entity bomb", rewritten(entity_bomb), "study", "workbook-unreadable", file),
        Case("external entity", rewritten(external_entity), "study", "workbook-unreadable", file),
        Case("300,000 cells", rewritten(many_cells), "study", "limit-exceeded", file),
        Case("empty file", raw_file(b""), "study", "workbook-unreadable", file),
        Case(
            "truncated package", lambda tmp: _truncated(tmp), "study", "workbook-unreadable", file
        ),
    ]


def _truncated(tmp: Path) -> Path:
    source = study_workbook_with(lambda wb: None)(tmp / "src")
    path = tmp / "study.xlsx"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2] + io.BytesIO(data[-200:]).read())
    return path


def all_cases() -> list[Case]:
    return [
        *yaml_cases(),
        *toml_cases(),
        *weights_cases(),
        *workbook_cases(),
        *limit_cases(),
        *number_cases(),
        *inflated_workbook_cases(),
    ]


def _in_part(part: str, before: bytes, insert: bytes) -> Callable[[str, bytes], bytes]:
    """A package-part rewrite: ``insert`` placed before the first ``before`` in ``part``."""

    def transform(name: str, data: bytes) -> bytes:
        return data.replace(before, insert + before, 1) if name == part else data

    return transform


SHEET = "xl/worksheets/sheet1.xml"
WHOLE_SHEET = b"A10:XFD1048576"


def inflated_workbook_cases() -> list[Case]:
    """Issue 13, classes 1 and 2: ranges that a reader would expand cell by cell, and cell
    and part counts in every spelling the XML allows. Each is refused before parsing."""
    file = {"file": "study.xlsx"}
    after_data = b"</worksheet>"
    rows = 120_000
    cases = {
        "one merged range over a whole sheet": _in_part(
            SHEET,
            after_data,
            b'<mergeCells count="1"><mergeCell ref="A10:XFD1048576"/></mergeCells>',
        ),
        "many small merged ranges": _in_part(
            SHEET,
            after_data,
            b"<mergeCells>"
            + b"".join(b'<mergeCell ref="A%d:J%d"/>' % (r, r) for r in range(20, 12_000))
            + b"</mergeCells>",
        ),
        "one hyperlink over a whole sheet": _in_part(
            SHEET,
            after_data,
            b'<hyperlinks><hyperlink ref="' + WHOLE_SHEET + b'" location="Study!A1"/></hyperlinks>',
        ),
        "cells without an r attribute": _in_part(
            SHEET,
            b"</sheetData>",
            b"<row>" + b"<c><v>1</v></c>" * rows + b"</row>",
        ),
        "cells with whitespace and reordered attributes": _in_part(
            SHEET,
            b"</sheetData>",
            b"".join(
                b'<row r="%d"><c\n t="n"  r="Z%d" ><v>1</v></c></row>' % (r, r)
                for r in range(20, 20 + rows)
            ),
        ),
        "empty rows": _in_part(
            SHEET, b"</sheetData>", b"".join(b'<row r="%d"/>' % r for r in range(20, 20 + rows))
        ),
        "many cell styles": _in_part(
            "xl/styles.xml", b"</cellXfs>", b'<xf numFmtId="0" fontId="0"/>' * 20_000
        ),
        "many conditional formats": _in_part(
            SHEET,
            after_data,
            b'<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>'
            * 20_000,
        ),
        "many data validations": _in_part(
            SHEET,
            after_data,
            b"<dataValidations>" + b'<dataValidation sqref="A1"/>' * 20_000 + b"</dataValidations>",
        ),
        "many defined names": _in_part(
            "xl/workbook.xml",
            b"</workbook>",
            b"<definedNames>"
            + b"".join(
                b'<definedName name="n%d">Study!$A$1</definedName>' % i for i in range(20_000)
            )
            + b"</definedNames>",
        ),
    }
    return [
        Case(name, rewritten(transform), "study", "limit-exceeded", file)
        for name, transform in cases.items()
    ]


def study_with(mutate: Callable[[dict], None]) -> Callable[[Path], Path]:
    """The minimal study with ``mutate`` applied to its data before it is written."""

    def build(tmp: Path) -> Path:
        files = copy.deepcopy(minimal_study())
        mutate(files)
        return write_study(tmp / "study", files)

    return build


def _points(**points: float) -> Callable[[dict], None]:
    def mutate(files: dict) -> None:
        files["criteria/profiles.yaml"]["profiles"][0]["weights"] |= points

    return mutate


def _scale(**bounds: float) -> Callable[[dict], None]:
    def mutate(files: dict) -> None:
        files[TREE]["objectives"][0]["children"][1]["scale"] |= bounds

    return mutate


def number_cases() -> list[Case]:
    """Numbers too large for what is done with them (issue 13, classes 9 and 10)."""
    big = "9" * 5000
    profiles = "criteria/profiles.yaml"
    return [
        Case(
            "5,000-digit integer as a YAML value",
            folder_with("scenarios/derived.yaml", _derived(big)),
            "study",
            "value-not-numeric",
            {"file": "scenarios/derived.yaml", "line": 7},
        ),
        Case(
            "5,000-digit integer as a YAML key",  # libyaml: a simple key of at most 1,024
            folder_with("scenarios/derived.yaml", _derived("{value: 1, " + big + ": 2}")),
            "study",
            "yaml-syntax",
            {"file": "scenarios/derived.yaml", "line": 7},
        ),
        Case(
            "5,000-digit integer in TOML",
            toml_folder({"scenarios/derived.toml": DERIVED_TOML.format(value=big)}),
            "study",
            "toml-syntax",
            {"file": "scenarios/derived.toml"},
        ),
        Case(
            "sibling swing points 1e308 and 1e308",
            study_with(_points(goal_a=1e308, goal_b=1e308)),
            "study",
            "weight-overflow",
            {"file": profiles},
        ),
        Case(
            "sibling swing points 1.5e308 and 5e307",
            study_with(_points(crit_x=1.5e308, crit_y=5e307)),
            "study",
            "weight-overflow",
            {"file": profiles},
        ),
        Case(
            "scale from -1e308 to 1.7e308",
            study_with(_scale(min=-1e308, max=1.7e308)),
            "study",
            "scale-invalid",
            {"file": TREE},
        ),
        Case(
            "scale from -1.7e308 to 0",
            study_with(_scale(min=-1.7e308, max=1e308)),
            "study",
            "scale-invalid",
            {"file": TREE},
        ),
    ]


def too_many_options(tmp: Path) -> Path:
    files = copy.deepcopy(minimal_study())
    options = files[OPTIONS]["options"]
    options += [{"id": f"opt_{i}", "name": f"Option {i}", "category": "x"} for i in range(498)]
    return write_study(tmp / "study", files)


def limit_cases() -> list[Case]:
    return [
        Case(
            "501 options (limit 500)",
            too_many_options,
            "study",
            "limit-exceeded",
            {"file": OPTIONS, "path": "options[500]"},
        )
    ]


# ---- TOML study files -------------------------------------------------------------------

OPTIONS_TOML = """format_version = 1

[[options]]
id = "opt_a"
name = "Option A"
category = "kinetic"

[[options]]
id = "opt_b"
name = "Option B"
category = "justice"

[[options]]
id = "opt_c"
name = "Option C"
category = "development"
"""

DERIVED_TOML = """format_version = 1
id = "derived"
name = "Derived"
base = "base"

[performance.opt_c.crit_x]
value = {value}
rationale = "analyst judgment"
"""


def toml_folder(files: dict[str, str | bytes]) -> Callable[[Path], Path]:
    """The mini study with some YAML files replaced by TOML ones."""

    def build(tmp: Path) -> Path:
        root = write_study(tmp / "study", copy.deepcopy(minimal_study()))
        for relative, content in files.items():
            (root / relative.replace(".toml", ".yaml")).unlink(missing_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (root / relative).write_bytes(data)
        return root

    return build


def toml_cases() -> list[Case]:
    options, derived = "scenarios/options.toml", "scenarios/derived.toml"
    return [
        Case(
            "TOML study files with a BOM",
            toml_folder({options: "\ufeff" + OPTIONS_TOML, derived: DERIVED_TOML.format(value=9)}),
            "study",
            None,
        ),
        Case(
            "TOML nan where a number belongs",
            toml_folder({derived: DERIVED_TOML.format(value="nan")}),
            "study",
            "value-not-numeric",
            {"file": derived, "line": 7},
        ),
        Case(
            "TOML inf where a number belongs",
            toml_folder({derived: DERIVED_TOML.format(value="inf")}),
            "study",
            "value-not-numeric",
            {"file": derived, "line": 7},
        ),
        Case(
            "TOML duplicate key",
            toml_folder({options: OPTIONS_TOML + 'name = "again"\n'}),
            "study",
            "toml-syntax",
            {"file": options, "line": 17},
        ),
        Case(
            "TOML text where a number belongs",
            toml_folder({derived: DERIVED_TOML.format(value='"2,5"')}),
            "study",
            "value-not-numeric",
            {"file": derived, "line": 7},
        ),
        Case(
            "TOML date where a number belongs",
            toml_folder({derived: DERIVED_TOML.format(value="2025-01-31")}),
            "study",
            "value-not-numeric",
            {"file": derived, "line": 7},
        ),
        Case(
            "TOML deep nesting",
            toml_folder({options: "format_version = 1\noptions = " + "[" * 5000 + "]" * 5000}),
            "study",
            "toml-too-deep",
            {"file": options},
        ),
        Case(
            "TOML latin-1 bytes",
            toml_folder({options: OPTIONS_TOML.encode() + "# caf\xe9\n".encode("latin-1")}),
            "study",
            "file-encoding",
            {"file": options},
        ),
        Case(
            "YAML and TOML twins",
            lambda tmp: _twins(tmp),
            "study",
            "file-ambiguous",
            {"file": "scenarios/options.toml"},
        ),
    ]


def _twins(tmp: Path) -> Path:
    root = write_study(tmp / "study", copy.deepcopy(minimal_study()))
    (root / "scenarios" / "options.toml").write_text(OPTIONS_TOML, encoding="utf-8")
    return root


def large_text_cases() -> list[Case]:
    """Study files just under the 20 MB limit (issue 13, class 5). Run by the hostile-input
    benchmark, which measures each in a fresh process; too large for the unit tests'
    memory tracing (tests/io/text/test_yaml_reader.py checks the mechanism on small files)."""
    size = 19 * 1024 * 1024
    head = "format_version: 1\noptions: "
    numbers = "[" + "1, " * (size // 3) + "1]\n"
    block = "\n" + "  - 1\n" * (size // 6)
    return [
        Case(
            "19 MB of comments",
            folder_with(OPTIONS, head + "[]\n" + ("# " + "x" * 98 + "\n") * (size // 101)),
            "study",
            "study-empty",
        ),
        Case(
            "19 MB one-line string",
            folder_with(OPTIONS, head + '[{id: a, name: "' + "x" * size + '", category: c}]\n'),
            "study",
            "text-too-long",
        ),
        Case("19 MB flow list", folder_with(OPTIONS, head + numbers), "study", "limit-exceeded"),
        Case("19 MB block list", folder_with(OPTIONS, head + block), "study", "limit-exceeded"),
        Case(
            "19 MB TOML array",
            toml_folder({"scenarios/options.toml": "format_version = 1\noptions = " + numbers}),
            "study",
            "limit-exceeded",
        ),
    ]
