"""The catalogue page at scale: each row's line of kind, year, language and publishers is made in the
view (in the interface's language), the facet sidebar is rendered once per query string and kept like
the facet counts, and a page of 20 results costs the same few queries whatever the documents."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearinghouse.models import Organisation
from tests.html import main, select, text, texts

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def sidebar(response) -> str:
    [aside] = select(main(response), "aside.library-facets")
    return text(aside)


def rows(response) -> list[str]:
    return texts(main(response), "ol.library-list .library-meta")


def test_row_line_names_kind_year_language_and_publishers_in_the_interface_language(client):
    unodc = Organisation.objects.create(
        name="United Nations Office", name_ru="Управление ООН", slug="unodc-x", kind="international"
    )
    odihr = Organisation.objects.create(name="Alpha Institute", slug="alpha-x", kind="ngo")
    DocumentFactory(
        title="Shelter standards", kind="handbook", publication_year=2019, publishers=[unodc, odihr]
    )
    DocumentFactory(title="Shelter survey", kind="research", publication_year=None, language="ru")
    for path in ("/library/", "/library/?q=shelter"):
        assert sorted(rows(client.get(path))) == [
            "Handbook or manual · 2019 · English · Alpha Institute; United Nations Office",
            "Research report · Russian",
        ]
    assert sorted(rows(client.get("/ru/library/?q=shelter"))) == [
        "Исследовательский отчёт · Русский",
        "Руководство или пособие · 2019 · Английский · Alpha Institute; Управление ООН",
    ]


def test_the_sidebar_follows_the_query_string_and_is_the_same_from_the_cache(client, settings, facet_cache):
    DocumentFactory(kind="research", title="Labour migration research")
    DocumentFactory(kind="handbook", title="Labour inspection handbook")
    settings.LIBRARY_FACET_CACHE_SECONDS = 0
    fresh = {kind: sidebar(client.get("/library/", {"kind": kind})) for kind in ("research", "handbook")}
    assert fresh["research"] != fresh["handbook"]
    settings.LIBRARY_FACET_CACHE_SECONDS = 300
    for kind in ("research", "handbook", "research"):
        assert sidebar(client.get("/library/", {"kind": kind})) == fresh[kind]
    # The page number is not part of it; the other parameters are.
    [link] = select(main(client.get("/library/", {"kind": "research", "page": "1"})), "a.facet-selected")
    assert link.get("href") == "?"
    [link] = select(main(client.get("/library/", {"kind": "research", "q": "labour"})), "a.facet-selected")
    assert link.get("href") == "?q=labour"


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path", ["/library/", "/library/?q=shelter", "/library/?q=shelter&sort=title&page=2"]
)
def test_a_page_of_20_results_costs_the_same_queries_with_5_and_45_documents(client, facet_cache, path):
    publishers = [
        Organisation.objects.create(name=f"Publisher {i}", slug=f"publisher-{i}", kind="ngo")
        for i in range(3)
    ]

    def make(start: int, count: int):
        for i in range(start, start + count):
            DocumentFactory(title=f"Shelter report {i}", publishers=publishers[: i % 3 + 1])

    make(0, 5)
    client.get(path)  # facet counts and sidebar kept
    few = _queries(client, path)
    make(5, 40)
    cache.clear()
    client.get(path)
    many = _queries(client, path)
    assert few == many
    # Anonymous, counts cached: the documents (with their publishers and snippets on PostgreSQL),
    # their publishers (SQLite), the cached counts' generation, nothing per row.
    assert many <= (1 if connection.vendor == "postgresql" else 2)
