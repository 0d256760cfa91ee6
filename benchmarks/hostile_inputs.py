"""Time and peak memory (resident set) of every hostile-input case, one process each.

Run:  python benchmarks/hostile_inputs.py

Builds each case of ``tests/corpus.py`` in a temporary folder, then loads it in a fresh
process (``engine.load_study``, or ``engine.load_weights`` for weights workbooks) and prints
the outcome, the wall time of the load and the peak resident memory of that process
(``VmHWM``, Linux; it includes about 90 MB of Python, numpy, pandas and openpyxl). Last, a
valid study workbook just under the cell limit. The bound (README, issue 7) is 5 s and
400 MB per input on the 2-core machine. Last, the bounded-work cases of issue 28
(``benchmarks/bounded_work.py``: commands on studies built to run long).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CHILD = r"""
import json, sys, time
from pathlib import Path
import engine
loader, path = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
try:
    if loader == "weights":
        engine.load_weights(path, engine.load_study(path.parent / "study"))
    else:
        engine.load_study(path)
    outcome = "accepted"
except engine.InputError as exc:
    outcome = ",".join(sorted({i.code for i in exc.issues}))
seconds = time.perf_counter() - start
status = Path("/proc/self/status").read_text()  # VmHWM: this process's own peak (kB)
peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))
"""


def main() -> int:
    from corpus import all_cases, large_text_cases

    worst_seconds = worst_mb = 0.0
    failures = 0
    for case in [*all_cases(), *large_text_cases()]:
        with tempfile.TemporaryDirectory() as folder:
            path = case.build(Path(folder))
            done = subprocess.run(
                [sys.executable, "-c", CHILD, case.loader, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        expected = case.code or "accepted"
        ok = expected in result["outcome"].split(",") and result["seconds"] < 5
        ok = ok and result["peak_mb"] < 400
        failures += not ok
        worst_seconds = max(worst_seconds, result["seconds"])
        worst_mb = max(worst_mb, result["peak_mb"])
        print(
            f"{case.name[:44]:44s} {result['seconds']:6.2f} s {result['peak_mb']:6.0f} MB  "
            f"{'ok' if ok else 'FAIL'}  {result['outcome'][:40]}"
        )
    largest = _largest_accepted_workbook()
    failures += not largest
    print(f"worst: {worst_seconds:.2f} s, {worst_mb:.0f} MB peak; {failures} case(s) out of bounds")
    print("\nbounded work (commands on inputs built to run long; benchmarks/bounded_work.py):")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bounded_work

    failures += bounded_work.main()
    return 1 if failures else 0


def _largest_accepted_workbook() -> bool:
    """A valid study workbook just under the cell limit: 300 options x 40 criteria."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sensitivity_speed as synthetic

    from engine.io.text.study_folder import read_folder
    from engine.io.workbooks.study_workbook_writer import write_study_workbook

    synthetic.OPTIONS, synthetic.OBJECTIVES, synthetic.CRITERIA_PER_OBJECTIVE = 300, 10, 4
    with tempfile.TemporaryDirectory() as folder:
        root = synthetic.write_synthetic_study(Path(folder) / "study")
        path = Path(folder) / "study.xlsx"
        write_study_workbook(read_folder(root), path)
        done = subprocess.run(
            [sys.executable, "-c", CHILD, "study", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    ok = result["outcome"] == "accepted" and result["seconds"] < 5 and result["peak_mb"] < 400
    print(
        f"{'valid workbook, 12,000 performance rows':44s} {result['seconds']:6.2f} s "
        f"{result['peak_mb']:6.0f} MB  {'ok' if ok else 'FAIL'}  {result['outcome']}"
    )
    return ok


if __name__ == "__main__":
    sys.exit(main())
