"""Moving events through their workflow (the table in events/workflow.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed
from library.models import DocumentStatus

from ..choices import EventStatus
from ..models import Event, EventLog
from ..notifications import notify_registration
from ..workflow import EVENT_TABLE, EventAction, event_roles
from . import TransitionNotAllowed


def _label(action: str) -> str:
    try:
        return str(EventAction(action).label)
    except ValueError:
        return action


def event_transition(*, event: Event, user, action: str, note: str = "") -> Event:
    """Moves an event by the table, or raises TransitionNotAllowed and changes nothing.

    Locks the row, checks the move and who may make it, records one EventLog row. Publishing the
    report needs a published library document as the event's report. Cancelling tells everyone
    still registered, after the commit.
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        move = EVENT_TABLE.check(
            state=locked.status,
            action=action,
            roles=event_roles(user),
            note=note,
            action_label=_label(action),
            state_label=locked.get_status_display(),
        )
        if action == EventAction.PUBLISH_REPORT and (
            locked.report is None or locked.report.status != DocumentStatus.PUBLISHED
        ):
            raise TransitionNotAllowed(
                _("Link the event's report first: a library document that is published.")
            )
        from_status = locked.status
        locked.status = move.to
        if action == EventAction.CANCEL:
            locked.cancellation_note = note
        locked.save(update_fields=["status", "cancellation_note", "updated_at"])
        EventLog.objects.create(
            event=locked, actor=user, action=action, from_status=from_status, to_status=move.to, note=note
        )
        public_content_changed()  # the event's pages, lists, calendars and feeds show its status
        if move.to == EventStatus.CANCELLED:
            for registration in locked.registrations.active().not_erased().select_related("event"):
                notify_registration("cancelled", registration, note=note)
    event.refresh_from_db()
    return event
