"""Stage 2 of a sweep: prepare once (docs/sweeps.md, "The pipeline").

:func:`prepare` compiles a :class:`~accord.sweep.plan.SweepJob` once per process: the base
scenario's arrays (:func:`accord.sweep.variants.build_base`: outcome space, feasibility,
red lines' violation masks, option values), the strategies' concession schedules when the
vectorised engine can run them, their acceptance conditions, and the settlement groups of a
scenario with tracks. Every chunk of the process reads the same :class:`Prepared`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.registry import ALTERNATING
from accord.negotiation.strategy import ScheduledStrategy
from accord.sweep.plan import SweepJob
from accord.sweep.simulate import (
    GroupSpace,
    concession,
    group_spaces,
)
from accord.sweep.variants import (
    Base,
    build_base,
)


@dataclass(frozen=True, eq=False)
class Prepared:
    """A job compiled in one process."""

    base: Base
    alphas: tuple[NDArray[np.float64], ...] | None  # vectorized engine when not None
    acceptances: tuple[Acceptance, ...]
    groups: tuple[GroupSpace, ...] = ()  # settlement groups of a scenario with tracks


_PREPARED: dict[str, Prepared] = {}


def prepare(job: SweepJob) -> Prepared:
    """Compile ``job`` (once per process)."""
    key = job.fingerprint
    hit = _PREPARED.get(key)
    if hit is not None:
        return hit
    base = build_base(job.scenario, job.uncertainty)
    alphas: tuple[NDArray[np.float64], ...] | None = None
    acceptances: tuple[Acceptance, ...] = ()
    if job.protocol is not None:
        if job.schedule is None:
            raise ConfigurationError("a simulated sweep needs a schedule (rounds)")
        ids = [job.scenario.parties[int(c)].id for c in base.bargaining]
        found = [concession(job.strategies[pid], pid, job.schedule.rounds) for pid in ids]
        if job.protocol == ALTERNATING and all(a is not None for a in found):
            alphas = tuple(a for a in found if a is not None)
            acceptances = tuple(
                s.acceptance
                for s in (job.strategies[pid] for pid in ids)
                if isinstance(s, ScheduledStrategy)
            )
    groups = group_spaces(base) if job.protocol is not None else ()
    prepared = Prepared(base, alphas, acceptances, groups)
    _PREPARED.clear()  # one job per process at a time
    _PREPARED[key] = prepared
    return prepared


def vectorized(job: SweepJob) -> bool:
    """Whether the job's simulation runs on the variant-vectorized engine."""
    return job.protocol is None or prepare(job).alphas is not None
