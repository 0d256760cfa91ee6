"""Ensembles of generated futures: a space-filling design over the drivers, in blocks.

The design is drawn whole, once, from the run's seed (a Latin hypercube, McKay, Beckman
and Conover 1979, or a scrambled Sobol sequence, Owen 1998, both from
:mod:`scipy.stats.qmc`) and scaled to each driver's range. Work is cut into **blocks** of
:data:`BLOCK` futures; anything random inside a block (cell spreads, weights) is drawn from
a generator seeded by the run's seed and the block's index, and every float sum is formed
per block and added in block order. So results are identical for any chunk size (a chunk
is a run of whole blocks) and any executor.

References
----------
McKay, M. D., Beckman, R. J. and Conover, W. J. (1979). A comparison of three methods for
selecting values of input variables in the analysis of output from a computer code.
*Technometrics* 21(2), 239-245.
Owen, A. B. (1998). Scrambling Sobol' and Niederreiter-Xing points. *Journal of
Complexity* 14(4), 466-489.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

DESIGNS = ("latin", "sobol")
BLOCK = 1024
"""Futures per block: the unit of seeding and of float sums (fixed: results depend on it)."""
MAX_FUTURES = 10_000_000
MAX_CHUNK_BLOCKS = 128
SOLO_CHUNK_BLOCKS = 32
"""Largest chunk chosen by default (131,072 futures: about 100 MB of work in flight)."""


@dataclass(frozen=True)
class Ensemble:
    """How many futures, drawn how, from which seed, and what else varies with them.

    Attributes
    ----------
    futures : number of generated futures
    design : 'latin' (Latin hypercube) or 'sobol' (scrambled Sobol)
    seed : the run's seed
    chunk_blocks : blocks per chunk sent to a worker (no effect on results; None: about
        four chunks per worker, at most :data:`MAX_CHUNK_BLOCKS` blocks each)
    cell_spread : also draw each cell within the base scenario's low-high range around
        its superposed value (triangular), as SMAA draws performance
    weight_concentration : also draw each profile's weights per future from a Dirichlet
        around them with this concentration (None: the profiles' weights as given)
    """

    futures: int = 10_000
    design: str = "latin"
    seed: int = 20250101
    chunk_blocks: int | None = None
    cell_spread: bool = False
    weight_concentration: float | None = None

    @property
    def blocks(self) -> int:
        return -(-self.futures // BLOCK)

    def chunk_size(self, workers: int) -> int:
        """Blocks per chunk: as asked; in one process :data:`SOLO_CHUNK_BLOCKS`; over
        several workers about four chunks each (fewer chunks, less for the main process to
        fold while the workers compute), at most :data:`MAX_CHUNK_BLOCKS`."""
        if self.chunk_blocks is not None:
            return self.chunk_blocks
        if workers <= 1:
            return SOLO_CHUNK_BLOCKS
        return max(1, min(MAX_CHUNK_BLOCKS, -(-self.blocks // (4 * workers))))


def design(ensemble: Ensemble, ranges: np.ndarray) -> np.ndarray:
    """Driver positions (futures, drivers) of the ensemble, scaled to ``ranges``
    (drivers, 2); a driver whose range is one point stays there."""
    import scipy.stats.qmc as qmc  # scipy is imported only by explore

    drivers = len(ranges)
    rng = np.random.default_rng(np.random.SeedSequence(ensemble.seed))
    if ensemble.design == "sobol":
        sampler = qmc.Sobol(drivers, scramble=True, seed=rng)
        with warnings.catch_warnings():  # balance needs a power of two; said in the docs
            warnings.simplefilter("ignore", UserWarning)
            unit = sampler.random(ensemble.futures)
    elif ensemble.design == "latin":
        unit = qmc.LatinHypercube(drivers, seed=rng).random(ensemble.futures)
    else:
        raise ValueError(f"unknown design '{ensemble.design}'; valid: {', '.join(DESIGNS)}")
    low, high = ranges[:, 0], ranges[:, 1]
    return low + unit * (high - low)


def block_rng(seed: int, block: int) -> np.random.Generator:
    """The generator of one block: the run's seed and the block's index."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))


@dataclass(frozen=True)
class Chunk:
    """A run of whole blocks: the first block's index and the positions of its futures."""

    first_block: int
    points: np.ndarray


def chunks(points: np.ndarray, chunk_blocks: int):
    """The design cut into chunks of ``chunk_blocks`` blocks (lazily: a pool takes them
    as workers free up)."""
    step = BLOCK * chunk_blocks
    for start in range(0, len(points), step):
        yield Chunk(start // BLOCK, points[start : start + step])
