"""The publication workflow of programmes, project outlines and inventory activities: ONE declarative
table (state, action) -> Move(to, who may). programmes.services.publication.publication_transition
is the only code that changes their publication status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse.workflow import Move, Table

from .models import PublicationStatus as S


class Action(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    UNPUBLISH = "unpublish", _("Return to draft")


class Actor(models.TextChoices):
    CURATOR = "curator", _("Curator")


TABLE = Table(
    {
        (S.DRAFT, Action.PUBLISH): Move(S.PUBLISHED, {Actor.CURATOR}),
        (S.PUBLISHED, Action.UNPUBLISH): Move(S.DRAFT, {Actor.CURATOR}),
    }
)
