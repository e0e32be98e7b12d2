"""Activity inventory: union of activities, outlines and supported projects; filters, CSV, matrix."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ActivityStatus, ProjectOutline

from .helpers import make_activity, make_supported_project

pytestmark = pytest.mark.django_db


def test_inventory_lists_activities_outlines_and_supported_projects(client, seeded, mission_a):
    make_activity("Published shelter network")
    make_activity("Draft hidden activity", published=False)
    make_supported_project(mission_a, "Supported referral project")
    make_supported_project(mission_a, "Pending draft project", status="submitted", reference="ATPF-T-P")
    outline = ProjectOutline.objects.visible().first()
    body = client.get("/inventory/").content.decode()
    assert "Published shelter network" in body
    assert "Supported referral project" in body
    assert outline.title in body
    assert "Draft hidden activity" not in body
    assert "Pending draft project" not in body


@pytest.mark.parametrize(
    "params, present, absent",
    [
        ({"country": "MD"}, ["Moldovan one"], ["Armenian one"]),
        ({"country": "AM"}, ["Armenian one"], ["Moldovan one"]),
        ({"status": ActivityStatus.CLOSED}, ["Armenian one"], ["Moldovan one"]),
        ({"q": "moldovan"}, ["Moldovan one"], ["Armenian one"]),
        ({"source": "fund"}, [], ["Moldovan one", "Armenian one"]),
        ({"country": "XX"}, [], ["Moldovan one", "Armenian one"]),
    ],
)
def test_inventory_filters(client, params, present, absent):
    make_activity("Moldovan one")
    make_activity("Armenian one", countries=("AM",), activity_status=ActivityStatus.CLOSED)
    body = client.get("/inventory/", params).content.decode()
    for title in present:
        assert title in body
    for title in absent:
        assert title not in body


def test_inventory_csv_export(client, mission_a):
    make_activity("=Formula activity", budget=250)
    make_supported_project(mission_a, "Supported referral project")
    response = client.get("/inventory/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    titles = [r[0] for r in rows[1:]]
    assert "'=Formula activity" in titles
    assert "Supported referral project" in titles


def test_matrix_counts_and_gaps(client):
    make_activity("Prevention in Moldova", themes=("prevention",))
    body = client.get("/inventory/matrix/").content.decode()
    assert "matrix-gap" in body and "matrix-some" in body
    assert '?country=MD&amp;theme=prevention">1<' in body


def test_activity_page_and_drafts_404(client):
    public = make_activity("Visible activity")
    draft = make_activity("Draft activity", published=False)
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/inventory/", "/inventory/export.csv", "/inventory/matrix/", "/countries/"])
def test_inventory_pages_constant_queries(client, mission_a, url):
    def count(n):
        for i in range(n):
            make_activity(f"Bulk {n}-{i}", themes=("prevention",), countries=("MD", "AM"))
            make_supported_project(mission_a, f"Project {n}-{i}", reference=f"ATPF-B-{n}-{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert count(10) == count(30)
