"""Issue 16: the fund's open data never publishes an invalid file. IATI files are valid (full and
filtered) and an empty selection answers 404 with a readable message; invalid filters answer 400
with the reason; actual start and end dates come from the implementation events; amounts are JSON
numbers; links are absolute from the request."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error
from django.urls import reverse
from lxml import etree

from fund.choices import ProposalStatus
from fund.models import ProposalEvent

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db

SCHEMA = Path(settings.BASE_DIR) / "tests" / "schemas" / "iati-2.03" / "iati-activities-schema.xsd"
STARTED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FINISHED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def iati_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture
def projects(officer_a, officer_b, curator, funding_round):
    approved = advance(
        make_proposal(officer_a, title="Approved in Moldova"), "approved", officer=officer_a, staff=curator
    )
    running = advance(
        make_proposal(officer_b, title="Running in Armenia", countries=("AM",)),
        ProposalStatus.IN_IMPLEMENTATION,
        officer=officer_b,
        staff=curator,
    )
    done = advance(
        make_proposal(officer_a, title="Done in Moldova"), "completed", officer=officer_a, staff=curator
    )
    ProposalEvent.objects.filter(to_status=ProposalStatus.IN_IMPLEMENTATION).update(created_at=STARTED)
    ProposalEvent.objects.filter(to_status=ProposalStatus.COMPLETED).update(created_at=FINISHED)
    advance(make_proposal(officer_a, title="Still a draft"), "draft", officer=officer_a, staff=curator)
    return {"approved": approved, "running": running, "done": done}


def activities(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    schema = iati_schema()
    assert schema.validate(document), schema.error_log
    return {a.findtext("title/narrative"): a for a in document.findall("iati-activity")}


def dates(activity) -> dict[str, str]:
    return {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}


def test_full_and_filtered_iati_files_are_valid(client, projects):
    full = activities(client.get(reverse("fund:iati_xml")))
    assert set(full) == {"Approved in Moldova", "Running in Armenia", "Done in Moldova"}
    filtered = activities(client.get(reverse("fund:iati_xml"), {"country": "AM"}))
    assert set(filtered) == {"Running in Armenia"}
    filtered = activities(client.get(reverse("fund:iati_xml"), {"status": "completed", "year": "2026"}))
    assert set(filtered) == {"Done in Moldova"}


def test_actual_dates_come_from_the_implementation(client, projects):
    found = activities(client.get(reverse("fund:iati_xml")))
    # planned start (1) and end (3) always; actual start (2) once started, actual end (4) once done
    assert dates(found["Approved in Moldova"]) == {"1": "2026-03-01", "3": "2026-12-31"}
    assert dates(found["Running in Armenia"]) == {"1": "2026-03-01", "2": "2026-03-10", "3": "2026-12-31"}
    assert dates(found["Done in Moldova"]) == {
        "1": "2026-03-01",
        "2": "2026-03-10",
        "3": "2026-12-31",
        "4": "2026-11-20",
    }
    records = {
        r["title"]: r for r in json.loads(client.get(reverse("fund:projects_json")).content)["projects"]
    }
    assert records["Done in Moldova"]["actual_start_date"] == "2026-03-10"
    assert records["Done in Moldova"]["actual_end_date"] == "2026-11-20"
    assert records["Approved in Moldova"]["actual_start_date"] is None


@pytest.mark.parametrize(
    "params", [{"country": "FR"}, {"status": "approved", "country": "AM"}, {"year": "1999"}]
)
def test_an_empty_selection_is_not_published_as_an_invalid_file(client, projects, params):
    response = client.get(reverse("fund:iati_xml"), params)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "No supported project" in response.content.decode()


@pytest.mark.parametrize("name", ["iati_xml", "projects_csv", "projects_json"])
@pytest.mark.parametrize(
    ("params", "field"),
    [({"country": "ZZ"}, "country"), ({"year": "abc"}, "year"), ({"status": "draft"}, "status")],
)
def test_invalid_filters_answer_400_with_the_reason(client, projects, name, params, field):
    response = client.get(reverse(f"fund:{name}"), params)
    assert response.status_code == 400
    body = response.content.decode()
    assert field in body
    assert projects["done"].reference not in body
    if name == "projects_json":
        assert field in json.loads(body)["errors"]


def test_json_amounts_are_numbers(client, projects):
    records = json.loads(client.get(reverse("fund:projects_json")).content)["projects"]
    for record in records:
        assert isinstance(record["approved_amount_eur"], int | float)
        assert isinstance(record["co_funding_eur"], int | float)
    assert {r["approved_amount_eur"] for r in records} == {12000}
    assert {r["co_funding_eur"] for r in records} == {1000}


def test_links_are_absolute_from_the_request(client, projects, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    done = projects["done"]
    records = json.loads(client.get(reverse("fund:projects_json"), secure=True).content)["projects"]
    urls = {r["reference"]: r["url"] for r in records}
    assert urls[done.reference] == f"https://testserver{done.get_public_url()}"
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("fund:projects_csv"), secure=True).content.decode()))
    )
    assert {r["url"] for r in rows} == {
        f"https://testserver/fund/projects/{p.reference}/" for p in projects.values()
    }


@pytest.mark.parametrize(
    ("site_url", "debug", "problem"),
    [
        ("http://127.0.0.1:8000", False, True),
        ("http://clearinghouse.example.org", False, True),
        ("https://clearinghouse.example.org", False, False),
        ("http://127.0.0.1:8000", True, False),
    ],
)
def test_production_requires_a_real_site_url(settings, site_url, debug, problem):
    from clearinghouse.checks import site_url_check

    settings.SITE_URL, settings.DEBUG = site_url, debug
    found = site_url_check(None)
    assert bool(found) is problem
    assert all(isinstance(e, Error) for e in found)
