"""SMAA-2 on a study: sampling settings from the study and tidy result tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine import delivery, methods
from engine.acceptance import study_with
from engine.errors import InputError, Location, error
from engine.model import Profile
from engine.progress import Progress
from engine.scoring import method_matrix, study_params
from engine.sensitivity.sampling import (
    SAMPLING_MODES,
    PerformanceSampler,
    SamplingError,
    WeightSampler,
)
from engine.sensitivity.smaa_kernel import sample_generators, smaa_arrays
from engine.study import Study
from engine.valuefn import value_points

MAX_SAMPLES = 100_000_000
PERFORMANCE_MODES = ("uniform", "triangular")


@dataclass(frozen=True)
class SmaaResult:
    """SMAA-2 results for one scenario.

    Attributes
    ----------
    acceptability : DataFrame
        Options x ranks 1..m: share of samples in which each option takes each rank.
    central_weights : DataFrame
        Options x criteria: mean weights of the samples in which the option ranks
        first (NaN for an option that never does).
    confidence : Series
        Probability that the option is first with its central weights (NaN if never first).
    settings : dict
        Method, sampling, samples, seed and the sampling parameters.
    """

    acceptability: pd.DataFrame
    central_weights: pd.DataFrame
    confidence: pd.Series
    settings: dict


def smaa(
    study: Study,
    scenario: str,
    profile: str | Profile | None = None,
    method: str = "additive",
    samples: int = 10_000,
    seed: int = 0,
    sampling: str = "uniform",
    concentration: float = 50.0,
    intervals: Mapping[str, tuple[float, float]] | None = None,
    ranking: Sequence[str] | None = None,
    performance: str | None = None,
    chunk: int = 65_536,
    progress: Progress | None = None,
) -> SmaaResult:
    """Stochastic multicriteria acceptability analysis of one scenario.

    Parameters
    ----------
    sampling : {"uniform", "ordinal", "intervals", "dirichlet"}
        ``uniform`` needs nothing; ``ordinal`` uses ``ranking`` (criteria, most
        important first) or the order of the profile's weights; ``intervals`` uses
        ``intervals`` (criterion -> (low, high) global weight) or the profile's
        weights +/- 50 %; ``dirichlet`` perturbs the profile's weights with
        ``concentration``.
    performance : {None, "uniform", "triangular"}
        Also sample every performance cell within its low/high range.
    seed : int
        The same seed gives the same tables, whatever ``chunk`` is.
    """
    _check_settings(method, samples, sampling, performance, chunk, concentration, seed)
    spec = methods.get(method)
    if profile is not None:
        study, profile = study_with(study, profile)
    weight_rng, performance_rng = sample_generators(seed)
    sampler = weight_sampler(
        study, profile, sampling, weight_rng, concentration, intervals, ranking
    )
    matrix = method_matrix(study, scenario, spec)
    perf, transform = performance_sampler(
        study, scenario, performance, performance_rng, spec.uses_values
    )
    try:
        raw = smaa_arrays(
            method,
            matrix,
            study.benefit_mask(),
            sampler,
            samples,
            chunk,
            perf,
            transform,
            progress,
            **study_params(study, methods.get(method)),
        )
    except SamplingError as exc:
        raise InputError(
            [error("sampling-infeasible", Location(path="--sampling"), str(exc))]
        ) from None
    ranks = pd.Index(range(1, len(study.options) + 1), name="rank")
    options = pd.Index(study.options, name="option")
    settings = {
        "method": method,
        "sampling": sampling,
        "samples": samples,
        "seed": seed,
        "performance": performance or "fixed",
        "concentration": concentration,
    }
    return SmaaResult(
        pd.DataFrame(raw.acceptability, index=options, columns=ranks),
        pd.DataFrame(
            raw.central_weights, index=options, columns=pd.Index(study.criteria, name="criterion")
        ),
        pd.Series(raw.confidence, index=options, name="confidence"),
        settings,
    )


def _check_settings(
    method: str,
    samples: int,
    sampling: str,
    performance: str | None,
    chunk: int,
    concentration: float,
    seed: int,
) -> None:
    methods.get(method)
    problems = []
    if not 0 <= seed < 2**64:
        problems.append(
            error(
                "seed-invalid",
                Location(path="--seed"),
                f"seed {seed}",
                "a whole number from 0 to 2^64 - 1",
            )
        )
    if not (math.isfinite(concentration) and concentration > 0):
        problems.append(
            error(
                "concentration-invalid",
                Location(path="--concentration"),
                f"concentration {concentration:g}",
                "a positive number (larger is tighter around the profile)",
            )
        )
    if not 1 <= samples <= MAX_SAMPLES:
        problems.append(
            error(
                "samples-invalid",
                Location(path="--samples"),
                f"{samples} samples",
                f"a whole number from 1 to {MAX_SAMPLES:,}",
            )
        )
    if sampling not in SAMPLING_MODES:
        problems.append(
            error(
                "sampling-unknown",
                Location(path="--sampling"),
                f"sampling '{sampling}'",
                f"one of: {', '.join(SAMPLING_MODES)}",
            )
        )
    if performance not in (None, *PERFORMANCE_MODES):
        problems.append(
            error(
                "sampling-unknown",
                Location(path="--performance"),
                f"performance sampling '{performance}'",
                f"one of: {', '.join(PERFORMANCE_MODES)}",
            )
        )
    if chunk < 1:
        problems.append(
            error(
                "samples-invalid", Location(path="chunk"), f"chunk {chunk}", "a positive chunk size"
            )
        )
    if problems:
        raise InputError(problems)


def weight_sampler(
    study, profile, sampling, rng, concentration, intervals, ranking
) -> WeightSampler:
    n = len(study.criteria)
    needs_profile = (
        (sampling == "ordinal" and ranking is None)
        or (sampling == "intervals" and intervals is None)
        or (sampling == "dirichlet")
    )
    if needs_profile and profile is None:
        raise InputError(
            [
                error(
                    "profile-required",
                    Location(path="--profile"),
                    f"sampling '{sampling}' without a profile",
                    "a profile to centre the sampling on",
                )
            ]
        )
    base = study.weight_vector(profile) if profile is not None else None
    if sampling == "ordinal":
        order = (
            list(ranking)
            if ranking is not None
            else [study.criteria[j] for j in np.argsort(-base, kind="stable")]
        )
        _check_criteria(study, order, "ranking")
        ranks = np.array(
            [order.index(c) + 1 if c in order else len(order) + 1 for c in study.criteria]
        )
        return WeightSampler("ordinal", n, rng, ranks=ranks)
    if sampling == "intervals":
        bounds = (
            intervals
            if intervals is not None
            else {c: (0.5 * w, 1.5 * w) for c, w in zip(study.criteria, base, strict=True)}
        )
        _check_criteria(study, list(bounds), "intervals")
        lower = np.array([bounds.get(c, (0.0, 1.0))[0] for c in study.criteria])
        upper = np.array([bounds.get(c, (0.0, 1.0))[1] for c in study.criteria])
        return WeightSampler("intervals", n, rng, lower=lower, upper=upper)
    if sampling == "dirichlet":
        return WeightSampler("dirichlet", n, rng, center=base, concentration=concentration)
    return WeightSampler("uniform", n, rng)


def _check_criteria(study: Study, named: list[str], what: str) -> None:
    unknown = [c for c in named if c not in study.criteria]
    if unknown:
        raise InputError(
            [
                error(
                    "criterion-unknown",
                    Location(path=what),
                    f"unknown criterion '{c}'",
                    "a leaf criterion of the study",
                )
                for c in unknown
            ]
        )


def performance_sampler(study: Study, scenario: str, mode: str | None, rng, uses_values: bool):
    """A sampler of the scenario's cells within their ranges (``mode``), and of each
    option's delivery likelihood within its range where the study declares any (then
    even with ``mode`` None, the cells fixed); None when nothing is sampled."""
    baseline = study.baseline_index()
    drawn = baseline is not None and delivery.declared(study.option_records)
    if mode is None and not drawn:
        return None, None
    cells = study.cells(scenario)
    shape = (len(study.options), len(study.criteria))
    value, low, high = (np.empty(shape) for _ in range(3))
    for i, option in enumerate(study.options):
        for j, criterion in enumerate(study.criteria):
            cell = cells[(option, criterion)][0]
            value[i, j] = cell.value
            low[i, j] = cell.value if cell.low is None else cell.low
            high[i, j] = cell.value if cell.high is None else cell.high
    chance = (
        (baseline, *delivery.ranges(study.option_records), study.spent_mask()) if drawn else None
    )
    sampler = PerformanceSampler(value, low, high, mode or "fixed", rng, chance)
    return sampler, (_to_values(study) if uses_values else None)


def _to_values(study: Study):
    """Performance tables (..., m, n) -> 0-100 values; one affine step for linear criteria."""
    points = [value_points(c) for c in study.tree.criteria]
    linear = np.array([len(xs) == 2 for xs, _ in points])
    lows = np.array([xs[0] for xs, _ in points])
    highs = np.array([xs[-1] for xs, _ in points])
    slope = np.array([(vs[-1] - vs[0]) / (xs[-1] - xs[0]) for xs, vs in points])
    offset = np.array([vs[0] for _, vs in points])
    curved = np.where(~linear)[0]

    def transform(tables: np.ndarray) -> np.ndarray:
        out = (np.clip(tables, lows, highs) - lows) * slope + offset
        for j in curved:  # piecewise-linear value functions, one pass per such criterion
            xs, vs = points[j]
            out[..., j] = np.interp(tables[..., j], xs, vs)
        return out

    return transform
