"""Bounded work (issue 28, class 1): commands on inputs built to make them run long.

Run:  python benchmarks/bounded_work.py

Each case writes a small study built to be expensive, runs ``policyscore portfolio`` on it
in a fresh process (two minutes at most) and prints the exit code, wall time and peak
resident memory of that process. The promise: decided within about 5 s per study-sized
unit of work and 400 MB beyond the data, or stopped at a stated limit.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
TIMEOUT = 120


from cost_study import cost_study as _study  # noqa: E402
from generated_study import generated_records  # noqa: E402

CASES = {
    "costs totalling 6 (frontier step near the solver's tolerance)": lambda root: _study(
        root, 8, lambda k: 1 + (k * 7) % 5, lambda k: 0.25 * (1 + k % 3)
    ),
    "17 measures, all 2^17 packages efficient": lambda root: _study(
        root, 17, lambda k: 2**k, lambda k: 2**k
    ),
    "2,000 at-most constraints": lambda root: _study(
        root,
        20,
        lambda k: 1 + (k * 7) % 9,
        lambda k: 1 + k % 4,
        [
            {
                "id": f"c{n}",
                "kind": "at_most",
                "options": [f"m{n % 20}", f"m{(n + 1) % 20}"],
                "count": 1,
            }
            for n in range(2000)
        ],
    ),
}


def run(args: list[str]) -> tuple[int | str, float, float]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "engine", *args], capture_output=True, timeout=TIMEOUT
        )
        code: int | str = done.returncode
    except subprocess.TimeoutExpired:
        code = f"still running after {TIMEOUT} s"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return code, seconds, peak


def hard_study(folder: Path) -> int:
    """A generated 300 x 100 study whose every program is hard (levels past both scale
    ends), with the default 2,000 samples: bounded by the time limit, and in memory by the
    sample chunks (the samples were all drawn before the first program: 5 GB reported)."""
    from engine.io.text.study_folder_writer import write_study_folder

    study = folder / "hard"
    write_study_folder(generated_records(300, 100, 1, profiles=1, portfolio=True), study)
    args = ["portfolio", str(study), "--quiet", "--time-limit", "30"]
    code, seconds, peak = run([*args, "--out", str(folder / "hard.xlsx")])
    ok = code == 0 and seconds < 30 + 10 and peak < 400 + 100
    name = "300 x 100, every program hard, 2,000 samples, --time-limit 30"
    print(
        f"{name:60s} exit {code}  {seconds:6.1f} s  peak {peak:5.0f} MB  {'ok' if ok else 'OVER'}"
    )
    return 0 if ok else 1


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, build in CASES.items():
            root = build(Path(folder) / name.split()[0])
            code, seconds, peak = run(
                [
                    "portfolio",
                    str(root),
                    "--quiet",
                    "--samples",
                    "20",
                    "--out",
                    str(root / "p.xlsx"),
                ]
            )
            ok = code == 0 and seconds < 10
            failures += not ok
            verdict = "ok" if ok else "OVER"
            print(f"{name[:60]:60s} exit {code}  {seconds:6.1f} s  peak {peak:5.0f} MB  {verdict}")
        limited = ["--samples", "20", "--time-limit", "5", "--out", str(root / "q.xlsx")]
        code, seconds, peak = run(["portfolio", str(root), "--quiet", *limited])
        ok = code == 0 and seconds < 20
        failures += not ok
        print(
            f"{'... the same with --time-limit 5 (stops and says so)':60s} exit {code}  "
            f"{seconds:6.1f} s  {'ok' if ok else 'OVER'}"
        )
        failures += hard_study(Path(folder))
        code, seconds, peak = run(["portfolio", str(root), "--samples", str(10**9)])
        ok = code == 3 and seconds < 10
        failures += not ok
        verdict = "ok" if ok else "OVER"
        said = "--samples 1e9 (refused before any work)"
        print(f"{said:60s} exit {code}  {seconds:6.1f} s  {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
