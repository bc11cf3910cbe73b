"""The dashboard application: pages, static assets, the JSON API and error handling.

Every error a user can cause is an :class:`~accord.errors.AccordError` and becomes a 4xx
answer naming the problem: JSON under ``/api``, an HTML message elsewhere (a fragment for the
page's own script). Anything else is logged and answered with a plain 500, never a
traceback; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import accord
from accord.errors import AccordError, BudgetExceeded
from accord.web import api, pages
from accord.web import record as record_pages
from accord.web.guard import CsrfGuard, Forbidden, OriginGuard
from accord.web.settings import LimitError, Settings
from accord.web.sweeps import Busy, SweepManager
from accord.web.uploads import ScenarioStore, UploadTooLarge
from accord.web.workers import Overloaded, WorkerPool

log = logging.getLogger("accord.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413), declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _too_large(scope, receive, send, self.limit)
                    return
        seen = 0
        started = False
        too_big = False

        async def counting_receive() -> Message:
            # past the limit the app is told the client left: it stops reading, whatever
            # parser it is in, and the 413 below is the only answer
            nonlocal seen, too_big
            if too_big:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_big = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if too_big:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not too_big:
                raise
        if too_big and not started:
            await _too_large(scope, receive, send, self.limit)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse(
        {"error": f"the request is over the limit of {limit:,} bytes"}, status_code=413
    )
    await response(scope, receive, send)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    fragment = request.headers.get("x-requested-with") == "fetch"
    return pages.render(
        "_error.html" if fragment else "error.html",
        status=status,
        message=message,
        status_code=status,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The dashboard as an ASGI application (serve it with ``accord serve``)."""
    settings = settings or Settings()
    store = ScenarioStore(settings.max_uploads)
    sweeps = SweepManager(settings)
    pool = WorkerPool(
        settings.workers,
        seconds=settings.request_seconds,
        memory_bytes=settings.request_memory_bytes,
        queue_seconds=settings.queue_seconds,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(pool.warm_up)
        yield
        sweeps.stop()
        pool.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="accord dashboard API",
        version=getattr(accord, "__version__", "0"),
        description="Analyse negotiation scenarios: zone of agreement, deadlock diagnosis, "
        "what-if edits, simulation and reports. Analysis responses use the schema of "
        "`accord analyze --json`.",
        openapi_url="/api/openapi.json",
        responses=api.ERRORS,
        docs_url=None,  # the interactive docs load scripts from a CDN; nothing here does
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.sweeps = sweeps
    app.state.pool = pool
    static = Path(str(resources.files("accord.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    favicon = (static / "favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon_ico() -> Response:
        """The icon browsers ask for by this name (an SVG image)."""
        return Response(
            favicon,
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.include_router(api.make_router(store, settings, sweeps, pool))
    csrf = CsrfGuard()
    app.state.csrf = csrf

    @app.get("/api/token", tags=["api"], response_model=api.TokenInfo)
    async def token() -> api.TokenInfo:
        """This server run's token: send it as ``X-CSRF-Token`` with ``POST /api/scenarios``
        when the request carries no ``Origin`` (a script); another site cannot read it."""
        return api.TokenInfo(token=csrf.token)

    app.include_router(pages.make_router(store, settings, sweeps, pool, csrf))
    app.include_router(record_pages.make_router(store, settings, pool))

    @app.exception_handler(AccordError)
    async def accord_error(request: Request, exc: AccordError) -> Response:
        status = 413 if isinstance(exc, UploadTooLarge) else 422
        if isinstance(exc, LimitError):
            status = 422
        if isinstance(exc, Busy):
            status = 429
        if isinstance(exc, BudgetExceeded | Overloaded):
            status = 503
        if isinstance(exc, Forbidden):
            status = 403
        if "no scenario" in str(exc) and request.method == "GET":
            status = 404
        return _error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            detail = jsonable(exc.errors())
            return JSONResponse({"error": _invalid(detail), "detail": detail}, status_code=422)
        return _error(request, 422, "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        if exc.status_code == 405:  # every method of the path, from all its routes
            response.headers["Allow"] = ", ".join(_methods(app, request))
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(request, 500, "internal error (logged on the server)")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + 65_536)
    app.add_middleware(OriginGuard, allowed_hosts=settings.allowed_hosts, token=csrf.token)
    return app


def _routes(routes: Any) -> Any:
    """Every route with a path and methods, through included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        elif getattr(route, "methods", None) and getattr(route, "path_regex", None):
            yield route


def _methods(app: FastAPI, request: Request) -> list[str]:
    path = request.url.path
    methods: set[str] = set()
    for route in _routes(app.routes):
        if route.path_regex.match(path):
            methods |= set(route.methods)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _invalid(detail: list[dict[str, Any]]) -> str:
    """One line naming the first problems of a request the schema refuses, where and why."""
    parts = [
        f"{'.'.join(e['loc'][1:] if e['loc'][:1] == ['body'] else e['loc']) or 'body'}: {e['msg']}"
        for e in detail[:3]
    ]
    more = f" (and {len(detail) - 3} more)" if len(detail) > 3 else ""
    return "invalid request: " + "; ".join(parts)[:400] + more


def jsonable(errors: Any) -> Any:
    """Validation errors without the raw input objects (which may not be JSON)."""
    return [
        {
            "loc": [str(x) for x in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "value_error")),
        }
        for e in errors
    ]


__all__ = ["HTMLResponse", "create_app"]
