"""Participants' feedback after the event."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Feedback, Registration
from ..permissions import can_give_feedback
from ..workflow import Actor, registration_roles
from . import NotPermitted


def feedback_submit(
    *,
    registration: Registration,
    user,
    overall: int,
    content: int,
    organisation: int,
    comments: str = "",
    key: str = "",
) -> Feedback:
    """An attendee rates the event once, after it was held (by their account or their private link)."""
    if Actor.PARTICIPANT not in registration_roles(user, registration, key=key):
        raise NotPermitted(_("Only the person registered may give this feedback."))
    if not can_give_feedback(registration):
        raise NotPermitted(_("Feedback is for attendees, once, after the event."))
    for value in (overall, content, organisation):
        if int(value) not in range(1, 6):
            raise NotPermitted(_("Ratings go from 1 to 5."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                registration=registration,
                event_id=registration.event_id,
                overall=overall,
                content=content,
                organisation=organisation,
                comments=(comments or "").strip(),
            )
    except IntegrityError as exc:  # sent twice at once
        raise NotPermitted(_("Feedback is for attendees, once, after the event.")) from exc
