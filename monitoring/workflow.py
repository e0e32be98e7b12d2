"""The assessment workflow: ONE declarative table, built with the core's helper.

monitoring.services.assessments.assessment_transition is the only code that changes an assessment's
status. Roles are resolved per assessment by monitoring.permissions.actor_roles: an assessor is one
of the assessment's own assessors, the reviewer its own reviewer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .choices import AssessmentStatus as S


class Action(models.TextChoices):
    SUBMIT = "submit", _("Send to review")
    REQUEST_CHANGES = "request_changes", _("Ask for changes")
    PUBLISH = "publish", _("Publish")
    SUPERSEDE = "supersede", _("Mark as superseded")


class Actor(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor of this assessment")
    REVIEWER = "reviewer", _("Reviewer of this assessment")
    CURATOR = "curator", _("Curator")


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
        (S.PUBLISHED, Action.SUPERSEDE): Move(S.SUPERSEDED, {Actor.CURATOR}),
    }
)
