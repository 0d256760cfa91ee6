"""The README documents every issue code the engine can emit."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_issue_code_in_the_source_is_listed_in_the_readme():
    readme = ROOT.joinpath("README.md").read_text()
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, flags=re.M))
    source = "\n".join(p.read_text() for p in (ROOT / "engine").rglob("*.py"))
    literal = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source))
    literal -= {"utf-8-sig", "u-shape", "v-shape"}  # an encoding and PROMETHEE function names
    dynamic = {
        f"{kind}-unknown"
        for kind in ("option", "criterion", "source", "scenario", "profile", "node")
    }
    emitted = {c for c in literal | dynamic if not c.startswith(("tag-", "text-"))} | {
        c for c in literal if c.startswith("text-")
    }
    missing = emitted - listed
    assert not missing, f"codes missing from the README: {sorted(missing)}"


def test_quick_start_has_the_two_commands_ci_relies_on():
    readme = ROOT.joinpath("README.md").read_text()
    assert "pip install . && policyscore run" in readme
    assert 'pip install ".[test]" && pytest' in readme
