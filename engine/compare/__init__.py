"""Differences between runs, weight sets and study versions (``policyscore compare``).

The inputs are read by :func:`engine.io.compare_inputs.read_inputs`."""

from engine.compare.differences import Comparison, compare
from engine.compare.inputs import Compared

__all__ = ["Compared", "Comparison", "compare"]
