"""Workflow-owned records are read-only in the admin (reviews, decisions, events, versions,
candidates...): a curator cannot edit a reviewer's scores or record a decision there. The admin
carries the portal's name."""

from decimal import Decimal

import pytest
from lxml import html

from fund.models import Decision, Review
from fund.models.review import SCORE_FIELDS
from fund.services.review import review_save

from .factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(officer_a, reviewer, funding_round):
    from fund.models import Proposal

    proposal = make_proposal(officer_a)
    Proposal.objects.filter(pk=proposal.pk).update(status="under_review")
    proposal.refresh_from_db()
    scores = dict.fromkeys(SCORE_FIELDS, 4)
    review = review_save(
        proposal=proposal, user=reviewer, scores=scores, recommendation="approve", comment="Good."
    )
    return proposal, review


def test_curator_cannot_edit_a_reviewers_scores(client, curator, reviewed):
    proposal, review = reviewed
    client.force_login(curator)
    page = client.get(f"/admin/fund/review/{review.pk}/change/")
    assert page.status_code == 200  # may read it
    [main] = html.fromstring(page.content).xpath('//*[@id="content-main"]')
    assert not main.xpath('.//*[@name="score_impact" or @name="comment" or @name="_save"]')
    [impact] = main.xpath('.//*[contains(concat(" ", @class, " "), " field-score_impact ")]')
    assert "4" in impact.text_content()
    before = {f.name: getattr(review, f.attname) for f in Review._meta.concrete_fields}
    response = client.post(
        f"/admin/fund/review/{review.pk}/change/", {"comment": "Changed", "recommendation": "reject"}
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert {f.name: getattr(review, f.attname) for f in Review._meta.concrete_fields} == before
    assert client.get("/admin/fund/review/add/").status_code == 403
    assert client.post(f"/admin/fund/review/{review.pk}/delete/", {"post": "yes"}).status_code == 403


def test_curator_cannot_record_or_change_a_decision(client, curator, reviewed):
    proposal, _review = reviewed
    client.force_login(curator)
    response = client.post(
        "/admin/fund/decision/add/",
        {"proposal": proposal.pk, "outcome": "approved", "amount": "1000", "reasons": "Admin shortcut"},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()
    decision = Decision.objects.create(
        proposal=proposal, outcome="approved", amount=Decimal("10"), reasons="x"
    )
    response = client.post(f"/admin/fund/decision/{decision.pk}/change/", {"outcome": "rejected"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.outcome == "approved"


def test_proposal_status_is_not_a_field_of_the_admin_form(client, curator, reviewed):
    proposal, _review = reviewed
    client.force_login(curator)
    page = client.get(f"/admin/fund/proposal/{proposal.pk}/change/")
    assert "status" not in page.context["adminform"].form.fields


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roster/candidate/add/",
        "/admin/fund/proposalevent/add/",
        "/admin/fund/proposalversion/add/",
        "/admin/clearinghouse/workflowevent/add/",
        "/admin/roster/deployment/add/",
    ],
)
def test_workflow_records_cannot_be_added_in_the_admin(client, curator, path):
    client.force_login(curator)
    assert client.get(path).status_code == 403


def test_admin_carries_the_portals_name(client, curator):
    client.force_login(curator)
    page = html.fromstring(client.get("/admin/").content)
    [name] = page.xpath('//*[@id="site-name"]')
    assert name.text_content().strip() == "Anti-Trafficking Clearinghouse administration"
    assert page.findtext(".//title").strip() == "Curation | Anti-Trafficking Clearinghouse"
