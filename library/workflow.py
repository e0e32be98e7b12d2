"""The library's publication workflow: ONE declarative table (state, action) -> Move(to, who may).

library.services.document_transition is the only code that changes a document's status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .models import DocumentStatus as S


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit for review")
    RETURN = "return", _("Return to draft")
    PUBLISH = "publish", _("Publish")
    WITHDRAW = "withdraw", _("Withdraw")
    REINSTATE = "reinstate", _("Publish again")


class Actor(models.TextChoices):
    CURATOR = "curator", _("Curator")


CURATOR = {Actor.CURATOR}

TABLE = Table(
    {
        (S.DRAFT, Action.SUBMIT): Move(S.REVIEW, CURATOR),
        (S.REVIEW, Action.RETURN): Move(S.DRAFT, CURATOR),
        (S.DRAFT, Action.PUBLISH): Move(S.PUBLISHED, CURATOR),
        (S.REVIEW, Action.PUBLISH): Move(S.PUBLISHED, CURATOR),
        (S.PUBLISHED, Action.WITHDRAW): Move(S.WITHDRAWN, CURATOR),
        (S.WITHDRAWN, Action.REINSTATE): Move(S.PUBLISHED, CURATOR),
    }
)
