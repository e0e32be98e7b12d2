"""The roster's two workflows, each ONE declarative table (state, action) -> Move(to, who may):
vetting an expert's profile, and a candidate's way from the shortlist to a deployment.

roster.services.experts.expert_transition and roster.services.requests.candidate_transition are the
only code that changes these statuses (a deployment moves a released candidate to deployed:
roster.services.requests.deployment_create, through candidate_transition)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .choices import CandidateStatus as C
from .choices import ExpertStatus as E


class Actor(models.TextChoices):
    CURATOR = "curator", _("Roster staff")
    EXPERT = "expert", _("The expert concerned")


class ExpertAction(models.TextChoices):
    ACTIVATE = "activate", _("Activate")
    DECLINE = "decline", _("Decline")
    ARCHIVE = "archive", _("Archive")


class CandidateAction(models.TextChoices):
    INVITE = "invite", _("Invite")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    RELEASE = "release", _("Release the name")
    WITHDRAW = "withdraw", _("Remove from the shortlist")
    DEPLOY = "deploy", _("Deploy")


STAFF = {Actor.CURATOR}
EXPERT = {Actor.EXPERT}

# Activation also needs the complete vetting checklist (checked by expert_transition).
EXPERT_TABLE = Table(
    {
        (E.APPLIED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.ARCHIVED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.DECLINED, ExpertAction.ACTIVATE): Move(E.ACTIVE, STAFF),
        (E.APPLIED, ExpertAction.DECLINE): Move(E.DECLINED, STAFF),
        (E.ACTIVE, ExpertAction.DECLINE): Move(E.DECLINED, STAFF),
        (E.APPLIED, ExpertAction.ARCHIVE): Move(E.ARCHIVED, STAFF),
        (E.ACTIVE, ExpertAction.ARCHIVE): Move(E.ARCHIVED, STAFF),
    }
)

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
