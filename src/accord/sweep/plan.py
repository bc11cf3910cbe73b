"""Stage 1 of a sweep, the plan: what to run, from the scenario's typed sections and its
calendar (docs/sweeps.md, "The pipeline").

:func:`make_job` validates the inputs and resolves the seed, the protocol, the strategies,
the round budget and the calendar into a :class:`SweepJob`: small, frozen and picklable, so
it travels to local processes and Dask workers alike. :func:`plan_chunks` cuts its runs into
chunks, the unit of work, of progress and of resuming. Nothing here draws a number.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from accord.errors import ConfigurationError, ParameterError
from accord.model import Scenario
from accord.negotiation.dated import TalksCalendar, schedule_for, settle_past, talks_calendar
from accord.negotiation.registry import assign_strategies, default_protocol, get_protocol
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import Strategy
from accord.randomness import RNG, recorded_seed
from accord.sweep.sampling import check_sampling_extras
from accord.sweep.uncertainty import UncertaintyPlan, plan_uncertainty

Task = tuple[int, int, int]  # (chunk index, first run, stop run)


@dataclass(frozen=True, eq=False)
class SweepJob:
    """What to run: ``runs`` variants of ``scenario`` drawn from ``uncertainty``, analysed,
    and simulated under ``protocol`` when it is given. Build it with
    :func:`~accord.sweep.make_job`, which resolves its ``rng``.

    ``entropy`` and ``spawn_key`` are the root :class:`~numpy.random.SeedSequence` of the
    sweep (:attr:`seed_sequence`): the seed for an int ``rng``, the entropy drawn for None.
    They are recorded in the output, so the sweep can be run again."""

    scenario: Scenario
    uncertainty: UncertaintyPlan
    runs: int
    entropy: int
    protocol: str | None = None
    strategies: Mapping[str, Strategy] = field(default_factory=dict)
    schedule: Schedule | None = None
    rounds: int | None = None  # the round budget used for drifts at the deadline
    calendar: TalksCalendar | None = None  # dated talks: agreements get their day
    sample_calendar: bool = False  # each run draws its own future sessions
    spawn_key: tuple[int, ...] = ()

    @property
    def seed_sequence(self) -> np.random.SeedSequence:
        """The root of the runs' seeds (run ``i`` draws from its ``i``-th child)."""
        return np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)

    @property
    def fingerprint(self) -> str:
        """A digest of everything that determines the results (for resuming)."""
        text = repr(
            (
                self.scenario,
                self.uncertainty,
                # a seed alone as it always was, so resumable outputs keep their fingerprint
                (self.entropy, self.spawn_key) if self.spawn_key else self.entropy,
                self.runs,
                self.protocol,
                sorted((k, repr(v)) for k, v in self.strategies.items()),
                self.schedule,
                self.rounds,
                self.calendar
                and (
                    self.calendar.as_of,
                    self.calendar.deadline,
                    self.calendar.fixed,
                    repr(self.calendar.calendar),
                ),
                self.sample_calendar,
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


#: Runs per chunk at most (the unit of work, of progress and of resuming).
MAX_CHUNK = 1000


def default_chunk(runs: int) -> int:
    """Runs per chunk: about 32 chunks, between 10 and :data:`MAX_CHUNK` runs each."""
    return max(1, min(MAX_CHUNK, max(10, math.ceil(runs / 32))))


def plan_chunks(runs: int, size: int) -> list[Task]:
    """The chunks of ``runs`` runs, ``size`` runs each (the last one shorter)."""
    return [(c, a, min(runs, a + size)) for c, a in enumerate(range(0, runs, size))]


def make_job(
    scenario: Scenario,
    *,
    runs: int,
    rng: RNG = None,
    protocol: str | None = None,
    strategies: Mapping[str, Strategy | str] | None = None,
    rounds: int | None = None,
) -> SweepJob:
    """Validate the inputs of a sweep and build its job; the runs sample
    ``scenario.uncertainty`` (checked when the scenario was read).

    ``rng`` decides the sweep's seed, which the job, its summary
    (:attr:`SweepSummary.seed <accord.sweep.SweepSummary>`) and its output file record:

    - an int >= 0 is the seed: the same int gives the same runs, serially, on local
      processes or on Dask;
    - None (the default) draws fresh entropy from the operating system and records it, so
      ``rng=result.summary.seed`` runs the same sweep again;
    - a :class:`numpy.random.Generator` gives one draw, which becomes the recorded seed (a
      Generator seeded alike gives the same sweep; the Generator advances);
    - a :class:`numpy.random.SeedSequence` of one whole number is the root as it is: its
      entropy is the recorded seed and a spawned child's ``spawn_key`` is recorded too
      (``SeedSequence(7)`` gives the same sweep as ``7``).
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or runs <= 0:
        raise ParameterError("runs", f"must be a whole number > 0, got {runs!r}")
    root = recorded_seed(rng)
    entropy = root.entropy
    assert isinstance(entropy, int)  # recorded_seed refuses any other
    if rounds is not None and rounds <= 0:
        raise ParameterError("rounds", f"must be > 0, got {rounds}")
    given_rounds = rounds
    # the past is fact: what past rounds agreed is settled, runs start at as_of
    scenario = settle_past(scenario)
    uncertainty = plan_uncertainty(scenario)
    if scenario.bargaining_parties == ():
        raise ConfigurationError(f"scenario {scenario.id!r} has no bargaining party")
    check_sampling_extras(uncertainty)
    if strategies and protocol is None:
        protocol = default_protocol(scenario)
    assigned: dict[str, Strategy] = {}
    schedule = None
    calendar = talks_calendar(scenario)
    if protocol is not None:
        get_protocol(protocol)
        assigned = assign_strategies(scenario, strategies)
        schedule = schedule_for(scenario, rounds)
        rounds = schedule.rounds
    elif rounds is None:
        try:
            rounds = schedule_for(scenario).rounds
        except ConfigurationError:
            rounds = None
    # --rounds fixes the round budget: every run then holds the nominal sessions
    sample = calendar is not None and calendar.uncertain and protocol is not None
    sample = sample and rounds is not None and given_rounds is None
    return SweepJob(
        scenario,
        uncertainty,
        runs,
        entropy,
        protocol,
        assigned,
        schedule,
        rounds,
        calendar,
        sample,
        tuple(root.spawn_key),
    )
