"""Simulate a scenario: many runs of one protocol with one strategy per party.

:func:`simulate` is what ``accord simulate`` calls. Runs get child seeds spawned from
``seed`` (SeedSequence), so a run is reproducible on its own. Under alternating offers with
time-based strategies the runs after the first go through the batch engine, which gives the
same results as the step engine (the first run keeps its full transcript).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.errors import ConfigurationError
from accord.model import OptionValue, Scenario
from accord.negotiation.alternating import NAME as ALTERNATING
from accord.negotiation.batch import ENDINGS, run_batch
from accord.negotiation.randomness import Seed, run_seeds
from accord.negotiation.registry import assign_strategies, get_protocol
from accord.negotiation.sessions import Schedule, schedule_for
from accord.negotiation.single_text import NAME as SINGLE_TEXT
from accord.negotiation.strategy import ScheduledStrategy, Strategy
from accord.negotiation.transcript import Result, Transcript
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
        return self.compiled.party_ids

    @property
    def runs(self) -> int:
        return len(self.results)

    @property
    def agreements(self) -> int:
        return sum(r.agreed for r in self.results)

    def decode(self, outcome: int | None) -> dict[str, OptionValue] | None:
        return None if outcome is None else self.transcript.decode(outcome)

    def result_dict(self, r: Result) -> dict[str, Any]:
        return {
            "agreement": self.decode(r.agreement),
            "utilities": dict(zip(self.parties, r.utilities, strict=True)),
            "rounds": r.rounds,
            "result": r.ending.value,
            "agreed_issues": list(r.agreed_issues) if r.agreed else [],
        }

    def summary(self, limit: int = MAX_LISTED) -> dict[str, Any]:
        """``{"runs", "agreements", "agreement_rate", "mean_rounds", "results"}`` (at most
        ``limit`` results listed)."""
        n = self.runs
        return {
            "scenario": self.scenario.id,
            "protocol": self.protocol,
            "strategies": {p: _spec(s) for p, s in self.strategies.items()},
            "runs": n,
            "agreements": self.agreements,
            "agreement_rate": self.agreements / n if n else 0.0,
            "mean_rounds": sum(r.rounds for r in self.results) / n if n else 0.0,
            "results": [self.result_dict(r) for r in self.results[:limit]],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per run (for CSV/Parquet)."""
        out = []
        for i, r in enumerate(self.results):
            row: dict[str, Any] = {
                "run": i,
                "result": r.ending.value,
                "agreement": r.agreed,
                "rounds": r.rounds,
            }
            row.update({f"u_{p}": u for p, u in zip(self.parties, r.utilities, strict=True)})
            outcome = self.decode(r.agreement) or {}
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
    seed: Seed = None,
    discount: bool = False,
    neutral_mediator: bool = False,
) -> Simulation:
    """Run ``runs`` negotiations of ``scenario``.

    ``protocol`` defaults to the scenario's (``Scenario.protocol``), else alternating
    offers; ``strategies`` (party id -> strategy or spec string) default to the parties'
    own (``Party.strategy``); ``rounds`` to the scenario's deadline and sessions.
    """
    if runs <= 0:
        raise ConfigurationError(f"runs must be > 0, got {runs}")
    name = protocol or scenario.protocol or ALTERNATING
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
    seeds = run_seeds(seed, runs)
    first: Transcript = runner(compiled, assigned, schedule, seeds[0], **options)
    results = [first.result]
    if runs > 1:
        batchable = name == ALTERNATING and all(
            isinstance(s, ScheduledStrategy) for s in assigned.values()
        )
        if batchable:
            b = run_batch(compiled, [assigned] * (runs - 1), schedule, discount=discount)
            issues = first.result.agreed_issues
            for i in range(runs - 1):
                agreed = bool(b.agreement[i])
                results.append(
                    Result(
                        ENDINGS[int(b.ending[i])],
                        int(b.outcome[i]) if agreed else None,
                        tuple(float(x) for x in b.utilities[i]),
                        int(b.rounds[i]),
                        issues,
                    )
                )
        else:
            results.extend(
                runner(compiled, assigned, schedule, s, **options).result for s in seeds[1:]
            )
    return Simulation(scenario, compiled, name, assigned, schedule, tuple(results), first)
