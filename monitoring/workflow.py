"""The monitoring pillar's three workflows, each ONE declarative table built with the core's helper:
an assessment's way to publication, a framework's publication, and a recommendation's follow-up.

monitoring.services.assessments.assessment_transition, monitoring.services.frameworks.
framework_transition and monitoring.services.followups.recommendation_transition are the only code
that changes these statuses. Roles are resolved per assessment by monitoring.permissions.actor_roles
(and recommendation_actor_roles): an assessor is one of the assessment's own assessors, the reviewer
its own reviewer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .choices import AssessmentStatus as S
from .choices import FollowUpStatus as F
from .choices import FrameworkStatus as W


class Action(models.TextChoices):
    SUBMIT = "submit", _("Send to review")
    REQUEST_CHANGES = "request_changes", _("Ask for changes")
    PUBLISH = "publish", _("Publish")
    SUPERSEDE = "supersede", _("Mark as superseded")


class Actor(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor of this assessment")
    REVIEWER = "reviewer", _("Reviewer of this assessment")
    CURATOR = "curator", _("Curator")
    # Not a person: the portal itself. Publishing a cycle supersedes the earlier one on behalf of
    # whoever published (assessment_transition passes it as `system=True`); no user ever holds it.
    SYSTEM = "system", _("The portal (automatic step)")


ASSESSORS = {Actor.ASSESSOR}
REVIEW = {Actor.REVIEWER, Actor.CURATOR}

TABLE = Table(
    {
        (S.DRAFT, Action.SUBMIT): Move(S.IN_REVIEW, ASSESSORS),
        (S.CHANGES_REQUESTED, Action.SUBMIT): Move(S.IN_REVIEW, ASSESSORS),
        (S.IN_REVIEW, Action.REQUEST_CHANGES): Move(S.CHANGES_REQUESTED, REVIEW, note_required=True),
        # Publishing also needs every indicator answered with a source (checked by the service).
        (S.IN_REVIEW, Action.PUBLISH): Move(S.PUBLISHED, REVIEW),
        # Publishing the next cycle supersedes the earlier one; a curator may also do it by hand.
        (S.PUBLISHED, Action.SUPERSEDE): Move(S.SUPERSEDED, {Actor.CURATOR, Actor.SYSTEM}),
    }
)


class FrameworkAction(models.TextChoices):
    PUBLISH = "publish", _("Publish (freezes the indicators)")


# Publishing also needs at least one indicator (checked by framework_transition). A published
# framework never changes again: a change is a new version (framework_new_version), a new draft.
FRAMEWORK_TABLE = Table(
    {
        (W.DRAFT, FrameworkAction.PUBLISH): Move(W.PUBLISHED, {Actor.CURATOR}),
    }
)


class FollowUpAction(models.TextChoices):
    """Recording a follow-up at a status; each action has the value of the status it records."""

    OPEN = "open", _("Record as open")
    IN_PROGRESS = "in_progress", _("Record as in progress")
    IMPLEMENTED = "implemented", _("Record as implemented")
    NOT_RELEVANT = "not_relevant", _("Record as no longer relevant")


FOLLOW_UP = {Actor.REVIEWER, Actor.CURATOR}
# Follow-up may record any status after any other (a later check may find less progress than an
# earlier one): every (status, action) pair is a move, by the assessment's reviewer or a curator, of
# a published recommendation only (checked by recommendation_transition). The recommendation's status
# is then its latest follow-up by date, which a back-dated entry does not change.
FOLLOW_UP_TABLE = Table(
    {
        (F.OPEN, FollowUpAction.OPEN): Move(F.OPEN, FOLLOW_UP),
        (F.OPEN, FollowUpAction.IN_PROGRESS): Move(F.IN_PROGRESS, FOLLOW_UP),
        (F.OPEN, FollowUpAction.IMPLEMENTED): Move(F.IMPLEMENTED, FOLLOW_UP),
        (F.OPEN, FollowUpAction.NOT_RELEVANT): Move(F.NOT_RELEVANT, FOLLOW_UP),
        (F.IN_PROGRESS, FollowUpAction.OPEN): Move(F.OPEN, FOLLOW_UP),
        (F.IN_PROGRESS, FollowUpAction.IN_PROGRESS): Move(F.IN_PROGRESS, FOLLOW_UP),
        (F.IN_PROGRESS, FollowUpAction.IMPLEMENTED): Move(F.IMPLEMENTED, FOLLOW_UP),
        (F.IN_PROGRESS, FollowUpAction.NOT_RELEVANT): Move(F.NOT_RELEVANT, FOLLOW_UP),
        (F.IMPLEMENTED, FollowUpAction.OPEN): Move(F.OPEN, FOLLOW_UP),
        (F.IMPLEMENTED, FollowUpAction.IN_PROGRESS): Move(F.IN_PROGRESS, FOLLOW_UP),
        (F.IMPLEMENTED, FollowUpAction.IMPLEMENTED): Move(F.IMPLEMENTED, FOLLOW_UP),
        (F.IMPLEMENTED, FollowUpAction.NOT_RELEVANT): Move(F.NOT_RELEVANT, FOLLOW_UP),
        (F.NOT_RELEVANT, FollowUpAction.OPEN): Move(F.OPEN, FOLLOW_UP),
        (F.NOT_RELEVANT, FollowUpAction.IN_PROGRESS): Move(F.IN_PROGRESS, FOLLOW_UP),
        (F.NOT_RELEVANT, FollowUpAction.IMPLEMENTED): Move(F.IMPLEMENTED, FOLLOW_UP),
        (F.NOT_RELEVANT, FollowUpAction.NOT_RELEVANT): Move(F.NOT_RELEVANT, FOLLOW_UP),
    }
)
