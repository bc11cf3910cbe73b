"""The JSON API under ``/api`` (documented at ``/api/openapi.json``).

Analysis responses are ``Analysis.to_dict()``: the schema of ``accord analyze --json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from accord.errors import AccordError, ScenarioError
from accord.io import scenario_from_document
from accord.io.yaml_source import Document
from accord.model import Scenario
from accord.report import build_report
from accord.report.extras import Extras
from accord.web.export import export_text
from accord.web.service import analysis_of, check_size, simulation_of
from accord.web.settings import Settings
from accord.web.store import KEY, ScenarioStore, parse_upload
from accord.web.sweeps import SWEEP_ID, SweepManager
from accord.web.whatif import Edits, apply_edits


class EditsModel(BaseModel):
    """What-if edits applied to the scenario before anything is computed."""

    model_config = ConfigDict(extra="forbid")

    disabled_red_lines: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list,
        max_length=500,
        description='Red lines switched off, each as "party:red_line_id".',
    )
    reservation_values: dict[str, float] = Field(
        default_factory=dict, description="Party id to its new reservation value, in [-1, 2]."
    )
    weights: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="Party id to {issue id: weight}; the party's weights are renormalised.",
    )

    def to_edits(self) -> Edits:
        return Edits(
            off=frozenset(self.disabled_red_lines),
            reservation=dict(self.reservation_values),
            weights={k: dict(v) for k, v in self.weights.items()},
        )


class ScenarioRequest(BaseModel):
    """A scenario (a bundled name or upload key, or an inline accord document) and edits."""

    model_config = ConfigDict(extra="forbid")

    scenario: Annotated[str, Field(max_length=100)] | None = Field(
        default=None,
        description="Bundled scenario name or upload key; default geneva-2026 when no "
        "document is given.",
    )
    document: dict[str, Any] | None = Field(
        default=None, description="An accord scenario document (the YAML/JSON format)."
    )
    edits: EditsModel = Field(default_factory=EditsModel)


class SimulateRequest(ScenarioRequest):
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
        default="alternating-offers",
        description="Protocol to simulate each variant with; null analyses the zone of "
        "agreement only.",
    )
    rounds: int | None = Field(
        default=None, ge=1, le=1000, description="Round budget (default: the scenario's)."
    )


class SweepStatus(BaseModel):
    """A sweep's progress; ``result`` once it is done, ``error`` if it failed."""

    id: str
    status: Literal["running", "done", "failed"]
    done: int
    total: int
    runs_per_s: float
    elapsed_s: float
    result: dict[str, Any] | None = None
    error: str | None = None


class ScenarioInfo(BaseModel):
    key: str
    id: str
    title: str
    outcomes: int


class ErrorBody(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such scenario."},
    413: {"model": ErrorBody, "description": "Over a size limit."},
    422: {"model": ErrorBody, "description": "Invalid scenario, edits or options."},
}
BUSY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "A sweep of this client, or too many, running."}
}


def document_scenario(data: dict[str, Any]) -> Scenario:
    """A scenario from an inline document; anything wrong with it is a ScenarioError."""
    try:
        return scenario_from_document(Document(data, "document", None))
    except AccordError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise ScenarioError(f"invalid scenario document: {exc}", file="document") from None


def client_of(request: Request) -> str:
    """Who a request comes from, for the one-sweep-per-client limit."""
    return request.client.host if request.client is not None else "unknown"


def make_router(store: ScenarioStore, settings: Settings, sweeps: SweepManager) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

    def resolve(req: ScenarioRequest) -> Scenario:
        if req.document is not None and req.scenario is not None:
            raise ScenarioError("give either scenario or document, not both")
        base = (
            document_scenario(req.document)
            if req.document is not None
            else store.get(req.scenario or "geneva-2026")
        )
        check_size(base, settings)
        return apply_edits(base, req.edits.to_edits())

    @router.get("/health")
    def health() -> dict[str, str]:
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
    ) -> ScenarioInfo:
        """Upload a scenario (accord YAML/JSON, GENIUS XML, GeniusWeb JSON, NegMAS YAML, or
        a zip of such a folder); answers the key to use it with."""
        data = await file.read(settings.max_upload_bytes + 1)
        sc = parse_upload(file.filename or "upload", data, limit=settings.max_upload_bytes)
        check_size(sc, settings)
        key = store.add(sc)
        return ScenarioInfo(key=key, id=sc.id, title=sc.metadata.title, outcomes=sc.n_outcomes)

    @router.get("/scenarios/{key}")
    def get_scenario(
        key: Annotated[str, Path(max_length=100, pattern=KEY.pattern)],
    ) -> dict[str, Any]:
        """A scenario as an accord document."""
        from accord.io import scenario_to_document

        return scenario_to_document(store.get(key))

    @router.post("/analyze")
    def analyze_endpoint(req: ScenarioRequest) -> dict[str, Any]:
        """The analysis, in the schema of ``accord analyze --json``."""
        return analysis_of(resolve(req), settings).to_dict()

    @router.post("/simulate")
    def simulate_endpoint(req: SimulateRequest) -> dict[str, Any]:
        """One simulated negotiation (transcript) and a summary of ``runs`` runs."""
        return simulation_of(resolve(req), settings, seed=req.seed, runs=req.runs)

    @router.post("/sweeps", response_model=SweepStatus, status_code=202, responses=BUSY)
    def start_sweep(req: SweepRequest, request: Request) -> dict[str, Any]:
        """Start a Monte Carlo sweep in the background; poll ``GET /api/sweeps/{id}``."""
        state = sweeps.start(
            resolve(req),
            client=client_of(request),
            runs=req.runs,
            seed=req.seed,
            protocol=req.protocol,
            rounds=req.rounds,
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

    @router.post("/report", response_class=HTMLResponse)
    def report_endpoint(req: ScenarioRequest) -> HTMLResponse:
        """The self-contained HTML report of the (edited) scenario."""
        sc = resolve(req)
        return HTMLResponse(build_report(sc, analysis=analysis_of(sc, settings), extras=Extras()))

    @router.post("/export", response_class=PlainTextResponse)
    def export_endpoint(
        req: ScenarioRequest, format: Literal["yaml", "json"] = "yaml"
    ) -> PlainTextResponse:
        """The (edited) scenario as an accord YAML or JSON document."""
        text, media = export_text(resolve(req), format)
        return PlainTextResponse(text, media_type=media)

    return router
