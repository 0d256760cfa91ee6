"""Generated studies larger than the shipped one, for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.model import (
    Cell,
    Criterion,
    Objective,
    Option,
    Portfolio,
    Profile,
    Resource,
    Scenario,
    StudyInfo,
)
from engine.study_records import StudyRecords


def generated_records(
    options: int,
    criteria: int,
    futures: int = 3,
    *,
    profiles: int = 3,
    groups: int = 5,
    portfolio: bool = False,
    seed: int = 3,
) -> StudyRecords:
    """A study of ``options`` x ``criteria`` (values uniform in 2-8 on 0-10 scales, each
    cell with a range of +-1, so every sensitivity sheet is full) with ``futures``
    scenarios, ``profiles`` profiles and ``groups`` objectives. With ``portfolio``, option
    0 is the baseline of a portfolio of the others, each costing 1-10 units of one resource
    limited to a quarter of their total: levels then reach past both scale ends, which
    makes every package program a hard one."""
    rng = np.random.default_rng(seed)
    parents = [f"objective_{k}" for k in range(groups)]
    scale = {"kind": "natural", "unit": "points", "min": 0, "max": 10}
    ids = [f"criterion_{j}" for j in range(criteria)]
    nodes = [Objective(id=g, name=f"Objective {k}") for k, g in enumerate(parents)]
    nodes += [
        Criterion(
            id=c,
            name=f"Criterion {c}",
            parent=parents[j % groups],
            direction="benefit",
            scale=scale,
        )
        for j, c in enumerate(ids)
    ]
    prices = rng.integers(1, 11, options)
    costs = {f"option_{i}": {"money": Cell(value=float(prices[i]))} for i in range(1, options)}

    def table():
        values = rng.uniform(2, 8, (options, criteria))
        return {
            f"option_{i}": {
                c: Cell(value=v, low=v - 1, high=v + 1, rationale="generated")
                for c, v in zip(ids, values[i].tolist(), strict=True)
            }
            for i in range(options)
        }

    def weights():
        return dict.fromkeys(parents, 1.0) | {c: float(rng.integers(1, 10)) for c in ids}

    money = Resource(id="money", name="Money", limit=float(prices[1:].sum()) / 4)
    return StudyRecords(
        Path("generated"),
        info=StudyInfo(id="generated", name="Generated study"),
        nodes=nodes,
        options=[
            Option(id=f"option_{i}", name=f"Option {i}", category="x") for i in range(options)
        ],
        scenarios=[
            Scenario(
                id=f"future_{k}",
                name=f"Future {k}",
                performance=table(),
                costs=costs if portfolio else {},
            )
            for k in range(futures)
        ],
        profiles=[
            Profile(id=f"profile_{k}", name=f"Profile {k}", weights=weights())
            for k in range(profiles)
        ],
        portfolio=Portfolio(baseline="option_0", resources=(money,)) if portfolio else None,
    )
