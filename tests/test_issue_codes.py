"""The issue-code catalogue (engine/issue_codes.py) is complete and its page is generated."""

import re
from pathlib import Path

from engine.errors import Severity
from engine.issue_codes import CATALOGUE, CODES, markdown

ROOT = Path(__file__).resolve().parents[1]


def emitted_codes() -> set[str]:
    """Every kebab-case code the engine's source can emit (literals and f-string kinds)."""
    source = "\n".join(
        p.read_text() for p in (ROOT / "engine").rglob("*.py") if p.name != "issue_codes.py"
    )
    literal = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source))
    literal -= {"utf-8-sig", "u-shape", "v-shape"}  # an encoding and PROMETHEE function names
    dynamic = {
        f"{kind}-unknown"
        for kind in ("option", "criterion", "source", "scenario", "profile", "node")
    }
    return {c for c in literal | dynamic if not c.startswith("tag-")}


def test_every_code_the_engine_emits_is_in_the_catalogue():
    missing = emitted_codes() - set(CODES)
    assert not missing, f"codes missing from engine/issue_codes.py: {sorted(missing)}"


def test_every_catalogue_entry_is_emitted_somewhere():
    dead = set(CODES) - emitted_codes()
    assert not dead, f"catalogue entries the engine never emits: {sorted(dead)}"


def test_codes_are_unique_and_complete():
    assert len(CODES) == len(CATALOGUE)
    for entry in CATALOGUE:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", entry.code)
        assert entry.severity in (Severity.ERROR, Severity.WARNING)
        assert entry.cause.strip() and entry.fix.strip()


def test_the_docs_page_is_generated_from_the_catalogue():
    page = ROOT.joinpath("docs", "issue-codes.md").read_text(encoding="utf-8")
    assert page == markdown(), "run: python docs/make_issue_codes.py"
