"""Registering for events, changing and withdrawing, staff decisions (accept, wait-list, decline),
the wait list that moves up by itself, attendance, erasure and reminders.

Every status change goes through `registration_transition` (the table in events/workflow.py);
e-mails leave after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed

from ..choices import CONSENT_TEXTS, CONSENT_VERSION, RegistrationStatus
from ..models import Event, Registration, RegistrationLog
from ..models.registrations import new_key
from ..notifications import notify_registration
from ..permissions import can_change_registration, can_erase_registration, can_manage_events
from ..workflow import REGISTRATION_TABLE, Actor, RegistrationAction, registration_roles
from . import AlreadyRegistered, EventFull, NotPermitted, RegistrationClosed

R = RegistrationStatus
DETAIL_FIELDS = (
    "full_name",
    "email",
    "organisation_name",
    "position",
    "country",
    "accessibility_needs",
    "share_organisation",
)
# What erasure blanks; status, attendance and feedback ratings stay, so the counts stay right.
ERASED_VALUES = {
    "full_name": "",
    "email": "",
    "organisation_name": "",
    "position": "",
    "country": None,
    "accessibility_needs": "",
    "share_organisation": False,
    "user": None,
}


@dataclass
class RegistrationDetails:
    """What the registration form delivers."""

    full_name: str
    email: str
    organisation_name: str = ""
    position: str = ""
    country: object = None
    accessibility_needs: str = ""
    share_organisation: bool = False
    consent_version: str = CONSENT_VERSION


def registration_create(*, event: Event, user, details: RegistrationDetails, now: datetime | None = None):
    """Registers a person (a signed-in user, or a guest when `user` is anonymous) while registration
    is open. The consent given must be the current version. The registration awaits the staff's
    decision; a confirmation with the private link leaves after the commit."""
    now = now or timezone.now()
    if details.consent_version not in CONSENT_TEXTS or details.consent_version != CONSENT_VERSION:
        raise NotPermitted(_("Please agree to the current consent text."), field="consent")
    email = details.email.strip().lower()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.registration_is_open(now=now):
            raise RegistrationClosed(_("Registration for this event is not open."))
        if locked.registrations.active().filter(email=email).exists():
            raise AlreadyRegistered(
                _("This e-mail address is already registered for this event: use the link we sent you."),
                field="email",
            )
        registration = Registration(
            event=locked,
            user=user if getattr(user, "is_authenticated", False) else None,
            consent_version=details.consent_version,
            consent_given_at=now,
            language=(get_language() or "en")[:2],
        )
        for name in DETAIL_FIELDS:
            setattr(registration, name, getattr(details, name))
        registration.email = email
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:  # the same address sent twice at once
            raise AlreadyRegistered(
                _("This e-mail address is already registered for this event."), field="email"
            ) from exc
        RegistrationLog.objects.create(
            registration=registration, actor=registration.user, action="register", to_status=R.PENDING
        )
        notify_registration("registered", registration)
    return registration


def registration_update(*, registration: Registration, user, details: RegistrationDetails, key: str = ""):
    """The participant changes their details while the registration still holds or waits for a place."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        if Actor.PARTICIPANT not in registration_roles(user, locked, key=key):
            raise NotPermitted(_("Only the person registered may change these details."))
        if not can_change_registration(locked):
            raise NotPermitted(_("This registration can no longer be changed."))
        email = details.email.strip().lower()
        if (
            email != locked.email
            and locked.event.registrations.active().filter(email=email).exclude(pk=locked.pk).exists()
        ):
            raise AlreadyRegistered(
                _("This e-mail address is already registered for this event."), field="email"
            )
        for name in DETAIL_FIELDS:
            setattr(locked, name, getattr(details, name))
        locked.email = email
        locked.save()
    registration.refresh_from_db()
    return registration


def _label(action: str) -> str:
    try:
        return str(RegistrationAction(action).label)
    except ValueError:
        return action


def _move(registration: Registration, *, actor, action: str, to: str, now: datetime) -> None:
    from_status = registration.status
    registration.status = to
    if to == R.WAIT_LISTED:
        registration.wait_listed_at = now
    registration.save(update_fields=["status", "wait_listed_at", "updated_at"])
    RegistrationLog.objects.create(
        registration=registration, actor=actor, action=action, from_status=from_status, to_status=to
    )


def _free_places(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return event.capacity - event.registrations.accepted().count()


def wait_list_move_up(event: Event, *, now: datetime) -> list[Registration]:
    """Fills every free place from the wait list, first come first served (inside the caller's
    transaction, on the locked event)."""
    moved = []
    free = _free_places(event)
    candidates = event.registrations.wait_list().select_for_update()
    for registration in candidates if free is None else candidates[: max(free, 0)]:
        REGISTRATION_TABLE.check(
            state=registration.status, action=RegistrationAction.MOVE_UP, roles={Actor.SYSTEM}
        )
        _move(registration, actor=None, action=RegistrationAction.MOVE_UP, to=R.ACCEPTED, now=now)
        notify_registration("moved_up", registration)
        moved.append(registration)
    return moved


def registration_transition(
    *, registration: Registration, user, action: str, key: str = "", now: datetime | None = None
) -> Registration:
    """Accept, wait-list, decline (staff) or withdraw (the participant, by account or private link).

    Locks the event and the registration, checks the table and who may act; accepting beyond the
    capacity raises EventFull. When a place frees (an accepted participant withdraws), the first
    on the wait list moves up in the same transaction. Mails leave after the commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        locked.event = event
        if locked.is_erased:
            raise NotPermitted(_("This registration has been erased."))
        move = REGISTRATION_TABLE.check(
            state=locked.status,
            action=action,
            roles=registration_roles(user, locked, key=key),
            action_label=_label(action),
            state_label=locked.get_status_display(),
        )
        if event.is_over or event.is_cancelled:
            raise NotPermitted(_("The event is over: registrations no longer change."))
        if move.to == R.ACCEPTED:
            free = _free_places(event)
            if free is not None and free <= 0:
                raise EventFull(_("Every place is taken: put the registration on the wait list."))
        freed = locked.status == R.ACCEPTED and move.to != R.ACCEPTED
        actor = user if getattr(user, "is_authenticated", False) else None
        _move(locked, actor=actor, action=action, to=move.to, now=now)
        notify_registration(
            {R.ACCEPTED: "accepted", R.WAIT_LISTED: "wait_listed", R.DECLINED: "declined"}.get(
                move.to, "withdrawn"
            ),
            locked,
        )
        if freed:
            wait_list_move_up(event, now=now)
        if move.to == R.ACCEPTED or freed:
            public_content_changed()  # the event page counts the confirmed places
    registration.refresh_from_db()
    return registration


def attendance_record(*, event: Event, user, attended_ids, now: datetime | None = None) -> int:
    """Staff record who attended (accepted registrations; the others did not). Only once the event
    is held. Returns how many attended."""
    if not can_manage_events(user):
        raise NotPermitted(_("Only events staff record attendance."))
    if not event.is_over:
        raise NotPermitted(_("Attendance is recorded once the event is held."))
    wanted = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        accepted = event.registrations.accepted().not_erased().select_for_update()
        present = [r.pk for r in accepted if r.pk in wanted]
        accepted.filter(pk__in=present).update(attended=True, updated_at=now or timezone.now())
        accepted.exclude(pk__in=present).update(attended=False, updated_at=now or timezone.now())
        public_content_changed()  # the event page counts who attended
    return len(present)


def registration_erase(*, registration: Registration, user, key: str = "", now: datetime | None = None):
    """The participant erases their personal data (once the event is over, cancelled, or their
    registration no longer holds a place). The row stays, blank, so the counts stay right; the
    private link stops working."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        if Actor.PARTICIPANT not in registration_roles(user, locked, key=key):
            raise NotPermitted(_("Only the person registered may erase these details."))
        if not can_erase_registration(locked):
            raise NotPermitted(
                _("Withdraw first: your details can be erased once you no longer hold a place.")
            )
        erase_personal_data(Registration.objects.filter(pk=locked.pk), now=now)
    registration.refresh_from_db()
    return registration


def erase_personal_data(registrations, *, now: datetime | None = None) -> int:
    """Blanks the personal data of these registrations (and their feedback comments), rotates their
    private links, keeps status, attendance and ratings. Returns how many were erased."""
    from ..models import Feedback

    now = now or timezone.now()
    pending = list(registrations.filter(erased_at__isnull=True).values_list("pk", flat=True))
    if not pending:
        return 0
    Feedback.objects.filter(registration_id__in=pending).update(comments="")
    for pk in pending:
        Registration.objects.filter(pk=pk).update(**ERASED_VALUES, key=new_key(), erased_at=now)
    return len(pending)


def registration_send_reminders(*, now: datetime | None = None, days_before: int = 7) -> int:
    """Reminds accepted participants of events that start within `days_before` days, once each."""
    now = now or timezone.now()
    due = (
        Registration.objects.accepted()
        .not_erased()
        .filter(reminder_sent_at__isnull=True, event__starts_at__gt=now)
        .filter(event__starts_at__lte=now + timedelta(days=days_before))
        .exclude(event__status__in=["cancelled", "held", "report_published"])
        .select_related("event")
    )
    sent = 0
    with transaction.atomic():
        for registration in due.select_for_update(of=("self",)):
            notify_registration("reminder", registration)
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at", "updated_at"])
            sent += 1
    return sent
