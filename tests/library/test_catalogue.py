"""The public catalogue: facets with counts, filters, sorting, pagination; acceptance 4: the same
number of queries with 10 and with 100 documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearinghouse.models import Country, Organisation, Theme
from library.models import Document

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def make(count: int, start: int = 0):
    odihr = Organisation.objects.get(slug="osce-odihr")
    theme = Theme.objects.get(slug="child-trafficking")
    albania = Country.objects.get(iso2="AL")
    for i in range(start, start + count):
        DocumentFactory(
            title=f"Assessment of shelters {i}",
            summary="Shelters for victims.",
            publication_year=2000 + i % 6,
            language="ru" if i % 2 else "en",
            publishers=[odihr],
            themes=[theme],
            countries=[albania],
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/library/",
        "/library/?q=shelters",
        "/library/?q=shelters&theme=child-trafficking&sort=title",
        "/library/feed/?q=shelters",
    ],
)
def test_same_number_of_queries_with_10_and_100_documents(client, url):
    make(10)
    with_10 = queries(client, url)
    make(90, start=10)
    assert Document.objects.count() == 100
    assert queries(client, url) == with_10


def test_facets_count_the_current_results(client):
    make(4)
    DocumentFactory(title="Media ethics code", kind="ethics-code", publication_year=1999)
    response = client.get("/library/", {"theme": "child-trafficking"})
    facets = {f.param: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    assert response.context["total"] == 4
    assert facets["kind"] == {"research": 4}
    assert facets["language"] == {"en": 2, "ru": 2}
    assert facets["year"] == {"2000": 1, "2001": 1, "2002": 1, "2003": 1}
    assert facets["country"] == {"al": 4}
    assert facets["region"] == {"southeast-europe": 4}
    assert facets["publisher"] == {"osce-odihr": 4}
    assert facets["theme"] == {"child-trafficking": 4}
    selected = [v for f in response.context["facets"] for v in f.values if v.selected]
    assert [v.value for v in selected] == ["child-trafficking"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "ethics-code"}, {"Media ethics code"}),
        ({"year": "1999"}, {"Media ethics code"}),
        ({"language": "ru"}, {"Assessment of shelters 1"}),
        ({"country": "al"}, {"Assessment of shelters 0", "Assessment of shelters 1"}),
        ({"region": "southeast-europe"}, {"Assessment of shelters 0", "Assessment of shelters 1"}),
        ({"theme": "protection"}, {"Assessment of shelters 0", "Assessment of shelters 1"}),  # parent theme
        ({"publisher": "osce-odihr"}, {"Assessment of shelters 0", "Assessment of shelters 1"}),
        ({"year": "not-a-year"}, set()),
        ({"kind": "unknown"}, set()),
    ],
)
def test_filters(client, params, expected):
    make(2)
    DocumentFactory(title="Media ethics code", kind="ethics-code", publication_year=1999)
    response = client.get("/library/", params)
    assert response.status_code == 200
    assert {d.title for d in response.context["documents"]} == (expected or set())


def test_sorting_and_pagination(client):
    for i, year in enumerate([2001, 2005, 2003]):
        DocumentFactory(title=f"{'CBA'[i]} report", publication_year=year)
    newest = [d.publication_year for d in client.get("/library/").context["documents"]]
    assert newest == [2005, 2003, 2001]
    titles = [d.title for d in client.get("/library/?sort=title").context["documents"]]
    assert titles == ["A report", "B report", "C report"]
    make(25)
    first = client.get("/library/?sort=title")
    assert len(first.context["documents"]) == 20 and first.context["page_obj"].has_next()
    second = client.get("/library/?sort=title&page=2")
    assert len(second.context["documents"]) == 8
    assert 'rel="next"' in first.content.decode()


def test_feed_follows_the_filters(client):
    DocumentFactory(title="Child trafficking study", kind="research", slug="child-study")
    DocumentFactory(title="Ethics code", kind="ethics-code", slug="ethics-code-doc")
    body = client.get("/library/feed/?kind=ethics-code").content.decode()
    assert "ethics-code-doc" in body and "child-study" not in body
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2005/Atom"' in body


def test_sitemap_lists_documents_and_programmes(client, seeded):
    from programmes.models import Programme

    document = DocumentFactory(title="Handbook")
    body = client.get("/sitemap-library.xml").content.decode()
    assert document.get_absolute_url() in body
    assert f"/ru{document.get_absolute_url()}" in body
    programme = Programme.objects.published().first()
    assert programme.get_absolute_url() in client.get("/sitemap-programmes.xml").content.decode()


def test_collections(client):
    from library.models import Collection, CollectionItem

    a = DocumentFactory(title="Code one")
    b = DocumentFactory(title="Code two")
    hidden = DocumentFactory(title="Draft code", status="draft")
    collection = Collection.objects.create(title="Media codes", slug="media-codes", is_public=True)
    for order, doc in enumerate([b, a, hidden]):
        CollectionItem.objects.create(collection=collection, document=doc, order=order)
    assert "Media codes" in client.get("/library/collections/").content.decode()
    items = client.get("/library/collections/media-codes/").context["items"]
    assert [i.document.title for i in items] == ["Code two", "Code one"]
    Collection.objects.create(title="Private", slug="private", is_public=False)
    assert client.get("/library/collections/private/").status_code == 404
