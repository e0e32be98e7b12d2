"""No data lost, none doubled: a new-proposal form sent twice creates one proposal; saving and
submitting are one transaction; a database that cannot be reached answers a clean 503 page."""

import re
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clearinghouse.models import Country, Theme
from fund.choices import ProposalStatus
from fund.models import BudgetLine, Proposal, ProposalVersion

pytestmark = pytest.mark.django_db


def complete_form(token: str, **extra) -> dict:
    return {
        "form_token": token,
        "title": "Shelter for returned victims",
        "summary": "A shelter.",
        "objectives": "Safe housing.",
        "activities": "Rent; staff; counselling.",
        "partners": "La Strada",
        "beneficiaries": "Returned victims.",
        "countries": [str(Country.objects.get(iso2="MD").pk)],
        "themes": [str(Theme.objects.first().pk)],
        "start_date": "2027-01-01",
        "end_date": "2027-06-30",
        "requested_amount": "9000",
        "co_funding": "0",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-category": "services",
        "lines-0-description": "Counsellor",
        "lines-0-quantity": "6",
        "lines-0-unit_cost": "1000",
        "lines-1-category": "other",
        "lines-1-description": "Rent",
        "lines-1-quantity": "6",
        "lines-1-unit_cost": "500",
        **extra,
    }


def page_token(client) -> str:
    body = client.get(reverse("fund:proposal_create")).content.decode()
    return re.search(r'name="form_token" value="([0-9a-f-]{36})"', body).group(1)


def test_the_form_carries_a_fresh_token_each_time(client, officer_a):
    client.force_login(officer_a)
    first, second = page_token(client), page_token(client)
    assert uuid.UUID(first) and first != second


def test_a_submission_sent_twice_creates_one_proposal(client, officer_a):
    client.force_login(officer_a)
    data = complete_form(page_token(client), submit="1")
    first = client.post(reverse("fund:proposal_create"), data)
    proposal = Proposal.objects.get()
    assert first.status_code == 302 and first["Location"] == proposal.get_absolute_url()
    again = client.post(reverse("fund:proposal_create"), data)  # the answer was lost; the browser resends
    assert again.status_code == 302 and again["Location"] == proposal.get_absolute_url()
    assert Proposal.objects.count() == 1
    assert ProposalVersion.objects.filter(proposal=proposal).count() == 1
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.budget_lines.count() == 2


def test_a_draft_sent_twice_is_saved_once_and_then_submitted(client, officer_a):
    client.force_login(officer_a)
    token = page_token(client)
    client.post(reverse("fund:proposal_create"), complete_form(token, save="1"))
    client.post(reverse("fund:proposal_create"), complete_form(token, save="1", title="Shelter, revised"))
    proposal = Proposal.objects.get()
    assert proposal.title == "Shelter, revised" and proposal.budget_lines.count() == 2
    response = client.post(reverse("fund:proposal_create"), complete_form(token, submit="1"))
    assert response["Location"] == proposal.get_absolute_url()
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED
    assert BudgetLine.objects.count() == 2


def test_an_incomplete_submission_reshown_keeps_its_token(client, officer_a):
    client.force_login(officer_a)
    token = page_token(client)
    response = client.post(reverse("fund:proposal_create"), complete_form(token, submit="1", partners=""))
    assert response.status_code == 200 and f'value="{token}"' in response.content.decode()
    client.post(reverse("fund:proposal_create"), complete_form(token, submit="1"))
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED


def test_another_officers_token_finds_nothing_and_creates_nothing(client, officer_a, officer_b):
    client.force_login(officer_a)
    token = page_token(client)
    client.post(reverse("fund:proposal_create"), complete_form(token, save="1"))
    intruder = Client(raise_request_exception=False)
    intruder.force_login(officer_b)
    response = intruder.post(reverse("fund:proposal_create"), complete_form(token, save="1", title="Mine"))
    assert response.status_code == 403
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Shelter for returned victims"]


def test_a_failed_submission_leaves_no_half_written_proposal(monkeypatch, officer_a):
    """The database goes away between saving the draft and recording the submission: nothing stays,
    and the officer gets the 503 page (with Retry-After), not a hang or a traceback."""

    def unreachable(**kwargs):
        BudgetLine.objects.count()  # the lines were written in this transaction
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("fund.services.proposals.proposal_transition", unreachable)
    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    response = client.post(reverse("fund:proposal_create"), complete_form(page_token(client), submit="1"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()
    assert not Proposal.objects.exists() and not BudgetLine.objects.exists()


def test_other_errors_answer_a_plain_500_page(monkeypatch, officer_a):
    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("fund.services.proposals.proposal_save", broken)
    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    response = client.post(reverse("fund:proposal_create"), complete_form(page_token(client), save="1"))
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
    assert not response.has_header("Retry-After")


def test_a_resent_submission_of_the_edit_form_leads_to_the_proposal(client, officer_a):
    client.force_login(officer_a)
    client.post(reverse("fund:proposal_create"), complete_form(page_token(client), save="1"))
    proposal = Proposal.objects.get()
    data = complete_form("", submit="1")
    first = client.post(reverse("fund:proposal_edit", args=[proposal.pk]), data)
    again = client.post(reverse("fund:proposal_edit", args=[proposal.pk]), data)
    assert first["Location"] == again["Location"] == proposal.get_absolute_url()
    page = client.get(again["Location"]).content.decode()
    assert "This proposal can no longer be edited (submitted)." in page
    assert ProposalVersion.objects.filter(proposal=proposal).count() == 1


def test_staff_still_may_not_open_the_edit_form(client, officer_a, curator):
    client.force_login(officer_a)
    client.post(reverse("fund:proposal_create"), complete_form(page_token(client), submit="1"))
    client.force_login(curator)
    response = client.get(reverse("fund:proposal_edit", args=[Proposal.objects.get().pk]))
    assert response.status_code == 403


def test_a_session_that_cannot_be_saved_for_an_outage_answers_503(monkeypatch, officer_a):
    """Django reports any database error while saving a session as a deleted session (400); an
    unreachable database is an outage, answered like one."""

    def unreachable(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    # Renewed more than a minute ago: this request writes the session (clearinghouse.sessions).
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 120))
    monkeypatch.setattr("django.contrib.sessions.models.Session.save", unreachable)
    response = client.get(reverse("fund:proposal_list"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
