"""Randomness in accord: one convention, one place (Scientific Python SPEC 7).

Every public function of accord that draws random numbers takes a keyword ``rng``:

``None`` (the default)
    fresh entropy from the operating system: each call differs. Sweeps record the
    entropy they drew (:attr:`accord.sweep.SweepSummary.seed`), so a sweep run without a
    seed can still be reproduced.
an ``int`` (>= 0)
    a seed: the same int gives the same results, in one process, on a process pool or on a
    Dask cluster.
a :class:`numpy.random.Generator`
    used as the source of randomness (it advances). Where independent streams are needed
    (one per run, one per party) one draw from it seeds a :class:`~numpy.random.SeedSequence`
    whose children are spawned.
a :class:`numpy.random.SeedSequence`
    its spawned children seed the runs: ``SeedSequence(s)`` gives the same results as ``s``.

No function reads or sets NumPy's global random state. Streams of runs come from
:meth:`numpy.random.SeedSequence.spawn`, so run ``i`` of a simulation or a sweep depends on
the seed and ``i`` only, never on how runs are batched or where they run.

``rng`` is the one name (SPEC 7): no function takes ``seed=``. The command line keeps its
``--seed`` flag and the HTTP API its ``seed`` field; they pass ``rng=`` to the library.

This module sits below every layer (like :mod:`accord.errors`): it imports nothing of accord
but the errors.
"""

from __future__ import annotations

import numpy as np

from accord.errors import ParameterError

RNG = int | np.random.Generator | np.random.SeedSequence | None
"""What an ``rng`` parameter accepts (see the module docstring)."""


#: Bits a Generator draws to seed a SeedSequence. 63 keeps the numbers every earlier release
#: gave for a Generator passed to a simulation.
_GENERATOR_BITS = 63


def check_rng(rng: object, name: str = "rng") -> RNG:
    """``rng`` itself when it is one of the accepted values, else a
    :class:`~accord.errors.ParameterError` naming ``name``.

    >>> check_rng(7)
    7
    >>> check_rng(-1)
    Traceback (most recent call last):
    ...
    accord.errors.ParameterError: rng must be a whole number >= 0, got -1
    """
    if rng is None or isinstance(rng, np.random.Generator | np.random.SeedSequence):
        return rng
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        if rng >= 0:
            return int(rng)
        raise ParameterError(name, f"must be a whole number >= 0, got {rng!r}")
    raise ParameterError(
        name,
        f"must be None, a whole number >= 0, a numpy Generator or a SeedSequence, got {rng!r}",
    )


def generator(rng: RNG) -> np.random.Generator:
    """A :class:`~numpy.random.Generator` from ``rng`` (:func:`numpy.random.default_rng`: a
    Generator is returned as it is)."""
    return np.random.default_rng(check_rng(rng))


def seed_sequence(rng: RNG) -> np.random.SeedSequence:
    """A :class:`~numpy.random.SeedSequence` from ``rng``: itself, ``SeedSequence(int)``,
    fresh entropy for None, or seeded by one draw from a Generator (which advances)."""
    rng = check_rng(rng)
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(2**_GENERATOR_BITS)))
    return np.random.SeedSequence(rng)


def recorded_seed(rng: RNG) -> np.random.SeedSequence:
    """The root :class:`~numpy.random.SeedSequence` of a sweep, whose ``entropy`` (a whole
    number) and ``spawn_key`` are written to its output so it can be run again.

    None draws fresh entropy, an int is the entropy, a Generator gives one draw (so a
    seeded Generator gives the same sweep), and a SeedSequence is used as it is when its
    entropy is one whole number (``SeedSequence(42)``, ``SeedSequence()``, their spawned
    children); a SeedSequence built from a list of numbers is refused, since the output
    records one number.
    """
    ss = seed_sequence(rng)
    if not isinstance(ss.entropy, int):
        raise ParameterError(
            "rng",
            "must be a SeedSequence of one whole number (SeedSequence(42) or SeedSequence()) "
            f"for a sweep, which records its seed; got entropy {ss.entropy!r}",
        )
    return ss


def substream(rng: RNG, salt: int) -> np.random.Generator:
    """A Generator for a secondary use of ``rng`` (such as a bootstrap), independent of
    the streams the runs draw from it: ``default_rng([seed, salt])`` for an int seed, the
    same for a SeedSequence's entropy (with its ``spawn_key``), the Generator itself, or
    fresh entropy for None."""
    rng = check_rng(rng)
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, int):
        return np.random.default_rng([rng, salt])
    words = [rng.entropy] if isinstance(rng.entropy, int) else list(rng.entropy or [])
    return np.random.default_rng(
        np.random.SeedSequence([*words, salt], spawn_key=rng.spawn_key, pool_size=rng.pool_size)
    )


def party_generators(rng: RNG, n: int) -> list[np.random.Generator]:
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


def run_seeds(rng: RNG, runs: int) -> list[np.random.SeedSequence]:
    """One child SeedSequence per run, so serial and batched runs match."""
    return seed_sequence(rng).spawn(runs)
