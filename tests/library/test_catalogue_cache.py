"""The catalogue's content kept rendered per query string and language (LIBRARY_RESULTS_CACHE_SECONDS):
the same page for anonymous and signed-in visitors, read without a query while public content stays
the same, rendered afresh when it changes; the page number and the other parameters are part of it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library import services
from library.models import Document
from tests.html import main, main_html, texts

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_cache(settings, facet_cache):
    settings.LIBRARY_RESULTS_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def titles(response) -> list[str]:
    return texts(main(response), "ol.library-list h3")


def test_the_catalogue_is_read_from_the_cache_until_public_content_changes(
    client, curator, catalogue_cache, django_capture_on_commit_callbacks
):
    DocumentFactory(title="Referral handbook", kind="handbook")
    first = client.get("/library/", {"q": "referral"})
    assert titles(first) == ["Referral handbook"]
    Document.objects.update(title="Referral handbook, revised")  # no signal: the copy stays
    with CaptureQueriesContext(connection) as context:
        again = client.get("/library/", {"q": "referral"})
    assert titles(again) == ["Referral handbook"]
    assert not [q for q in context.captured_queries if "library_document" in q["sql"]]
    draft = DocumentFactory(title="Referral mechanism guide", status="draft", slug="referral-draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_transition(user=curator, document=draft, action="publish")  # rendered afresh
    assert sorted(titles(client.get("/library/", {"q": "referral"}))) == [
        "Referral handbook, revised",
        "Referral mechanism guide",
    ]


def test_each_query_string_and_language_has_its_own_copy(client, catalogue_cache):
    for i in range(25):
        DocumentFactory(title=f"Shelter report {i:02}", kind="research" if i % 2 else "handbook")
    pages = {page: titles(client.get("/library/", {"sort": "title", "page": page})) for page in ("1", "2")}
    assert pages["1"][0] == "Shelter report 00" and pages["2"] == [
        f"Shelter report {i}" for i in range(20, 25)
    ]
    assert titles(client.get("/library/", {"sort": "title", "page": "1"})) == pages["1"]
    handbooks = titles(client.get("/library/", {"sort": "title", "kind": "handbook"}))
    assert handbooks == [f"Shelter report {i:02}" for i in range(0, 25, 2)]
    [heading] = texts(main(client.get("/ru/library/", {"sort": "title"})), "h1")
    assert heading != texts(main(client.get("/library/", {"sort": "title"})), "h1")[0]


def test_signed_in_visitors_get_the_same_catalogue_as_anonymous_ones(client, curator, catalogue_cache):
    DocumentFactory(title="Border police handbook")
    anonymous = main_html(client.get("/library/", {"q": "border"}))
    client.force_login(curator)
    with CaptureQueriesContext(connection) as context:
        signed_in = client.get("/library/", {"q": "border"})
    assert main_html(signed_in) == anonymous
    assert not [q for q in context.captured_queries if "library_document" in q["sql"]]
    # The header around it is the signed-in visitor's own.
    assert "Sign out" in signed_in.content.decode()
