"""The report's optional sections: a simulation, the odds by date, a forecast, a comparison
with the previous version, the talks record's timeline and a back-test.

Each section is the typed result of the layer that computes it (a
:class:`~accord.negotiation.transcript.Transcript`, a
:class:`~accord.negotiation.simulation.Simulation`, :class:`~accord.report.calendar.Odds`,
a :class:`ForecastWithReading`, a :class:`~accord.compare.Comparison`, a
:class:`~accord.evaluate.backtest.Backtest`), so the report reads fields, not dictionary
keys spelled again here. :func:`compute_sections` runs them all; one that does not apply to the
scenario (a forecast needs an ordinal or numeric issue, a sweep uncertain inputs it can
sample) leaves its section out, or falls back, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from accord.errors import AccordError, ArgumentTypeError
from accord.model import Scenario
from accord.negotiation.transcript import Transcript
from accord.randomness import RNG, check_rng

if TYPE_CHECKING:
    from accord.compare import Comparison
    from accord.evaluate.backtest import Backtest
    from accord.forecast.reading import ForecastReading
    from accord.forecast.result import Forecast
    from accord.negotiation.simulation import Simulation
    from accord.report.calendar import Odds

#: Simulated runs of the simulation section (and of the odds when the scenario cannot be
#: swept).
DEFAULT_RUNS = 200
#: Sweep runs behind the odds by date at least.
SWEEP_RUNS = 2000


@dataclass(frozen=True, slots=True)
class ForecastWithReading:
    """A forecast (:class:`~accord.forecast.result.Forecast`) and its reading against the
    scenario it came from (:class:`~accord.forecast.reading.ForecastReading`: issues left
    out, the options the positions are nearest to, red lines crossed)."""

    forecast: Forecast
    reading: ForecastReading


@dataclass(frozen=True, slots=True)
class ReportSections:
    """The report's optional sections; ``None`` leaves a section out.

    ``transcript`` is the run drawn in "A simulated negotiation" (its concession curves and
    how it ended); ``simulation`` the runs it was the first of (strategies, counts);
    ``odds`` the odds by date; ``forecast`` a forecast and its reading; ``since`` the
    comparison of the previous version (A) with this one (B); ``backtest`` the forecasts from past
    dates scored against the record; ``notes`` say why a section is missing.

    ``history`` stays plain data, ``{"versions": [VersionInfo.to_dict()], "events":
    [EventInfo.to_dict()]}`` (``Record.timeline()`` as JSON): the typed records live in
    :mod:`accord.record.store`, which needs the database extra the report does not, and the
    dashboard draws the same timeline (:func:`accord.report.history.timeline_svg`) from the
    JSON its record API serves.
    """

    transcript: Transcript | None = None
    simulation: Simulation | None = None
    odds: Odds | None = None
    forecast: ForecastWithReading | None = None
    notes: tuple[str, ...] = field(default=())
    since: Comparison | None = None
    history: Mapping[str, Any] | None = None
    backtest: Backtest | None = None

    def __post_init__(self) -> None:
        # a dictionary here would render as nothing (or as garbage) without an error
        if self.transcript is not None and not isinstance(self.transcript, Transcript):
            raise ArgumentTypeError(
                "ReportSections.transcript must be a Transcript (from a simulation), "
                f"not {type(self.transcript).__name__}"
            )


def _simulation(scenario: Scenario, runs: int, rng: RNG) -> tuple[Simulation | None, list[str]]:
    from accord.negotiation.simulation import simulate

    try:
        return simulate(scenario, runs=runs, rng=rng), []
    except AccordError as exc:
        return None, [f"simulation not run: {exc}"]


def odds_from_results(sim: Simulation) -> Odds:
    """The odds by date (by exchange when undated) from the runs of a
    :class:`~accord.negotiation.simulation.Simulation` (used when the scenario cannot be
    swept): each run counts from the date (exchange) of its agreement."""
    import numpy as np

    from accord.report.calendar import Odds
    from accord.sweep.summary import by_date, by_round

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
        return Odds(
            points=by_date(full, agree, day, as_of, end),
            source=source,
            as_of=as_of.isoformat(),
            deadline=end.isoformat(),
        )
    rounds = np.array([r.rounds for r in sim.results])
    return Odds(
        points=by_round(full, agree, rounds, sched.rounds), source=source, deadline=sched.rounds
    )


def _forecast(scenario: Scenario, model: str) -> tuple[ForecastWithReading | None, list[str]]:
    from accord.forecast import actor_table_from_scenario, run_forecast
    from accord.forecast.reading import read_forecast

    try:
        f = run_forecast(actor_table_from_scenario(scenario), model)
        return ForecastWithReading(f, read_forecast(scenario, f)), []
    except AccordError as exc:
        return None, [f"forecast not run: {exc}"]


def compute_sections(
    scenario: Scenario,
    *,
    simulate: bool = True,
    forecast: bool = True,
    runs: int = DEFAULT_RUNS,
    rng: RNG = 0,
    forecast_model: str = "smp",
) -> ReportSections:
    """Run the simulation, sweep, forecast and back-test and return them as the report's
    sections (see the module docstring).

    ``rng`` seeds the simulation, the sweep and the back-test (default 0, so a report is
    reproducible as it stands): an int, a :class:`numpy.random.Generator`, a
    :class:`numpy.random.SeedSequence` or None for fresh entropy (see
    :mod:`accord.randomness`)."""
    check_rng(rng)
    notes: list[str] = []
    sim: Simulation | None = None
    odds: Odds | None = None
    if simulate:
        sim, msgs = _simulation(scenario, runs, rng)
        notes += msgs
        if sim is not None:
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
    return ReportSections(
        transcript=None if sim is None else sim.transcript,
        simulation=sim,
        odds=odds,
        forecast=fc,
        notes=tuple(notes),
        backtest=bt,
    )


#: Sweep runs per cut date in the report's back-test at most.
BACKTEST_RUNS = 200


def _backtest(scenario: Scenario, runs: int, rng: RNG) -> tuple[Backtest | None, list[str]]:
    """The back-test of the scenario's forecasts against its calendar's past rounds, when it
    has past rounds to score against."""
    cal = scenario.calendar
    if cal is None or len(cal.past) < 2:
        return None, []
    from accord.evaluate.backtest import backtest

    try:
        return backtest(scenario, runs=max(1, runs), rng=rng), []
    except AccordError as exc:
        return None, [f"back-test not run: {exc}"]
