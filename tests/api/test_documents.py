"""Library documents through the API: the same catalogue as /library/ (ids in the same ranked
order, the same facet counts), files with their extraction status, citation links; drafts and
documents in review answer 404, withdrawn ones 410 with their tombstone, as their pages do."""

import pytest
from django.conf import settings
from django.urls import reverse

from clearinghouse.models import Country, Region, Theme
from library.models import Document, DocumentFile, DocumentStatus
from tests.factories import OrganisationFactory
from tests.library.factories import DocumentFactory, make_pdf, upload
from tests.library.test_search import generate

pytestmark = pytest.mark.django_db

KNOWN_ITEMS = [
    ("Guidelines on identification and interrogation of trafficked persons", "identification interrogation"),
    ("Handbook on national referral mechanisms", "referral mechanisms"),
    ("Child trafficking in Armenia: an assessment", "child trafficking"),
]


@pytest.fixture
def catalogue(seeded):
    generate(120)
    armenia = Country.objects.get(iso2="AM")
    made = [DocumentFactory(title=title, summary=f"About {query}.") for title, query in KNOWN_ITEMS]
    made[2].countries.set([armenia])
    DocumentFactory(title="Annual overview", summary="Mentions identification and referral in passing.")
    DocumentFactory(title="Draft guidance on referral", status=DocumentStatus.DRAFT)
    DocumentFactory(title="Referral guidance under review", status=DocumentStatus.REVIEW)
    return made


def page_ids(client, params: dict) -> list[int]:
    response = client.get("/library/", params)
    assert response.status_code == 200
    return [d.pk for d in response.context["documents"]]


@pytest.mark.parametrize(("title", "query"), KNOWN_ITEMS)
def test_known_item_queries_give_the_same_ranked_ids_as_the_library_page(
    client, api, catalogue, title, query
):
    params = {"q": query}
    body = api.json("/api/v1/documents/", params)
    ids = [d["id"] for d in body["results"]]
    assert ids == page_ids(client, params)
    assert ids[0] == Document.objects.get(title=title).pk
    assert body["count"] == client.get("/library/", params).context["total"]


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "title"}, {"country": "am"}, {"kind": "research", "q": "referral"}, {"year": "2004"}],
)
def test_filters_and_sorts_give_the_same_ids_as_the_library_page(client, api, catalogue, params):
    body = api.json("/api/v1/documents/", params)
    assert [d["id"] for d in body["results"]] == page_ids(client, params)


def test_facets_come_with_the_counts_the_page_shows(client, api, catalogue):
    body = api.json("/api/v1/documents/", {"q": "referral"})
    page_facets = client.get("/library/", {"q": "referral"}).context["facets"]
    assert [(f["param"], [(v["value"], v["count"]) for v in f["values"]]) for f in body["facets"]] == [
        (f.param, [(v.value, v.count) for v in f.values]) for f in page_facets
    ]
    kinds = next(f for f in body["facets"] if f["param"] == "kind")
    assert sum(v["count"] for v in kinds["values"]) == body["count"] > 0


def test_drafts_and_documents_in_review_are_never_listed_nor_shown(api, catalogue):
    listed = api.json("/api/v1/documents/", {"q": "referral", "limit": 100})
    titles = {d["title"] for d in listed["results"]}
    assert "Draft guidance on referral" not in titles and "Referral guidance under review" not in titles
    for status in (DocumentStatus.DRAFT, DocumentStatus.REVIEW):
        document = Document.objects.get(status=status)
        body = api.json(f"/api/v1/documents/{document.slug}/", status=404)
        assert body["error"]["code"] == "not_found"


def test_a_withdrawn_document_answers_410_with_its_tombstone_as_its_page_does(client, api, catalogue):
    document = catalogue[0]
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.WITHDRAWN, withdrawal_reason="Superseded."
    )
    assert client.get(document.get_absolute_url()).status_code == 410
    body = api.json(f"/api/v1/documents/{document.slug}/", status=410)
    assert body["error"]["code"] == "gone"
    assert body["tombstone"]["id"] == document.pk
    assert body["tombstone"]["reason"] == "Superseded."
    assert body["tombstone"]["url"] == f"http://testserver{document.get_absolute_url()}"
    assert document.pk not in [d["id"] for d in api.json("/api/v1/documents/", {"limit": 100})["results"]]


def test_a_document_gives_its_files_extraction_status_and_citation_links(client, api, catalogue, media_root):
    document = catalogue[1]
    stored = DocumentFile.objects.create(
        document=document, file=upload("nrm.pdf", make_pdf(["Referral"])), label="Full text"
    )
    body = api.json(f"/api/v1/documents/{document.slug}/")
    assert body["url"] == f"http://testserver{document.get_absolute_url()}"
    (file,) = body["files"]
    assert file["id"] == stored.pk and file["label"] == "Full text" and file["format"] == "pdf"
    assert file["extraction"] in {"pending", "done", "empty", "failed"}
    assert file["extraction"] == DocumentFile.objects.get(pk=stored.pk).extraction
    assert client.get(file["url"].removeprefix("http://testserver")).status_code == 200
    for style, link in body["citations"].items():
        answer = client.get(link.removeprefix("http://testserver"))
        assert answer.status_code == 200, style


def test_unknown_facet_values_match_nothing_as_on_the_page(client, api, catalogue):
    body = api.json("/api/v1/documents/", {"kind": "no-such-kind"})
    assert body["results"] == [] and body["count"] == 0
    assert page_ids(client, {"kind": "no-such-kind"}) == []


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="ranked search needs PostgreSQL")
@pytest.mark.postgres
def test_ranked_search_on_postgres_matches_the_page(client, api, catalogue):
    for _title, query in KNOWN_ITEMS:
        assert [d["id"] for d in api.json("/api/v1/documents/", {"q": query})["results"]] == page_ids(
            client, {"q": query}
        )


def test_a_page_of_documents_gives_each_its_lists_in_order_named_in_the_language_asked(
    api, catalogue, media_root
):
    """The lists of every document on a page (read with the page's rows on PostgreSQL, prefetched
    elsewhere): publishers, countries, regions and themes in their own order, named in Russian
    when asked, with their pages' addresses; files only where there are some."""
    document, other = catalogue[0], catalogue[1]
    zeta = OrganisationFactory(name="Zeta Foundation", name_ru="Фонд Зета", slug="zeta")
    alpha = OrganisationFactory(name="Alpha Centre", name_ru="", slug="alpha")
    document.publishers.set([zeta, alpha])
    Country.objects.filter(iso2="AM").update(name_ru="Армения")
    document.countries.set(Country.objects.filter(iso2__in=["MD", "AM"]))
    region = Region.objects.order_by("pk").first()
    document.regions.set([region])
    themes = list(Theme.objects.order_by("pk")[:2])
    document.themes.set(themes)
    stored = DocumentFile.objects.create(document=document, file=upload("g.pdf", make_pdf(["Guide"])))

    body = api.json("/api/v1/documents/", {"limit": 100, "lang": "ru"})
    listed = {d["id"]: d for d in body["results"]}
    record = listed[document.pk]
    assert [(p["id"], p["name"]) for p in record["publishers"]] == [
        ("alpha", "Alpha Centre"),
        ("zeta", "Фонд Зета"),
    ]
    assert [p["url"] for p in record["publishers"]] == [
        f"http://testserver{reverse('organisation_detail', kwargs={'slug': slug})}"
        for slug in ("alpha", "zeta")
    ]
    assert [c["id"] for c in record["countries"]] == ["am", "md"]
    assert record["countries"][0]["name"] == "Армения"
    assert (
        record["countries"][0]["url"]
        == f"http://testserver{reverse('country_detail', kwargs={'iso2': 'am'})}"
    )
    assert record["regions"] == [
        {"id": region.slug, "name": str(region), "url": f"http://testserver{region.get_absolute_url()}"}
    ]
    ordered = sorted(themes, key=lambda t: (t.order, t.name))
    assert [t["id"] for t in record["themes"]] == [t.slug for t in ordered]
    assert all(t["url"] is None for t in record["themes"])
    assert [f["id"] for f in record["files"]] == [stored.pk]
    assert record["files"][0]["url"] == f"http://testserver{stored.get_absolute_url()}"
    assert record["citations"]["ris"] == (
        f"http://testserver{reverse('library:document_cite', kwargs={'slug': document.slug, 'style': 'ris'})}"
    )
    assert listed[other.pk]["files"] == [] and listed[other.pk]["publishers"] == []
    assert api.json(f"/api/v1/documents/{document.slug}/", {"lang": "ru"}) == record
