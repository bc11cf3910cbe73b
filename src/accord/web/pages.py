"""The dashboard's server-rendered pages and the fragments its script swaps in."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from accord.errors import AccordError, ConfigurationError
from accord.model import Scenario
from accord.negotiation.registry import ANALYSIS_ONLY, default_protocol, protocols
from accord.report.events import event_table, events_svg
from accord.tolerance import TOLERANCE
from accord.web import tasks
from accord.web.guard import CsrfGuard
from accord.web.odds_svg import odds_svg
from accord.web.settings import Settings
from accord.web.sweeps import SWEEP_ID, SweepManager
from accord.web.templating import TEMPLATES
from accord.web.uploads import ScenarioStore
from accord.web.whatif import Edits, apply_edits, red_line_key, stage_bar
from accord.web.workers import WorkerPool


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The template ``name`` rendered with ``context`` as an HTML response with ``status``."""
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status)


def _number(form: FormData, key: str) -> float:
    raw = form.get(key)
    if not isinstance(raw, str):
        raise ConfigurationError(f"{key} must be a number")
    try:
        x = float(raw)
    except ValueError:
        raise ConfigurationError(f"{key} must be a number, got {raw[:30]!r}") from None
    if not math.isfinite(x):
        raise ConfigurationError(f"{key} must be a finite number, got {raw[:30]!r}")
    return x


def edits_from_form(scenario: Scenario, form: FormData) -> Edits:
    """The edits the what-if form describes: checked ``keep`` boxes are the red lines still
    on, ``rv:PARTY`` reservation values, ``w:PARTY:ISSUE`` weights. Values equal to the
    scenario's are not edits; ``st:STAGE`` the bar of a ratification stage
    (:func:`~accord.web.whatif.stage_bar`)."""
    keep = {v for v in form.getlist("keep") if isinstance(v, str)}
    off = frozenset(
        red_line_key(r.party, r.id)
        for r in scenario.red_lines
        if red_line_key(r.party, r.id) not in keep
    )
    reservation: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for p in scenario.parties:
        key = f"rv:{p.id}"
        if key in form:
            x = _number(form, key)
            if abs(x - p.reservation_value) > TOLERANCE:
                reservation[p.id] = x
        if not p.preference.is_additive:
            continue
        new = {}
        for issue in scenario.issues:
            key = f"w:{p.id}:{issue.id}"
            if key in form:
                new[issue.id] = _number(form, key)
        old = p.preference.weights
        if any(abs(w - old.get(i, 0.0)) > TOLERANCE for i, w in new.items()):
            weights[p.id] = new
    stages: dict[str, float] = {}
    for st in scenario.ratification:
        key = f"st:{st.id}"
        if key in form:
            x = _number(form, key)
            if abs(x - stage_bar(st)) > TOLERANCE:
                stages[st.id] = x
    return Edits(off=off, reservation=reservation, weights=weights, stages=stages)


def _whole(form: FormData, key: str, low: int, high: int) -> int:
    x = _number(form, key)
    if x != int(x) or not low <= x <= high:
        raise ConfigurationError(
            f"{key} must be a whole number from {low:,} to {high:,}, got {x:g}"
        )
    return int(x)


def make_router(
    store: ScenarioStore,
    settings: Settings,
    sweeps: SweepManager,
    pool: WorkerPool,
    csrf: CsrfGuard,
) -> APIRouter:
    """The dashboard's pages: the index and upload form, a scenario's page, the fragments its
    what-if, simulate and sweep forms post to, and the report and scenario downloads.

    Every form post is checked against ``csrf``; the routes are left out of the OpenAPI
    schema.
    """
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        scenarios = [(name, store.get(name)) for name in store.bundled_names()]
        return render(
            "index.html", scenarios=scenarios, error=None, settings=settings, csrf=csrf.token
        )

    @router.post("/upload")
    async def upload(request: Request) -> Response:
        form = await request.form(max_files=1, max_fields=10)
        csrf.check(form)
        file = form.get("file")
        try:
            if not isinstance(file, UploadFile) or not file.filename:
                raise ConfigurationError("choose a scenario file to upload")
            data = await file.read(settings.max_upload_bytes + 1)
            # parsed and analysed in a worker: refuse now what could not be shown later
            sc = await pool.run(tasks.upload, file.filename, data, settings, True)
        except AccordError as exc:
            scenarios = [(name, store.get(name)) for name in store.bundled_names()]
            return render(
                "index.html",
                status=422,
                scenarios=scenarios,
                error=str(exc),
                settings=settings,
                csrf=csrf.token,
            )
        return RedirectResponse(f"/s/{store.add(sc)}", status_code=303)

    @router.get("/s/{key}", response_class=HTMLResponse)
    async def workspace(key: str) -> HTMLResponse:
        sc = store.get(key)
        html = await pool.run(
            tasks.results_page,
            "workspace.html",
            sc,
            Edits(),
            settings,
            {
                "key": key,
                "protocols": list(protocols()),
                "default_protocol": default_protocol(sc),
                "analysis_only": ANALYSIS_ONLY,
                "csrf": csrf.token,
            },
        )
        return HTMLResponse(html)

    async def edited(key: str, request: Request) -> tuple[Scenario, Scenario, Edits]:
        base = store.get(key)
        form = await request.form(max_files=0, max_fields=2000)
        csrf.check(form)
        edits = edits_from_form(base, form)
        return base, apply_edits(base, edits), edits

    @router.post("/s/{key}/whatif", response_class=HTMLResponse)
    async def whatif(key: str, request: Request) -> HTMLResponse:
        base, _, edits = await edited(key, request)
        html = await pool.run(
            tasks.results_page, "_results.html", base, edits, settings, {"key": key}
        )
        return HTMLResponse(html)

    @router.post("/s/{key}/simulate", response_class=HTMLResponse)
    async def simulate(key: str, request: Request) -> HTMLResponse:
        base, _, edits = await edited(key, request)
        return HTMLResponse(await pool.run(tasks.simulation_page, base, edits, settings))

    @router.post("/s/{key}/sweep", response_class=HTMLResponse)
    async def sweep(key: str, request: Request) -> HTMLResponse:
        base = store.get(key)
        form = await request.form(max_files=0, max_fields=2000)
        csrf.check(form)
        sc = apply_edits(base, edits_from_form(base, form))
        protocol = form.get("sweep_protocol") or None
        if protocol is not None and not isinstance(protocol, str):
            raise ConfigurationError("sweep_protocol must be a protocol name")
        state = sweeps.start(
            sc,
            client=request.client.host if request.client is not None else "unknown",
            runs=_whole(form, "sweep_runs", 1, settings.max_sweep_runs),
            rng=_whole(form, "sweep_seed", 0, 2**32 - 1),
            protocol=protocol,
        )
        return render("_sweep.html", state=state)

    @router.get("/sweeps/{sweep_id}/result", response_class=HTMLResponse)
    def sweep_result(sweep_id: str) -> HTMLResponse:
        found = sweeps.get(sweep_id) if SWEEP_ID.match(sweep_id) else None
        if found is None:
            raise HTTPException(404, "no such sweep (unknown, or expired)")
        if found.get("status") != "failed" and not found.get("result"):
            # asked before the sweep has finished: say so instead of rendering nothing
            state = found.get("status", "running")
            raise HTTPException(409, f"the sweep is still {state}; poll /api/sweeps/{sweep_id}")
        result = found.get("result") or {}
        odds = (
            odds_svg(result["by_date"], past_rounds=result.get("past_rounds") or [])
            if result.get("by_date")
            else ""
        )
        points = result.get("by_date") or []
        names = result.get("issue_names") or {}
        events = event_table(points, names) if points else None
        return render(
            "_sweep_result.html",
            s=found,
            odds_svg=odds,
            events=events,
            events_svg=events_svg(points, names) if events and not events.empty else "",
        )

    @router.post("/s/{key}/report")
    async def report(key: str, request: Request) -> Response:
        base, sc, edits = await edited(key, request)
        html = await pool.run(tasks.report, base, edits, settings)
        name = f"{_file_stem(sc)}{'-edited' if not edits.empty else ''}-report.html"
        return Response(
            html,
            media_type="text/html; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.post("/s/{key}/scenario.{fmt}")
    async def export(key: str, fmt: str, request: Request) -> Response:
        if fmt not in {"yaml", "json"}:
            raise ConfigurationError(f"export format must be yaml or json, got {fmt[:10]!r}")
        base, sc, edits = await edited(key, request)
        text, media = await pool.run(tasks.export, base, edits, settings, fmt)
        name = f"{_file_stem(sc)}{'-edited' if not edits.empty else ''}.{fmt}"
        return Response(
            text,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router


def _file_stem(sc: Scenario) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in sc.id)[:60]
    return Path(stem).name or "scenario"
