"""Acceptance 2: every (state, action, role) combination of the transition table. Legal moves change
the state and write one event; illegal ones raise TransitionNotAllowed and change nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from fund.choices import ProposalStatus
from fund.models import Decision, Proposal, ProposalEvent, ProposalVersion
from fund.services import ProposalIncomplete, TransitionNotAllowed
from fund.services.proposals import proposal_transition
from fund.workflow import TABLE, Action, Actor

from .factories import make_proposal

pytestmark = pytest.mark.django_db

ROLES = ["mission", "other_mission", "reviewer", "curator", "expert", "anonymous"]
WORKFLOW_ROLE = {"mission": Actor.MISSION, "reviewer": Actor.REVIEWER, "curator": Actor.CURATOR}


@pytest.fixture
def people(officer_a, officer_b, reviewer, curator, expert_user):
    return {
        "mission": officer_a,
        "other_mission": officer_b,
        "reviewer": reviewer,
        "curator": curator,
        "expert": expert_user,
        "anonymous": AnonymousUser(),
    }


def footprint(proposal):
    proposal.refresh_from_db()
    return (
        proposal.status,
        proposal.approved_amount,
        proposal.decided_at,
        proposal.round_id,
        ProposalEvent.objects.filter(proposal=proposal).count(),
        ProposalVersion.objects.filter(proposal=proposal).count(),
        Decision.objects.filter(proposal=proposal).count(),
        proposal.reports.count(),
    )


@pytest.mark.parametrize("state", ProposalStatus.values)
@pytest.mark.parametrize("action", Action.values)
def test_every_state_action_role(state, action, people, officer_a, funding_round):
    move = TABLE.get(state, action)
    for role in ROLES:
        proposal = make_proposal(officer_a)
        Proposal.objects.filter(pk=proposal.pk).update(status=state)
        before = footprint(proposal)
        allowed = move is not None and WORKFLOW_ROLE.get(role) in move.actors
        if allowed:
            proposal_transition(proposal=proposal, user=people[role], action=action, note="Because.")
            assert proposal.status == move.to, (state, action, role)
            event = ProposalEvent.objects.filter(proposal=proposal).latest("pk")
            assert (event.action, event.from_status, event.to_status, event.actor) == (
                action,
                state,
                move.to,
                people[role],
            )
            assert event.note == "Because."
        else:
            with pytest.raises(TransitionNotAllowed) as error:
                proposal_transition(proposal=proposal, user=people[role], action=action, note="Because.")
            assert str(error.value)  # a clear message, not an empty exception
            assert footprint(proposal) == before, (state, action, role)


def test_unknown_action_is_refused_clearly(draft, officer_a):
    with pytest.raises(TransitionNotAllowed, match="not possible"):
        proposal_transition(proposal=draft, user=officer_a, action="teleport")


@pytest.mark.parametrize("action", [Action.REJECT, Action.REQUEST_REVISION])
def test_reasons_are_required(action, draft, curator):
    state = ProposalStatus.UNDER_REVIEW if action == Action.REJECT else ProposalStatus.CONSULTATION
    Proposal.objects.filter(pk=draft.pk).update(status=state)
    before = footprint(draft)
    with pytest.raises(TransitionNotAllowed, match="reasons"):
        proposal_transition(proposal=draft, user=curator, action=action, note="  ")
    assert footprint(draft) == before


@pytest.mark.parametrize("amount", ["0", "12000.01", "-5"])
def test_approval_amount_must_be_within_the_request(amount, draft, curator):
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.UNDER_REVIEW)
    before = footprint(draft)
    with pytest.raises(TransitionNotAllowed):
        proposal_transition(proposal=draft, user=curator, action=Action.APPROVE, amount=amount)
    assert footprint(draft) == before


def test_approval_records_a_decision_with_amount_and_conditions(draft, curator):
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.UNDER_REVIEW)
    proposal_transition(
        proposal=draft, user=curator, action=Action.APPROVE, amount="9000", conditions="Monthly updates"
    )
    decision = draft.decisions.get()
    assert (decision.outcome, str(decision.amount), decision.conditions) == (
        "approved",
        "9000.00",
        "Monthly updates",
    )
    assert str(draft.approved_amount) == "9000.00" and draft.decided_at


def test_incomplete_submission_lists_what_is_missing_and_changes_nothing(officer_a, funding_round):
    proposal = make_proposal(officer_a, summary="", requested_amount=None, urgent=True)
    proposal.countries.clear()
    before = footprint(proposal)
    with pytest.raises(ProposalIncomplete) as error:
        proposal_transition(proposal=proposal, user=officer_a, action=Action.SUBMIT)
    fields = {field for field, _message in error.value.missing}
    assert fields == {"summary", "requested_amount", "urgent_justification", "countries"}
    assert footprint(proposal) == before


def test_deferral_moves_the_proposal_to_the_next_round(draft, officer_a, curator, funding_round):
    from .factories import make_round

    later = make_round(
        title="2027 Q1",
        opens=funding_round.closes.replace(year=2027, month=1, day=1),
        closes=funding_round.closes.replace(year=2027, month=3, day=31),
        decision_date=funding_round.closes.replace(year=2027, month=4, day=15),
    )
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.UNDER_REVIEW, round=funding_round)
    proposal_transition(proposal=draft, user=curator, action=Action.DEFER)
    assert draft.round == later
