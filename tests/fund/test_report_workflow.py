"""The report workflow, every state × action × role: what the table allows happens (status moved, one
event on the proposal's history), everything else is refused with nothing changed."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import ServiceError, TransitionNotAllowed
from fund.choices import ProposalStatus, ReportStatus
from fund.models import ProposalEvent, Report
from fund.services.reports import report_transition
from fund.workflow import ReportAction

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db

R = ReportStatus
# Written out by hand (not read from fund.workflow), so a change of the table fails here.
ALLOWED = {
    (R.DUE, "submit"): (R.SUBMITTED, "mission", "submitted"),
    (R.CHANGES_REQUESTED, "submit"): (R.SUBMITTED, "mission", "submitted"),
    (R.SUBMITTED, "accept"): (R.ACCEPTED, "staff", "accepted"),
    (R.SUBMITTED, "request_changes"): (R.CHANGES_REQUESTED, "staff", "changes_requested"),
}
ROLES = ["mission", "other_mission", "reviewer", "curator", "expert", "anonymous"]
STAFF = {"reviewer", "curator"}


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


def footprint(report):
    report.refresh_from_db()
    return (
        report.status,
        report.narrative,
        report.staff_comment,
        report.reviewed_by_id,
        ProposalEvent.objects.filter(proposal_id=report.proposal_id).count(),
    )


@pytest.mark.parametrize("state", ReportStatus.values)
@pytest.mark.parametrize("action", ReportAction.values)
def test_every_state_action_and_role(state, action, people, officer_a, curator, funding_round, mailbox):
    proposal = make_proposal(officer_a, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    advance(proposal, ProposalStatus.IN_IMPLEMENTATION, officer=officer_a, staff=curator)
    report = proposal.reports.get(kind="interim")
    allowed = ALLOWED.get((state, action))
    for role in ROLES:
        Report.objects.filter(pk=report.pk).update(
            status=state, narrative="", staff_comment="", reviewed_by=None
        )
        before = footprint(report)
        user = people[role]
        may = allowed and (
            (allowed[1] == "mission" and role == "mission") or (allowed[1] == "staff" and role in STAFF)
        )
        kwargs = {
            "report": report,
            "user": user,
            "action": action,
            "note": "Add receipts.",
            "narrative": "Done.",
        }
        if may:
            report_transition(**kwargs)
            report.refresh_from_db()
            assert report.status == allowed[0], (state, action, role)
            event = ProposalEvent.objects.filter(proposal=proposal).latest("pk")
            assert (event.action, event.actor) == (f"interim_report_{allowed[2]}", user)
            assert footprint(report)[-1] == before[-1] + 1  # one event row
        else:
            with pytest.raises(TransitionNotAllowed) as refused:
                report_transition(**kwargs)
            assert str(refused.value)
            assert footprint(report) == before, (state, action, role)


def test_asking_for_changes_needs_a_note_and_mails_the_mission(
    officer_a, curator, funding_round, mailbox, django_capture_on_commit_callbacks
):
    proposal = make_proposal(officer_a, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    advance(proposal, ProposalStatus.IN_IMPLEMENTATION, officer=officer_a, staff=curator)
    report = proposal.reports.get(kind="interim")
    report_transition(report=report, user=officer_a, action="submit", narrative="Done.")
    with pytest.raises(TransitionNotAllowed, match="note is required"):
        report_transition(report=report, user=curator, action="request_changes", note="  ")
    assert Report.objects.get(pk=report.pk).status == R.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=report, user=curator, action="request_changes", note="Add receipts.")
    assert report.status == R.CHANGES_REQUESTED and report.staff_comment == "Add receipts."
    assert "Add receipts." in mailbox[-1].body


def test_a_report_is_sent_only_with_a_narrative_while_in_implementation(officer_a, curator, funding_round):
    proposal = make_proposal(officer_a, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    advance(proposal, ProposalStatus.IN_IMPLEMENTATION, officer=officer_a, staff=curator)
    report = proposal.reports.get(kind="interim")
    with pytest.raises(ServiceError, match="narrative"):
        report_transition(report=report, user=officer_a, action="submit", narrative=" ")
    proposal.__class__.objects.filter(pk=proposal.pk).update(status=ProposalStatus.COMPLETED)
    with pytest.raises(ServiceError, match="cannot be submitted now"):
        report_transition(report=report, user=officer_a, action="submit", narrative="Done.")
    assert Report.objects.get(pk=report.pk).status == R.DUE
