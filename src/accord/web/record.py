"""The talks record in the dashboard: its timeline and versions (``/record``), and the
comparison of two versions or scenarios (``/compare?a=..&b=..``), as pages and as JSON under
``/api/record``. ``a`` and ``b`` are record versions (``@3``, ``@latest``, a ref prefix) or
keys of the dashboard's scenarios (bundled names, uploads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from accord.errors import AccordError, ConfigurationError
from accord.model import Scenario
from accord.report.history import change_rows, effect_rows, timeline_svg
from accord.web.settings import Settings
from accord.web.uploads import ScenarioStore
from accord.web.workers import WorkerPool

if TYPE_CHECKING:
    from accord.compare.core import Comparison

#: ``@VERSION`` (a ref of the talks record) or a scenario key (:data:`accord.web.uploads.KEY`).
REF = r"^(@\S{1,199}|[A-Za-z0-9][A-Za-z0-9._-]{0,99})$"
Ref = Annotated[
    str,
    Query(min_length=1, max_length=200, pattern=REF, description="@VERSION or a scenario key"),
]


def _open(settings: Settings) -> Any:
    from accord.record import open_record

    return open_record(settings.record)


def _timeline(settings: Settings) -> dict[str, Any]:
    with _open(settings) as rec:
        versions, events = rec.timeline()
        return {
            "record": rec.display_url,
            "versions": [v.to_dict() for v in versions],
            "events": [e.to_dict() for e in events],
        }


def _side(spec: str, store: ScenarioStore, settings: Settings) -> tuple[Scenario, Any, Any, str]:
    if spec.startswith("@"):
        from accord.compare.sides import load_side

        return load_side(spec, settings.record)
    try:
        return store.get(spec), None, None, spec
    except AccordError:
        raise
    except Exception:
        raise ConfigurationError(f"no scenario {spec!r}; give a scenario key or @VERSION") from None


def compare_task(
    sa: Scenario,
    sb: Scenario,
    labels: tuple[str, str],
    raws: tuple[Any, Any],
    extras: tuple[Any, Any],
    settings: Settings,
) -> Comparison:
    """The comparison, computed in a worker process under the request budget."""
    from accord.compare import compare_scenarios
    from accord.web.settings import check_size
    from accord.web.tasks import view_of

    for sc in (sa, sb):  # the dashboard's limits on what one request may analyse
        check_size(sc, settings)
        view_of(sc, settings)
    c = compare_scenarios(
        sa,
        sb,
        label_a=labels[0],
        label_b=labels[1],
        raw_a=raws[0],
        raw_b=raws[1],
        sweep_a=extras[0],
        sweep_b=extras[1],
    )
    return c


async def _compare(
    a: str, b: str, store: ScenarioStore, settings: Settings, pool: WorkerPool | None
) -> Comparison:
    sa, raw_a, extra_a, label_a = _side(a, store, settings)
    sb, raw_b, extra_b, label_b = _side(b, store, settings)
    args = (sa, sb, (label_a, label_b), (raw_a, raw_b), (extra_a, extra_b), settings)
    if pool is None:
        return compare_task(*args)
    return await pool.run(compare_task, *args)


def make_router(
    store: ScenarioStore, settings: Settings, pool: WorkerPool | None = None
) -> APIRouter:
    """The talks record's pages (``/record``, ``/compare``) and their JSON routes under
    ``/api/record`` (timeline of versions and events; comparison of two versions or scenarios).
    """
    router = APIRouter()

    @router.get("/api/record/timeline", tags=["record"])
    def api_timeline() -> dict[str, Any]:
        """The talks record's versions (oldest first) and dated events."""
        return _timeline(settings)

    @router.get("/api/record/compare", tags=["record"])
    async def api_compare(a: Ref, b: Ref) -> dict[str, Any]:
        """What changed from A to B and what it did to the analysis (as `accord compare
        --json`)."""
        return (await _compare(a, b, store, settings, pool)).to_dict()

    @router.get("/record", response_class=HTMLResponse, include_in_schema=False)
    def record_page() -> HTMLResponse:
        from accord.web.pages import render

        try:
            tl = _timeline(settings)
        except AccordError as exc:
            return render(
                "record.html",
                status=200,
                tl=None,
                error=str(exc),
                svg="",
                scenarios=store.bundled_names(),
            )
        svg = timeline_svg(tl["versions"], tl["events"])
        return render("record.html", tl=tl, error=None, svg=svg, scenarios=store.bundled_names())

    @router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(a: Ref, b: Ref) -> HTMLResponse:
        from accord.web.pages import render

        c = await _compare(a, b, store, settings, pool)
        d = c.to_dict()
        return render("compare.html", d=d, changes=change_rows(d), effect=effect_rows(c), a=a, b=b)

    return router
