"""A small study with uncertain drivers, for the explore tests (files as Python data)."""

from __future__ import annotations

import copy
from typing import Any

from conftest import minimal_study


def cell(value: float) -> dict[str, Any]:
    return {"value": value, "rationale": "judgment", "evidence": ["src"]}


def explore_files() -> dict[str, Any]:
    """The minimal study (options A, B, C; criteria X 0-10 benefit, Y 0-100 cost, Z 0-10
    with a bent value function) plus scenarios at two drivers' ends and the drivers."""
    files = copy.deepcopy(minimal_study())
    files.pop("scenarios/derived.yaml")
    scenario = lambda sid, cells: {  # noqa: E731
        "format_version": 1,
        "id": sid,
        "name": sid.replace("_", " ").title(),
        "base": "base",
        "performance": cells,
    }
    # base: A (8, 60, 2), B (4, 10, 6), C (1, 90, 1)
    files["scenarios/kabul_acts.yaml"] = scenario(
        "kabul_acts",
        {"opt_a": {"crit_x": cell(10)}, "opt_b": {"crit_x": cell(8), "crit_z": cell(10)}},
    )
    files["scenarios/civil_war.yaml"] = scenario(
        "civil_war", {"opt_a": {"crit_x": cell(2)}, "opt_c": {"crit_y": cell(100)}}
    )
    files["scenarios/squeeze.yaml"] = scenario(
        "squeeze", {"opt_a": {"crit_x": cell(6)}, "opt_b": {"crit_x": cell(9)}}
    )
    files["scenarios/uncertainties.yaml"] = {
        "format_version": 1,
        "base": "base",
        "drivers": [
            {
                "id": "kabul",
                "name": "Kabul's stance",
                "low": {"scenario": "civil_war", "label": "civil war"},
                "high": {"scenario": "kabul_acts", "label": "Kabul acts"},
            },
            {
                "id": "money",
                "name": "Fiscal room",
                "low": {"scenario": "squeeze", "label": "squeeze"},
            },
        ],
        "combinations": [
            {
                "id": "war_and_squeeze",
                "at": {"kabul": -1, "money": -1},
                "performance": {"opt_a": {"crit_x": 3}},
            }
        ],
        "thresholds": [{"criterion": "crit_x", "no_worse_than": "opt_b"}],
    }
    return files
