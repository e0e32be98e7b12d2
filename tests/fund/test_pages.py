"""Proposal pages: constant queries however long the thread and history grow; the mission's page
shows the right buttons for its state."""

import pytest
from django.urls import reverse

from fund.services.proposals import message_post

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer_a", "curator"])
def test_proposal_page_query_count_is_constant(
    who, request, client, officer_a, curator, funding_round, django_assert_max_num_queries
):
    proposal = advance(make_proposal(officer_a), "consultation", officer=officer_a, staff=curator)
    client.force_login(request.getfixturevalue(who))
    with django_assert_max_num_queries(40) as captured:
        assert client.get(proposal.get_absolute_url()).status_code == 200
    for n in range(6):
        message_post(proposal=proposal, user=curator, body=f"Question {n}")
        message_post(proposal=proposal, user=officer_a, body=f"Answer {n}")
    with django_assert_max_num_queries(len(captured)):
        body = client.get(proposal.get_absolute_url()).content.decode()
    assert "Answer 5" in body


def test_buttons_follow_the_state_and_role(client, officer_a, curator, funding_round):
    proposal = make_proposal(officer_a)
    client.force_login(officer_a)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("fund:proposal_edit", args=[proposal.pk]) in body and 'value="withdraw"' in body
    advance(proposal, "under_review", officer=officer_a, staff=curator)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("fund:proposal_edit", args=[proposal.pk]) not in body
    assert reverse("fund:decide", args=[proposal.pk]) not in body
    client.force_login(curator)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert (
        reverse("fund:decide", args=[proposal.pk]) in body
        and reverse("fund:review", args=[proposal.pk]) in body
    )
    assert 'value="withdraw"' not in body


def test_withdrawal_by_the_mission(client, officer_a, curator, funding_round):
    proposal = advance(make_proposal(officer_a), "consultation", officer=officer_a, staff=curator)
    client.force_login(officer_a)
    response = client.post(
        reverse("fund:proposal_action", args=[proposal.pk]),
        {"action": "withdraw", "note": "Funded elsewhere."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert proposal.events.latest("pk").note == "Funded elsewhere."


def test_refused_action_shows_the_reason_and_changes_nothing(client, officer_a, funding_round):
    proposal = make_proposal(officer_a)
    client.force_login(officer_a)
    response = client.post(
        reverse("fund:proposal_action", args=[proposal.pk]), {"action": "approve"}, follow=True
    )
    assert "“Approve” is not possible from the state “draft”." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_mission_sees_decision_conditions_and_its_reports_due(
    client, officer_a, officer_b, curator, funding_round
):
    from fund.services.proposals import proposal_transition

    proposal = advance(make_proposal(officer_a), "under_review", officer=officer_a, staff=curator)
    proposal_transition(
        proposal=proposal, user=curator, action="approve", amount="11000", conditions="Monthly updates."
    )
    proposal_transition(proposal=proposal, user=officer_a, action="start_implementation")
    client.force_login(officer_a)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "Monthly updates." in body and "EUR 11,000" in body
    body = client.get(reverse("fund:proposal_list")).content.decode()
    assert "Reports due" in body and proposal.reports.first().get_absolute_url() in body
    client.force_login(officer_b)
    assert "Reports due" not in client.get(reverse("fund:proposal_list")).content.decode()
