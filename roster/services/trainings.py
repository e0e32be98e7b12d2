"""Verified trainings: an attendee of a qualifying training (events pillar) is invited to the roster
by a signed token; the invitation fills in the application and records the training on the
expert's profile as verified. The events pillar is read through `events.models` only."""

from __future__ import annotations

from django.db import transaction

from clearinghouse.errors import NotPermitted

from ..models import Expert, VerifiedTraining
from .experts import _audit


def training_invitation(token: str):
    """The events registration a roster invitation token names (an attendee of a qualifying training,
    not erased), or None for a bad, altered or expired token. Read through events.models only."""
    from events.models import Registration

    return Registration.objects.from_roster_invitation(token or "")


def training_prefill(registration) -> dict:
    """The profile fields an invitation fills in: what the attendee gave when registering."""
    return {
        "full_name": registration.full_name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
        "nationality": registration.country_id,
    }


@transaction.atomic
def training_record(*, expert: Expert, user, token: str) -> VerifiedTraining | None:
    """Records on the expert's own profile the training an invitation names, as verified (the
    attendance was recorded by events staff). Only the expert themself; a bad token records nothing."""
    if expert.user_id is None or expert.user_id != user.pk:
        raise NotPermitted
    registration = training_invitation(token)
    if registration is None:
        return None
    event = registration.event
    training, _created = VerifiedTraining.objects.get_or_create(
        expert=expert,
        event=event,
        defaults={"title": event.title, "completed_on": event.local_end.date()},
    )
    _audit(user, expert, note=f"Verified training recorded: {event.slug}.")
    return training
