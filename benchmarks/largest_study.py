"""``policyscore run`` on a study at the option and criterion limits: time and peak memory.

Run:  python benchmarks/largest_study.py [OPTIONS CRITERIA]

Writes a study folder of OPTIONS x CRITERIA (default 500 x 200, the study limits) with
one scenario and one profile, every cell with a low/high range (so the tornado has a
factor per cell), then runs ``policyscore run`` on it in a fresh process and prints wall
time and peak resident memory. Target (issue 13): within 60 s and 2 GB.

Then it loads the same study with its scenario file in YAML and in TOML (each in a fresh
process) and prints the load times: every input is decided within 5 s (issue 13).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from engine.io.text.study_folder_writer import write_study_folder
from engine.study_records import StudyRecords

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from generated_study import generated_records

SECONDS, MEGABYTES = 60, 2048


def records(options: int, criteria: int, portfolio: bool = False) -> StudyRecords:
    """One scenario, one profile, ten objectives (``tests/generated_study.py``)."""
    return generated_records(
        options, criteria, 1, profiles=1, groups=10, portfolio=portfolio, seed=0
    )


LOAD = (
    "import sys, time, engine; t = time.perf_counter(); engine.load_study(sys.argv[1]); "
    "print(time.perf_counter() - t)"
)


def toml_text(table: dict, prefix: str = "") -> str:
    """A nested mapping of scalars as TOML (bare keys; enough for the generated study)."""
    lines = [f"{k} = {json.dumps(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for key, value in table.items():
        if isinstance(value, dict):
            name = f"{prefix}.{key}" if prefix else str(key)
            if any(not isinstance(v, dict) for v in value.values()):
                lines.append(f"\n[{name}]")
            lines.append(toml_text(value, name))
    return "\n".join(lines)


def load_seconds(study: Path) -> float:
    done = subprocess.run([sys.executable, "-c", LOAD, str(study)], capture_output=True, text=True)
    return float(done.stdout) if done.returncode == 0 else float("nan")


def report_loads(study: Path) -> None:
    yaml_seconds = load_seconds(study)
    scenario = study / "scenarios" / "future_0.yaml"
    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    scenario.with_suffix(".toml").write_text(toml_text(data) + "\n", encoding="utf-8")
    scenario.unlink()
    toml_seconds = load_seconds(study)
    for kind, seconds in (("YAML", yaml_seconds), ("TOML", toml_seconds)):
        verdict = "ok" if seconds < 5 else "OVER"
        print(f"load with the scenario in {kind}: {seconds:.1f} s (target 5 s) {verdict}")


def main() -> None:
    options, criteria = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (500, 200)
    with tempfile.TemporaryDirectory() as folder:
        study = Path(folder) / "study"
        write_study_folder(records(options, criteria), study)
        command = [sys.executable, "-m", "engine", "run", str(study), "--quiet"]
        command += ["--out", str(Path(folder) / "report.xlsx")]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report_loads(study)
    verdict = "ok" if done.returncode == 0 and seconds < SECONDS and peak < MEGABYTES else "OVER"
    print(
        f"{options} options x {criteria} criteria: exit {done.returncode}, {seconds:.1f} s, "
        f"peak {peak:.0f} MB (target {SECONDS} s, {MEGABYTES} MB) {verdict}"
    )
    if done.returncode != 0:
        print(done.stderr[-2000:])


if __name__ == "__main__":
    main()
