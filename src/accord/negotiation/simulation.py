"""Simulate a scenario: many runs of one protocol with one strategy per party.

:func:`simulate` is what ``accord simulate`` calls. Runs get child seeds spawned from
``rng`` (:meth:`~numpy.random.SeedSequence.spawn`), so a run is reproducible on its own.
Under alternating offers with time-based strategies the runs after the first go through the
batch engine, which gives the same results as the step engine (the first run keeps its full
transcript).

A scenario whose tracks make more than one settlement group has them negotiated apart
(:mod:`accord.negotiation.tracks`): a separable track may settle in a partial agreement
while another deadlocks, and each agreement carries the tracks it settled and when. The
run's agreement (every track it settled) is then signed, for ratification, on the date its
last track settled, as in the sweep. A scenario without tracks is negotiated as one package,
exactly as before tracks existed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.errors import ConfigurationError, ParameterError
from accord.model import OptionValue, Scenario
from accord.negotiation.batch import ENDINGS, run_batch
from accord.negotiation.dated import schedule_for, settle_past
from accord.negotiation.in_force import (
    EntryIntoForce,
    approvals,
    entry_into_force,
    has_ratification,
    ratification_uniforms,
    ratify,
)
from accord.negotiation.registry import (
    ALTERNATING,
    SINGLE_TEXT,
    assign_strategies,
    default_protocol,
    get_protocol,
)
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy
from accord.negotiation.tracks import GroupRun, TrackSpaces, combine, negotiate_tracks, track_spaces
from accord.negotiation.transcript import Ending, Result, Transcript
from accord.randomness import RNG, check_rng, seed_sequence
from accord.space import CompiledScenario, compile_scenario

#: Results listed in :meth:`Simulation.summary` at most.
MAX_LISTED = 1000


@dataclass(frozen=True, slots=True, eq=False)
class Simulation:
    """The results of every run, and the full transcript of the first.

    ``ratification`` (a scenario with ratification stages only; empty otherwise): per run,
    what became of its signed agreement at home (:class:`EntryIntoForce`: in force on a
    date, or failed at a stage), ``None`` for a run that signed nothing
    (:mod:`accord.negotiation.in_force`)."""

    scenario: Scenario
    compiled: CompiledScenario
    protocol: str
    strategies: Mapping[str, Strategy]
    schedule: Schedule
    results: tuple[Result, ...]
    transcript: Transcript
    ratification: tuple[EntryIntoForce | None, ...] = ()

    @property
    def parties(self) -> tuple[str, ...]:
        """Ids of every party of the scenario, in scenario order (the columns of the utilities)."""
        return self.compiled.party_ids

    @property
    def strategy_specs(self) -> dict[str, str]:
        """Each party's strategy as a ``name:param=value,...`` spec (defaults left out)."""
        return {p: _spec(s) for p, s in self.strategies.items()}

    @property
    def runs(self) -> int:
        """Number of runs simulated."""
        return len(self.results)

    @property
    def full_agreements(self) -> int:
        """Runs whose agreement settles every issue."""
        return sum(r.full for r in self.results)

    @property
    def partial_agreements(self) -> int:
        """Runs whose agreement settles some issues and leaves others open."""
        return sum(r.partial for r in self.results)

    @property
    def tracked(self) -> bool:
        """Whether the scenario's tracks were negotiated apart
        (:mod:`accord.negotiation.tracks`): it has tracks that make more than one
        settlement group."""
        return bool(self.transcript.track_issues)

    def agreed_tracks(self) -> dict[str, float]:
        """Per track of the scenario (scenario order), the share of runs whose agreement
        settled it, on its own or in a comprehensive agreement (empty when the tracks were
        not negotiated apart)."""
        if not self.tracked:
            return {}
        n = self.runs
        out: dict[str, float] = {}
        for t in self.scenario.tracks:
            k = sum(any(t.id in a.tracks for a in r.tracks) for r in self.results)
            out[t.id] = k / n if n else 0.0
        return out

    @property
    def issue_ids(self) -> tuple[str, ...]:
        """Ids of the scenario's issues, in scenario order."""
        return tuple(i.id for i in self.scenario.issues)

    def decode(self, r: Result) -> dict[str, OptionValue] | None:
        """The options ``r``'s agreement settles (open issues left out); ``None`` without
        agreement."""
        if r.agreement is None:
            return None
        out = self.transcript.decode(r.agreement)
        return {k: v for k, v in out.items() if k in set(r.settled_issues)}

    @property
    def in_force(self) -> int:
        """Runs whose signed agreement entered into force (every agreement when the
        scenario has no ratification stage)."""
        if not self.ratification:
            return sum(r.agreed for r in self.results)
        return sum(e is not None and e.status == "in_force" for e in self.ratification)

    def ratification_summary(self) -> dict[str, Any]:
        """The ratification figures of :meth:`summary` (empty without stages): runs in force
        and failed at home, and per stage the share of runs it sat on (``reached``) and
        approved (``approved``)."""
        if not self.ratification:
            return {}
        n = self.runs
        stages: dict[str, dict[str, float]] = {}
        for k, st in enumerate(self.scenario.ratification):
            held = sum(e is not None and e.steps[k].held for e in self.ratification)
            ok = sum(e is not None and e.steps[k].approved for e in self.ratification)
            stages[st.id] = {"reached": held / n if n else 0.0, "approved": ok / n if n else 0.0}
        in_force = self.in_force
        failed = sum(e is not None and e.status == "failed" for e in self.ratification)
        return {
            "in_force": in_force,
            "failed_ratification": failed,
            "p_in_force": in_force / n if n else 0.0,
            "ratification": stages,
        }

    def result_dict(
        self,
        r: Result,
        decoded: dict[tuple[int | None, tuple[str, ...]], dict[str, OptionValue] | None]
        | None = None,
        run: int | None = None,
    ) -> dict[str, Any]:
        """``r`` as a JSON-ready dict; ``decoded`` keeps agreements already decoded (runs
        often end on the same one). With ratification stages it carries the run's
        ``ratification`` (run ``run``; default: the first run that ended as ``r``)."""
        if decoded is None:
            agreement = self.decode(r)
        else:
            key = (r.agreement, r.settled_issues)
            if key not in decoded:
                decoded[key] = self.decode(r)
            known = decoded[key]
            agreement = None if known is None else dict(known)
        out = {
            "result": r.kind,
            "date": r.date,
            "agreement": agreement,
            "settled_issues": list(r.settled_issues),
            "open_issues": list(r.unsettled(self.issue_ids)),
            **({"tracks": [a.to_dict() for a in r.tracks]} if self.tracked else {}),
            "utilities": dict(zip(self.parties, r.utilities, strict=True)),
            "exchanges": r.rounds,
            "rounds": r.rounds,  # former name of "exchanges" (docs/deprecations.md)
        }
        if self.ratification:
            e = self.ratification[self.results.index(r) if run is None else run]
            out["ratification"] = None if e is None else e.to_dict()
        return out

    def summary(self, limit: int = MAX_LISTED) -> dict[str, Any]:
        """Counts and shares of the runs, and at most ``limit`` results (docs/simulation.md).

        ``full_agreements`` settle every issue; ``partial_agreements`` settle some and leave
        the rest open. ``p_full`` is the share of runs with a full agreement, ``p_partial``
        the share with at least a partial one (full or partial). When the scenario's tracks
        are negotiated apart, ``agreed_tracks`` gives per track the share of runs that
        settled it (:meth:`agreed_tracks`) and each result its ``tracks``.
        """
        n = self.runs
        full = partial = 0
        for r in (
            self.results
        ):  # one pass for both counts (as full_agreements and partial_agreements count)
            if r.agreed:
                if r.open_issues:
                    partial += 1
                else:
                    full += 1
        decoded: dict[tuple[int | None, tuple[str, ...]], dict[str, OptionValue] | None] = {}
        sched = self.schedule
        mean = sum(r.rounds for r in self.results) / n if n else 0.0
        return {
            "scenario": self.scenario.id,
            "protocol": self.protocol,
            "strategies": self.strategy_specs,
            "runs": n,
            "full_agreements": full,
            "partial_agreements": partial,
            "no_agreement": n - full - partial,
            "p_full": full / n if n else 0.0,
            "p_partial": (full + partial) / n if n else 0.0,
            **({"agreed_tracks": self.agreed_tracks()} if self.tracked else {}),
            "mean_exchanges": mean,
            "mean_rounds": mean,  # former names of the exchange counts (docs/deprecations.md)
            "schedule": {
                "exchanges": sched.rounds,
                "rounds": sched.rounds,
                "sessions": [
                    {"name": name, "date": date, "exchanges": k, "rounds": k}
                    for name, date, k in zip(
                        sched.session_names
                        or [f"session {i + 1}" for i in range(len(sched.session_rounds))],
                        sched.session_dates or [None] * len(sched.session_rounds),
                        sched.session_rounds,
                        strict=True,
                    )
                ],
                "deadline_date": sched.deadline_date,
            },
            **self.ratification_summary(),
            "results": [
                self.result_dict(r, decoded, i) for i, r in enumerate(self.results[:limit])
            ],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per run (for CSV/Parquet)."""
        out = []
        for i, r in enumerate(self.results):
            row: dict[str, Any] = {
                "run": i,
                "result": r.kind,
                "full_agreement": r.full,
                "partial_agreement": r.partial,
                "date": r.date,
                "exchanges": r.rounds,
                "rounds": r.rounds,  # former name of "exchanges" (docs/deprecations.md)
            }
            row.update({f"u_{p}": u for p, u in zip(self.parties, r.utilities, strict=True)})
            outcome = self.decode(r) or {}
            row.update({f"issue_{i.id}": outcome.get(i.id) for i in self.scenario.issues})
            if self.tracked:
                for t in self.scenario.tracks:
                    got = next((a for a in r.tracks if t.id in a.tracks), None)
                    row[f"track_{t.id}_exchange"] = None if got is None else got.rounds
                    row[f"track_{t.id}_date"] = None if got is None else got.date
            if self.ratification:
                e = self.ratification[i]
                row["in_force"] = e is not None and e.status == "in_force"
                row["in_force_date"] = None if e is None else e.in_force
                row["failed_at"] = None if e is None else e.failed_at
            out.append(row)
        return out


def _spec(s: Strategy) -> str:
    import dataclasses

    params = [
        f"{f.name}={getattr(s, f.name)}"
        for f in dataclasses.fields(s)  # type: ignore[arg-type]
        if getattr(s, f.name) != f.default
    ]
    return s.meta.name + (":" + ",".join(params) if params else "")


def simulate(
    scenario: Scenario,
    *,
    protocol: str | None = None,
    strategies: Mapping[str, Strategy | str] | None = None,
    rounds: int | None = None,
    runs: int = 1,
    rng: RNG = None,
    discount: bool = False,
    neutral_mediator: bool = False,
) -> Simulation:
    """Run ``runs`` negotiations of ``scenario``.

    ``protocol`` defaults to the scenario's (``Scenario.protocol``), else alternating
    offers; ``strategies`` (party id -> strategy or spec string) default to the parties'
    own (``Party.strategy``); ``rounds`` to the scenario's deadline and sessions.

    ``rng`` is an int (a seed: the same int gives the same runs), a
    :class:`numpy.random.Generator`, a :class:`numpy.random.SeedSequence` or None (fresh
    entropy); run ``i`` draws from the ``i``-th child spawned from it (see
    :mod:`accord.randomness`).
    """
    if runs <= 0:
        raise ParameterError("runs", f"must be > 0, got {runs}")
    check_rng(rng)
    # the past is fact: what past rounds agreed is settled, the talks start at as_of
    scenario = settle_past(scenario)
    name = protocol or default_protocol(scenario)
    runner = get_protocol(name)
    assigned = assign_strategies(scenario, strategies)
    schedule = schedule_for(scenario, rounds)
    compiled = compile_scenario(scenario)
    options: dict[str, Any] = {"discount": discount}
    if name == SINGLE_TEXT:
        options["neutral_mediator"] = neutral_mediator
    elif neutral_mediator:
        raise ConfigurationError(
            f"--neutral-mediator applies to protocol {SINGLE_TEXT!r}, not {name!r}"
        )
    batchable = (
        runs > 1
        and name == ALTERNATING
        and all(isinstance(s, ScheduledStrategy) for s in assigned.values())
    )
    # the batch engine needs no seeds (scheduled strategies are deterministic): spawn only
    # the first run's, the same child run_seeds(rng, runs)[0] would be
    root = seed_sequence(rng)
    # the ratification stream is keyed on the root before the runs' seeds are spawned
    ratification_root = np.random.SeedSequence(
        root.entropy, spawn_key=root.spawn_key, pool_size=root.pool_size
    )
    seeds = root.spawn(1 if batchable else runs)
    tracks = track_spaces(compiled)
    if tracks is not None:
        first = negotiate_tracks(tracks, runner, assigned, schedule, seeds[0], **options)
        results = [first.result]
        results.extend(
            _more_track_runs(tracks, runner, assigned, schedule, seeds, runs, batchable, options)
        )
    else:
        first, results = _run_whole(
            compiled, runner, assigned, schedule, seeds, runs, batchable, options
        )
    ratification: tuple[EntryIntoForce | None, ...] = ()
    if has_ratification(scenario):
        ratification = ratify_results(scenario, results, ratification_root)
    return Simulation(
        scenario, compiled, name, assigned, schedule, tuple(results), first, ratification
    )


def _run_whole(
    compiled: CompiledScenario,
    runner: Any,
    assigned: Mapping[str, Strategy],
    schedule: Schedule,
    seeds: list[np.random.SeedSequence],
    runs: int,
    batchable: bool,
    options: dict[str, Any],
) -> tuple[Transcript, list[Result]]:
    """The runs of a scenario negotiated as one package: the first run's transcript and
    every run's result (runs after the first on the batch engine when ``batchable``)."""
    discount = bool(options["discount"])
    first: Transcript = runner(compiled, assigned, schedule, seeds[0], **options)
    results = [first.result]
    if batchable:
        b = run_batch(compiled, [assigned] * (runs - 1), schedule, discount=discount)
        issues, open_issues = first.result.agreed_issues, first.result.open_issues
        # runs ending alike share one (immutable) Result: the copies of a deterministic run
        made: dict[tuple[Any, ...], Result] = {}
        for agreed, outcome, utilities, held, ending_code in zip(
            b.agreement.tolist(),
            b.outcome.tolist(),
            b.utilities.tolist(),
            b.rounds.tolist(),
            b.ending.tolist(),
            strict=True,
        ):
            key = (agreed, outcome, held, ending_code, *utilities)
            result = made.get(key)
            if result is None:
                ending = ENDINGS[ending_code]
                result = made[key] = Result(
                    ending,
                    outcome if agreed else None,
                    tuple(utilities),
                    held,
                    issues,
                    None,
                    open_issues,
                    schedule.end_date(ending is not Ending.DEADLINE, held),
                )
            results.append(result)
    elif runs > 1:
        results.extend(runner(compiled, assigned, schedule, s, **options).result for s in seeds[1:])
    return first, results


def _more_track_runs(
    tracks: TrackSpaces,
    runner: Any,
    assigned: Mapping[str, Strategy],
    schedule: Schedule,
    seeds: list[np.random.SeedSequence],
    runs: int,
    batchable: bool,
    options: dict[str, Any],
) -> list[Result]:
    """The results of runs 2 to ``runs`` of a scenario whose tracks settle apart
    (:mod:`accord.negotiation.tracks`): each run's groups on the step engine, or, when
    ``batchable``, each group's runs on the batch engine over its space, combined run by
    run."""
    if runs <= 1:
        return []
    discount = bool(options["discount"])
    if not batchable:
        return [
            negotiate_tracks(tracks, runner, assigned, schedule, s, **options).result
            for s in seeds[1:]
        ]
    per_group = []
    for j, cs in enumerate(tracks.spaces):
        b = run_batch(cs, [assigned] * (runs - 1), schedule, discount=discount)
        outcome = tracks.to_whole_array(j, np.where(b.agreement, b.outcome, -1))
        per_group.append(
            [
                GroupRun(ENDINGS[int(e)], None if o < 0 else int(o), int(r))
                for e, o, r in zip(
                    b.ending.tolist(), outcome.tolist(), b.rounds.tolist(), strict=True
                )
            ]
        )
    # runs ending alike share one (immutable) Result: the copies of a deterministic run
    made: dict[tuple[GroupRun, ...], Result] = {}
    out = []
    for i in range(runs - 1):
        key = tuple(g[i] for g in per_group)
        result = made.get(key)
        if result is None:
            result = made[key] = combine(tracks, key, schedule, discount=discount)
        out.append(result)
    return out


def ratify_results(
    scenario: Scenario, results: list[Result], rng: np.random.SeedSequence
) -> tuple[EntryIntoForce | None, ...]:
    """What becomes at home of each run's signed agreement
    (:mod:`accord.negotiation.in_force`): signed on the run's date, then each party's
    ratification stages on the calendar; the draws from the stream of ``rng`` kept for
    them."""
    n = len(results)
    sizes = [i.size for i in scenario.issues]
    ids = [i.id for i in scenario.issues]
    agreed = np.array([r.agreed for r in results], dtype=bool)
    positions = np.zeros((n, len(ids)), dtype=np.intp)
    settled = np.zeros((n, len(ids)), dtype=bool)
    for i, r in enumerate(results):
        if r.agreed and r.agreement is not None:
            positions[i] = np.unravel_index(int(r.agreement), sizes)
            done = set(r.settled_issues)
            settled[i] = [x in done for x in ids]
    u = ratification_uniforms(rng, n, len(scenario.ratification))
    p = np.ones((n, len(scenario.ratification)), dtype=np.float64)
    if agreed.any():
        # runs often end on the same agreement: each distinct one evaluated once
        keys = np.concatenate([positions, settled.astype(np.intp)], axis=1)
        rows = np.flatnonzero(agreed)
        uniq, back = np.unique(keys[rows], axis=0, return_inverse=True)
        k = len(ids)
        p[rows] = approvals(scenario, uniq[:, :k], uniq[:, k:].astype(bool))[back.ravel()]
    out = ratify(scenario, agreed, settled, u, p)
    return tuple(entry_into_force(scenario, out, i, results[i].date) for i in range(n))
