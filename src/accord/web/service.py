"""What the pages and the API compute, with the per-request limits applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.analysis import Analysis, analyze
from accord.errors import AccordError, ConfigurationError
from accord.model import Scenario
from accord.randomness import RNG, rng_alias
from accord.report.utility_space import UtilitySpace, utility_space
from accord.web.settings import Settings


class LimitError(ConfigurationError):
    """A request asks for more than the server's limits allow."""


@dataclass(frozen=True, slots=True)
class View:
    """A scenario (edited), its analysis and the utility space to draw."""

    scenario: Scenario
    analysis: Analysis
    space: UtilitySpace


def check_size(scenario: Scenario, settings: Settings) -> None:
    """Refuse a scenario whose outcome space exceeds ``settings.max_outcomes``.

    Raises :class:`LimitError` naming the size, the limit and the option that sets it.
    """
    n = scenario.n_outcomes
    if n > settings.max_outcomes:
        raise LimitError(
            f"the outcome space of {scenario.id!r} has {n:,} packages, over this server's "
            f"limit of {settings.max_outcomes:,} per request (accord serve --max-outcomes)"
        )


def analysis_of(scenario: Scenario, settings: Settings) -> Analysis:
    """The analysis of ``scenario`` within the server's limits (:func:`check_size` first)."""
    check_size(scenario, settings)
    return analyze(scenario, max_outcomes=settings.max_outcomes)


def view_of(scenario: Scenario, settings: Settings) -> View:
    """The scenario with its analysis and the utility space to plot (at most
    ``settings.plot_points`` points).
    """
    a = analysis_of(scenario, settings)
    return View(scenario, a, utility_space(scenario, a, max_points=settings.plot_points))


@rng_alias()
def simulation_of(
    scenario: Scenario,
    settings: Settings,
    *,
    rng: RNG = 0,
    runs: int = 1,
    acceptable: int | None = None,
) -> dict[str, Any]:
    """``{"transcript": Transcript.to_dict(), "summary": Simulation.summary()}`` of
    ``runs`` simulated negotiations (the transcript is the first run's); ``rng`` as in
    :func:`accord.negotiation.simulation.simulate` (the HTTP API's ``seed``); ``seed=`` is
    its deprecated former name. ``why`` says why run 1 ended without agreement (empty when it
    reached one), naming the ``acceptable`` packages it did not reach when given
    (:func:`accord.negotiation.explain.why_it_ended`)."""
    check_size(scenario, settings)
    if not 1 <= runs <= settings.max_runs:
        raise LimitError(f"runs must be between 1 and {settings.max_runs}, got {runs}")
    try:
        from accord.negotiation.simulation import simulate
    except ImportError:  # pragma: no cover - the capability ships with accord
        raise ConfigurationError("simulation is not available in this installation") from None
    from accord.negotiation.explain import why_it_ended

    sim = simulate(scenario, runs=runs, rng=rng)
    summary = sim.summary(limit=0)
    summary.pop("results", None)
    return {
        "transcript": sim.transcript.to_dict(),
        "summary": summary,
        "why": why_it_ended(sim, acceptable),
    }


__all__ = ["AccordError", "LimitError", "View", "analysis_of", "simulation_of", "view_of"]
