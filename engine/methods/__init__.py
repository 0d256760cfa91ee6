"""Scoring methods: pure numpy kernels plus a registry.

Every kernel has the signature ``kernel(matrix, weights, benefit, **params)``
where ``matrix`` is options x criteria (m x n), ``weights`` is one vector (n,)
or a batch (k x n) and ``benefit`` a boolean mask (n,); it returns the method's
native index, shape (m,) or (k x m). Kernels do no validation and no Python
loop per weight vector.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.errors import MethodError
from engine.methods.additive import additive
from engine.methods.promethee import promethee_ii, promethee_tables
from engine.methods.topsis import topsis, topsis_details
from engine.methods.vikor import vikor, vikor_tables
from engine.methods.weighted_product import weighted_product
from engine.ranking import TIE_TOLERANCE
from engine.ranking import rank as _rank


@dataclass(frozen=True)
class MethodSpec:
    """A registered method and everything a caller needs to know about it.

    Callers ask the spec, never the method's name: which table it scores, how its
    index is oriented, its tie tolerance, its default parameters and the
    intermediate tables it can show.

    Attributes
    ----------
    name : str
        Registry name.
    kernel : callable
        ``kernel(matrix, weights, benefit, **params)``.
    uses_values : bool
        True when the kernel takes the 0-100 value table, False for raw performances.
    higher_is_better : bool
        Orientation of the native index.
    title : str
        Human-readable name for reports.
    needs_positive : bool
        True when every performance must be strictly positive (weighted product).
    linear : bool
        True when the index is ``weights @ table.T`` (the additive model): scores of
        sampled tables are one product, contributions ``w_j v_ij`` sum to the score, and
        the live report can recompute it with spreadsheet formulas.
    tie_tolerance : float
        Scores closer than this share a rank (:mod:`engine.ranking`).
    relative_ties : bool
        The tolerance is relative to the scores' magnitude (indices whose size depends
        on the units); otherwise absolute on a bounded index.
    defaults : mapping
        Default parameters (e.g. VIKOR's ``v``), recorded in reports.
    parameters : str
        What the method's parameters are, in words, for Run info.
    details : callable or None
        ``details(matrix, weights, benefit, **params) -> {name: ndarray (m,) or (m, n)}``:
        the intermediate tables behind one score vector (VIKOR's S and R, PROMETHEE's
        criterion flows, TOPSIS's distances).
    """

    name: str
    kernel: Callable[..., np.ndarray]
    uses_values: bool
    higher_is_better: bool
    title: str
    needs_positive: bool = False
    linear: bool = False
    tie_tolerance: float = TIE_TOLERANCE
    relative_ties: bool = False
    defaults: Mapping[str, Any] = field(default_factory=dict)
    parameters: str = "none"
    details: Callable[..., dict[str, np.ndarray]] | None = None
    criterion_preferences: bool = False
    """Takes a preference function and thresholds per criterion from the criteria files."""

    def rank(self, scores: np.ndarray) -> np.ndarray:
        """Ranks (1 = best) of native scores, with this method's orientation and ties."""
        return _rank(
            scores,
            higher_is_better=self.higher_is_better,
            tolerance=self.tie_tolerance,
            relative=self.relative_ties,
        )

    def oriented(self, scores: np.ndarray) -> np.ndarray:
        """Scores oriented so that higher is better."""
        scores = np.asarray(scores, dtype=float)
        return scores if self.higher_is_better else -scores

    @property
    def tie_rule(self) -> str:
        """The tie rule in words, for reports."""
        kind = "relative to the larger score" if self.relative_ties else "absolute"
        return (
            f"options whose {self.title} scores differ by at most "
            f"{self.tie_tolerance:g} ({kind}) share the better rank"
        )


REGISTRY: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        MethodSpec(
            "additive",
            additive,
            uses_values=True,
            higher_is_better=True,
            title="Additive value model",
            linear=True,
            parameters="value functions of the criteria files (performance -> 0-100 value)",
        ),
        MethodSpec(
            "weighted_product",
            weighted_product,
            uses_values=False,
            higher_is_better=True,
            title="Weighted product model",
            needs_positive=True,
            relative_ties=True,
            parameters="raw performances; weights as exponents, cost criteria inverted",
        ),
        MethodSpec(
            "topsis",
            topsis,
            uses_values=False,
            higher_is_better=True,
            title="TOPSIS (closeness to ideal)",
            defaults={"normalisation": "vector"},
            parameters="vector normalisation; ideal and anti-ideal from the options",
            details=topsis_details,
        ),
        MethodSpec(
            "vikor",
            vikor,
            uses_values=False,
            higher_is_better=False,
            title="VIKOR (compromise index Q, lower is better)",
            defaults={"v": 0.5},
            parameters="v = 0.5 (weight of the majority rule)",
            details=vikor_tables,
        ),
        MethodSpec(
            "promethee_ii",
            promethee_ii,
            uses_values=False,
            higher_is_better=True,
            title="PROMETHEE II (net flow)",
            parameters="preference function and q, p, s thresholds of each criterion "
            "(criteria files)",
            details=promethee_tables,
            criterion_preferences=True,
        ),
    )
}


def get(name: str) -> MethodSpec:
    """The registered method ``name``; an unknown name lists the valid ones."""
    try:
        return REGISTRY[name]
    except KeyError:
        valid = ", ".join(sorted(REGISTRY))
        raise MethodError(f"unknown method '{name}'; valid methods: {valid}") from None


def names() -> list[str]:
    """Registered method names, sorted."""
    return sorted(REGISTRY)


def score_in_chunks(
    name: str,
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    chunk: int = 65_536,
    **params,
) -> np.ndarray:
    """Native index for a large batch (k, n) of weight vectors, ``chunk`` rows at a time.

    The result is the same as one kernel call; working memory stays bounded by
    the chunk size (VIKOR and PROMETHEE build per-chunk intermediates).
    """
    kernel = get(name).kernel
    weights = np.asarray(weights, dtype=float)
    out = np.empty((weights.shape[0], np.asarray(matrix).shape[0]))
    for start in range(0, weights.shape[0], chunk):
        out[start : start + chunk] = kernel(
            matrix, weights[start : start + chunk], benefit, **params
        )
    return out


def rank(
    name: str, matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, **params
) -> np.ndarray:
    """Ranks (1 = best) of the options under method ``name``; same shapes as the kernel."""
    spec = get(name)
    return spec.rank(spec.kernel(matrix, weights, benefit, **params))


__all__ = [
    "REGISTRY",
    "MethodSpec",
    "additive",
    "get",
    "names",
    "promethee_ii",
    "rank",
    "score_in_chunks",
    "topsis",
    "vikor",
    "weighted_product",
]
