"""Site search across the pillars (public only) and the country pages with the map."""

import re

import pytest

from clearinghouse.models import Country, Theme
from library.models import Document, DocumentStatus
from programmes.models import Programme, ProjectOutline, PublicationStatus

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
    body = client.get("/search/", {"q": "zanzibarish"}).content.decode()
    section = re.search(rf"<h2>{group} <small>.*?</section>", body, re.S)
    assert section, group
    assert title in section.group(0)


def test_search_never_shows_unpublished(client, searchable, curator):
    for user in (None, curator):
        if user:
            client.force_login(user)
        body = client.get("/search/", {"q": "zanzibarish"}).content.decode()
        for hidden in ("draft programme", "draft report", "pending project", "draft activity"):
            assert hidden not in body


def test_empty_search_shows_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'name="q"' in response.content


def test_country_page_shows_moldova_from_the_demo_data(client, seeded):
    from io import StringIO

    from clearinghouse import demo as accounts_demo
    from fund import demo as fund_demo
    from library import demo as library_demo
    from programmes import demo as programmes_demo

    for module in (accounts_demo, programmes_demo, library_demo, fund_demo):
        module.load(StringIO())
    body = client.get("/countries/md/").content.decode()
    md = Country.objects.get(iso2="MD")
    assert md.situation_summary[:40] in body  # curated summary
    assert "La Strada Moldova" in body  # an actor
    assert "Demo Hotline Co-ordinator" in body  # a public contact
    assert "Demo Liaison Officer" not in body  # a staff-only contact
    for activity in md.activities.filter(
        status=PublicationStatus.PUBLISHED, activity_status__in=["1", "2", "3"]
    ):
        assert activity.title in body
    docs = re.search(r'id="documents-title">.*?</section>', body, re.S).group(0)
    for document in md.library_documents.filter(status=DocumentStatus.PUBLISHED):
        assert document.title in docs
    from fund.models import Proposal

    for project in Proposal.objects.public().filter(countries=md):
        assert project.title in body
    gap = re.search(r'<ul class="gap-themes">(.*?)</ul>', body, re.S).group(1)
    assert "<li>" in gap
    covered = Theme.objects.filter(activities__countries=md).first()
    assert covered is None or f"<li>{covered}</li>" not in gap


def test_country_page_gap_themes_and_unpublished_hidden(client, mission_a):
    make_activity("Prevention work", themes=("prevention",))
    make_activity("Hidden draft work", published=False, themes=("protection",))
    make_supported_project(mission_a, "Pending proposal", status="submitted")
    body = client.get("/countries/md/").content.decode()
    gap = re.search(r'<ul class="gap-themes">(.*?)</ul>', body, re.S).group(1)
    assert "<li>Prevention</li>" not in gap
    assert "<li>Protection</li>" in gap
    assert "Prevention work" in body
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
    body = client.get("/countries/md/").content.decode()
    docs = re.search(r'id="documents-title">.*?</section>', body, re.S).group(0)
    assert "Moldova country report" in docs
    assert "Moldova draft report" not in body and "Armenia country report" not in docs


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
