"""Choices of the events pillar: kinds, statuses, consent text versions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    MEETING = "meeting", _("Meeting")
    TRAINING = "training", _("Training course")
    WORKSHOP = "workshop", _("Workshop")
    ONLINE = "online", _("Online session")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
    HELD = "held", _("Held")
    REPORT_PUBLISHED = "report_published", _("Report published")
    CANCELLED = "cancelled", _("Cancelled")


# What the public sees: every status but none (events are curated before they are planned).
PUBLIC_STATUSES = tuple(EventStatus.values)
# After these, the event took place.
PAST_STATUSES = (EventStatus.HELD, EventStatus.REPORT_PUBLISHED)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    WAIT_LISTED = "wait_listed", _("On the wait list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Registrations that still hold (or wait for) a place.
ACTIVE_REGISTRATION = (
    RegistrationStatus.PENDING,
    RegistrationStatus.ACCEPTED,
    RegistrationStatus.WAIT_LISTED,
)

# The consent text shown on the registration form, by version. A new wording gets a new version;
# every registration keeps the version its participant agreed to.
CONSENT_VERSION = "events-2026-1"
CONSENT_TEXTS = {
    "events-2026-1": _(
        "I agree that the office keeps the details I give here to organise this event, to send me "
        "messages about it and, for trainings, a certificate of attendance. Only the event's staff "
        "see them. They are erased after the event (see the privacy notice), and I can change, "
        "withdraw or erase my registration at any time through the link I receive by e-mail."
    ),
}

RATINGS = [(i, str(i)) for i in range(1, 6)]
