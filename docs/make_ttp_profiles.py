"""Write the shipped study's illustrative lenses from their swing weights (issue 24, item 7).

``docs/ttp-swing-weights.yaml`` gives, per lens, points for each criterion's swing over its
**actual range**: from the worst to the best value any option reaches in any scenario. On a
value scale that spans the whole of each criterion's scale, the weight of criterion ``j`` is

.. math:: w_j = \\frac{s_j / \\Delta v_j}{\\sum_k s_k / \\Delta v_k},

with ``s_j`` the swing points and ``\\Delta v_j`` the actual swing in value points (0-100):
the weight on the whole scale that makes the actual swing worth ``s_j`` (Belton and Stewart
2002, *Multiple Criteria Decision Analysis*, sec. 5.4). Each profile's ``weights`` block in
``criteria/profiles.yaml`` is rewritten with these as criterion points and each objective's
points as the sum of its criteria's, so the tree's normalisation among siblings gives back
``w_j``. Run after any change that moves an actual range (a cell, an option, a scenario);
``tests/test_ttp_baseline.py`` checks that the profiles are current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
SWINGS = ROOT / "docs" / "ttp-swing-weights.yaml"
PROFILES = ROOT / "criteria" / "profiles.yaml"


def actual_swings(study) -> dict[str, float]:
    """Criterion -> worst-to-best swing in value points over every option and scenario."""
    values = np.stack([study.values(s).to_numpy() for s in study.scenarios])
    spread = values.max(axis=(0, 1)) - values.min(axis=(0, 1))
    return dict(zip(study.criteria, spread.tolist(), strict=True))


def scale_weights(study, points: dict[str, float]) -> dict[str, float]:
    """Criterion -> weight (summing to 1) of swing ``points`` over the actual swings."""
    swings = actual_swings(study)
    raw = {c: points[c] / swings[c] for c in study.criteria}
    total = sum(raw.values())
    return {c: w / total for c, w in raw.items()}


def weights_block(study, weights: dict[str, float]) -> list[str]:
    """The YAML lines of a profile's weights: objectives, then criteria, in percent."""
    lines = []
    for objective in study.tree.children(None):
        share = sum(weights[c] for c in study.tree.children(objective))
        lines.append(f"      {objective}: {100 * share:.4g}")
    lines += [f"      {c}: {100 * weights[c]:.4g}" for c in study.criteria]
    return lines


def rewrite(text: str, profile: str, block: list[str]) -> str:
    """``text`` with the weights block of ``profile`` replaced by ``block``."""
    pattern = re.compile(
        rf"(  - id: {re.escape(profile)}\n(?:    .*\n)*?    weights:\n)((?:      .*\n)+)"
    )
    found = pattern.search(text)
    if found is None:
        raise SystemExit(f"no weights block for profile '{profile}' in {PROFILES}")
    return text[: found.start(2)] + "\n".join(block) + "\n" + text[found.end(2) :]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import engine

    study = engine.load_study(ROOT)
    swings = yaml.safe_load(SWINGS.read_text(encoding="utf-8"))
    text = PROFILES.read_text(encoding="utf-8")
    for profile, points in swings.items():
        text = rewrite(text, profile, weights_block(study, scale_weights(study, points)))
    PROFILES.write_text(text, encoding="utf-8")
    print(f"wrote {PROFILES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
