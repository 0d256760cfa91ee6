"""Scoring methods: pure numpy kernels plus a registry.

Every kernel has the signature ``kernel(matrix, weights, benefit, **params)``
where ``matrix`` is options x criteria (m x n), ``weights`` is one vector (n,)
or a batch (k x n) and ``benefit`` a boolean mask (n,); it returns the method's
native index, shape (m,) or (k x m). Kernels do no validation and no Python
loop per weight vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.errors import MethodError
from engine.methods.additive import additive
from engine.methods.promethee import promethee_ii
from engine.methods.topsis import topsis
from engine.methods.vikor import vikor
from engine.methods.weighted_product import weighted_product
from engine.ranking import rank as _rank


@dataclass(frozen=True)
class MethodSpec:
    """A registered method.

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
    """

    name: str
    kernel: Callable[..., np.ndarray]
    uses_values: bool
    higher_is_better: bool
    title: str
    needs_positive: bool = False


REGISTRY: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        MethodSpec("additive", additive, True, True, "Additive value model"),
        MethodSpec(
            "weighted_product", weighted_product, False, True, "Weighted product model", True
        ),
        MethodSpec("topsis", topsis, False, True, "TOPSIS (closeness to ideal)"),
        MethodSpec("vikor", vikor, False, False, "VIKOR (compromise index Q, lower is better)"),
        MethodSpec("promethee_ii", promethee_ii, False, True, "PROMETHEE II (net flow)"),
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
    index = spec.kernel(matrix, weights, benefit, **params)
    return _rank(index, higher_is_better=spec.higher_is_better)


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
