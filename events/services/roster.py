"""Invitations to the expert roster for attendees of qualifying trainings.

The invitation is a signed token (Registration.roster_invitation_token) that the roster's apply
form accepts to prefill the profile and record the training as verified; the events pillar never
imports the roster."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..models import Event
from ..notifications import notify_registration, site_url
from ..permissions import can_invite_to_roster
from . import NotPermitted


def roster_invitation_url(registration) -> str:
    return site_url(
        reverse("roster:apply") + "?" + urlencode({"invitation": registration.roster_invitation_token()})
    )


def event_invite_to_roster(*, event: Event, user, now: datetime | None = None) -> int:
    """Curators invite every attendee of a held, qualifying training who was not invited yet.
    Returns how many were invited; the e-mails leave after the commit."""
    if not can_invite_to_roster(user, event):
        raise NotPermitted(_("Only attendees of a held training that qualifies are invited to the roster."))
    now = now or timezone.now()
    invited = 0
    with transaction.atomic():
        for registration in (
            event.registrations.attended()
            .not_erased()
            .filter(roster_invited_at__isnull=True)
            .select_for_update()
        ):
            registration.roster_invited_at = now
            registration.save(update_fields=["roster_invited_at", "updated_at"])
            notify_registration(
                "roster_invitation", registration, invitation=roster_invitation_url(registration)
            )
            invited += 1
    return invited
