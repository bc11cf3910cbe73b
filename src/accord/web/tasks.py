"""What a worker process computes for a request (see :mod:`accord.web.workers`).

Every function here is called with picklable arguments (scenarios, edits, settings, bytes)
and returns picklable results (scenarios, JSON-ready dicts, HTML text); it may raise an
:class:`~accord.errors.AccordError`, which the server answers with a 4xx.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accord.errors import AccordError, ScenarioError
from accord.model import Scenario
from accord.web.settings import LimitError, Settings, check_size
from accord.web.whatif import Edits, apply_edits

if TYPE_CHECKING:
    from accord.analysis import Analysis
    from accord.report.utility_space import UtilitySpace

#: A scenario as a request gives it: a scenario of the store, or an inline accord document.
Source = Scenario | dict[str, Any]


@dataclass(frozen=True, slots=True)
class View:
    """A scenario (edited), its analysis and the utility space to draw."""

    scenario: Scenario
    analysis: Analysis
    space: UtilitySpace


def view_of(scenario: Scenario, settings: Settings) -> View:
    """The scenario with its analysis and the utility space to plot (at most
    ``settings.plot_points`` points); ``scenario`` has passed :func:`check_size`."""
    from accord.analysis import analyze
    from accord.report.utility_space import utility_space

    a = analyze(scenario, max_outcomes=settings.max_outcomes)
    return View(scenario, a, utility_space(scenario, a, max_points=settings.plot_points))


def simulation_of(
    scenario: Scenario,
    settings: Settings,
    *,
    rng: int = 0,
    runs: int = 1,
    acceptable: int | None = None,
) -> dict[str, Any]:
    """``{"transcript": Transcript.to_dict(), "summary": Simulation.summary(), "why": ...}``
    of ``runs`` simulated negotiations (the transcript is the first run's); ``rng`` as in
    :func:`accord.negotiation.simulation.simulate` (the HTTP API's ``seed``); ``scenario``
    has passed :func:`check_size`. ``why`` says why run 1 ended without agreement (empty
    when it reached one), naming the ``acceptable`` packages it did not reach when given
    (:func:`accord.negotiation.explain.why_it_ended`)."""
    from accord.negotiation.explain import why_it_ended
    from accord.negotiation.simulation import simulate

    if not 1 <= runs <= settings.max_runs:
        raise LimitError(f"runs must be between 1 and {settings.max_runs}, got {runs}")
    sim = simulate(scenario, runs=runs, rng=rng)
    summary = sim.summary(limit=0)
    summary.pop("results", None)
    return {
        "transcript": sim.transcript.to_dict(),
        "summary": summary,
        "why": why_it_ended(sim, acceptable),
    }


def document_scenario(data: dict[str, Any]) -> Scenario:
    """A scenario from an inline document; anything wrong with it is a ScenarioError."""
    from accord.io import scenario_from_document
    from accord.io.yaml_source import Document, check_data

    check_data(data, "document")
    try:
        return scenario_from_document(Document(data, "document", None))
    except AccordError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise ScenarioError(f"invalid scenario document: {exc}", file="document") from None


def scenario_of(source: Source, edits: Edits, settings: Settings) -> Scenario:
    """The (edited) scenario a request asks about, checked against the size limit (once:
    an edit changes no issue, so not the size)."""
    base = document_scenario(source) if isinstance(source, dict) else source
    check_size(base, settings)
    return apply_edits(base, edits)


def upload(filename: str, data: bytes, settings: Settings, view: bool) -> Scenario:
    """Parse an uploaded file; with ``view``, also check it can be shown (analysed)."""
    from accord.web.uploads import parse_upload

    sc = parse_upload(filename, data, limit=settings.max_upload_bytes)
    check_size(sc, settings)
    if view:
        view_of(sc, settings)
    return sc


def to_json(data: Any) -> bytes:
    """JSON text of a response, made in the worker (a large analysis takes seconds to
    encode; the server only passes the bytes on)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8")


def analysis(source: Source, edits: Edits, settings: Settings) -> bytes:
    """The analysis of the edited scenario as JSON bytes (the schema of ``accord analyze
    --json``, with the concessions of each package).
    """
    from accord.analysis import analyze
    from accord.analysis.concessions import analysis_document

    sc = scenario_of(source, edits, settings)
    return to_json(analysis_document(sc, analyze(sc, max_outcomes=settings.max_outcomes)))


def simulation(source: Source, edits: Edits, settings: Settings, rng: int, runs: int) -> bytes:
    """``runs`` simulated negotiations of the edited scenario with ``rng``, as JSON bytes: the
    first run's transcript and the summary of all runs.
    """
    sc = scenario_of(source, edits, settings)
    return to_json(simulation_of(sc, settings, rng=rng, runs=runs))


def report(source: Source, edits: Edits, settings: Settings) -> str:
    """The self-contained HTML report of the edited scenario."""
    from accord.analysis import analyze
    from accord.report import build_report
    from accord.report.sections import ReportSections

    sc = scenario_of(source, edits, settings)
    analysis = analyze(sc, max_outcomes=settings.max_outcomes)
    return build_report(sc, analysis=analysis, sections=ReportSections())


def export(source: Source, edits: Edits, settings: Settings, fmt: str) -> tuple[str, str]:
    """The edited scenario as accord ``fmt`` (``yaml`` or ``json``) text, with its media type."""
    from accord.web.export import export_text

    return export_text(scenario_of(source, edits, settings), fmt)


def results_page(
    template: str, base: Scenario, edits: Edits, settings: Settings, context: dict[str, Any]
) -> str:
    """The workspace page or its results fragment: the analysis and the plots, rendered."""
    from accord.web.plot import pair_svg
    from accord.web.templating import TEMPLATES

    t0 = time.perf_counter()
    check_size(base, settings)
    sc = apply_edits(base, edits)
    view = view_of(sc, settings)
    return TEMPLATES.get_template(template).render(
        **context,
        settings=settings,
        sc=sc,
        base=base,
        v=view,
        svgs=[pair_svg(p) for p in view.space.pairs],
        ms=(time.perf_counter() - t0) * 1000,
        edits=edits,
    )


def simulation_page(base: Scenario, edits: Edits, settings: Settings) -> str:
    """The simulation fragment of the workspace: one simulated negotiation of the edited
    scenario (its transcript, chart and, when it ends in agreement, who conceded what).
    """
    from accord.analysis import analyze
    from accord.analysis.concessions import package_concessions
    from accord.web.sim_svg import simulation_svg
    from accord.web.templating import TEMPLATES

    check_size(base, settings)
    sc = apply_edits(base, edits)
    acceptable = analyze(sc, max_outcomes=settings.max_outcomes).zopa.size
    sim = simulation_of(sc, settings, acceptable=acceptable)
    names = {p.id: p.name for p in sc.parties}
    t = sim["transcript"]
    agreement = t.get("agreement")
    return TEMPLATES.get_template("_simulation.html").render(
        sc=sc,
        sim=sim,
        names=names,
        edits=edits,
        sim_svg=simulation_svg(t, names),
        concessions=package_concessions(sc, dict(agreement), "the simulated agreement", "simulated")
        if agreement
        else None,
    )
