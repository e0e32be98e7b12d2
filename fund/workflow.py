"""The fund's two workflows, each ONE declarative table of (state, action) -> (new state, who may act):
a proposal's way from draft to completion, and an implementation report's review.

fund.services.proposals.proposal_transition is the only code that changes a proposal's status, and
fund.services.reports.report_transition the only code that changes a report's; each checks the move
here. Actors are resolved per proposal by fund.permissions.actor_roles: the mission
is an officer of the proposal's own field mission, never of another one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .choices import ProposalStatus as S
from .choices import ReportStatus as R


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    START_CONSULTATION = "start_consultation", _("Start consultation")
    REQUEST_REVISION = "request_revision", _("Request revision")
    RESUBMIT = "resubmit", _("Resubmit")
    SEND_TO_REVIEW = "send_to_review", _("Send to review")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    DEFER = "defer", _("Defer to the next round")
    REOPEN = "reopen", _("Take up again for review")
    START_IMPLEMENTATION = "start_implementation", _("Start implementation")
    COMPLETE = "complete", _("Complete")
    WITHDRAW = "withdraw", _("Withdraw")


class Actor(models.TextChoices):
    MISSION = "mission", _("Officer of the submitting mission")
    REVIEWER = "reviewer", _("Fund reviewer")
    CURATOR = "curator", _("Curator")


STAFF = frozenset({Actor.REVIEWER, Actor.CURATOR})
MISSION = frozenset({Actor.MISSION})


TABLE = Table(
    {
        (S.DRAFT, Action.SUBMIT): Move(S.SUBMITTED, MISSION),
        (S.SUBMITTED, Action.START_CONSULTATION): Move(S.CONSULTATION, STAFF),
        (S.SUBMITTED, Action.SEND_TO_REVIEW): Move(
            S.UNDER_REVIEW, STAFF
        ),  # urgent requests skip consultation
        # The mission must be told why: a note is required.
        (S.CONSULTATION, Action.REQUEST_REVISION): Move(S.REVISION_REQUESTED, STAFF, note_required=True),
        (S.REVISION_REQUESTED, Action.RESUBMIT): Move(S.CONSULTATION, MISSION),
        (S.CONSULTATION, Action.SEND_TO_REVIEW): Move(S.UNDER_REVIEW, STAFF),
        (S.UNDER_REVIEW, Action.APPROVE): Move(S.APPROVED, STAFF),
        (S.UNDER_REVIEW, Action.REJECT): Move(S.REJECTED, STAFF, note_required=True),
        (S.UNDER_REVIEW, Action.DEFER): Move(S.DEFERRED, STAFF),
        (S.DEFERRED, Action.REOPEN): Move(S.UNDER_REVIEW, STAFF),
        (S.APPROVED, Action.START_IMPLEMENTATION): Move(S.IN_IMPLEMENTATION, MISSION | STAFF),
        # Normally fired by accepting the final report (fund.services.reports.report_review).
        (S.IN_IMPLEMENTATION, Action.COMPLETE): Move(S.COMPLETED, STAFF),
        # The mission may withdraw at any time before a final decision.
        (S.DRAFT, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
        (S.SUBMITTED, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
        (S.CONSULTATION, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
        (S.REVISION_REQUESTED, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
        (S.UNDER_REVIEW, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
        (S.DEFERRED, Action.WITHDRAW): Move(S.WITHDRAWN, MISSION),
    }
)
# Actions that are decisions and create a Decision row.
DECISIONS = {Action.APPROVE: "approved", Action.REJECT: "rejected", Action.DEFER: "deferred"}


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Send the report")
    ACCEPT = "accept", _("Accept the report")
    REQUEST_CHANGES = "request_changes", _("Ask for changes")


# Submitting also needs the project in implementation and a narrative (checked by report_transition).
REPORT_TABLE = Table(
    {
        (R.DUE, ReportAction.SUBMIT): Move(R.SUBMITTED, MISSION),
        (R.CHANGES_REQUESTED, ReportAction.SUBMIT): Move(R.SUBMITTED, MISSION),
        (R.SUBMITTED, ReportAction.ACCEPT): Move(R.ACCEPTED, STAFF),
        # The mission must be told what to change: a note is required.
        (R.SUBMITTED, ReportAction.REQUEST_CHANGES): Move(R.CHANGES_REQUESTED, STAFF, note_required=True),
    }
)
# The event a report step writes on its proposal's history: "<kind>_report_<this>".
REPORT_EVENTS = {
    ReportAction.SUBMIT: "submitted",
    ReportAction.ACCEPT: "accepted",
    ReportAction.REQUEST_CHANGES: "changes_requested",
}
