"""Acceptance 3: the public list and the three exports show supported projects only (approved,
in implementation, completed), never an internal note, review or sensitive field; /fund/iati.xml is
valid IATI 2.03 with one activity per supported project."""

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import etree

from fund.choices import PUBLIC_STATUSES, ProposalStatus
from fund.models import Proposal
from fund.services.proposals import message_post, proposal_mark_sensitive
from fund.services.review import review_save

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db

SCHEMA = Path(settings.BASE_DIR) / "tests" / "schemas" / "iati-2.03" / "iati-activities-schema.xsd"
SECRETS = ("internal-note-secret", "review-comment-secret", "decision-reason-secret", "evaluation-secret")


@pytest.fixture
def world(officer_a, officer_b, curator, reviewer, funding_round):
    """One proposal in every state for each mission, with internal notes and reviews on each."""
    from fund.services.reports import evaluation_record

    made = {}
    for officer, iso2 in ((officer_a, "MD"), (officer_b, "AM")):
        for status in ProposalStatus.values:
            proposal = make_proposal(officer, title=f"Project {iso2} {status}", countries=(iso2,))
            advance(proposal, status, officer=officer, staff=curator)
            message_post(proposal=proposal, user=curator, body="internal-note-secret", internal=True)
            if status in (ProposalStatus.UNDER_REVIEW, ProposalStatus.DEFERRED):
                review_save(
                    proposal=proposal,
                    user=reviewer,
                    scores=dict.fromkeys(["impact", "partners"], 4),
                    recommendation="approve",
                    comment="review-comment-secret",
                )
            if status in (ProposalStatus.IN_IMPLEMENTATION, ProposalStatus.COMPLETED):
                evaluation_record(
                    proposal=proposal, user=curator, rating="satisfactory", findings="evaluation-secret"
                )
            made[(iso2, status)] = proposal
    sensitive = made[("MD", ProposalStatus.APPROVED)]
    proposal_mark_sensitive(proposal=sensitive, user=curator, sensitive=True)
    return made


def supported(world):
    return [p for (iso2, status), p in world.items() if status in PUBLIC_STATUSES]


def hidden(world):
    return [p for (iso2, status), p in world.items() if status not in PUBLIC_STATUSES]


def assert_public_only(text: str, world, with_partners: bool = True):
    for proposal in supported(world):
        assert proposal.reference in text
    for proposal in hidden(world):
        assert proposal.reference not in text and proposal.title not in text
    for secret in SECRETS:
        assert secret not in text
    assert (
        "secret-partner-name" in text
    ) is with_partners  # non-sensitive projects publish their partners ...
    sensitive = Proposal.objects.get(sensitive=True)
    assert sensitive.reference in text


def test_public_list_shows_supported_projects_only(client, world):
    body = client.get(reverse("fund:project_list")).content.decode()
    for proposal in supported(world):
        assert proposal.get_public_url() in body
    for proposal in hidden(world):
        assert proposal.reference not in body and proposal.title not in body
    for secret in SECRETS:
        assert secret not in body
    assert "6 projects" in body  # totals


@pytest.mark.parametrize("status", sorted(set(ProposalStatus.values) - set(PUBLIC_STATUSES)))
def test_unsupported_project_pages_answer_404(status, client, world):
    assert (
        client.get(reverse("fund:project_detail", args=[world[("MD", status)].reference])).status_code == 404
    )


def test_project_page_hides_partners_and_places_when_sensitive(client, world):
    sensitive = world[("MD", ProposalStatus.APPROVED)]
    body = client.get(sensitive.get_public_url()).content.decode()
    assert sensitive.title in body and "secret-partner-name" not in body and "secret-place-name" not in body
    normal = world[("AM", ProposalStatus.APPROVED)]
    body = client.get(normal.get_public_url()).content.decode()
    assert "secret-partner-name" in body and "secret-place-name" in body
    for secret in SECRETS:
        assert secret not in body


def test_csv_export(client, world):
    response = client.get(reverse("fund:projects_csv"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["reference"] for row in rows} == {p.reference for p in supported(world)}
    assert {row["status"] for row in rows} <= set(PUBLIC_STATUSES)
    assert_public_only(text, world)
    sensitive = next(row for row in rows if row["reference"] == world[("MD", "approved")].reference)
    assert sensitive["partners"] == "" and sensitive["locations"] == ""


def test_json_export(client, world):
    data = json.loads(client.get(reverse("fund:projects_json")).content)
    assert {p["reference"] for p in data["projects"]} == {p.reference for p in supported(world)}
    assert_public_only(json.dumps(data), world)
    for record in data["projects"]:
        assert not {"reviews", "messages", "notes", "evaluation", "reasons", "sensitive"} & set(record)


def test_iati_export_validates_against_the_schema(client, world):
    response = client.get(reverse("fund:iati_xml"))
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(document), schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == len(supported(world))
    assert_public_only(response.content.decode(), world, with_partners=False)
    for activity in activities:
        assert activity.find("iati-identifier").text.startswith(settings.FUND_IATI_REPORTING_ORG_REF)
        assert activity.find("reporting-org").get("ref") == settings.FUND_IATI_REPORTING_ORG_REF
        assert {o.get("role") for o in activity.findall("participating-org")} == {"1", "4"}
        assert activity.find("title/narrative").text.startswith("Project ")
        assert activity.find("description/narrative") is not None
        assert activity.find("activity-status").get("code") in {"1", "2", "4"}
        assert {"1", "3"} <= {d.get("type") for d in activity.findall("activity-date")}
        assert activity.find("recipient-country").get("code") in {"MD", "AM"}
        assert activity.find("sector").get("vocabulary") == "1"
        assert {(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")} == {
            ("3", "5.2"),
            ("3", "8.7"),
            ("3", "16.2"),
        }
        assert activity.find("budget/value").text == "12000.00"
        assert activity.find("transaction/transaction-type").get("code") == "2"  # commitment


def test_filters(client, world):
    body = client.get(reverse("fund:project_list"), {"country": "AM"}).content.decode()
    assert world[("AM", "completed")].reference in body and world[("MD", "completed")].reference not in body
    body = client.get(reverse("fund:project_list"), {"status": "completed"}).content.decode()
    assert world[("AM", "completed")].reference in body and world[("AM", "approved")].reference not in body
    body = client.get(reverse("fund:project_list"), {"year": "2026"}).content.decode()
    assert world[("AM", "completed")].reference in body
    body = client.get(reverse("fund:project_list"), {"year": "2031"}).content.decode()
    assert world[("AM", "completed")].reference not in body
    theme = world[("AM", "completed")].themes.first()
    body = client.get(reverse("fund:project_list"), {"theme": theme.slug}).content.decode()
    assert world[("AM", "completed")].reference in body
    rows = json.loads(client.get(reverse("fund:projects_json"), {"country": "MD"}).content)["projects"]
    assert {r["countries"][0] for r in rows} == {"MD"}
    # A status outside the public ones is not a valid filter value.
    body = client.get(reverse("fund:project_list"), {"status": "rejected"}).content.decode()
    assert world[("AM", "rejected")].reference not in body


def test_charts_are_server_rendered_svg_without_inline_style(client, world):
    response = client.get(reverse("fund:project_list"))
    body = response.content.decode()
    assert "Funding by year" in body and "Funding by country" in body
    assert body.count('class="fund-bar"') >= 3  # one year row, two countries
    assert "style=" not in body and "<script" not in body.split("</main>")[0].split("<main")[1]


def test_public_list_query_count_does_not_grow(
    client, world, officer_a, curator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(reverse("fund:project_list"))
    for n in range(5):
        advance(make_proposal(officer_a, title=f"More {n}"), "approved", officer=officer_a, staff=curator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("fund:project_list")).status_code == 200
    for name in ("projects_csv", "projects_json", "iati_xml"):
        with django_assert_max_num_queries(5):
            client.get(reverse(f"fund:{name}"))


def test_invalid_filter_values_give_nothing_not_everything(client, world):
    """The page shows the form's errors and no project; the exports answer 400 (test_opendata)."""
    response = client.get(reverse("fund:project_list"), {"country": "ZZ", "year": "abc"})
    assert response.status_code == 200
    assert world[("MD", "completed")].reference not in response.content.decode()


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, officer_a, curator, funding_round):
    advance(
        make_proposal(officer_a, title='=HYPERLINK("http://evil")'),
        "approved",
        officer=officer_a,
        staff=curator,
    )
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("fund:projects_csv")).content.decode())))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'


def test_funding_by_year_and_country(funding_round, officer_a, officer_b, curator):
    from fund.services.rounds import funding_by

    advance(make_proposal(officer_a), "approved", officer=officer_a, staff=curator)
    advance(make_proposal(officer_b, countries=("AM", "MD")), "completed", officer=officer_b, staff=curator)
    historic = make_proposal(officer_a, start_date=date(2003, 2, 1), end_date=date(2003, 6, 30))
    Proposal.objects.filter(pk=historic.pk).update(status="completed", approved_amount=Decimal("5000"))
    by_year = funding_by(queryset=Proposal.objects.public(), key="year")
    assert [(r["label"], r["total"], r["count"], r["percent"]) for r in by_year] == [
        ("2003", Decimal("5000"), 1, 21),
        ("2026", Decimal("24000"), 2, 100),
    ]
    by_country = funding_by(queryset=Proposal.objects.public(), key="country")
    assert [(r["label"], r["total"]) for r in by_country] == [
        ("Moldova", Decimal("29000")),
        ("Armenia", Decimal("12000")),
    ]
