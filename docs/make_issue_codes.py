"""Write docs/issue-codes.md from the catalogue in engine/issue_codes.py.

Run ``python docs/make_issue_codes.py`` after adding or changing an issue code;
``tests/test_issue_codes.py`` fails until the page matches the catalogue.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's engine

from engine.issue_codes import markdown

if __name__ == "__main__":
    target = Path(__file__).with_name("issue-codes.md")
    target.write_text(markdown(), encoding="utf-8")
    print(f"wrote {target}")
