"""Write docs/issue-codes.md from the catalogue in engine/issue_codes.py.

Run ``python docs/make_issue_codes.py`` after adding or changing an issue code;
``tests/test_issue_codes.py`` fails until the page matches the catalogue.
"""

from pathlib import Path

from engine.issue_codes import markdown

if __name__ == "__main__":
    target = Path(__file__).with_name("issue-codes.md")
    target.write_text(markdown(), encoding="utf-8")
    print(f"wrote {target}")
