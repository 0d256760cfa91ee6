"""No user text ever enters a formula (issue 27, item 2).

Every text field of the shipped study (names, short names, descriptions, rationales,
narratives, anchors, units, resource names, source fields, scenario and profile names) is
rewritten with a payload that would break out of a formula's string constant (a quote)
and that Excel's and LibreOffice's exact match read as wildcards (``~``, ``*``, ``?``).
The report is written with every sheet (portfolio included) and every formula is
searched for the payloads' markers; then LibreOffice recalculates it and Compare and Map
must hold no error value.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO, recalculate, tamper_saved_value
from pydantic import BaseModel

from engine.cli import main
from engine.io.text.study_folder import read_folder
from engine.io.text.study_folder_writer import write_study_folder

TEXT_FIELDS = {"name", "short_name", "description", "rationale", "narrative", "title"}
TEXT_FIELDS |= {"citation", "measures", "unit", "locator", "speaker"}
MARKER = re.compile(r"zq\d+q", re.I)
FORMULA_TEXT = re.compile(r'"((?:[^"]|"")*)"')


class Payloads:
    """A new payload for each text field: a unique marker, a quote that would end a
    formula's string, and the three wildcard characters."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, field: str, text: str) -> str:
        self.count += 1
        payload = f'zq{self.count}q "),1,"~*?'
        return payload if field == "short_name" else f"{payload} {text}"[:200]

    def rewrite(self, value, field: str = ""):
        """``value`` with every text field rewritten (records, tuples, lists, mappings)."""
        if isinstance(value, BaseModel):
            update = {
                name: self.rewrite(getattr(value, name), name) for name in type(value).model_fields
            }
            return value.model_copy(update=update)
        if isinstance(value, (list, tuple)):
            return type(value)(self.rewrite(v, field) for v in value)
        if isinstance(value, dict):
            if field == "anchors":
                return {k: self(field, v) for k, v in value.items()}
            return {k: self.rewrite(v, field) for k, v in value.items()}
        if isinstance(value, str) and field in TEXT_FIELDS and value:
            return self(field, value)
        return value


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, int]:
    """The shipped study with every text field rewritten, its full report, and how many
    fields were rewritten."""
    folder = tmp_path_factory.mktemp("payloads")
    records = read_folder(REPO)
    payloads = Payloads()
    for name in ("info", "nodes", "options", "sources", "scenarios", "profiles", "portfolio"):
        setattr(records, name, payloads.rewrite(getattr(records, name)))
    study = folder / "study"
    write_study_folder(records, study)
    target = folder / "report.xlsx"
    assert main(["run", str(study), "--quiet", "--out", str(target)]) == 0
    return target, payloads.count


def formulas(path: Path):
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell.coordinate, str(cell.value)


def test_no_formula_holds_any_user_text(report):
    path, rewritten = report
    assert rewritten > 500  # the rewrite reached the study's text, not a handful of fields
    found = list(formulas(path))
    assert len(found) > 10_000
    leaks = [(sheet, cell) for sheet, cell, text in found if MARKER.search(text)]
    assert leaks == []
    shown = {
        str(c.value)
        for ws in openpyxl.load_workbook(path).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "s" and isinstance(c.value, str) and MARKER.search(c.value)
    }
    assert len(shown) > 100  # the payloads are in the report, as text cells


def test_text_constants_in_formulas_fit_excels_limit(report):
    """Excel refuses a formula holding a text constant over 255 characters."""
    longest = max(
        (len(t) for _, _, text in formulas(report[0]) for t in FORMULA_TEXT.findall(text)),
        default=0,
    )
    assert 0 < longest <= 255


def test_scatter_charts_declare_their_style(report):
    """``c:scatterStyle`` is a required element of a scatter chart (ECMA-376 21.2.2.161)."""
    with zipfile.ZipFile(report[0]) as package:
        charts = [package.read(n) for n in package.namelist() if n.startswith("xl/charts/chart")]
    scatters = [c for c in charts if b"scatterChart>" in c]
    assert len(scatters) >= 2
    assert all(re.search(rb"<(\w+:)?scatterStyle val=", c) for c in scatters)


def _errors(path: Path, sheets) -> list[tuple[str, str, object]]:
    book = openpyxl.load_workbook(path, data_only=True)
    return [
        (title, cell.coordinate, cell.value)
        for title in sheets
        for row in book[title].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("#")
    ]


def test_wildcard_names_leave_no_error_value_after_recalculation(report, tmp_path):
    """LibreOffice recalculates the report of names holding ``~``, ``*`` and ``?``;
    Compare and Map hold no error value. First proof that it recalculated: a saved value
    tampered on Map comes back as the engine computed it."""
    path = report[0]
    book = openpyxl.load_workbook(path)
    ws = book["Map"]
    cell = next(  # an option's place on the map: a formula over Compare's lookups
        c
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and "SUMPRODUCT" in str(c.value) and "MATCH" in str(c.value)
    )
    engine_value = openpyxl.load_workbook(path, data_only=True)["Map"][cell.coordinate].value
    tampered = tmp_path / "tampered.xlsx"
    tamper_saved_value(path, tampered, "Map", cell.coordinate, 999.0)
    done = recalculate(tampered, tmp_path / "lo")
    recalculated = openpyxl.load_workbook(done, data_only=True)
    assert recalculated["Map"][cell.coordinate].value == pytest.approx(engine_value, abs=1e-9)
    assert _errors(done, ["Compare two options", "Map"]) == []


def maxima_study(root: Path, resources: int = 70, interactions: int = 150) -> Path:
    """The minimal study with 20 options, ``resources`` resources (each option costing
    something in every one) and ``interactions`` value-point interactions."""
    import itertools

    from conftest import minimal_study, write_study

    files = minimal_study()
    options = files["scenarios/options.yaml"]["options"]
    base = files["scenarios/base.yaml"]["performance"]
    for k in range(3, 20):
        options.append({"id": f"opt_{k}", "name": f"Option {k}", "category": "justice"})
        base[f"opt_{k}"] = {
            c: {**cell, "value": 10 + (k * 13) % 80 if c == "crit_y" else 1 + (k * 7 + j) % 9}
            for j, (c, cell) in enumerate(base["opt_b"].items())
        }
    measures = [o["id"] for o in options[1:]]
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "opt_a",
        "resources": [
            {"id": f"r{k}", "name": f"Resource {k}", "unit": "units", "limit": 1000}
            for k in range(resources)
        ],
        "interactions": [
            {"options": list(pair), "value": 0.5}
            for pair in itertools.islice(itertools.combinations(measures, 2), interactions)
        ],
    }
    files["scenarios/base.yaml"]["costs"] = {
        o: {f"r{k}": {"value": 1 + (k + i) % 5} for k in range(resources)}
        for i, o in enumerate(measures)
    }
    return write_study(root, files)


def _depth(formula: str) -> int:
    deepest = depth = 0
    for char in formula:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_formulas_stay_within_excels_limits_at_many_resources_and_interactions(tmp_path):
    """Issue 28, class 11: with 70 resources the Map's value formula nested 71 IFs in
    10,015 characters, and with 150 interactions a Package builder formula took 14,448
    (Excel allows 8,192 characters and 64 levels). Resources are one look-up and
    interactions one row each of a helper table, so no formula grows with them."""
    root = maxima_study(tmp_path / "study")
    out = tmp_path / "r.xlsx"
    assert main(["run", str(root), "--quiet", "--no-sensitivity", "--out", str(out)]) == 0
    found = list(formulas(out))
    assert {sheet for sheet, _, _ in found} >= {"Map", "Package builder"}
    assert max(len(text) for _, _, text in found) <= 8192
    assert max(_depth(text) for _, _, text in found) <= 64
    assert max(len(text) for sheet, _, text in found if sheet == "Package builder") < 2000
