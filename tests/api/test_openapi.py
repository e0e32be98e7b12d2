"""Acceptance 1 and 2: /api/v1/, its OpenAPI document (valid) and its documentation page, served
from the site itself."""

import json
import re

import pytest
from openapi_spec_validator import validate

from tests.html import select

pytestmark = pytest.mark.django_db

RESOURCES = {
    "documents",
    "collections",
    "programmes",
    "outlines",
    "projects",
    "organisations",
    "activities",
    "countries",
    "regions",
    "events",
    "findings",
}


def test_the_openapi_document_is_valid(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Anti-Trafficking Clearinghouse API"


def test_the_document_describes_every_resource_list_and_item(spec):
    paths = set(spec["paths"])
    for name in RESOURCES:
        assert f"/api/v1/{name}/" in paths
    assert {p for p in paths if p.count("{") == 1} >= {
        "/api/v1/documents/{slug}/",
        "/api/v1/countries/{code}/",
        "/api/v1/projects/{reference}/",
    }
    # read-only: GET and nothing else
    assert {method for operations in spec["paths"].values() for method in operations} == {"get"}


def test_the_spec_validator_can_fail(spec):
    broken = json.loads(json.dumps(spec))
    broken["paths"]["/api/v1/documents/"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] = {"type": "nonsense"}
    with pytest.raises(Exception):  # noqa: B017 (the validator's own error classes vary by version)
        validate(broken)


def test_the_index_lists_every_resource_with_absolute_addresses(api):
    body = api.json("/api/v1/")
    assert set(body["resources"]) == RESOURCES
    assert all(url.startswith("http://testserver/api/v1/") for url in body["resources"].values())
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert "per address" in body["rate_limit"]


def test_the_docs_page_loads_only_the_sites_own_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = [s.get("src") for s in select(response, "script")]
    assert scripts == ["/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/api/docs.js"]
    styles = [s.get("href") for s in select(response, "link[rel=stylesheet]")]
    assert all(href.startswith("/static/") for href in styles)
    assert select(response, "#swagger-ui")[0].get("data-openapi-url") == "/api/v1/openapi.json"
    assert not re.search(r"(src|href)=\"https?://", html)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
