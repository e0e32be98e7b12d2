"""Creating and editing events (curators' form), and moving them through their workflow (the table
in events/workflow.py)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed
from library.models import DocumentStatus

from ..choices import EventStatus
from ..models import Event, EventLog
from ..notifications import notify_registration
from ..permissions import can_manage_events
from ..workflow import EVENT_TABLE, EventAction, event_roles
from . import NotPermitted, ServiceError, TransitionNotAllowed
from .registration import wait_list_move_up


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


# What the staff form may write; status, its note and the timestamps belong to the workflow.
EDITABLE_FIELDS = (
    "kind",
    "title",
    "title_ru",
    "summary",
    "summary_ru",
    "starts_at",
    "ends_at",
    "time_zone",
    "online",
    "venue",
    "city",
    "country",
    "audience",
    "working_languages",
    "capacity",
    "registration_opens",
    "registration_closes",
    "invites_to_roster",
    "report",
)
RELATIONS = ("countries", "themes", "organisers", "partners", "materials")
# Paths under /events/ that an event's slug must not take (their pages would hide the event's).
RESERVED_SLUGS = frozenset({"new", "me", "calendar", "registrations", "manage", "feed"})


def _first_error(error: ValidationError) -> ServiceError:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return ServiceError(errors[0].messages[0], field=None if field == NON_FIELD_ERRORS else field)
    return ServiceError(error.messages[0])


def _free_slug(title: str) -> str:
    base = (slugify(title)[:180] or "event").strip("-") or "event"
    if base in RESERVED_SLUGS:
        base = f"{base}-event"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write(event: Event, *, user, fields: dict, relations: dict) -> Event:
    """Sets the editable fields, checks the whole row as the database would, saves, sets the links."""
    for name in EDITABLE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(event, name, "" if value is None and name not in _NULLABLE else value)
    try:
        event.full_clean()
    except ValidationError as error:
        raise _first_error(error) from error
    event._history_user = user  # simple_history: who changed it (no request inside a service)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as error:  # the same slug taken at the same moment
        raise ServiceError(_("An event with this address already exists."), field="slug") from error
    for name in RELATIONS:
        if name in relations:
            getattr(event, name).set(relations[name])
    return event


_NULLABLE = ("country", "capacity", "registration_opens", "registration_closes", "report")


def event_create(*, user, fields: dict, relations: dict, slug: str = "") -> Event:
    """Curators create an event; it starts "planned" (the workflow opens registration later).

    The address (slug) is the one given, or one made from the title; an address that is taken or
    that a page of /events/ uses is refused. One EventLog row records the creation.
    """
    if not can_manage_events(user):
        raise NotPermitted(_("Only events staff can create events."))
    slug = (slug or "").strip()
    if slug in RESERVED_SLUGS:
        raise ServiceError(_("This address is used by a page of the site: choose another."), field="slug")
    if slug and Event.objects.filter(slug=slug).exists():
        raise ServiceError(_("An event with this address already exists."), field="slug")
    with transaction.atomic():
        event = Event(status=EventStatus.PLANNED, slug=slug or _free_slug(fields.get("title", "")))
        _write(event, user=user, fields=fields, relations=relations)
        EventLog.objects.create(
            event=event, actor=user, action="create", from_status="", to_status=EventStatus.PLANNED
        )
        public_content_changed()
    return event


def event_update(*, user, event: Event, fields: dict, relations: dict, now=None) -> Event:
    """Curators change an event's details (never its status nor its address, which feeds and
    calendars keep). Places cannot drop below those already accepted; when places are added, the
    wait list moves up into them at once."""
    if not can_manage_events(user):
        raise NotPermitted(_("Only events staff can edit events."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        accepted = locked.registrations.accepted().count()
        capacity = fields.get("capacity", locked.capacity)
        if capacity is not None and capacity < accepted:
            raise ServiceError(
                _("%(count)s participants are already accepted: the event needs at least as many places.")
                % {"count": accepted},
                field="capacity",
            )
        _write(locked, user=user, fields=fields, relations=relations)
        if not (locked.is_over or locked.is_cancelled):
            wait_list_move_up(locked, now=now)
        public_content_changed()
    event.refresh_from_db()
    return event
