"""Seeds and generators (SPEC 7): ``rng`` is an int, a Generator or None; no global state."""

from __future__ import annotations

import numpy as np

Seed = int | np.random.Generator | np.random.SeedSequence | None


def seed_sequence(rng: Seed) -> np.random.SeedSequence:
    """A SeedSequence from any accepted seed (a Generator gives fresh entropy from itself)."""
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**63)))
    return np.random.SeedSequence(rng)


def party_generators(rng: Seed, n: int) -> list[np.random.Generator]:
    """One independent generator per party of a run."""
    return [np.random.Generator(np.random.PCG64(s)) for s in seed_sequence(rng).spawn(n)]


def child_seed(parent: np.random.SeedSequence, i: int) -> np.random.SeedSequence:
    """The ``i``-th child :meth:`~numpy.random.SeedSequence.spawn` would give ``parent``
    (counting from its children spawned so far), made alone: ``run_seeds(rng, n)[i]``
    without building the other ``n - 1``."""
    return np.random.SeedSequence(
        parent.entropy,
        spawn_key=(*parent.spawn_key, parent.n_children_spawned + i),
        pool_size=parent.pool_size,
    )


def run_seeds(rng: Seed, runs: int) -> list[np.random.SeedSequence]:
    """One child SeedSequence per run, so serial and batched runs match."""
    return seed_sequence(rng).spawn(runs)
