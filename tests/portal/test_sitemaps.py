"""The sitemap index (/sitemap.xml) and its sections: valid against the sitemaps.org schema (vendored in
tests/schemas/sitemap-0.9), every public page kind listed in both languages with its lastmod, drafts
and private records never; each entry's hreflang alternates are exactly those of the page's own head;
a section page costs the same number of queries whatever its length."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override
from lxml import etree

from clearinghouse.models import Country, Organisation, Region
from events.choices import EventStatus
from fund.models import Proposal
from library.models import Collection, CollectionItem
from programmes.models import Programme, ProjectOutline
from tests.html import select
from tests.library.factories import DocumentFactory
from tests.monitoring.factories import make_framework, open_assessment, published_assessment

from .helpers import make_org, make_supported_project

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SCHEMAS = Path(settings.BASE_DIR) / "tests" / "schemas" / "sitemap-0.9"
SECTIONS = {
    "library",
    "collections",
    "programmes",
    "outlines",
    "projects",
    "countries",
    "regions",
    "directory",
    "events",
    "monitoring",
}


@pytest.fixture(scope="module")
def urlset_schema():
    """The official sitemap.xsd, with the xhtml:link alternates its strict <any> slot holds."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))


def make_programme(slug: str, *, status="published") -> Programme:
    return Programme.objects.create(title=slug.replace("-", " ").title(), slug=slug, status=status)


@pytest.fixture
def world(mission_a, curator, assessor):
    """One public record of every page kind, and a hidden one beside each that can be hidden."""
    from tests.events.factories import make_event

    document = DocumentFactory(title="Referral handbook", slug="referral-handbook")
    draft_document = DocumentFactory(title="Draft handbook", slug="draft-handbook", status="draft")
    withdrawn = DocumentFactory(title="Old handbook", slug="old-handbook", status="withdrawn")
    collection = Collection.objects.create(title="Codes", slug="codes", is_public=True)
    CollectionItem.objects.create(collection=collection, document=document)
    private_collection = Collection.objects.create(title="Staff picks", slug="staff-picks", is_public=False)
    programme = make_programme("media-programme")
    draft_programme = make_programme("draft-programme", status="draft")
    outline = ProjectOutline.objects.create(
        programme=programme, title="Outline", slug="tv-outline", status="published"
    )
    draft_outline = ProjectOutline.objects.create(
        programme=programme, title="Draft outline", slug="draft-outline", status="draft"
    )
    hidden_outline = ProjectOutline.objects.create(
        programme=draft_programme, title="Hidden", slug="hidden-outline", status="published"
    )
    project = make_supported_project(mission_a, "Shelter network", reference="ATPF-2004-07")
    proposal = make_supported_project(mission_a, "Secret draft", status="draft", reference="ATPF-2004-99")
    organisation = make_org("La Strada Sitemap")
    event = make_event(status=EventStatus.REGISTRATION_OPEN, slug="referral-training")
    framework = make_framework(publish_as=curator, version="2004")
    assessment = published_assessment(curator=curator, framework=framework, assessor=assessor)
    draft_assessment = open_assessment(
        curator=curator, framework=framework, country="GE", assessors=[assessor]
    )
    return {
        "public": [
            document,
            collection,
            programme,
            outline,
            project,
            Country.objects.get(iso2="MD"),
            Region.objects.get(slug="caucasus"),
            organisation,
            event,
            assessment,
        ],
        "hidden": [
            draft_document,
            withdrawn,
            private_collection,
            draft_programme,
            draft_outline,
            hidden_outline,
            proposal,
            draft_assessment,
        ],
    }


def page_path(record) -> str:
    """The English address (a request to /ru/ leaves Russian active in the thread)."""
    with override("en"):
        return record.get_public_url() if isinstance(record, Proposal) else record.get_absolute_url()


def xml(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def index_sections(client) -> dict[str, etree._Element]:
    root = xml(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return {
        entry.findtext("s:loc", namespaces=NS).rsplit("/sitemap-", 1)[1].removesuffix(".xml"): entry
        for entry in root.findall("s:sitemap", NS)
    }


def section_entries(client, name: str, schema=None) -> dict[str, dict]:
    """{location: {"lastmod": ..., "alternates": {(hreflang, href)}}} of one section's first page."""
    root = xml(client.get(f"/sitemap-{name}.xml"))
    if schema is not None:
        assert schema.validate(root), f"{name}: {schema.error_log}"
    return {
        url.findtext("s:loc", namespaces=NS): {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", NS)},
        }
        for url in root.findall("s:url", NS)
    }


def head_alternates(response) -> set[tuple[str, str]]:
    assert response.status_code == 200, response.status_code
    return {
        (link.get("hreflang"), link.get("href"))
        for link in select(response, 'head link[rel="alternate"][hreflang]')
    }


def test_the_index_lists_every_section_with_its_lastmod(client, world):
    """No official siteindex.xsd is vendored (it is not reachable from here), so the index's structure
    is checked as that schema states it: <sitemapindex> of <sitemap>, each with an absolute <loc> of
    12 to 2048 characters and an optional W3C datetime <lastmod>, nothing else."""
    sections = index_sections(client)
    assert set(sections) == SECTIONS
    for name, entry in sections.items():
        assert [child.tag.split("}")[1] for child in entry] == ["loc", "lastmod"], name
        loc = entry.findtext("s:loc", namespaces=NS)
        assert loc == f"http://testserver/sitemap-{name}.xml" and 12 <= len(loc) <= 2048
        assert datetime.fromisoformat(entry.findtext("s:lastmod", namespaces=NS)).tzinfo is not None


def test_every_section_is_valid_and_lists_public_pages_only(client, world, urlset_schema):
    listed = set()
    for name in SECTIONS:
        entries = section_entries(client, name, urlset_schema)
        assert entries, name
        listed |= set(entries)
    for record in world["public"]:
        path = page_path(record)
        assert f"http://testserver{path}" in listed, path
        assert f"http://testserver/ru{path}" in listed, path
    for record in world["hidden"]:
        assert not any(location.endswith(page_path(record)) for location in listed), record
    assert not [location for location in listed if "/draft-" in location or "ATPF-2004-99" in location]


def test_every_entry_has_a_lastmod_and_its_three_absolute_alternates(client, world):
    for name in SECTIONS:
        for location, entry in section_entries(client, name).items():
            assert entry["lastmod"], location
            alternates = dict(entry["alternates"])
            assert set(alternates) == {"en", "ru", "x-default"}, location
            assert location in alternates.values()
            assert alternates["x-default"] == alternates["en"]
            assert alternates["ru"] == alternates["en"].replace(
                "http://testserver/", "http://testserver/ru/", 1
            )


def test_each_page_head_shows_exactly_the_sitemap_alternates(client, world):
    """One page of every kind, in both languages: its head's hreflang links are its sitemap entry's."""
    entries = {}
    for name in SECTIONS:
        entries |= section_entries(client, name)
    for record in world["public"]:
        for prefix in ("", "/ru"):
            path = prefix + page_path(record)
            assert head_alternates(client.get(path)) == entries[f"http://testserver{path}"]["alternates"], (
                path
            )


def test_a_documents_head_names_its_own_russian_address_not_another_edition(client):
    english = DocumentFactory(title="Handbook", slug="handbook-en")
    DocumentFactory(title="Руководство", slug="handbook-ru", language="ru", edition_of=english)
    alternates = dict(head_alternates(client.get("/library/handbook-en/")))
    assert alternates == {
        "en": "http://testserver/library/handbook-en/",
        "ru": "http://testserver/ru/library/handbook-en/",
        "x-default": "http://testserver/library/handbook-en/",
    }


def test_absolute_addresses_follow_the_requests_host(client, world, settings):
    settings.ALLOWED_HOSTS = ["clearinghouse.example.org"]
    response = client.get("/sitemap-regions.xml", HTTP_HOST="clearinghouse.example.org", secure=True)
    entries = section_entries_from(response)
    assert entries and all(location.startswith("https://clearinghouse.example.org/") for location in entries)
    page = client.get("/regions/caucasus/", HTTP_HOST="clearinghouse.example.org", secure=True)
    assert (
        head_alternates(page) == entries["https://clearinghouse.example.org/regions/caucasus/"]["alternates"]
    )


def section_entries_from(response) -> dict[str, dict]:
    root = xml(response)
    return {
        url.findtext("s:loc", namespaces=NS): {
            "alternates": {(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", NS)}
        }
        for url in root.findall("s:url", NS)
    }


def lastmod_of(client, section: str, path: str) -> str:
    return section_entries(client, section)[f"http://testserver{path}"]["lastmod"]


def test_lastmod_is_when_the_record_or_what_its_page_lists_changed(client, world, time_machine):
    today = timezone.localdate().isoformat()
    organisation = Organisation.objects.get(slug="la-strada-sitemap")
    assert lastmod_of(client, "directory", organisation.get_absolute_url()) == today
    assert lastmod_of(client, "collections", "/library/collections/codes/") == today
    region = lastmod_of(client, "regions", "/regions/caucasus/")

    time_machine.move_to(timezone.now() + timedelta(days=3))
    later = timezone.localdate().isoformat()
    organisation.description = "Runs the hotline."
    organisation.save()
    document = world["public"][0]
    document.summary = "A new summary."
    document.save()
    assert lastmod_of(client, "directory", organisation.get_absolute_url()) == later
    assert lastmod_of(client, "library", document.get_absolute_url()) == later
    # A collection's page lists its documents: it changed with one of them.
    assert lastmod_of(client, "collections", "/library/collections/codes/") == later
    assert lastmod_of(client, "regions", "/regions/caucasus/") == region  # unchanged


def test_the_index_lastmod_is_the_sections_newest(client, world, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=2))
    make_programme("newer-programme")
    sections = index_sections(client)
    newest = datetime.fromisoformat(sections["programmes"].findtext("s:lastmod", namespaces=NS))
    assert newest.date() == timezone.localdate()
    assert datetime.fromisoformat(sections["outlines"].findtext("s:lastmod", namespaces=NS)) < newest


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_section_page_costs_the_same_queries_whatever_its_length(
    client, world, mission_a, curator, assessor
):
    before = {name: count_queries(client, f"/sitemap-{name}.xml") for name in SECTIONS}
    before["index"] = count_queries(client, "/sitemap.xml")
    for n in range(4):
        document = DocumentFactory(title=f"More {n}", slug=f"more-{n}")
        collection = Collection.objects.create(title=f"More {n}", slug=f"more-{n}", is_public=True)
        CollectionItem.objects.create(collection=collection, document=document)
        programme = make_programme(f"more-{n}")
        ProjectOutline.objects.create(programme=programme, title="More", slug=f"more-{n}", status="published")
        make_supported_project(mission_a, f"More {n}", reference=f"ATPF-2005-0{n}")
        make_org(f"More Org {n}")
        Region.objects.create(name=f"More region {n}", slug=f"more-region-{n}", order=90 + n)
    from tests.events.factories import make_event

    for n in range(4):
        make_event(slug=f"more-event-{n}")
    framework = make_framework(publish_as=curator, version="2005")
    for iso2 in ("AM", "AZ"):
        published_assessment(curator=curator, framework=framework, assessor=assessor, country=iso2)
    after = {name: count_queries(client, f"/sitemap-{name}.xml") for name in SECTIONS}
    after["index"] = count_queries(client, "/sitemap.xml")
    assert after == before


def test_an_unknown_section_or_page_answers_404(client, world):
    assert client.get("/sitemap-proposals.xml").status_code == 404
    assert client.get("/sitemap-library.xml?p=9").status_code == 404
