"""The API fuzzed from its own OpenAPI document with schemathesis: no 5xx, ever."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from accord.web import Settings, create_app

APP = create_app(
    Settings(
        max_upload_bytes=100_000,
        max_outcomes=20_000,
        max_sweep_runs=50,
        allowed_hosts=("127.0.0.1", "localhost", "testserver"),  # schemathesis' ASGI host
    )
)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_5xx(case: schemathesis.Case) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, response.text
