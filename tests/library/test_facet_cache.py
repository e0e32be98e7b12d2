"""Library catalogue at scale: facet counts come from the cache until public content changes, the number
of results comes from the facets (no COUNT query), and the queries per page do not grow with the
number of documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library import services
from library.catalogue import catalogue
from library.models import Document

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _kinds(params=None):
    facets = catalogue(params or {}).facets
    return {v.value: v.count for v in facets[0].values}


def test_facet_counts_are_kept_until_public_content_changes(
    facet_cache, curator, django_capture_on_commit_callbacks
):
    first = DocumentFactory(kind="research")
    DocumentFactory(kind="handbook")
    assert _kinds() == {"research": 1, "handbook": 1}
    Document.objects.filter(pk=first.pk).update(kind="handbook")  # no signal: the copy stays
    assert _kinds() == {"research": 1, "handbook": 1}
    DocumentFactory(kind="policy")  # a plain save (not through a service): the copy stays
    assert _kinds() == {"research": 1, "handbook": 1}
    draft = DocumentFactory(kind="policy", status="draft", slug="policy-draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_transition(user=curator, document=draft, action="publish")  # counted afresh
    assert _kinds() == {"handbook": 2, "policy": 2}


def test_cached_facets_still_mark_the_chosen_value(facet_cache):
    DocumentFactory(kind="research")
    DocumentFactory(kind="handbook")
    catalogue({"kind": "research"})
    facets = catalogue({"kind": "research"}).facets  # from the cache
    selected = [v.value for f in facets for v in f.values if v.selected]
    assert selected == ["research"]


def test_total_comes_from_the_facets(client):
    for _i in range(3):
        DocumentFactory()
    with CaptureQueriesContext(connection) as context:
        response = client.get("/library/")
    assert response.context["total"] == 3
    assert not [q for q in context.captured_queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_queries_per_catalogue_page_do_not_grow_with_the_documents(client):
    DocumentFactory(title="Referral handbook one")
    small = [_queries(client, p) for p in ("/library/", "/library/?q=referral")]
    for i in range(30):
        DocumentFactory(title=f"Referral handbook {i}", kind="handbook" if i % 2 else "research")
    large = [_queries(client, p) for p in ("/library/", "/library/?q=referral")]
    assert small == large
    assert max(large) <= 12
