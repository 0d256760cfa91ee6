"""The nested parts of a profile in a study workbook: weights, rankings, AHP, objective.

Each comes from its own long sheet (or, for objective weights, two Profiles columns) and is
turned into the mapping the folder format nests under the profile, with the cell of every
value recorded in ``extra`` (key path -> (sheet, cell)) so issues are located.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from engine.io.workbooks.study_workbook_layout import AHP, PROFILES, RANKINGS, WEIGHTS, Row


def add_elicitations(
    data: dict, row: Row, sheets: tuple[list[Row], list[Row], list[Row]], extra: dict
) -> None:
    """Fill ``data`` (a Profiles row) from the profile's weight, ranking and AHP rows."""
    weights, rankings, judgments = sheets
    data["weights"] = _weights(weights, extra)
    data["rankings"] = _rankings(rankings, extra)
    data["pairwise"] = _pairwise(judgments, extra)
    _objective(data, row, extra)


def _objective(data: dict, row: Row, extra: dict) -> None:
    """The two objective columns become ``objective: {method, scenario}`` when either is set."""
    method, scenario = data.pop("objective", None), data.pop("objective scenario", None)
    if method is None and scenario is None:
        return
    data["objective"] = {"method": method, "scenario": scenario}
    for key, header in (("method", "objective"), ("scenario", "objective scenario")):
        extra[("objective", key)] = (PROFILES, row.cells.get(header, f"A{row.number}"))
    extra[("objective",)] = extra[("objective", "method")]


def _weights(rows: list[Row], extra: dict) -> dict:
    out = {}
    for row in rows:
        node = str(row.values.get("node"))
        out[node] = row.values.get("points")
        extra[("weights", node)] = (WEIGHTS, row.cells.get("points", f"A{row.number}"))
    return out


def _rankings(rows: list[Row], extra: dict) -> dict:
    out: dict[str, dict] = {}
    for row in rows:
        node, child = str(row.values.get("node")), str(row.values.get("child"))
        spec = out.setdefault(node, {"scheme": row.values.get("scheme"), "ranking": {}})
        spec["ranking"][child] = row.values.get("rank")
        extra[("rankings", node)] = (RANKINGS, f"A{row.number}")
        extra[("rankings", node, "ranking", child)] = (RANKINGS, row.cells.get("rank"))
    return out


def _pairwise(rows: list[Row], extra: dict) -> dict:
    out: dict[str, dict] = {}
    entries: dict[str, dict[tuple[str, str], Row]] = defaultdict(dict)
    for row in rows:
        node = str(row.values.get("node"))
        out.setdefault(node, {"method": row.values.get("method"), "order": []})
        for key in ("row", "column"):
            child = str(row.values.get(key))
            if child not in out[node]["order"]:
                out[node]["order"].append(child)
        entries[node][(str(row.values.get("row")), str(row.values.get("column")))] = row
        extra[("pairwise", node)] = (AHP, f"A{row.number}")
    for node, spec in out.items():
        order = spec["order"]
        spec["matrix"] = [[_judgment(entries[node].get((r, c))) for c in order] for r in order]
        for i, r in enumerate(order):
            for j, c in enumerate(order):
                found = entries[node].get((r, c))
                if found is not None:
                    extra[("pairwise", node, "matrix", i, j)] = (AHP, found.cells.get("judgment"))
    return out


def _judgment(row: Row | None) -> Any:
    return None if row is None else row.values.get("judgment")
