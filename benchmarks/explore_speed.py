"""Explore's speed and memory (issue 26's goals), printed as figures.

1. 1,000,000 generated futures x 30 options x 18 criteria x 6 profiles (a generated study,
   three drivers anchored to six scenarios): the engine in this process against a plain
   numpy reference of the same arithmetic (goal: within 2x), then on a Dask LocalCluster
   of two workers (goal: at least 1.6x faster than in process), with the peak memory of
   this process and of the Dask workers (goal: at most 2 GB).
2. PRIM on 100,000 futures x 6 drivers (goal: within 10 s).

Run: ``python benchmarks/explore_speed.py [FUTURES]`` (needs ``.[explore,dask]``).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generated_study import generated_records

from engine.acceptance import accept_study
from engine.executor import DaskCluster, InProcess
from engine.explore.analysis import _run, prepare
from engine.explore.discovery import discover
from engine.explore.ensemble import BLOCK, Ensemble, design
from engine.explore.kernel import BINS, RESOLUTION
from engine.explore.records import Uncertainties


def study_and_drivers():
    study = accept_study(generated_records(30, 18, 7, profiles=6, seed=11))
    drivers = [
        {
            "id": f"driver_{k}",
            "name": f"Driver {k}",
            "low": {"scenario": f"future_{2 * k + 1}", "label": "low"},
            "high": {"scenario": f"future_{2 * k + 2}", "label": "high"},
        }
        for k in range(3)
    ]
    return study, Uncertainties.model_validate({"base": "future_0", "drivers": drivers})


def reference(job, points: np.ndarray) -> float:
    """The same arithmetic written plainly: superpose, clip, value, score, regret, tally."""
    model, weights = job.model, job.weights.T
    high = model.toward_high.reshape(model.drivers, -1)
    low = model.toward_low.reshape(model.drivers, -1)
    x0 = np.array([x[0] for x in job.scales.xs])
    x1 = np.array([x[-1] for x in job.scales.xs])
    slope = np.array(
        [(v[-1] - v[0]) / (x[-1] - x[0]) for x, v in zip(job.scales.xs, job.scales.vs, strict=True)]
    )
    v0 = np.array([v[0] for v in job.scales.vs])
    options, profiles = model.base.shape[0], weights.shape[1]
    offsets = BINS * np.arange(options * profiles).reshape(options, profiles)
    histogram = np.zeros(options * profiles * BINS, np.int64)
    sums = np.zeros((3, options, profiles))
    worst = np.zeros((options, profiles))
    first = np.zeros((options, profiles), np.int64)
    start = time.perf_counter()
    for s in range(0, len(points), BLOCK):
        z = points[s : s + BLOCK]
        tables = model.base + (np.maximum(z, 0) @ high + np.maximum(-z, 0) @ low).reshape(
            len(z), *model.base.shape
        )
        values = v0 + (np.clip(tables, x0, x1) - x0) * slope
        scores = values @ weights
        regret = scores.max(axis=1, keepdims=True) - scores
        sums += np.stack([scores.sum(0), (scores**2).sum(0), regret.sum(0)])
        worst = np.maximum(worst, regret.max(0))
        first += (regret <= 1e-9).sum(0)
        bins = np.where(
            regret <= 1e-9, 0, np.minimum(np.ceil(regret / RESOLUTION), BINS - 1)
        ).astype(np.int64)
        histogram += np.bincount((bins + offsets).ravel(), minlength=histogram.size)
        np.argmax(scores, axis=1)
    return time.perf_counter() - start


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def engine_seconds(job, points, ensemble, executor) -> float:
    start = time.perf_counter()
    _run(job, points, ensemble, executor, None)
    return time.perf_counter() - start


def prim_seconds(futures: int = 100_000) -> tuple[float, float, float]:
    rng = np.random.default_rng(5)
    points = pd.DataFrame(
        rng.uniform(-1, 1, (futures, 6)), columns=[f"driver_{k}" for k in range(6)]
    )
    cases = ((points.driver_0 < -0.2) & (points.driver_3 > 0.4)).to_numpy() | (
        rng.random(futures) < 0.03
    )
    start = time.perf_counter()
    found = discover(points, cases, "planted box")
    return time.perf_counter() - start, found.box.coverage, found.box.density


def best_of(repeats: int, measure) -> float:
    """The least of ``repeats`` timings (the machine's noise only ever adds time)."""
    return min(measure() for _ in range(repeats))


def main() -> None:
    futures = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    study, drivers = study_and_drivers()
    ensemble = Ensemble(futures=futures, seed=7)
    job = prepare(study, drivers, ensemble, None)
    points = design(ensemble, job.model.ranges)
    shape = f"{len(study.options)} options x {len(study.criteria)} criteria"
    print(f"{futures:,} futures x {shape} x {len(study.profiles)} profiles, best of {repeats}")
    with threadpool_limits(1):  # as the engine runs its chunks
        ref = best_of(repeats, lambda: reference(job, points))
    inproc = best_of(repeats, lambda: engine_seconds(job, points, ensemble, InProcess()))
    print(f"numpy reference              {ref:6.1f} s")
    print(
        f"engine in process            {inproc:6.1f} s   {inproc / ref:.2f}x the numpy (goal <= 2)"
    )
    dask = best_of(repeats, lambda: engine_seconds(job, points, ensemble, DaskCluster(2)))
    print(f"Dask LocalCluster, 2 workers {dask:6.1f} s   {inproc / dask:.2f}x faster (goal >= 1.6)")
    print(f"peak memory (workers are threads of this process): {peak_mb():,.0f} MB (goal <= 2,048)")
    seconds, coverage, density = prim_seconds()
    print(f"PRIM, 100,000 futures x 6 drivers: {seconds:.1f} s (goal <= 10)")
    print(f"  the planted box found with coverage {coverage:.2f}, density {density:.2f}")


if __name__ == "__main__":
    main()
