"""Speed and memory of the method kernels on 1,000,000 weight vectors (20 options x 15 criteria).

Run:  python benchmarks/methods_speed.py            (all methods, one fresh process each)
      python benchmarks/methods_speed.py topsis     (one method)

Prints, per method, the kernel time over the whole batch (computed in chunks of 65,536
weight vectors), the time including ranking, and the peak resident memory of the process
(which includes the 120 MB batch of weights itself). Targets (issue 4): additive and
weighted product <= 0.5 s, TOPSIS <= 0.8 s, PROMETHEE II <= 1.0 s, VIKOR <= 2.5 s, peak
memory < 1 GB. With pymcdm installed it also times a loop calling pymcdm once per weight
vector on 2,000 vectors and extrapolates to 1,000,000.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import numpy as np

from engine import methods
from engine.ranking import rank

OPTIONS, CRITERIA, SAMPLES, CHUNK = 20, 15, 1_000_000, 65_536
TARGETS = {
    "additive": 0.5,
    "weighted_product": 0.5,
    "topsis": 0.8,
    "promethee_ii": 1.0,
    "vikor": 2.5,
}


def problem(seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1, 100, (OPTIONS, CRITERIA))
    weights = rng.dirichlet(np.ones(CRITERIA), SAMPLES)
    benefit = rng.random(CRITERIA) < 0.7
    return matrix, weights, benefit


def run_one(name: str) -> None:
    matrix, weights, benefit = problem()
    spec = methods.get(name)
    start = time.perf_counter()
    scores = methods.score_in_chunks(name, matrix, weights, benefit, chunk=CHUNK)
    kernel_seconds = time.perf_counter() - start
    for first in range(0, SAMPLES, CHUNK):
        rank(scores[first : first + CHUNK], spec.higher_is_better)
    total_seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "ok" if kernel_seconds <= TARGETS[name] and peak_mb < 1024 else "OVER TARGET"
    print(
        f"{name:18s} kernel {kernel_seconds:6.3f} s  with ranks {total_seconds:6.3f} s  "
        f"peak {peak_mb:6.0f} MB  target {TARGETS[name]:.1f} s  {verdict}"
    )


def library_loop() -> None:
    try:
        from pymcdm.methods import TOPSIS
    except ImportError:
        print("pymcdm not installed: skipping the per-vector library loop (pip install pymcdm)")
        return
    matrix, weights, benefit = problem()
    types = np.where(benefit, 1, -1)
    method, count = TOPSIS(), 2_000
    start = time.perf_counter()
    for w in weights[:count]:
        method(matrix, w, types)
    per_million = (time.perf_counter() - start) / count * SAMPLES
    print(
        f"pymcdm TOPSIS, one call per weight vector: {per_million:,.0f} s per 1,000,000 "
        f"(extrapolated from {count:,})"
    )


def main(argv: list[str]) -> None:
    if argv:
        run_one(argv[0])
        return
    print(
        f"{SAMPLES:,} weight vectors, {OPTIONS} options x {CRITERIA} criteria, chunks of {CHUNK:,}"
    )
    for name in TARGETS:
        subprocess.run([sys.executable, __file__, name], check=True)
    library_loop()


if __name__ == "__main__":
    main(sys.argv[1:])
