"""The JSON API under ``/api`` (documented at ``/api/openapi.json``).

Analysis responses are ``Analysis.to_dict()``: the schema of ``accord analyze --json``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, File, Header, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from accord.errors import ConfigurationError, ScenarioError
from accord.model import Scenario
from accord.web import tasks
from accord.web.settings import Settings
from accord.web.sweeps import SWEEP_ID, SweepManager
from accord.web.uploads import KEY, ScenarioStore, UploadTooLarge
from accord.web.whatif import Edits
from accord.web.workers import WorkerPool

#: ``"party:red_line_id"``, as :func:`accord.web.whatif.red_line_key` writes it.
RED_LINE_KEY = r"^[^:]+:.+$"
#: A reservation value an edit may set (as :func:`accord.web.whatif.apply_edits` checks).
Reservation = Annotated[float, Field(ge=-1.0, le=2.0, allow_inf_nan=False)]
#: A weight an edit may set: finite, 0 or more.
Weight = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class EditsModel(BaseModel):
    """What-if edits applied to the scenario before anything is computed."""

    model_config = ConfigDict(extra="forbid", strict=True)

    disabled_red_lines: list[Annotated[str, Field(max_length=200, pattern=RED_LINE_KEY)]] = Field(
        default_factory=list,
        max_length=500,
        description='Red lines switched off, each as "party:red_line_id".',
    )
    reservation_values: dict[Annotated[str, Field(min_length=1, max_length=200)], Reservation] = (
        Field(
            default_factory=dict, description="Party id to its new reservation value, in [-1, 2]."
        )
    )
    weights: dict[
        Annotated[str, Field(min_length=1, max_length=200)],
        dict[Annotated[str, Field(min_length=1, max_length=200)], Weight],
    ] = Field(
        default_factory=dict,
        description="Party id to {issue id: weight (0 or more)}; the party's weights are "
        "renormalised (at least one of them must stay positive).",
    )

    ratification: dict[
        Annotated[str, Field(min_length=1, max_length=200)],
        Annotated[float, Field(ge=-1.0, le=2.0, allow_inf_nan=False)],
    ] = Field(
        default_factory=dict,
        description="Ratification stage id to its new bar: a threshold stage's threshold, a "
        "bloc vote's majority (share of the votes), an electorate's expected yes share "
        "(docs/two-level.md).",
    )

    def to_edits(self) -> Edits:
        """The same edits as the immutable :class:`~accord.web.whatif.Edits` the tasks apply."""
        return Edits(
            off=frozenset(self.disabled_red_lines),
            reservation=dict(self.reservation_values),
            weights={k: dict(v) for k, v in self.weights.items()},
            stages=dict(self.ratification),
        )


class ScenarioRequest(BaseModel):
    """A scenario (a bundled name or upload key, or an inline accord document) and edits."""

    model_config = ConfigDict(extra="forbid", strict=True)

    scenario: Annotated[str, Field(max_length=100, pattern=KEY.pattern)] | None = Field(
        default=None,
        description="Bundled scenario name or upload key; default geneva-2026 when no "
        "document is given.",
    )
    document: dict[str, Any] | None = Field(
        default=None, description="An accord scenario document (the YAML/JSON format)."
    )
    edits: EditsModel = Field(default_factory=EditsModel)


class SimulateRequest(ScenarioRequest):
    """A scenario and edits to simulate: ``runs`` runs of its protocol (1 to 500) from
    ``seed`` (0 to 2**32 - 1); the answer holds the first run's transcript and a summary
    of all runs.
    """

    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    runs: int = Field(default=1, ge=1, le=500)


class SweepRequest(ScenarioRequest):
    """A Monte Carlo sweep of the (edited) scenario over its uncertain inputs."""

    runs: int = Field(
        default=1000,
        ge=1,
        le=20_000,
        description="Sampled variants; the server may allow fewer (Settings.max_sweep_runs).",
    )
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    protocol: Annotated[str, Field(max_length=60)] | None = Field(
        default=None,
        description="Protocol to simulate each variant with; null or absent: the "
        "scenario's, else alternating-offers; 'none': the zone of agreement only.",
    )
    exchanges: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="Exchanges before the deadline: protocol steps, each one offer and the "
        "answers to it (default: the scenario's calendar or deadline).",
    )
    rounds: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        json_schema_extra={"deprecated": True},
        description="Former name of exchanges, accepted until accord 0.3.0 (docs/deprecations.md).",
    )

    @model_validator(mode="after")
    def _former_rounds(self) -> SweepRequest:
        """``rounds``, the former name of ``exchanges``: the same value, or refused."""
        if self.rounds is not None and self.exchanges not in (None, self.rounds):
            raise ConfigurationError(
                f"rounds {self.rounds} and exchanges {self.exchanges} disagree: rounds is the "
                "former name of exchanges; give exchanges only"
            )
        return self

    @property
    def exchange_budget(self) -> int | None:
        """The exchanges asked for, under either name."""
        return self.exchanges if self.exchanges is not None else self.rounds


#: What a request naming ``rounds`` is told (the ``Warning`` header of the answer).
ROUNDS_DEPRECATED = (
    "rounds is the former name of exchanges, accepted until accord 0.3.0; send exchanges "
    "(docs/deprecations.md)"
)


class SweepStatus(BaseModel):
    """A sweep's progress; ``result`` once it is done, ``error`` if it failed."""

    id: str
    status: Literal["running", "done", "failed", "cancelled"]
    done: int
    total: int
    runs_per_s: float
    elapsed_s: float
    result: dict[str, Any] | None = None
    error: str | None = None


class ScenarioInfo(BaseModel):
    """A scenario the server holds: the key to name it by in requests (a bundled name or an
    upload key), its id and title, and the size of its outcome space.
    """

    key: str
    id: str
    title: str
    outcomes: int


class TokenInfo(BaseModel):
    """This server run's anti-forgery token (``X-CSRF-Token`` of ``POST /api/scenarios``)."""

    token: str


class ErrorBody(BaseModel):
    """Every error answer of the API: ``{"error": "<what is wrong and where>"}``."""

    error: str


def _error_doc(description: str) -> dict[str, Any]:
    """An error answer: always JSON ``{"error": ...}``, whatever the route's own type."""
    return {"model": ErrorBody, "description": description, "content": {"application/json": {}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error_doc("A host name this server does not answer to."),
    403: _error_doc(
        "A request from another site; an upload without the token (X-CSRF-Token) or Origin."
    ),
    404: _error_doc("No such scenario."),
    413: _error_doc("Over a size limit."),
    422: _error_doc("Invalid scenario, edits or options."),
}
BUDGET: dict[int | str, dict[str, Any]] = {
    503: _error_doc(
        "Over this server's time or memory budget per request, or every worker busy (try again)."
    )
}
BUSY: dict[int | str, dict[str, Any]] = {
    429: _error_doc("A sweep of this client, or too many, running."),
    503: BUDGET[503],
}


def document_scenario(data: dict[str, Any]) -> Scenario:
    """A scenario from an inline document; anything wrong with it is a ScenarioError."""
    return tasks.document_scenario(data)


def client_of(request: Request) -> str:
    """Who a request comes from, for the one-sweep-per-client limit."""
    return request.client.host if request.client is not None else "unknown"


F = TypeVar("F", bound=Callable[..., Any])


def _body(model: type[BaseModel]) -> Callable[[F], F]:
    """Make an endpoint's ``req`` body of type ``model`` (a subclass made at run time, which
    a string annotation could not name)."""

    def mark(fn: F) -> F:
        fn.__annotations__["req"] = model
        return fn

    return mark


def request_models(settings: Settings) -> tuple[type[SimulateRequest], type[SweepRequest]]:
    """:class:`SimulateRequest` and :class:`SweepRequest` with this server's limits in their
    schema (runs up to ``max_runs`` and ``max_sweep_runs``, the protocols installed), so a
    request the schema allows is not refused for its runs or protocol."""
    from accord.negotiation.registry import ANALYSIS_ONLY, protocols

    names: Any = Literal[(*protocols(), ANALYSIS_ONLY)]
    simulate = create_model(
        "SimulateRequest",
        __base__=SimulateRequest,
        __doc__=SimulateRequest.__doc__,
        runs=(int, Field(default=1, ge=1, le=settings.max_runs)),
    )
    sweep = create_model(
        "SweepRequest",
        __base__=SweepRequest,
        __doc__=SweepRequest.__doc__,
        runs=(
            int,
            Field(
                default=min(1000, settings.max_sweep_runs),
                ge=1,
                le=settings.max_sweep_runs,
                description="Sampled variants (at most this server's Settings.max_sweep_runs).",
            ),
        ),
        protocol=(
            names | None,
            Field(
                default=None,
                description="Protocol to simulate each variant with; null or absent: the "
                "scenario's, else alternating-offers; 'none': the zone of agreement only.",
            ),
        ),
    )
    return simulate, sweep


def make_router(
    store: ScenarioStore, settings: Settings, sweeps: SweepManager, pool: WorkerPool
) -> APIRouter:
    """The JSON API under ``/api``: scenarios (list, upload, get), analyze, simulate, sweeps
    (start, poll, cancel), report and export.

    Heavy work runs in ``pool`` within the limits of ``settings``; ``store`` holds the
    bundled and uploaded scenarios, ``sweeps`` the background sweeps.
    """
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
    simulate_model, sweep_model = request_models(settings)

    def source(req: ScenarioRequest) -> tasks.Source:
        """What a request names: a stored scenario, or its inline document (validated in
        a worker)."""
        if req.document is not None and req.scenario is not None:
            raise ScenarioError("give either scenario or document, not both")
        if req.document is not None:
            return req.document
        return store.get(req.scenario or "geneva-2026")

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/scenarios", response_model=list[ScenarioInfo])
    def list_scenarios() -> list[ScenarioInfo]:
        """The bundled scenarios."""
        out = []
        for name in store.bundled_names():
            sc = store.get(name)
            out.append(
                ScenarioInfo(key=name, id=sc.id, title=sc.metadata.title, outcomes=sc.n_outcomes)
            )
        return out

    @router.post("/scenarios", response_model=ScenarioInfo, status_code=201)
    async def upload(
        file: Annotated[UploadFile, File(description="A scenario file.")],
        x_csrf_token: Annotated[
            str | None,
            Header(
                description="This server's token (GET /api/token); needed when the request "
                "carries no Origin of this dashboard (checked by accord.web.guard)."
            ),
        ] = None,
    ) -> ScenarioInfo:
        """Upload a scenario (accord YAML/JSON, GENIUS XML, GeniusWeb JSON, NegMAS YAML, or
        a zip of such a folder); answers the key to use it with."""
        data = await file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            raise UploadTooLarge(
                f"the file is over the limit of {settings.max_upload_bytes:,} bytes"
            )
        sc = await pool.run(tasks.upload, file.filename or "upload", data, settings, False)
        key = store.add(sc)
        return ScenarioInfo(key=key, id=sc.id, title=sc.metadata.title, outcomes=sc.n_outcomes)

    @router.get("/scenarios/{key}")
    def get_scenario(
        key: Annotated[str, Path(max_length=100, pattern=KEY.pattern)],
    ) -> dict[str, Any]:
        """A scenario as an accord document."""
        from accord.io import scenario_to_document

        return scenario_to_document(store.get(key))

    @router.post("/analyze", responses=BUDGET)
    async def analyze_endpoint(req: ScenarioRequest) -> Response:
        """The analysis, in the schema of ``accord analyze --json``."""
        body = await pool.run(tasks.analysis, source(req), req.edits.to_edits(), settings)
        return Response(body, media_type="application/json")

    @router.post("/simulate", responses=BUDGET)
    @_body(simulate_model)
    async def simulate_endpoint(req: SimulateRequest) -> Response:
        """One simulated negotiation (transcript) and a summary of ``runs`` runs."""
        body = await pool.run(
            tasks.simulation, source(req), req.edits.to_edits(), settings, req.seed, req.runs
        )
        return Response(body, media_type="application/json")

    @router.post("/sweeps", response_model=SweepStatus, status_code=202, responses=BUSY)
    @_body(sweep_model)
    async def start_sweep(
        req: SweepRequest, request: Request, response: Response
    ) -> dict[str, Any]:
        """Start a Monte Carlo sweep in the background; poll ``GET /api/sweeps/{id}``.

        A request that names ``rounds`` (the former name of ``exchanges``) is answered with
        a ``Deprecation: true`` header (RFC 9745) and a ``Warning`` saying what to send."""
        if req.rounds is not None:
            response.headers["Deprecation"] = "true"
            response.headers["Warning"] = f'299 accord "{ROUNDS_DEPRECATED}"'
        scenario = await pool.run(tasks.scenario_of, source(req), req.edits.to_edits(), settings)
        state = await asyncio.to_thread(
            sweeps.start,
            scenario,
            client=client_of(request),
            runs=req.runs,
            rng=req.seed,
            protocol=req.protocol,
            exchanges=req.exchange_budget,
        )
        return sweeps.get(state.id) or state.to_dict()

    @router.get("/sweeps/{sweep_id}", response_model=SweepStatus)
    def sweep_status(
        sweep_id: Annotated[str, Path(min_length=22, max_length=22, pattern=SWEEP_ID.pattern)],
    ) -> dict[str, Any]:
        """A sweep's progress (runs done of total, runs per second) and, when done, its
        result: P(ZOPA), P(agreement) with 95% intervals, binding red lines, sensitivity."""
        found = sweeps.get(sweep_id)
        if found is None:
            raise HTTPException(404, f"no sweep {sweep_id!r} (unknown, or expired)")
        return found

    @router.delete("/sweeps/{sweep_id}", response_model=SweepStatus)
    async def cancel_sweep(
        sweep_id: Annotated[str, Path(min_length=22, max_length=22, pattern=SWEEP_ID.pattern)],
    ) -> dict[str, Any]:
        """Cancel a running sweep (its process is killed); a finished one is left as
        it is. Answers the sweep's state."""
        found = await asyncio.to_thread(sweeps.cancel, sweep_id)
        if found is None:
            raise HTTPException(404, f"no sweep {sweep_id!r} (unknown, or expired)")
        return found

    @router.post("/report", response_class=HTMLResponse, responses=BUDGET)
    async def report_endpoint(req: ScenarioRequest) -> HTMLResponse:
        """The self-contained HTML report of the (edited) scenario."""
        html = await pool.run(tasks.report, source(req), req.edits.to_edits(), settings)
        return HTMLResponse(html)

    @router.post(
        "/export",
        response_class=PlainTextResponse,
        responses={
            **BUDGET,
            200: {
                "description": "The scenario document (YAML or JSON, as asked).",
                "content": {"application/yaml": {}, "application/json": {}},
            },
        },
    )
    async def export_endpoint(
        req: ScenarioRequest, format: Literal["yaml", "json"] = "yaml"
    ) -> PlainTextResponse:
        """The (edited) scenario as an accord YAML or JSON document."""
        text, media = await pool.run(
            tasks.export, source(req), req.edits.to_edits(), settings, format
        )
        return PlainTextResponse(text, media_type=media)

    return router
