"""The report's optional sections: a simulation, a sweep and a forecast, as plain data.

Each section is fed by the JSON-ready dictionaries the other layers already print
(``Transcript.to_dict()``, ``Forecast.to_dict()``, a P(agreement) curve), so a report can be
built from saved files as well as computed here. :func:`compute_sections` runs what this
installation of accord can run; a capability that is missing or does not apply to the
scenario (a forecast needs an ordinal or numeric issue) leaves its section out, with a note
saying why.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accord.errors import AccordError
from accord.model import Scenario
from accord.randomness import RNG, check_rng, rng_alias

#: Simulated runs of the simulation section (and of the odds when no sweep engine is
#: available).
DEFAULT_RUNS = 200
#: Sweep runs behind the odds by date at least.
SWEEP_RUNS = 2000


@dataclass(frozen=True, slots=True)
class ReportSections:
    """Optional report sections. ``odds`` is the odds by date
    (:func:`accord.report.calendar.odds_from_sweep`): ``{"points": [{"date"|"round",
    "p_full", "ci95_full", "p_partial", "ci95_partial"}], "dated", "as_of", "deadline",
    "past_rounds", "source"}``."""

    transcript: Mapping[str, Any] | None = None
    simulation: Mapping[str, Any] | None = None  # Simulation.summary() without "results"
    odds: Mapping[str, Any] | None = None
    forecast: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())
    #: "Since the last version": ``Comparison.to_dict()`` of the previous version against
    #: this one (:mod:`accord.compare`), with ``"label"`` naming the previous version.
    since: Mapping[str, Any] | None = None
    #: The talks record's timeline: ``{"versions": [VersionInfo.to_dict()], "events": [...]}``.
    history: Mapping[str, Any] | None = None
    #: :meth:`accord.analysis.backtest.Backtest.to_dict` (past rounds' agreements checked)
    backtest: Mapping[str, Any] | None = None


def available(module: str) -> bool:
    """Whether ``accord.<module>`` is importable and non-empty in this installation."""
    try:
        mod = importlib.import_module(f"accord.{module}")
    except ImportError:
        return False
    return bool(getattr(mod, "__all__", None)) or module == "negotiation.simulation"


def _simulation(scenario: Scenario, runs: int, rng: RNG) -> tuple[Any, list[str]]:
    if not available("negotiation.simulation"):
        return None, ["simulation: not available in this installation"]
    from accord.negotiation.simulation import simulate

    try:
        return simulate(scenario, runs=runs, rng=rng), []
    except AccordError as exc:
        return None, [f"simulation not run: {exc}"]


def odds_from_results(sim: Any) -> dict[str, Any]:
    """The odds by date (by round when undated) from the runs of a
    :class:`~accord.negotiation.simulation.Simulation` (used when no sweep engine is
    available): each run counts from the date (round) of its agreement."""
    import numpy as np

    from accord.report.calendar import by_round
    from accord.sweep.summary import by_date

    full = np.array([r.full for r in sim.results], dtype=bool)
    agree = np.array([r.agreed for r in sim.results], dtype=bool)
    sched = sim.schedule
    source = (
        f"{sim.runs} simulated runs of {sim.protocol} with each party's own strategy; "
        "bands: 95% Wilson intervals"
    )
    if sched.deadline_date and sched.session_dates and sched.session_dates[0]:
        as_of = date.fromisoformat(sched.session_dates[0])
        end = date.fromisoformat(sched.deadline_date)
        day = np.array(
            [(date.fromisoformat(r.date) - as_of).days if r.date else 0 for r in sim.results]
        )
        pts = by_date(full, agree, day, as_of, end)
        return {
            "points": [p.to_dict() for p in pts],
            "dated": True,
            "as_of": as_of.isoformat(),
            "deadline": end.isoformat(),
            "past_rounds": [],
            "source": source,
        }
    rounds = np.array([r.rounds for r in sim.results])
    return {
        "points": by_round(full, agree, rounds, sched.rounds),
        "dated": False,
        "as_of": None,
        "deadline": sched.rounds,
        "past_rounds": [],
        "source": source,
    }


def _forecast(scenario: Scenario, model: str) -> tuple[Mapping[str, Any] | None, list[str]]:
    if not available("forecast"):
        return None, ["forecast: not available in this installation"]
    from accord.forecast import actor_table_from_scenario, run_forecast
    from accord.forecast.reading import read_forecast

    try:
        f = run_forecast(actor_table_from_scenario(scenario), model)
        return {**f.to_dict(), **read_forecast(scenario, f).to_dict()}, []
    except AccordError as exc:
        return None, [f"forecast not run: {exc}"]


@rng_alias()
def compute_sections(
    scenario: Scenario,
    *,
    simulate: bool = True,
    forecast: bool = True,
    runs: int = DEFAULT_RUNS,
    rng: RNG = 0,
    forecast_model: str = "smp",
) -> ReportSections:
    """Run the simulation, sweep and forecast this installation offers (see module doc).

    ``rng`` seeds the simulation, the sweep and the back-test (default 0, so a report is
    reproducible as it stands): an int, a :class:`numpy.random.Generator`, a
    :class:`numpy.random.SeedSequence` or None for fresh entropy (see
    :mod:`accord.randomness`). ``seed=`` is its deprecated former name."""
    check_rng(rng)
    notes: list[str] = []
    transcript = summary = odds = None
    if simulate:
        sim, msgs = _simulation(scenario, runs, rng)
        notes += msgs
        if sim is not None:
            transcript = sim.transcript.to_dict()
            full = sim.summary()
            summary = {k: v for k, v in full.items() if k != "results"}
            if available("sweep"):
                from accord.report.calendar import odds_from_sweep

                odds = odds_from_sweep(scenario, max(runs, SWEEP_RUNS), rng, sim.protocol)
            if odds is None:
                odds = odds_from_results(sim)
    fc = None
    if forecast:
        fc, msgs = _forecast(scenario, forecast_model)
        notes += msgs
    bt, msgs = _backtest(scenario, min(runs, BACKTEST_RUNS), rng) if simulate else (None, [])
    notes += msgs
    return ReportSections(transcript, summary, odds, fc, tuple(notes), backtest=bt)


#: Simulated runs per past round in the report's back-test at most.
BACKTEST_RUNS = 200


def _backtest(
    scenario: Scenario, runs: int, rng: RNG
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """The back-test of the scenario's past rounds, when its calendar records agreements."""
    cal = scenario.calendar
    if cal is None or not any(r.agreements for r in cal.past):
        return None, []
    from accord.analysis.backtest import backtest

    try:
        return backtest(scenario, runs=max(1, runs), rng=rng).to_dict(), []
    except AccordError as exc:
        return None, [f"back-test not run: {exc}"]
