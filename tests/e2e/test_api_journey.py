"""A partner developer opens the API's documentation: Swagger UI renders the OpenAPI document from
the site itself (no request leaves the test server), passes axe, and tries a request."""

import re

import pytest

from programmes.services.outlines import import_document

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(live, seed_path):
    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
    return live.url


def test_developer_reads_the_api_documentation(site, page, a11y):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + "/api/v1/docs/")
    page.get_by_role("heading", level=1, name="Anti-Trafficking Clearinghouse API", exact=True).wait_for()
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/documents/").first
    operation.wait_for()
    a11y.check(page, "api-docs")

    operation.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").first.wait_for()
    assert re.search(r'"results"', page.locator(".live-responses-table").inner_text())

    outside = [url for url in requested if not url.startswith(site) and not url.startswith("data:")]
    assert requested and not outside, outside
