"""Simulate a scenario: many runs of one protocol with one strategy per party.

:func:`simulate` is what ``accord simulate`` calls. Runs get child seeds spawned from
``rng`` (:meth:`~numpy.random.SeedSequence.spawn`), so a run is reproducible on its own.
Under alternating offers with time-based strategies the runs after the first go through the
batch engine, which gives the same results as the step engine (the first run keeps its full
transcript).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.errors import ConfigurationError, ParameterError
from accord.model import OptionValue, Scenario
from accord.negotiation.batch import ENDINGS, run_batch
from accord.negotiation.dated import schedule_for, settle_past
from accord.negotiation.registry import (
    ALTERNATING,
    SINGLE_TEXT,
    assign_strategies,
    default_protocol,
    get_protocol,
)
from accord.negotiation.sessions import Schedule
from accord.negotiation.strategy import ScheduledStrategy, Strategy
from accord.negotiation.transcript import Ending, Result, Transcript
from accord.randomness import RNG, check_rng, run_seeds
from accord.space import CompiledScenario, compile_scenario

#: Results listed in :meth:`Simulation.summary` at most.
MAX_LISTED = 1000


@dataclass(frozen=True, slots=True, eq=False)
class Simulation:
    """The results of every run, and the full transcript of the first."""

    scenario: Scenario
    compiled: CompiledScenario
    protocol: str
    strategies: Mapping[str, Strategy]
    schedule: Schedule
    results: tuple[Result, ...]
    transcript: Transcript

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

    def result_dict(
        self,
        r: Result,
        decoded: dict[tuple[int | None, tuple[str, ...]], dict[str, OptionValue] | None]
        | None = None,
    ) -> dict[str, Any]:
        """``r`` as a JSON-ready dict; ``decoded`` keeps agreements already decoded (runs
        often end on the same one)."""
        if decoded is None:
            agreement = self.decode(r)
        else:
            key = (r.agreement, r.settled_issues)
            if key not in decoded:
                decoded[key] = self.decode(r)
            known = decoded[key]
            agreement = None if known is None else dict(known)
        return {
            "result": r.kind,
            "date": r.date,
            "agreement": agreement,
            "settled_issues": list(r.settled_issues),
            "open_issues": list(r.unsettled(self.issue_ids)),
            "utilities": dict(zip(self.parties, r.utilities, strict=True)),
            "exchanges": r.rounds,
            "rounds": r.rounds,  # former name of "exchanges" (docs/deprecations.md)
        }

    def summary(self, limit: int = MAX_LISTED) -> dict[str, Any]:
        """Counts and shares of the runs, and at most ``limit`` results (docs/simulation.md).

        ``full_agreements`` settle every issue; ``partial_agreements`` settle some and leave
        the rest open. ``p_full`` is the share of runs with a full agreement, ``p_partial``
        the share with at least a partial one (full or partial).
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
            "results": [self.result_dict(r, decoded) for r in self.results[:limit]],
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
    seeds = run_seeds(rng, 1 if batchable else runs)
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
    return Simulation(scenario, compiled, name, assigned, schedule, tuple(results), first)
