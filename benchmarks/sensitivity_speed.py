"""Speed and memory of SMAA-2 and switch points on a 20-option x 15-criterion study.

Run:  python benchmarks/sensitivity_speed.py             (every case, one fresh process each)
      python benchmarks/sensitivity_speed.py smaa-1m     (one case)

Cases (targets from issue 5, on the 2-core project machine):

* ``smaa-1m``: ``engine.sensitivity.smaa`` with 1,000,000 uniform weight samples, additive
  model, end to end from a loaded study to the result tables: <= 1.0 s, peak < 1 GB;
* ``smaa-10m``: the same with 10,000,000 samples: bounded memory (the same peak) and
  roughly ten times the time;
* ``smaa-1m-<method>``: 1,000,000 samples with another method (no target; for reference);
* ``switch-points``: exact switch points of every tree node: < 50 ms;
* ``smaa-perf-200k``: 200,000 samples with performance cells sampled too (reference).

The study (15 criteria under 5 objectives, 20 options, random performances with ranges)
is written to a temporary folder by this script, so the figures do not depend on the
shipped study. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

import engine
from engine.sensitivity import smaa, switch_points

OPTIONS, OBJECTIVES, CRITERIA_PER_OBJECTIVE = 20, 5, 3
CASES = {
    "smaa-1m": (1_000_000, "additive", None, 1.0),
    "smaa-10m": (10_000_000, "additive", None, None),
    "smaa-1m-topsis": (1_000_000, "topsis", None, None),
    "smaa-1m-promethee_ii": (1_000_000, "promethee_ii", None, None),
    "smaa-perf-200k": (200_000, "additive", "uniform", None),
}


def write_synthetic_study(root: Path, seed: int = 7) -> Path:
    """A valid 20 x 15 study folder with random performances, ranges and weights."""
    rng = np.random.default_rng(seed)
    scale = {"kind": "natural", "unit": "points", "min": 0, "max": 100}
    objectives, leaves = [], []
    for k in range(OBJECTIVES):
        children = []
        for j in range(CRITERIA_PER_OBJECTIVE):
            leaf = f"crit_{k}_{j}"
            leaves.append(leaf)
            direction = "benefit" if rng.random() < 0.7 else "cost"
            children.append(
                {"id": leaf, "name": leaf, "direction": direction, "scale": dict(scale)}
            )
        objectives.append({"id": f"goal_{k}", "name": f"Goal {k}", "children": children})
    weights = {f"goal_{k}": int(rng.integers(10, 100)) for k in range(OBJECTIVES)}
    weights |= {leaf: int(rng.integers(10, 100)) for leaf in leaves}
    performance = {}
    for i in range(OPTIONS):
        row = {}
        for leaf in leaves:
            value = float(np.round(rng.uniform(10, 90), 1))
            row[leaf] = {"value": value, "low": value - 5, "high": value + 5, "rationale": "x"}
        performance[f"option_{i}"] = row
    files = {
        "criteria/value_tree.yaml": {
            "format_version": 1,
            "study": {"id": "bench", "name": "Benchmark study"},
            "objectives": objectives,
        },
        "criteria/profiles.yaml": {
            "format_version": 1,
            "profiles": [{"id": "analyst", "name": "Analyst", "weights": weights}],
        },
        "scenarios/options.yaml": {
            "format_version": 1,
            "options": [
                {"id": f"option_{i}", "name": f"Option {i}", "category": "development"}
                for i in range(OPTIONS)
            ],
        },
        "scenarios/sources.yaml": {"format_version": 1, "sources": []},
        "scenarios/base.yaml": {
            "format_version": 1,
            "id": "base",
            "name": "Base",
            "performance": performance,
        },
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        study = engine.load_study(write_synthetic_study(Path(folder)))
    if name == "switch-points":
        switch_points(study, "base", "analyst")  # warm-up (imports, caches)
        start = time.perf_counter()
        repeats = 20
        for _ in range(repeats):
            table = switch_points(study, "base", "analyst")
        seconds = (time.perf_counter() - start) / repeats
        verdict = "ok" if seconds < 0.05 else "OVER TARGET"
        print(
            f"{name:22s} {len(table)} nodes  {seconds * 1000:7.1f} ms per tree  "
            f"target 50 ms  {verdict}"
        )
        return
    samples, method, performance, target = CASES[name]
    start = time.perf_counter()
    result = smaa(study, "base", method=method, samples=samples, seed=1, performance=performance)
    seconds = time.perf_counter() - start
    assert np.allclose(result.acceptability.sum(axis=1), 1.0)
    verdict = ""
    if target is not None:
        verdict = f"target {target:.1f} s  " + (
            "ok" if seconds <= target and peak_mb() < 1024 else "OVER TARGET"
        )
    print(
        f"{name:22s} {samples:>11,} samples  {seconds:7.2f} s  "
        f"{samples / seconds / 1e6:5.2f} M samples/s  peak {peak_mb():5.0f} MB  {verdict}"
    )


def main(argv: list[str]) -> None:
    if argv:
        run_case(argv[0])
        return
    for name in ["switch-points", *CASES]:  # fresh process: peak memory is per case
        subprocess.run([sys.executable, __file__, name], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
