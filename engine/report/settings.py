"""What a run was asked to do: recorded in Run info so a report can be reproduced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from engine.scoring import evaluate
from engine.study import Study


@dataclass(frozen=True)
class SensitivitySettings:
    """Settings of the sensitivity sheets.

    Attributes
    ----------
    samples, seed, sampling, concentration, performance
        SMAA-2 settings (see :func:`engine.sensitivity.smaa`).
    delta
        Tornado: how far each local weight moves down and up.
    top
        Robustness: an option counts as "in the top k" with rank <= ``top``.
    tornado_factors
        Tornado: how many factors (widest swing first) the tables list; the chart
        shows at most 15 of them.
    """

    samples: int = 10_000
    seed: int = 0
    sampling: str = "uniform"
    concentration: float = 50.0
    performance: str | None = None
    delta: float = 0.1
    top: int = 3
    tornado_factors: int = 25


@dataclass(frozen=True)
class RunSettings:
    """What a run was asked to do, recorded in Run info.

    ``sensitivity`` of None leaves the sensitivity sheets out.
    """

    scenarios: Sequence[str]
    profiles: Sequence[str]
    method: str = "additive"
    study_path: str = ""
    command: str = ""
    sensitivity: SensitivitySettings | None = SensitivitySettings()
    weights_file: str = ""
    """A weights workbook whose profiles replaced (or were added to) the study's."""
    weights_sha256: str = ""
    weights_profiles: Sequence[str] = ()


Results = dict[tuple[str, str], pd.DataFrame]


def evaluate_pairs(study: Study, settings: RunSettings) -> Results:
    """The result table of every chosen (scenario, profile) pair."""
    return {
        (s, p): evaluate(study, scenario=s, profile=p, method=settings.method)
        for s in settings.scenarios
        for p in settings.profiles
    }
