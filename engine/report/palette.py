"""One colour per objective, the same on every sheet: the Okabe-Ito palette, safe for the
common forms of colour blindness; a criterion takes a tint of its objective's colour.

Reference: Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

from engine.study import Study

OKABE_ITO = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442", "000000")
"""Blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black."""
LOW, HIGH = OKABE_ITO[0], OKABE_ITO[1]
"""Colours of a factor's low and high setting (tornado)."""
MAX_TINT = 0.6
"""How far toward white the last criterion of an objective is mixed."""


def objective_of(study: Study, node: str) -> str:
    """The top-level objective a node belongs to (itself when it is one)."""
    record = study.tree.node(node)
    while record.parent is not None:
        record = study.tree.node(record.parent)
    return record.id


def criterion_colours(study: Study) -> dict[str, str]:
    """Criterion id -> RGB hex: its objective's colour, tinted by its place under it."""
    objectives = list(dict.fromkeys(objective_of(study, c) for c in study.criteria))
    colours = {}
    for k, objective in enumerate(objectives):
        base = OKABE_ITO[k % len(OKABE_ITO)]
        members = [c for c in study.criteria if objective_of(study, c) == objective]
        for j, criterion in enumerate(members):
            colours[criterion] = tint(base, MAX_TINT * j / max(1, len(members)))
    return colours


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white by ``amount`` (0 = itself, 1 = white)."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
