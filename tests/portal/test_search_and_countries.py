"""Site search across the pillars (public only) and the country pages with the map."""

import re

import pytest

from clearinghouse.models import Country, Theme
from library.models import Document, DocumentStatus
from programmes.models import Programme, ProjectOutline, PublicationStatus
from tests.html import main_text, select, text, texts

from .helpers import make_activity, make_org, make_supported_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(seeded, mission_a):
    programme = Programme.objects.published().first()
    programme.title = "Zanzibarish programme"
    programme.save()
    draft_programme = Programme.objects.published().last()
    draft_programme.title = "Zanzibarish draft programme"
    draft_programme.status = PublicationStatus.DRAFT
    draft_programme.save()
    outline = ProjectOutline.objects.visible().exclude(programme=draft_programme).first()
    outline.title = "Zanzibarish outline"
    outline.save()
    Document.objects.create(
        title="Zanzibarish report", slug="zr", kind="research", status=DocumentStatus.PUBLISHED
    )
    Document.objects.create(
        title="Zanzibarish draft report", slug="zdr", kind="research", status=DocumentStatus.DRAFT
    )
    make_supported_project(mission_a, "Zanzibarish supported project")
    make_supported_project(
        mission_a, "Zanzibarish pending project", status="submitted", reference="ATPF-T-PEND"
    )
    make_org("Zanzibarish Foundation")
    make_activity("Zanzibarish activity")
    make_activity("Zanzibarish draft activity", published=False)


@pytest.mark.parametrize(
    "group, title",
    [
        ("Programmes", "Zanzibarish programme"),
        ("Project outlines", "Zanzibarish outline"),
        ("Library documents", "Zanzibarish report"),
        ("Supported projects", "Zanzibarish supported project"),
        ("Organisations", "Zanzibarish Foundation"),
        ("Activities", "Zanzibarish activity"),
    ],
)
def test_search_finds_each_type_in_its_group(client, searchable, group, title):
    response = client.get("/search/", {"q": "zanzibarish"})
    sections = [
        s
        for s in select(response, "main section")
        if texts(s, "h2")[:1] and texts(s, "h2")[0].startswith(group)
    ]
    assert len(sections) == 1, group
    assert title in text(sections[0])


def test_search_never_shows_unpublished(client, searchable, curator):
    for user in (None, curator):
        if user:
            client.force_login(user)
        response = client.get("/search/", {"q": "zanzibarish"})
        assert response.status_code == 200
        assert "Zanzibarish programme" in main_text(response)
        for hidden in ("draft programme", "draft report", "pending project", "draft activity"):
            assert hidden not in response.content.decode()


def test_empty_search_shows_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert select(response, 'main form input[name="q"]')
    assert not select(response, "main section")


def test_country_page_shows_moldova_from_the_demo_data(client, seeded):
    from io import StringIO

    from clearinghouse import demo as accounts_demo
    from fund import demo as fund_demo
    from library import demo as library_demo
    from programmes import demo as programmes_demo

    for module in (accounts_demo, programmes_demo, library_demo, fund_demo):
        module.load(StringIO())
    response = client.get("/countries/md/")
    assert response.status_code == 200
    body, md = main_text(response), Country.objects.get(iso2="MD")
    assert text(select(response, "head > title")[0]) == "Moldova · Anti-Trafficking Clearinghouse"
    assert " ".join(md.situation_summary[:40].split()) in body  # curated summary
    assert "La Strada Moldova" in body  # an actor
    assert "Demo Hotline Co-ordinator" in body  # a public contact
    assert "Demo Liaison Officer" not in response.content.decode()  # a staff-only contact
    activities = section(response, "activities-title")
    ongoing = md.activities.filter(status=PublicationStatus.PUBLISHED, activity_status__in=["1", "2", "3"])
    assert ongoing.exists()
    for activity in ongoing:
        assert activity.title in activities
    # The demo library has no document about Moldova: the section says so (the documents themselves are
    # tested below, in test_country_page_lists_published_documents_about_it).
    assert section(response, "documents-title").endswith("No published document about this country yet.")
    from fund.models import Proposal

    projects = Proposal.objects.public().filter(countries=md)
    assert projects.exists()
    for project in projects:
        assert project.title in section(response, "projects-title")
    gaps = texts(response, "main ul.gap-themes > li")
    assert gaps
    covered = Theme.objects.filter(activities__countries=md).first()
    assert covered is None or str(covered) not in gaps


def section(response, heading_id: str) -> str:
    """The text of the <main> section a heading id labels (the country page's sections)."""
    found = select(response, f'main section[aria-labelledby="{heading_id}"]')
    assert len(found) == 1, f"no section {heading_id} inside <main>"
    return text(found[0])


def test_country_page_sections_are_inside_main_and_the_title_is_the_country(client, mission_a):
    """Each section of the country page is in <main> under its heading; the tab shows the country."""
    make_activity("Shelter network in Balti")
    make_supported_project(mission_a, "Hotline for returnees")
    document = Document.objects.create(
        title="Moldova country report", slug="mcr", kind="research", status="published"
    )
    document.countries.set([Country.objects.get(iso2="MD")])
    for language, title in (("", "Moldova"), ("/ru", "Молдова")):
        response = client.get(f"{language}/countries/md/")
        assert response.status_code == 200
        assert text(select(response, "head > title")[0]).split(" · ")[0] == title
        assert texts(response, "main h1") == [title]
        assert "Shelter network in Balti" in section(response, "activities-title")
        assert "Hotline for returnees" in section(response, "projects-title")
        assert "Moldova country report" in section(response, "documents-title")
        assert section(response, "gaps-title")
        assert "Shelter network" not in text(select(response, "head")[0])


def test_country_page_gap_themes_and_unpublished_hidden(client, mission_a):
    make_activity("Prevention work", themes=("prevention",))
    make_activity("Hidden draft work", published=False, themes=("protection",))
    make_supported_project(mission_a, "Pending proposal", status="submitted")
    response = client.get("/countries/md/")
    gaps = texts(response, "main ul.gap-themes > li")
    assert "Prevention" not in gaps
    assert "Protection" in gaps
    assert "Prevention work" in section(response, "activities-title")
    body = response.content.decode()
    assert "Hidden draft work" not in body and "Pending proposal" not in body


def test_country_page_lists_published_documents_about_it(client):
    md = Country.objects.get(iso2="MD")
    shown = Document.objects.create(
        title="Moldova country report", slug="mcr", kind="research", status="published"
    )
    hidden = Document.objects.create(
        title="Moldova draft report", slug="mdr", kind="research", status="draft"
    )
    other = Document.objects.create(
        title="Armenia country report", slug="acr", kind="research", status="published"
    )
    for doc in (shown, hidden):
        doc.countries.set([md])
    other.countries.set([Country.objects.get(iso2="AM")])
    response = client.get("/countries/md/")
    docs = section(response, "documents-title")
    assert "Moldova country report" in docs
    assert "Moldova draft report" not in response.content.decode() and "Armenia country report" not in docs


def test_map_and_table_agree_on_every_number(client, mission_a):
    make_activity("Two countries", countries=("MD", "AM"))
    make_activity("Moldova again")
    make_supported_project(mission_a, "Supported in Moldova")
    body = client.get("/countries/").content.decode()
    on_map = dict(re.findall(r'<path class="map-[a-z]+" data-iso2="([A-Z]{2})" data-count="(\d+)"', body))
    in_table = dict(re.findall(r'<tr data-iso2="([A-Z]{2})">.*?<td class="activity-count">(\d+)</td>', body))
    assert len(on_map) == Country.objects.participating().count() == len(in_table)
    assert on_map == in_table
    assert on_map["MD"] == "3" and on_map["AM"] == "1"
    assert 'class="map-medium" data-iso2="MD"' in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
