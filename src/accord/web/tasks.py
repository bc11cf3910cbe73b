"""What a worker process computes for a request (see :mod:`accord.web.workers`).

Every function here is called with picklable arguments (scenarios, edits, settings, bytes)
and returns picklable results (scenarios, JSON-ready dicts, HTML text); it may raise an
:class:`~accord.errors.AccordError`, which the server answers with a 4xx.
"""

from __future__ import annotations

import json
import time
from typing import Any

from accord.errors import AccordError, ScenarioError
from accord.model import Scenario
from accord.web.settings import Settings
from accord.web.whatif import Edits, apply_edits

#: A scenario as a request gives it: a scenario of the store, or an inline accord document.
Source = Scenario | dict[str, Any]


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
    """The (edited) scenario a request asks about, checked against the size limit."""
    from accord.web.service import check_size

    base = document_scenario(source) if isinstance(source, dict) else source
    check_size(base, settings)
    return apply_edits(base, edits)


def upload(filename: str, data: bytes, settings: Settings, view: bool) -> Scenario:
    """Parse an uploaded file; with ``view``, also check it can be shown (analysed)."""
    from accord.web.service import check_size, view_of
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
    from accord.analysis.concessions import analysis_document
    from accord.web.service import analysis_of

    sc = scenario_of(source, edits, settings)
    return to_json(analysis_document(sc, analysis_of(sc, settings)))


def simulation(source: Source, edits: Edits, settings: Settings, rng: int, runs: int) -> bytes:
    """``runs`` simulated negotiations of the edited scenario with ``rng``, as JSON bytes: the
    first run's transcript and the summary of all runs.
    """
    from accord.web.service import simulation_of

    sc = scenario_of(source, edits, settings)
    return to_json(simulation_of(sc, settings, rng=rng, runs=runs))


def report(source: Source, edits: Edits, settings: Settings) -> str:
    """The self-contained HTML report of the edited scenario."""
    from accord.report import build_report
    from accord.report.sections import ReportSections
    from accord.web.service import analysis_of

    sc = scenario_of(source, edits, settings)
    return build_report(sc, analysis=analysis_of(sc, settings), sections=ReportSections())


def export(source: Source, edits: Edits, settings: Settings, fmt: str) -> tuple[str, str]:
    """The edited scenario as accord ``fmt`` (``yaml`` or ``json``) text, with its media type."""
    from accord.web.export import export_text

    return export_text(scenario_of(source, edits, settings), fmt)


def results_page(
    template: str, base: Scenario, edits: Edits, settings: Settings, context: dict[str, Any]
) -> str:
    """The workspace page or its results fragment: the analysis and the plots, rendered."""
    from accord.web.plot import pair_svg
    from accord.web.service import view_of
    from accord.web.templating import TEMPLATES

    t0 = time.perf_counter()
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
    from accord.analysis.concessions import package_concessions
    from accord.web.service import analysis_of, simulation_of
    from accord.web.sim_svg import simulation_svg
    from accord.web.templating import TEMPLATES

    sc = apply_edits(base, edits)
    acceptable = analysis_of(sc, settings).zopa.size
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
