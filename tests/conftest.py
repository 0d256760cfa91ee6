"""Shared fixtures: the shipped study and a small study written from Python data."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.io.text.study_folder_writer import StudyDumper

REPO = Path(__file__).resolve().parents[1]


class _PlainDumper(StudyDumper):
    """The study writer's dumper: repeated objects in full (study files refuse anchors and
    aliases), and text that reads as a number under YAML 1.2 (``0E0``) quoted."""


def minimal_study() -> dict[str, Any]:
    """A small valid study as file name -> YAML data."""
    anchors = {0: "none", 5: "some", 10: "full"}
    cell = lambda v: {"value": v, "rationale": "analyst judgment", "evidence": ["src"]}  # noqa: E731
    return {
        "criteria/value_tree.yaml": {
            "format_version": 1,
            "study": {"id": "mini", "name": "Mini study"},
            "objectives": [
                {
                    "id": "goal_a",
                    "name": "Goal A",
                    "children": [
                        {
                            "id": "crit_x",
                            "name": "X",
                            "direction": "benefit",
                            "scale": {"kind": "constructed", "anchors": anchors},
                        },
                        {
                            "id": "crit_y",
                            "name": "Y",
                            "direction": "cost",
                            "scale": {
                                "kind": "natural",
                                "unit": "Rs billion",
                                "min": 0,
                                "max": 100,
                            },
                        },
                    ],
                },
                {
                    "id": "goal_b",
                    "name": "Goal B",
                    "children": [
                        {
                            "id": "crit_z",
                            "name": "Z",
                            "direction": "benefit",
                            "scale": {"kind": "constructed", "anchors": anchors},
                            "value_function": {"points": [[0, 0], [5, 80], [10, 100]]},
                        },
                    ],
                },
            ],
        },
        "criteria/profiles.yaml": {
            "format_version": 1,
            "profiles": [
                {
                    "id": "equal",
                    "name": "Equal",
                    "weights": {"goal_a": 1, "goal_b": 1, "crit_x": 1, "crit_y": 1, "crit_z": 1},
                },
                {
                    "id": "skewed",
                    "name": "Skewed",
                    "weights": {
                        "goal_a": 100,
                        "goal_b": 25,
                        "crit_x": 100,
                        "crit_y": 50,
                        "crit_z": 10,
                    },
                },
            ],
        },
        "scenarios/options.yaml": {
            "format_version": 1,
            "options": [
                {"id": "opt_a", "name": "Option A", "category": "kinetic"},
                {"id": "opt_b", "name": "Option B", "category": "justice"},
                {"id": "opt_c", "name": "Option C", "category": "development"},
            ],
        },
        "scenarios/sources.yaml": {
            "format_version": 1,
            "sources": [{"id": "src", "title": "A source", "locator": "line 1"}],
        },
        "scenarios/base.yaml": {
            "format_version": 1,
            "id": "base",
            "name": "Base",
            "performance": {
                "opt_a": {"crit_x": cell(8), "crit_y": cell(60), "crit_z": cell(2)},
                "opt_b": {"crit_x": cell(4), "crit_y": cell(10), "crit_z": cell(6)},
                "opt_c": {"crit_x": cell(1), "crit_y": cell(90), "crit_z": cell(1)},
            },
        },
        "scenarios/derived.yaml": {
            "format_version": 1,
            "id": "derived",
            "name": "Derived",
            "base": "base",
            "performance": {"opt_c": {"crit_x": cell(9)}},
        },
    }


def add_criterion(
    files: dict[str, Any], criterion_id: str, objective: str = "goal_a", value: float = 5
) -> None:
    """Add a constructed 0-10 benefit criterion under ``objective`` (a new top objective if
    it does not exist), scored ``value`` for every option in the base scenario and given one
    point (and its new objective one point) in every profile."""
    objectives = files["criteria/value_tree.yaml"]["objectives"]
    parent = next((o for o in objectives if o["id"] == objective), None)
    points = {criterion_id: 1}
    if parent is None:
        parent = {"id": objective, "name": objective.replace("_", " ").title(), "children": []}
        objectives.append(parent)
        points[objective] = 1
    anchors = {0: "none", 5: "some", 10: "full"}
    parent["children"].append(
        {
            "id": criterion_id,
            "name": criterion_id.upper(),
            "direction": "benefit",
            "scale": {"kind": "constructed", "anchors": anchors},
        }
    )
    for row in files["scenarios/base.yaml"]["performance"].values():
        row[criterion_id] = {"value": value, "rationale": "judgment", "evidence": ["src"]}
    for profile in files["criteria/profiles.yaml"]["profiles"]:
        profile["weights"] |= points


def add_ahp_profile(files: dict[str, Any]) -> None:
    """A third objective (goal_c, criterion crit_w) and a profile 'ahp' that judges the
    three objectives by an inconsistent AHP matrix."""
    add_criterion(files, "crit_w", objective="goal_c")
    files["criteria/profiles.yaml"]["profiles"].append(
        {
            "id": "ahp",
            "name": "AHP",
            "weights": {"crit_x": 1, "crit_y": 1, "crit_z": 1, "crit_w": 1},
            "pairwise": {
                "top": {
                    "order": ["goal_a", "goal_b", "goal_c"],
                    "matrix": [[1, 3, 7], ["1/3", 1, 5], ["1/7", "1/5", 1]],
                }
            },
        }
    )


def write_study(root: Path, files: dict[str, Any]) -> Path:
    """Write ``files`` (name -> data, or name -> raw text) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            content
            if isinstance(content, str)
            else yaml.dump(content, Dumper=_PlainDumper, sort_keys=False)
        )
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini_files() -> dict[str, Any]:
    return copy.deepcopy(minimal_study())


@pytest.fixture
def mini_study_path(tmp_path: Path, mini_files) -> Path:
    return write_study(tmp_path / "mini", mini_files)


@pytest.fixture
def shipped_study_path(tmp_path: Path) -> Path:
    """A copy of the shipped study (tests never touch the repository's files)."""
    target = tmp_path / "shipped"
    for folder in ("criteria", "scenarios"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") or os.environ.get("POLICYSCORE_REQUIRE_SOFFICE"):
            pytest.fail(
                "LibreOffice (soffice) is required in CI: apt-get install libreoffice-calc-nogui"
            )
        pytest.skip("LibreOffice (soffice) is not installed; these tests need a real spreadsheet")
    return found


# LibreOffice recalculates an .xlsx with saved values only when told to: by default it
# shows the saved values ("never recalculate" for Excel 2007+ files under a new profile).
# This user profile sets "always recalculate" for Excel and ODF files, so a test that
# compares the engine's saved values with LibreOffice's really compares two computations.
ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(path: Path, folder: Path, force: bool = True) -> Path:
    """Open ``path`` in LibreOffice Calc, recalculate every formula and save a copy.

    ``force=False`` uses LibreOffice's default profile (no recalculation of saved
    values); only the test that proves the forcing works uses it.
    """
    folder.mkdir(exist_ok=True)
    profile_dir = folder / ("lo-profile" if force else "lo-default-profile")
    if force:
        settings = profile_dir / "user" / "registrymodifications.xcu"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    out = folder / ("recalculated" if force else "as-saved")
    return convert(path, out, "xlsx", profile_dir)


def convert(path: Path, out: Path, kind: str, profile_dir: Path, timeout: int = 180) -> Path:
    """LibreOffice (headless, its user profile in ``profile_dir``) saves ``path`` as
    ``kind`` ("xlsx", "pdf") into ``out``; returns the file it wrote."""
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return out / f"{path.stem}.{kind}"


def tamper_saved_value(path: Path, target: Path, sheet: str, cell: str, value: float) -> None:
    """Copy ``path`` to ``target`` with the saved (cached) value of one formula cell replaced."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        part = _sheet_part(source, sheet)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == part:
                    text = data.decode("utf-8")
                    pattern = rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>\s*<v>)[^<]*(</v>)'
                    text, count = re.subn(pattern, rf"\g<1>{value!r}\g<2>", text)
                    assert count == 1, f"no formula with a saved value at {sheet}!{cell}"
                    data = text.encode("utf-8")
                out.writestr(item, data)


def _sheet_part(archive, sheet: str) -> str:
    """The zip part (xl/worksheets/sheetN.xml) of the sheet named ``sheet``."""
    import re

    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook)
    assert rid, f"no sheet {sheet}"
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    return "xl/" + target.group(1).removeprefix("/xl/")


def table_study(table, points=None, objectives=None):
    """An accepted study built in memory from an options x criteria table of 0-10 values.

    Every criterion is a benefit criterion on a natural 0-10 scale (value = 10 x
    performance). ``objectives`` maps each criterion index to its objective (default:
    all under one objective ``goal``); ``points`` gives the swing points of every
    criterion (default 1 each; objectives always get 1 point each).
    """
    import numpy as np

    from engine.acceptance import accept_study
    from engine.model import (
        Cell,
        Criterion,
        Objective,
        Option,
        Profile,
        Scenario,
        StudyInfo,
    )
    from engine.study_records import StudyRecords

    table = np.asarray(table, dtype=float)
    m, n = table.shape
    parents = list(objectives) if objectives is not None else ["goal"] * n
    criteria = [f"c{j}" for j in range(n)]
    nodes = [Objective(id=g, name=g) for g in dict.fromkeys(parents)]
    scale = {"kind": "natural", "unit": "points", "min": 0, "max": 10}
    nodes += [
        Criterion(id=c, name=c, parent=g, direction="benefit", scale=scale)
        for c, g in zip(criteria, parents, strict=True)
    ]
    weights = dict.fromkeys(dict.fromkeys(parents), 1.0)
    weights |= dict(
        zip(criteria, [1.0] * n if points is None else [float(p) for p in points], strict=True)
    )
    cells = {
        f"o{i}": {c: Cell(value=float(table[i, j])) for j, c in enumerate(criteria)}
        for i in range(m)
    }
    records = StudyRecords(
        Path("memory"),
        info=StudyInfo(id="table", name="Table study"),
        nodes=nodes,
        options=[Option(id=f"o{i}", name=f"Option {i}", category="any") for i in range(m)],
        scenarios=[Scenario(id="s", name="Scenario", performance=cells)],
        profiles=[Profile(id="p", name="Profile", weights=weights)],
    )
    return accept_study(records)


def build_report_of(study, settings):
    """The run report of ``study`` under ``settings`` (compute the results, lay them out)."""
    from engine.report import build_report
    from engine.results import compute_run

    return build_report(compute_run(study, settings))


def digests(path: Path) -> dict[str, str]:
    """SHA-256 of a file, or of every file under a folder (to prove inputs are never written)."""
    import hashlib

    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
