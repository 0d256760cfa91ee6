"""A one-criterion portfolio study built to order, for tests and benchmarks of bounded work."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import minimal_study, write_study


def cost_study(root: Path, options: int, value, cost, constraints=()) -> Path:
    """A one-criterion study: the baseline at 0 and ``options`` measures, measure k worth
    ``value(k)`` on a 0-1e6 scale and costing ``cost(k)`` in one resource."""
    files = copy.deepcopy(minimal_study())
    tree = files["criteria/value_tree.yaml"]
    tree["objectives"] = [
        {
            "id": "goal",
            "name": "Goal",
            "children": [
                {
                    "id": "x",
                    "name": "X",
                    "direction": "benefit",
                    "scale": {"kind": "natural", "unit": "points", "min": 0, "max": 1e6},
                }
            ],
        }
    ]
    files["criteria/profiles.yaml"]["profiles"] = [
        {"id": "equal", "name": "Equal", "weights": {"goal": 1, "x": 1}}
    ]
    ids = ["base"] + [f"m{k}" for k in range(options)]
    files["scenarios/options.yaml"]["options"] = [
        {"id": o, "name": f"Option {o}", "category": "kinetic"} for o in ids
    ]
    cell = lambda v: {"value": v, "rationale": "generated"}  # noqa: E731
    table = {"base": {"x": cell(0)}} | {f"m{k}": {"x": cell(value(k))} for k in range(options)}
    files["scenarios/base.yaml"]["performance"] = table
    files["scenarios/base.yaml"]["costs"] = {
        f"m{k}": {"staff": {"value": cost(k)}} for k in range(options)
    }
    del files["scenarios/derived.yaml"]
    files["scenarios/portfolio.yaml"] = {
        "format_version": 1,
        "baseline": "base",
        "resources": [
            {"id": "staff", "name": "Staff", "limit": sum(map(cost, range(options))) / 2}
        ],
        "constraints": list(constraints),
    }
    return write_study(root, files)
