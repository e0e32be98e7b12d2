"""The API's test helpers: the OpenAPI document, a client whose every answer is checked against it
(openapi-core), and the demo world."""

import gzip
import io
import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

_SPEC: dict = {}


def openapi_document(client) -> dict:
    if not _SPEC:
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        _SPEC.update(json.loads(response.content))
    return _SPEC


class CheckedClient:
    """Django's test client for the API: every answer must match the OpenAPI document (status,
    headers, body), gzipped ones once unzipped. `checked` counts them."""

    def __init__(self, client, spec: dict):
        self.client = client
        self.openapi = OpenAPI.from_dict(spec)
        self.checked = 0

    def get(self, url, data=None, **extra):
        response = self.client.get(url, data, **extra)
        self.validate(response)
        return response

    def validate(self, response):
        if response.get("Content-Encoding") == "gzip":
            response.content = gzip.decompress(response.content)
            del response["Content-Encoding"]
        self.openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
        self.checked += 1

    def json(self, url, data=None, status=200, **extra) -> dict:
        response = self.get(url, data, **extra)
        assert response.status_code == status, (url, response.status_code, response.content[:500])
        return json.loads(response.content)


@pytest.fixture
def spec(client):
    return openapi_document(client)


@pytest.fixture
def api(client, spec, db):
    return CheckedClient(client, spec)


@pytest.fixture
def demo(seeded, media_root):
    """Every app's demo data, as `make run` loads it (seed_demo's modules in its order)."""
    import importlib

    from clearinghouse.management.commands.seed_demo import DEMO_MODULES

    for path in DEMO_MODULES:
        importlib.import_module(path).load(io.StringIO())
