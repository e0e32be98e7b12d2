"""The two workflows of the events pillar, each ONE declarative table (clearinghouse.workflow).

events.services.events.event_transition is the only code that changes an event's status, and
events.services.registration.registration_transition the only code that changes a registration's.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from clearinghouse import roles
from clearinghouse.workflow import Move, Table

from .choices import EventStatus as E
from .choices import RegistrationStatus as R


class EventAction(models.TextChoices):
    OPEN_REGISTRATION = "open_registration", _("Open registration")
    CLOSE_REGISTRATION = "close_registration", _("Close registration")
    REOPEN_REGISTRATION = "reopen_registration", _("Reopen registration")
    MARK_HELD = "mark_held", _("Mark as held")
    PUBLISH_REPORT = "publish_report", _("Publish the report")
    CANCEL = "cancel", _("Cancel the event")


class RegistrationAction(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    WAIT_LIST = "wait_list", _("Put on the wait list")
    DECLINE = "decline", _("Decline")
    WITHDRAW = "withdraw", _("Withdraw")
    MOVE_UP = "move_up", _("Move up from the wait list")


class Actor(models.TextChoices):
    STAFF = "staff", _("Events staff (curators)")
    PARTICIPANT = "participant", _("The registered person")
    SYSTEM = "system", _("The portal itself")


STAFF = {Actor.STAFF}
PARTICIPANT = {Actor.PARTICIPANT}

EVENT_TABLE = Table(
    {
        (E.PLANNED, EventAction.OPEN_REGISTRATION): Move(E.REGISTRATION_OPEN, STAFF),
        (E.REGISTRATION_OPEN, EventAction.CLOSE_REGISTRATION): Move(E.REGISTRATION_CLOSED, STAFF),
        (E.REGISTRATION_CLOSED, EventAction.REOPEN_REGISTRATION): Move(E.REGISTRATION_OPEN, STAFF),
        # Events without registration (or whose registration was never closed) can be held too.
        (E.PLANNED, EventAction.MARK_HELD): Move(E.HELD, STAFF),
        (E.REGISTRATION_OPEN, EventAction.MARK_HELD): Move(E.HELD, STAFF),
        (E.REGISTRATION_CLOSED, EventAction.MARK_HELD): Move(E.HELD, STAFF),
        # The service also requires a published library document as the report.
        (E.HELD, EventAction.PUBLISH_REPORT): Move(E.REPORT_PUBLISHED, STAFF),
        # Cancelled at any point before it took place; the public is told why.
        (E.PLANNED, EventAction.CANCEL): Move(E.CANCELLED, STAFF, note_required=True),
        (E.REGISTRATION_OPEN, EventAction.CANCEL): Move(E.CANCELLED, STAFF, note_required=True),
        (E.REGISTRATION_CLOSED, EventAction.CANCEL): Move(E.CANCELLED, STAFF, note_required=True),
    }
)

REGISTRATION_TABLE = Table(
    {
        # The service refuses to accept beyond the event's capacity (wait-list instead).
        (R.PENDING, RegistrationAction.ACCEPT): Move(R.ACCEPTED, STAFF),
        (R.PENDING, RegistrationAction.WAIT_LIST): Move(R.WAIT_LISTED, STAFF),
        (R.PENDING, RegistrationAction.DECLINE): Move(R.DECLINED, STAFF),
        (R.WAIT_LISTED, RegistrationAction.ACCEPT): Move(R.ACCEPTED, STAFF),
        (R.WAIT_LISTED, RegistrationAction.DECLINE): Move(R.DECLINED, STAFF),
        # When a place frees, the first on the wait list moves up in the same transaction.
        (R.WAIT_LISTED, RegistrationAction.MOVE_UP): Move(R.ACCEPTED, {Actor.SYSTEM}),
        (R.PENDING, RegistrationAction.WITHDRAW): Move(R.WITHDRAWN, PARTICIPANT),
        (R.WAIT_LISTED, RegistrationAction.WITHDRAW): Move(R.WITHDRAWN, PARTICIPANT),
        (R.ACCEPTED, RegistrationAction.WITHDRAW): Move(R.WITHDRAWN, PARTICIPANT),
    }
)


def event_roles(user) -> frozenset:
    """The workflow roles `user` holds for events: curators run them."""
    return frozenset({Actor.STAFF}) if roles.is_curator(user) else frozenset()


def registration_roles(user, registration, *, key: str = "") -> frozenset:
    """Staff for curators; participant for the registration's own account or the holder of its link."""
    found = set(event_roles(user))
    own_account = registration.user_id is not None and registration.user_id == getattr(user, "pk", None)
    if own_account or (key and secrets.compare_digest(str(key), registration.key)):
        found.add(Actor.PARTICIPANT)
    return frozenset(found)
