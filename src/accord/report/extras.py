"""The report's optional sections: a simulation, a sweep and a forecast, as plain data.

Each section is fed by the JSON-ready dictionaries the other layers already print
(``Transcript.to_dict()``, ``Forecast.to_dict()``, a P(agreement) curve), so a report can be
built from saved files as well as computed here. :func:`compute_extras` runs what this
installation of accord can run; a capability that is missing or does not apply to the
scenario (a forecast needs an ordinal or numeric issue) leaves its section out, with a note
saying why.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.errors import AccordError
from accord.model import Scenario
from accord.report.calendar import round_dates

#: Simulated runs behind the P(agreement) curve when no sweep engine is available.
DEFAULT_RUNS = 200


@dataclass(frozen=True, slots=True)
class Extras:
    """Optional report sections. ``agreement_curve`` points are ``{"date"|"round",
    "p_agreement", optional "low", "high"}``; ``curve_source`` says where they came from."""

    transcript: Mapping[str, Any] | None = None
    simulation: Mapping[str, Any] | None = None  # Simulation.summary() without "results"
    agreement_curve: Sequence[Mapping[str, Any]] | None = None
    curve_source: str = ""
    forecast: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())


def available(module: str) -> bool:
    """Whether ``accord.<module>`` is importable and non-empty in this installation."""
    try:
        mod = importlib.import_module(f"accord.{module}")
    except ImportError:
        return False
    return bool(getattr(mod, "__all__", None)) or module == "negotiation.simulation"


def _simulation(scenario: Scenario, runs: int, seed: int) -> tuple[Any, list[str]]:
    if not available("negotiation.simulation"):
        return None, ["simulation: not available in this installation"]
    from accord.negotiation.simulation import simulate

    try:
        return simulate(scenario, runs=runs, seed=seed), []
    except AccordError as exc:
        return None, [f"simulation not run: {exc}"]


def agreement_curve_from_results(
    results: Sequence[Mapping[str, Any]], rounds: int
) -> list[dict[str, Any]]:
    """P(agreement by the end of round r) for r = 1..rounds from simulated runs
    (``Simulation.summary()["results"]``)."""
    n = len(results)
    out = []
    for r in range(1, rounds + 1):
        hits = sum(1 for x in results if x["result"] == "agreement" and int(x["rounds"]) <= r)
        out.append({"round": r, "p_agreement": hits / n if n else 0.0})
    return out


def curve_by_date(scenario: Scenario, curve: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A P(agreement by round) curve (points of rounds 1..R in order) by calendar date:
    one point per date, that of the date's last round, with ``"date"`` (ISO) added. The
    curve comes back unchanged when the scenario does not date its rounds
    (:func:`~accord.report.calendar.round_dates`)."""
    dates = round_dates(scenario, len(curve))
    if dates is None:
        return [dict(p) for p in curve]
    last: dict[Any, dict[str, Any]] = {}
    for d, point in zip(dates, curve, strict=True):
        last[d] = {**point, "date": d.isoformat()}  # later rounds overwrite earlier ones
    return [last[d] for d in sorted(last)]


def _sweep_curve(
    scenario: Scenario, runs: int, seed: int
) -> tuple[list[dict[str, Any]] | None, str]:
    """P(agreement by round r) with 95% Wilson intervals from a Monte Carlo sweep over the
    scenario's uncertain inputs (:mod:`accord.sweep`), when this installation has it."""
    if not available("sweep"):
        return None, ""
    from accord.sweep import make_job, run_sweep, wilson

    try:
        protocol = scenario.protocol or "alternating-offers"
        job = make_job(scenario, runs=runs, seed=seed, protocol=protocol)
        result = run_sweep(job, workers=1)
    except AccordError:
        return None, ""
    table = result.table
    rounds = [int(r) for r in table["rounds"]]
    rows: list[dict[str, Any]] = [
        {"result": "agreement" if bool(a) else "other", "rounds": r}
        for a, r in zip(table["agreement"], rounds, strict=True)
    ]
    horizon = max([*rounds, job.rounds or 0])
    curve = agreement_curve_from_results(rows, horizon)
    for point in curve:
        lo, hi = wilson(round(point["p_agreement"] * len(rows)), len(rows))
        point["low"], point["high"] = lo, hi
    curve = curve_by_date(scenario, curve)
    source = (
        f"Monte Carlo sweep of {len(rows)} runs over the scenario's uncertain inputs "
        f"(seed {seed}; {protocol}); band: 95% Wilson interval"
    )
    return curve, source


def _forecast(scenario: Scenario, model: str) -> tuple[Mapping[str, Any] | None, list[str]]:
    if not available("forecast"):
        return None, ["forecast: not available in this installation"]
    from accord.forecast import actor_table_from_scenario, run_forecast

    try:
        return run_forecast(actor_table_from_scenario(scenario), model).to_dict(), []
    except AccordError as exc:
        return None, [f"forecast not run: {exc}"]


def compute_extras(
    scenario: Scenario,
    *,
    simulate: bool = True,
    forecast: bool = True,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    forecast_model: str = "smp",
) -> Extras:
    """Run the simulation, sweep and forecast this installation offers (see module doc)."""
    notes: list[str] = []
    transcript = summary = curve = None
    source = ""
    if simulate:
        sim, msgs = _simulation(scenario, runs, seed)
        notes += msgs
        if sim is not None:
            transcript = sim.transcript.to_dict()
            full = sim.summary()
            summary = {k: v for k, v in full.items() if k != "results"}
            curve, source = _sweep_curve(scenario, runs, seed)
            if curve is None:
                curve = curve_by_date(
                    scenario, agreement_curve_from_results(full["results"], sim.schedule.rounds)
                )
                source = (
                    f"{sim.runs} simulated runs (seeds spawned from {seed}) of "
                    f"{sim.protocol} with each party's own strategy"
                )
    fc = None
    if forecast:
        fc, msgs = _forecast(scenario, forecast_model)
        notes += msgs
    return Extras(transcript, summary, curve, source, fc, tuple(notes))
