"""Every resource answers from the same querysets as its pages, in a constant number of queries."""

import pytest

from clearinghouse.models import Contact, ContactVisibility, Organisation
from programmes.models import Activity, PublicationStatus
from tests.html import select

pytestmark = pytest.mark.django_db


def test_activities_are_the_inventory_rows_of_the_page(api, client, demo):
    body = api.json("/api/v1/activities/", {"limit": 100})
    page = client.get("/inventory/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert body["count"] == len(rows)
    assert [r["url"] for r in body["results"]] == [f"http://testserver{row.url}" for row in rows[:100]]
    armenia = api.json("/api/v1/activities/", {"country": "am", "limit": 100})
    assert armenia["results"] and all(
        any(c["id"] == "am" for c in r["countries"]) for r in armenia["results"]
    )


def test_a_list_of_100_activities_costs_a_constant_number_of_queries(
    api, seeded, django_assert_max_num_queries
):
    org = Organisation.objects.first()
    for n in range(110):
        activity = Activity.objects.create(title=f"Activity {n:03d}", status=PublicationStatus.PUBLISHED)
        activity.implementers.set([org])
    with django_assert_max_num_queries(12):
        body = api.json("/api/v1/activities/", {"limit": 100})
    assert len(body["results"]) == 100 and body["next"]


LISTS = [
    "documents",
    "organisations",
    "countries",
    "regions",
    "programmes",
    "outlines",
    "projects",
    "events",
    "findings",
    "collections",
]


def test_lists_cost_a_constant_number_of_queries_and_items_carry_url_and_updated(
    api, demo, django_assert_max_num_queries
):
    for name in LISTS:
        with django_assert_max_num_queries(14):
            body = api.json(f"/api/v1/{name}/", {"limit": 100})
        assert body["results"], name
        for record in body["results"]:
            assert record["url"].startswith("http://testserver/"), name
            assert record["updated"], name


def test_organisations_show_their_public_contacts_only(api, demo):
    contact = (
        Contact.objects.filter(visibility=ContactVisibility.PUBLIC).select_related("organisation").first()
    )
    body = api.json(f"/api/v1/organisations/{contact.organisation.slug}/")
    assert body["url"] == f"http://testserver{contact.organisation.get_absolute_url()}"
    names = [c["name"] for c in body["contacts"]]
    assert contact.name in names
    hidden = Contact.objects.exclude(visibility=ContactVisibility.PUBLIC).filter(
        organisation=contact.organisation
    )
    assert not set(hidden.values_list("name", flat=True)) & set(names)


def test_countries_and_regions_carry_their_counts(api, client, demo):
    armenia = api.json("/api/v1/countries/am/")
    assert armenia["counts"]["activities"] == len(
        client.get("/api/v1/activities/", {"country": "am", "limit": 100}).json()["results"]
    )
    assert armenia["region"]["id"] == "caucasus"
    caucasus = api.json("/api/v1/regions/caucasus/")
    assert caucasus["counts"]["countries"] == len(caucasus["countries"]) >= 3
    assert caucasus["counts"]["documents"] >= armenia["counts"]["documents"]
    page = client.get("/countries/")
    listed = select(page, "main a[href='/countries/am/']")
    assert listed
