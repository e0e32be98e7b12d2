"""Inventory rows bring their lists (countries, themes, implementers, funders) from one query per
source plus one per listed model: the lists are those of the records, in the related model's own
order, and the pages stay within ten queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.inventory import inventory_rows
from programmes.models import Activity, ProjectOutline

from .helpers import make_activity, make_org, make_supported_project

pytestmark = pytest.mark.django_db


def test_rows_carry_the_lists_of_their_records(seeded, mission_a):
    activity = make_activity(
        "Listed activity", countries=("MD", "AM", "AL"), themes=("prevention", "protection")
    )
    activity.implementers.set([make_org("Zeta Shelter"), make_org("Alpha Helpline")])
    activity.funders.set([mission_a])
    make_supported_project(mission_a, "Listed project", countries=("UA", "MD"))
    rows = {row.title: row for row in inventory_rows()}
    row = rows["Listed activity"]
    assert row.countries == list(activity.countries.all())
    assert [c.iso2 for c in row.countries] == ["AL", "AM", "MD"]  # ordered by name, as Country is
    assert row.themes == list(activity.themes.all())
    assert [o.name for o in row.implementers] == ["Alpha Helpline", "Zeta Shelter"]
    assert row.funders == [mission_a]
    assert [c.iso2 for c in rows["Listed project"].countries] == ["MD", "UA"]
    assert rows["Listed project"].implementers == [mission_a] and rows["Listed project"].themes == []
    for outline in ProjectOutline.objects.visible()[:5]:
        outline_row = rows[outline.display_title]
        assert outline_row.countries == list(outline.countries.all())
        assert outline_row.themes == list(outline.themes.all())
        assert outline_row.implementers == list(outline.partners.all())


def test_a_row_without_lists_has_empty_lists(db):
    make_activity("Bare activity", countries=())
    (row,) = inventory_rows(source="activity")
    assert (row.countries, row.themes, row.implementers, row.funders) == ([], [], [], [])
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("url", ["/inventory/", "/inventory/?country=MD&theme=prevention"])
def test_inventory_page_stays_within_ten_queries(client, seeded, mission_a, url):
    for i in range(12):
        activity = make_activity(f"Bulk {i}", themes=("prevention",), countries=("MD", "AM"))
        activity.funders.set([mission_a])
        make_supported_project(mission_a, f"Project {i}", reference=f"ATPF-L-{i}")
    with CaptureQueriesContext(connection) as context:
        body = client.get(url).content.decode()
    assert "Bulk 11" in body  # the projects have no theme: shown only without the theme filter
    assert ("Project 11" in body) is ("theme" not in url)
    assert len(context.captured_queries) <= 10


def test_themes_read_by_the_caller_spare_a_query(seeded):
    from clearinghouse.models import Theme

    make_activity("Themed activity", themes=("prevention", "protection"))
    with CaptureQueriesContext(connection) as plain:
        rows = inventory_rows()
    themes = list(Theme.objects.all())
    with CaptureQueriesContext(connection) as shared:
        given = inventory_rows(themes=themes)
    assert [r.themes for r in given] == [r.themes for r in rows]
    assert len(shared.captured_queries) == len(plain.captured_queries) - 1
