"""The API fuzzed from its own OpenAPI document with schemathesis, every check on: no 5xx,
every status code and content type documented, responses matching their schemas,
schema-violating requests refused, 405 answers listing the path's methods in ``Allow``.

One check is left out: ``positive_data_acceptance`` expects every schema-valid request to
succeed, but the API validates meaning beyond what a schema can say (an edit naming a
party the scenario does not have, more runs than this server allows, an uploaded file that
is not a scenario); those are refused with a documented 4xx naming the problem.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

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
EXCLUDED = [c for c in CHECKS.get_all() if c.__name__ == "positive_data_acceptance"]


def test_every_check_is_known() -> None:
    names = {c.__name__ for c in CHECKS.get_all()}
    assert "not_a_server_error" in names and "unsupported_method" in names
    assert len(EXCLUDED) == 1


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_passes_every_check(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response, excluded_checks=EXCLUDED)
