"""CPU cost of ``policyscore run`` on the shipped study against importing the command line.

Run:  python benchmarks/run_speed.py [REPEATS]

Measures, side by side in one run (alternating, REPEATS times each, default 5), the CPU
time (user + system, from the operating system's accounting of the child process) of

* ``python -c "import engine.cli"``: starting Python and importing the engine, and
* ``python -m engine run --quiet --out TMP.xlsx`` in the repository folder: the whole job
  on the shipped study (every scenario x profile pair, sensitivity sheets included),
  also with ``--no-portfolio``, and with ``--no-portfolio --sampling uniform --performance
  none`` (the run as issue 12 measured it),

and prints the medians and their ratio. Target (issue 25; 2x in issue 12): the run costs
at most 3x the import. Since the shipped study declares resources (issue 14), a run also
computes the portfolio sheets; the lighter runs are measured beside it. Then, in this process (the
repository's engine, not an installed copy), the CPU time of each stage of the run (read
and accept the study, compute the results, lay out the report, write the workbook).
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure the repository's engine, not an installed copy
TARGET = 3.0


def child_cpu(command: list[str]) -> float:
    """CPU seconds (user + system) the command's process used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def stages(out: Path) -> dict[str, float]:
    """CPU seconds of each stage of a run, in this process."""
    from engine.io.load import load_study
    from engine.io.report.excel_writer import write_report
    from engine.report import build_report
    from engine.results import RunSettings, compute_run

    times, clock = {}, time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        times[name], clock = now - clock, now

    study = load_study(ROOT)
    lap("read and accept the study")
    results = compute_run(study, RunSettings(study.scenarios, study.profiles))
    lap("compute the results")
    report = build_report(results)
    lap("lay out the report")
    write_report(report, out, [])
    lap("write the workbook")
    return times


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.xlsx"
        importing = [sys.executable, "-c", "import engine.cli"]
        running = [sys.executable, "-m", "engine", "run", "--quiet", "--out", str(out)]
        lighter = [*running, "--no-portfolio"]
        lightest = [*lighter, "--sampling", "uniform", "--performance", "none"]
        child_cpu(importing)  # warm the file cache and the bytecode
        imports, runs, light, lightest_runs = [], [], [], []
        for _ in range(repeats):
            imports.append(child_cpu(importing))
            runs.append(child_cpu(running))
            light.append(child_cpu(lighter))
            lightest_runs.append(child_cpu(lightest))
        base = statistics.median(imports)
        print(f"import engine.cli                  {base:6.2f} s CPU (median of {repeats})")
        for label, times in (
            ("policyscore run", runs),
            ("policyscore run --no-portfolio", light),
            ("  ... --sampling uniform --performance none", lightest_runs),
        ):
            run = statistics.median(times)
            verdict = "meets" if run / base <= TARGET else "misses"
            print(
                f"{label:<34} {run:6.2f} s CPU, ratio {run / base:4.2f} "
                f"({verdict} the target of {TARGET:g}x)"
            )
        print("\nstages of one run, in this process:")
        for name, seconds in stages(Path(folder) / "stages.xlsx").items():
            print(f"  {name:<28} {seconds:6.2f} s CPU")


if __name__ == "__main__":
    main()
