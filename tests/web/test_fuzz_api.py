"""The API fuzzed from its own OpenAPI document with schemathesis, every check on: no 5xx,
every status code and content type documented, responses matching their schemas,
schema-violating requests refused, schema-valid requests accepted, 405 answers listing the
path's methods in ``Allow``.

The schema says what it can (protocols as an enum, runs up to this server's limits, edits'
ranges, scenario keys' pattern), so a schema-valid request is refused only for what a
schema cannot say, and the API answers those with the two statuses HTTP has for them, each
documented on its route: 422 (well-formed but not acceptable here: an edit naming a party
the scenario does not have, a scenario key nobody uploaded, an outcome space over its limit,
an uploaded file that is not a scenario) and 413 (a body or an upload over the size limit).
``positive_data_acceptance`` is configured to count those two as answers, beside its
defaults; a 400 to schema-valid data still fails it.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from accord.web import Settings, create_app
from profiles import examples

APP = create_app(
    Settings(
        max_upload_bytes=100_000,
        max_outcomes=20_000,
        max_sweep_runs=50,
        allowed_hosts=("127.0.0.1", "localhost", "testserver"),  # schemathesis' ASGI host
    )
)
#: positive_data_acceptance's default statuses, plus the API's documented refusals of
#: schema-valid requests (413: a body over the size limit; 422: not acceptable here).
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "413", "422"]
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}
)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP, config=CONFIG)


def test_every_check_is_known() -> None:
    names = {c.__name__ for c in CHECKS.get_all()}
    assert "not_a_server_error" in names and "unsupported_method" in names
    assert "positive_data_acceptance" in names and "400" not in ACCEPTED


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=examples(20),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_passes_every_check(case: schemathesis.Case) -> None:
    # uploads need the token; a whole report may take over 10 s on a loaded machine
    response = case.call(headers={"X-CSRF-Token": APP.state.csrf.token}, timeout=180)
    assert response.status_code < 500, response.text
    case.validate_response(response)
