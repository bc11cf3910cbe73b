"""A sweep's job and the unit of work every executor runs: a chunk of runs.

:class:`SweepJob` holds everything a worker needs (the scenario, its validated
uncertainty, the seed, protocol, strategies and schedule). It is small and picklable, so
it travels to local processes and Dask workers alike; each process compiles it once
(:func:`prepare`) and then runs chunks with :func:`run_chunk`. A chunk's columns depend
only on the job and the run ids, never on where or with what else it ran.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.errors import ConfigurationError
from accord.model import Scenario
from accord.negotiation.acceptance import Acceptance
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy
from accord.sweep.sampling import dimensions, draw, draw_uniforms, run_generators
from accord.sweep.simulate import (
    ALTERNATING,
    concession,
    simulate_fallback,
    simulate_vectorized,
)
from accord.sweep.uncertainty import Uncertainty
from accord.sweep.variants import (
    Base,
    build_base,
    make_variants,
    reservation_at,
    reservation_at_deadline,
    utilities,
)
from accord.sweep.zopa import acceptable, binding, violations

Columns = dict[str, NDArray[np.generic]]


@dataclass(frozen=True, eq=False)
class SweepJob:
    """What to run: ``runs`` variants of ``scenario`` drawn from ``uncertainty`` with
    ``seed``, analysed, and simulated under ``protocol`` when it is given."""

    scenario: Scenario
    uncertainty: Uncertainty
    runs: int
    seed: int
    protocol: str | None = None
    strategies: Mapping[str, Strategy] = field(default_factory=dict)
    schedule: Schedule | None = None
    rounds: int | None = None  # the round budget used for drifts at the deadline

    @property
    def fingerprint(self) -> str:
        """A digest of everything that determines the results (for resuming)."""
        text = repr(
            (
                self.scenario,
                self.uncertainty,
                self.seed,
                self.runs,
                self.protocol,
                sorted((k, repr(v)) for k, v in self.strategies.items()),
                self.schedule,
                self.rounds,
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True, eq=False)
class Prepared:
    """A job compiled in one process."""

    base: Base
    alphas: tuple[NDArray[np.float64], ...] | None  # vectorized engine when not None
    acceptances: tuple[Acceptance, ...]


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
    prepared = Prepared(base, alphas, acceptances)
    _PREPARED.clear()  # one job per process at a time
    _PREPARED[key] = prepared
    return prepared


def vectorized(job: SweepJob) -> bool:
    """Whether the job's simulation runs on the variant-vectorized engine."""
    return job.protocol is None or prepare(job).alphas is not None


def run_chunk(job: SweepJob, start: int, stop: int) -> Columns:
    """Sample, analyse and (with a protocol) simulate runs ``start..stop-1``."""
    prep = prepare(job)
    base = prep.base
    sc = job.scenario
    gens = run_generators(job.seed, start, stop)
    uniforms = draw_uniforms(gens, dimensions(job.uncertainty, len(sc.issues)))
    v = make_variants(base, draw(job.uncertainty, uniforms, base.defaults, len(sc.issues)))
    u = utilities(base, v, base.bargaining)
    viol = violations(base, v, u, v.reservation)
    acc = acceptable(base, viol)
    zopa: NDArray[np.bool_] = np.asarray(acc.any(axis=1))
    cols: Columns = {
        "run": np.arange(start, stop, dtype=np.int64),
        "zopa": zopa,
        "zopa_size": acc.sum(axis=1).astype(np.int64),
    }
    if job.uncertainty.drifts:
        d_end = reservation_at_deadline(base, v, job.rounds)
        zopa_end = np.asarray(acceptable(base, violations(base, v, u, d_end)).any(axis=1))
    else:
        zopa_end = zopa
    cols["zopa_deadline"] = zopa_end
    bind = binding(base, viol, zopa)
    for j, key in enumerate(base.requirement_keys):
        cols[f"binding:{key}"] = bind[:, j]
    if job.protocol is not None:
        assert job.schedule is not None
        if prep.alphas is not None:
            start_d, step = reservation_at(base, v, job.schedule.rounds)
            sim = simulate_vectorized(
                base,
                v,
                u,
                alphas=prep.alphas,
                acceptances=prep.acceptances,
                start=start_d,
                step=step,
                rounds=job.schedule.rounds,
            )
        else:
            sim = simulate_fallback(
                base,
                v,
                protocol=job.protocol,
                strategies=job.strategies,
                schedule=job.schedule,
                gens=gens,
            )
        cols["agreement"] = sim.ending == 0
        cols["ending"] = sim.ending
        cols["rounds"] = sim.rounds
        cols["outcome"] = sim.outcome
        agreed = sim.outcome >= 0
        pos = base.positions[np.where(agreed, sim.outcome, 0)]
        for k, issue in enumerate(sc.issues):
            cols[f"outcome:{issue.id}"] = np.where(agreed, pos[:, k], -1).astype(np.int16)
    for name, x in v.inputs.items():
        cols[f"input:{name}"] = np.asarray(x, dtype=np.float64)
    return cols
