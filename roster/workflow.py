"""The roster's three workflows, each ONE declarative table (state, action) -> Move(to, who may):
an expert's profile (vetting, archiving, erasure), a request from the field, and a candidate's way
from the shortlist to a deployment.

roster.services.experts.expert_transition, roster.services.requests.request_transition and
roster.services.requests.candidate_transition are the only code that changes these statuses (a
deployment moves a released candidate to deployed and fills its open request through them:
roster.services.requests.deployment_create)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .choices import CandidateStatus as C
from .choices import ExpertStatus as E
from .choices import RequestStatus as Q


class Actor(models.TextChoices):
    CURATOR = "curator", _("Roster staff")
    EXPERT = "expert", _("The expert concerned")
    # Not a person: a scheduled job of the portal (retention_run archives profiles unconfirmed for 24
    # months). Only services pass it (`system=True`); no user ever holds it.
    SYSTEM = "system", _("The portal (scheduled job)")


class ExpertAction(models.TextChoices):
    ACTIVATE = "activate", _("Activate")
    DECLINE = "decline", _("Decline")
    ARCHIVE = "archive", _("Archive")
    # The expert confirms an archived, fully vetted profile is current (roster.services.expert_confirm).
    RETURN = "return", _("Return from the archive")
    ERASE = "erase", _("Erase the personal data")


class RequestAction(models.TextChoices):
    REOPEN = "reopen", _("Open")
    FILL = "fill", _("Mark as filled")
    CLOSE = "close", _("Close")


class CandidateAction(models.TextChoices):
    INVITE = "invite", _("Invite")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    RELEASE = "release", _("Release the name")
    WITHDRAW = "withdraw", _("Remove from the shortlist")
    DEPLOY = "deploy", _("Deploy")


STAFF = {Actor.CURATOR}
EXPERT = {Actor.EXPERT}
STAFF_OR_SYSTEM = {Actor.CURATOR, Actor.SYSTEM}
STAFF_OR_EXPERT = {Actor.CURATOR, Actor.EXPERT}

# Activation (and the return from the archive) also needs the complete vetting checklist (checked by
# expert_transition). Erasure is final: nothing leaves ERASED.
EXPERT_TABLE = Table(
    {
        (E.APPLIED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.ARCHIVED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.DECLINED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.APPLIED, ExpertAction.DECLINE): Move(E.DECLINED, STAFF),
        (E.ACTIVE, ExpertAction.DECLINE): Move(E.DECLINED, STAFF),
        (E.APPLIED, ExpertAction.ARCHIVE): Move(E.ARCHIVED, STAFF_OR_SYSTEM),
        (E.ACTIVE, ExpertAction.ARCHIVE): Move(E.ARCHIVED, STAFF_OR_SYSTEM),
        (E.ARCHIVED, ExpertAction.RETURN): Move(E.ACTIVE, EXPERT),
        (E.APPLIED, ExpertAction.ERASE): Move(E.ERASED, STAFF_OR_EXPERT),
        (E.ACTIVE, ExpertAction.ERASE): Move(E.ERASED, STAFF_OR_EXPERT),
        (E.DECLINED, ExpertAction.ERASE): Move(E.ERASED, STAFF_OR_EXPERT),
        (E.ARCHIVED, ExpertAction.ERASE): Move(E.ERASED, STAFF_OR_EXPERT),
    }
)

# Roster staff set a request's status freely (the select on the request page); a deployment fills an
# open request (roster.services.requests.deployment_create).
REQUEST_TABLE = Table(
    {
        (Q.OPEN, RequestAction.FILL): Move(Q.FILLED, STAFF),
        (Q.OPEN, RequestAction.CLOSE): Move(Q.CLOSED, STAFF),
        (Q.FILLED, RequestAction.REOPEN): Move(Q.OPEN, STAFF),
        (Q.FILLED, RequestAction.CLOSE): Move(Q.CLOSED, STAFF),
        (Q.CLOSED, RequestAction.REOPEN): Move(Q.OPEN, STAFF),
        (Q.CLOSED, RequestAction.FILL): Move(Q.FILLED, STAFF),
    }
)
# The action that leads to each request status (the request page offers statuses, not actions).
REQUEST_ACTION_TO = {
    Q.OPEN: RequestAction.REOPEN,
    Q.FILLED: RequestAction.FILL,
    Q.CLOSED: RequestAction.CLOSE,
}

CANDIDATE_TABLE = Table(
    {
        (C.SHORTLISTED, CandidateAction.INVITE): Move(C.INVITED, STAFF),
        (C.INVITED, CandidateAction.ACCEPT): Move(C.ACCEPTED, EXPERT),
        (C.INVITED, CandidateAction.DECLINE): Move(C.DECLINED, EXPERT),
        (C.ACCEPTED, CandidateAction.DECLINE): Move(C.DECLINED, EXPERT),
        (C.ACCEPTED, CandidateAction.RELEASE): Move(C.RELEASED, STAFF),
        (C.SHORTLISTED, CandidateAction.WITHDRAW): Move(C.WITHDRAWN, STAFF),
        (C.INVITED, CandidateAction.WITHDRAW): Move(C.WITHDRAWN, STAFF),
        (C.ACCEPTED, CandidateAction.WITHDRAW): Move(C.WITHDRAWN, STAFF),
        (C.RELEASED, CandidateAction.DEPLOY): Move(C.DEPLOYED, STAFF),
    }
)
