"""Registering (guests and account holders), changing, erasing, attendance, feedback, reminders and
the retention that erases personal data while the counts stay."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.choices import EventStatus, RegistrationStatus
from events.models import Feedback, Registration
from events.services import AlreadyRegistered, NotPermitted, RegistrationClosed
from events.services.feedback import feedback_submit
from events.services.registration import (
    attendance_record,
    registration_create,
    registration_erase,
    registration_send_reminders,
    registration_update,
)
from events.services.retention import registrations_retention
from tests.events.factories import details, make_event, make_registration

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def test_a_guest_registers_and_gets_a_private_link(open_event, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            event=open_event,
            user=None,
            details=details(email="Ana.Testova@Example.org ", accessibility_needs="Ramp"),
        )
    assert registration.status == R.PENDING and registration.user is None
    assert registration.email == "ana.testova@example.org"
    assert registration.consent_version and registration.consent_given_at
    assert len(registration.key) >= 40
    assert len(mailbox) == 1 and registration.get_absolute_url() in mailbox[0].body


def test_a_signed_in_user_registers_with_their_account(open_event, participant):
    registration = registration_create(event=open_event, user=participant, details=details())
    assert registration.user == participant
    assert list(Registration.objects.of_user(participant)) == [registration]


def test_consent_must_be_the_current_version(open_event):
    with pytest.raises(NotPermitted):
        registration_create(event=open_event, user=None, details=details(consent_version="old-1"))
    assert not Registration.objects.exists()


def test_one_active_registration_per_address(open_event):
    registration_create(event=open_event, user=None, details=details())
    with pytest.raises(AlreadyRegistered):
        registration_create(event=open_event, user=None, details=details(email="ANA.testova@example.org"))
    Registration.objects.update(status=R.WITHDRAWN)
    registration_create(event=open_event, user=None, details=details())  # after withdrawing, again
    assert Registration.objects.count() == 2


@pytest.mark.parametrize(
    "status", [EventStatus.PLANNED, EventStatus.REGISTRATION_CLOSED, EventStatus.CANCELLED]
)
def test_registration_needs_the_open_status(status):
    event = make_event(status=status)
    with pytest.raises(RegistrationClosed):
        registration_create(event=event, user=None, details=details())


def test_registration_respects_its_window():
    now = timezone.now()
    event = make_event(
        registration_opens=now + timedelta(days=1), registration_closes=now + timedelta(days=5)
    )
    with pytest.raises(RegistrationClosed):
        registration_create(event=event, user=None, details=details(), now=now)
    registration_create(event=event, user=None, details=details(), now=now + timedelta(days=2))
    with pytest.raises(RegistrationClosed):
        registration_create(
            event=event, user=None, details=details(email="b@example.org"), now=now + timedelta(days=6)
        )


def test_the_participant_changes_details_by_link_only(open_event, participant):
    registration = make_registration(open_event)
    new = details(name="Ana Changed", organisation_name="La Strada")
    with pytest.raises(NotPermitted):
        registration_update(registration=registration, user=participant, details=new)
    with pytest.raises(NotPermitted):
        registration_update(registration=registration, user=None, details=new, key="x" * 43)
    registration_update(registration=registration, user=None, details=new, key=registration.key)
    assert registration.full_name == "Ana Changed" and registration.organisation_name == "La Strada"


def test_erasure_waits_until_no_place_is_held_and_keeps_the_count(open_event):
    registration = make_registration(open_event, status=R.ACCEPTED, accessibility_needs="Sign language")
    with pytest.raises(NotPermitted):
        registration_erase(registration=registration, user=None, key=registration.key)
    Registration.objects.filter(pk=registration.pk).update(status=R.WITHDRAWN)
    old_key = registration.key
    registration_erase(registration=registration, user=None, key=old_key)
    assert registration.is_erased
    assert (registration.full_name, registration.email, registration.accessibility_needs) == ("", "", "")
    assert registration.key != old_key
    assert open_event.registrations.count() == 1


def test_attendance_is_recorded_by_staff_after_the_event(curator, participant):
    event = make_event(status=EventStatus.HELD, days=-2)
    came = make_registration(event, name="Came Along", status=R.ACCEPTED)
    stayed_away = make_registration(event, name="Stayed Away", status=R.ACCEPTED)
    declined = make_registration(event, name="Was Declined", status=R.DECLINED)
    with pytest.raises(NotPermitted):
        attendance_record(event=event, user=participant, attended_ids=[came.pk])
    assert attendance_record(event=event, user=curator, attended_ids=[came.pk, declined.pk]) == 1
    for registration in (came, stayed_away, declined):
        registration.refresh_from_db()
    assert (came.attended, stayed_away.attended, declined.attended) == (True, False, None)
    with pytest.raises(NotPermitted):
        attendance_record(event=make_event(), user=curator, attended_ids=[])


def test_feedback_once_by_attendees_after_the_event(participant):
    event = make_event(status=EventStatus.HELD, days=-2)
    attendee = make_registration(event, status=R.ACCEPTED, attended=True, user=participant)
    absent = make_registration(event, name="Not There", status=R.ACCEPTED, attended=False)
    ratings = {"overall": 5, "content": 4, "organisation": 3, "comments": "Useful."}
    with pytest.raises(NotPermitted):
        feedback_submit(registration=absent, user=None, key=absent.key, **ratings)
    with pytest.raises(NotPermitted):
        feedback_submit(registration=attendee, user=None, key="wrong", **ratings)
    feedback_submit(registration=attendee, user=participant, **ratings)
    attendee.refresh_from_db()
    with pytest.raises(NotPermitted):
        feedback_submit(registration=attendee, user=participant, **ratings)
    assert Feedback.objects.filter(event=event).summary() == {
        "answers": 1,
        "overall": 5.0,
        "content": 4.0,
        "organisation": 3.0,
    }


def test_reminders_go_once_to_accepted_participants(mailbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    soon = make_event(days=3, now=now)
    later = make_event(days=30, now=now)
    make_registration(soon, name="Soon Accepted", status=R.ACCEPTED)
    make_registration(soon, name="Soon Pending")
    make_registration(later, name="Later Accepted", status=R.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_send_reminders(now=now, days_before=7) == 1
        assert registration_send_reminders(now=now, days_before=7) == 0
    assert [m.to for m in mailbox] == [["soon.accepted@example.org"]]


def test_retention_erases_personal_data_after_the_configured_time_and_keeps_counts(settings):
    now = timezone.now()
    old = make_event(status=EventStatus.HELD, days=-400, now=now)
    recent = make_event(status=EventStatus.HELD, days=-30, now=now)
    kept = make_registration(recent, name="Recent Person", status=R.ACCEPTED, attended=True)
    gone = make_registration(
        old, name="Old Person", status=R.ACCEPTED, attended=True, organisation_name="NGO"
    )
    Feedback.objects.create(
        registration=gone, event=old, overall=4, content=4, organisation=4, comments="I, Old Person"
    )
    settings.EVENTS_RETENTION_DAYS = 365
    assert registrations_retention(now=now) == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.is_erased and gone.full_name == "" and gone.email == "" and gone.organisation_name == ""
    assert gone.attended is True and gone.status == R.ACCEPTED
    assert old.registrations.attended().count() == 1
    assert Feedback.objects.get(registration=gone).comments == "" and old.feedback.summary()["overall"] == 4
    assert not kept.is_erased and kept.full_name == "Recent Person"
    assert registrations_retention(now=now, days=10) == 1  # a shorter setting reaches the recent one too
    assert registrations_retention(now=now, days=10) == 0


def test_the_retention_command_reads_the_setting(settings):
    old = make_event(status=EventStatus.HELD, days=-50)
    registration = make_registration(old, status=R.ACCEPTED)
    settings.EVENTS_RETENTION_DAYS = 100
    call_command("events_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    registration.refresh_from_db()
    assert not registration.is_erased
    settings.EVENTS_RETENTION_DAYS = 30
    call_command("events_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    registration.refresh_from_db()
    assert registration.is_erased
