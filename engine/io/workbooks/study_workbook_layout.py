"""The sheets and columns of a study workbook (one .xlsx holding a whole study).

Every sheet is a plain table: headers in row 1, one record per row below, columns
found by their header (so columns may be reordered). Lists that the folder format
nests (scale anchors, value-function points, weights, rankings, AHP judgments) get
their own long sheets, so every value sits in a cell of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STUDY = "Study"
TREE = "Tree"
ANCHORS = "Anchors"
VALUE_FUNCTIONS = "Value functions"
OPTIONS = "Options"
SOURCES = "Sources"
SCENARIOS = "Scenarios"
PERFORMANCE = "Performance"
PROFILES = "Profiles"
WEIGHTS = "Profile weights"
RANKINGS = "Profile rankings"
AHP = "AHP judgments"
PORTFOLIO = "Portfolio"
RESOURCES = "Resources"
RESOURCE_LIMITS = "Resource limits"
CONSTRAINTS = "Constraints"
INTERACTIONS = "Interactions"
COSTS = "Costs"
PORTFOLIO_SHEETS = (PORTFOLIO, RESOURCES, RESOURCE_LIMITS, CONSTRAINTS, INTERACTIONS, COSTS)

# sheet -> column headers (the first ones are required on every row)
COLUMNS: dict[str, tuple[str, ...]] = {
    STUDY: ("key", "value"),
    TREE: (
        "id",
        "name",
        "kind",
        "parent",
        "description",
        "direction",
        "scale",
        "unit",
        "min",
        "max",
        "preference",
        "q",
        "p",
        "s",
    ),
    ANCHORS: ("criterion", "point", "text"),
    VALUE_FUNCTIONS: ("criterion", "performance", "value"),
    OPTIONS: (
        "id",
        "name",
        "category",
        "description",
        "short_name",
        "delivery",
        "delivery_low",
        "delivery_high",
        "delivery_rationale",
        "delivery_evidence",
    ),
    SOURCES: ("id", "title", "citation", "measures", "figure", "unit", "locator", "speaker"),
    SCENARIOS: ("id", "name", "base", "narrative", "short_name"),
    PERFORMANCE: (
        "scenario",
        "option",
        "criterion",
        "value",
        "low",
        "high",
        "rationale",
        "evidence",
    ),
    PROFILES: ("id", "name", "description", "illustrative", "objective", "objective scenario"),
    WEIGHTS: ("profile", "node", "points"),
    RANKINGS: ("profile", "node", "scheme", "child", "rank"),
    AHP: ("profile", "node", "method", "row", "column", "judgment"),
    PORTFOLIO: ("key", "value"),
    RESOURCES: (
        "id",
        "name",
        "unit",
        "limit",
        "criterion",
        "description",
        "funds",
        "funds_category",
    ),
    RESOURCE_LIMITS: ("resource", "scenario", "limit"),
    CONSTRAINTS: (
        "id",
        "kind",
        "options",
        "category",
        "requires",
        "count",
        "rationale",
        "evidence",
    ),
    INTERACTIONS: (
        "option",
        "other",
        "value",
        "rationale",
        "evidence",
        "criterion",
        "change",
        "more_options",
    ),
    COSTS: ("scenario", "option", "resource", "value", "low", "high", "rationale", "evidence"),
}
REQUIRED: dict[str, int] = {
    STUDY: 1,
    TREE: 3,
    ANCHORS: 3,
    VALUE_FUNCTIONS: 3,
    OPTIONS: 3,
    SOURCES: 2,
    SCENARIOS: 2,
    PERFORMANCE: 4,
    PROFILES: 2,
    WEIGHTS: 3,
    RANKINGS: 5,
    AHP: 6,
    PORTFOLIO: 2,
    RESOURCES: 2,
    RESOURCE_LIMITS: 3,
    CONSTRAINTS: 2,
    INTERACTIONS: 2,
    COSTS: 4,
}
OPTIONAL_SHEETS = {SOURCES, ANCHORS, VALUE_FUNCTIONS, RANKINGS, AHP, *PORTFOLIO_SHEETS}
OBJECTIVE, CRITERION = "objective", "criterion"


@dataclass
class Row:
    """A table row: its non-blank values by header and the cell of each header."""

    number: int
    values: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)
    """Cell of every column of the sheet in this row, blank or not."""
