"""Property-based runs of every operation (schemathesis, derandomized, a bounded number of examples
each) over the demo-free seed: no answer is a server error, and every answer (status, content type,
headers, body) is one the OpenAPI document describes."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The document is read through the application itself (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def world(seeded):
    from tests.library.factories import DocumentFactory

    DocumentFactory(title="Handbook on referral", summary="Referral of victims.")


@pytest.mark.django_db
@pytest.mark.usefixtures("world")
@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_every_generated_request_within_its_schema(case):
    # (its WSGI client does not unzip answers: ask for them plain; gzip is tested in test_conventions)
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
