"""Profiles are named with their marks wherever a person reads them (issue 15)."""

from __future__ import annotations

from conftest import REPO, build_report_of

import engine
from engine.report.labels import profile_label
from engine.results import RunSettings

SHIPPED = engine.load_study(REPO)


def _texts(sheet) -> set[str]:
    cells = {c.header for t in sheet.tables for c in t.columns}
    cells |= {v for t in sheet.tables for row in t.rows for v in row if isinstance(v, str)}
    return cells | {t.title for t in sheet.tables if t.title}


def test_illustrative_and_replaced_profiles_say_so():
    plain, illustrative = "equal_weights", "exfata_residents"
    assert not SHIPPED.profile(plain).illustrative and SHIPPED.profile(illustrative).illustrative
    settings = RunSettings(
        ["s0_status_quo"],
        [plain, illustrative],
        sensitivity=None,
        portfolio=None,
        weights_file="/somewhere/ministry-a.xlsx",
        weights_profiles=[plain],
    )
    assert profile_label(SHIPPED, plain, settings) == (
        "Equal criterion weights (reference) (weights from ministry-a.xlsx)"
    )
    assert profile_label(SHIPPED, illustrative, settings) == "Ex-FATA residents (illustrative)"
    assert profile_label(SHIPPED, plain) == "Equal criterion weights (reference)"
    report = build_report_of(SHIPPED, settings)
    summary = _texts(report.sheet("Summary"))
    scenario = _texts(report.sheet("Tense status quo"))
    for profile in (plain, illustrative):
        label = profile_label(SHIPPED, profile, settings)
        assert label in summary and label in scenario
        assert SHIPPED.profile(profile).name not in summary | scenario
    weights = report.sheet("Weights").weights  # the editable sheet keeps the names
    assert [p.name for p in weights.profiles] == [
        SHIPPED.profile(plain).name,
        SHIPPED.profile(illustrative).name,
    ]
