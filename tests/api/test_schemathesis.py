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


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, whose request signals close the database
    connection after each answer (Django's test client disconnects them; so do we): on PostgreSQL
    that closed the test's transaction, and every later request answered 503."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
