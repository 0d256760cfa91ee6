"""A copy of the shipped study with every package-outcome feature declared: a criterion
interaction of three measures, delivery likelihoods, a concave and an S-shaped value
function on benefit criteria."""

from __future__ import annotations

from pathlib import Path

import yaml

GROUP = [
    "jirga_judicial_integration",
    "security_sector_jurisdiction_reform",
    "court_acceptance_enforcement",
]
DELIVERY = {
    "security_sector_jurisdiction_reform": {
        "value": 0.75,
        "low": 0.55,
        "high": 0.95,
        "rationale": "Judgment for the test.",
    },
    "intel_based_ops": {"value": 0.8},
}
CURVES = {
    "sec_violence_reduction": [[0, 0], [5, 60], [10, 100]],  # concave
    "leg_social_contract": [[0, 0], [3, 10], [7, 90], [10, 100]],  # S-shaped
}


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def with_outcome_features(root: Path) -> Path:
    """Declare the features in the study folder ``root`` (a copy); returns ``root``."""
    portfolio = _load(root / "scenarios" / "portfolio.yaml")
    portfolio["interactions"].append(
        {
            "options": GROUP,
            "criterion": "gov_judicial_writ",
            "change": -2.5,
            "rationale": "Judgment for the test: the three reforms overlap on the writ.",
        }
    )
    _dump(root / "scenarios" / "portfolio.yaml", portfolio)
    options = _load(root / "scenarios" / "options.yaml")
    for option in options["options"]:  # these likelihoods only (not the study's own)
        option.pop("delivery", None)
        if option["id"] in DELIVERY:
            option["delivery"] = DELIVERY[option["id"]]
    _dump(root / "scenarios" / "options.yaml", options)
    tree = _load(root / "criteria" / "value_tree.yaml")
    for node in _nodes(tree["objectives"]):
        if node["id"] in CURVES:
            node["value_function"] = {"points": CURVES[node["id"]]}
    _dump(root / "criteria" / "value_tree.yaml", tree)
    return root


def _nodes(nodes):
    for node in nodes:
        yield node
        yield from _nodes(node.get("children", []))
