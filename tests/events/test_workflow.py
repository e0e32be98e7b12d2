"""The event and registration tables, driven through the services: every allowed move, the refusals,
who may act, notes, capacity and the wait list that moves up by itself."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clearinghouse.errors import ServiceError, TransitionNotAllowed
from events.choices import EventStatus, RegistrationStatus
from events.models import EventLog, RegistrationLog
from events.services import EventFull, NotPermitted
from events.services.events import event_transition
from events.services.registration import registration_transition
from events.workflow import EVENT_TABLE, REGISTRATION_TABLE, Actor, EventAction, RegistrationAction
from tests.events.factories import make_event, make_registration
from tests.library.factories import DocumentFactory

pytestmark = pytest.mark.django_db

E, R, A = EventStatus, RegistrationStatus, RegistrationAction


def test_every_state_is_reachable_and_cancel_needs_a_note():
    assert EVENT_TABLE.states() == set(EventStatus.values)
    assert REGISTRATION_TABLE.states() == set(RegistrationStatus.values)
    for (state, action), move in EVENT_TABLE:
        assert move.note_required == (action == EventAction.CANCEL), (state, action)


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (E.PLANNED, EventAction.OPEN_REGISTRATION, E.REGISTRATION_OPEN),
        (E.REGISTRATION_OPEN, EventAction.CLOSE_REGISTRATION, E.REGISTRATION_CLOSED),
        (E.REGISTRATION_CLOSED, EventAction.REOPEN_REGISTRATION, E.REGISTRATION_OPEN),
        (E.REGISTRATION_CLOSED, EventAction.MARK_HELD, E.HELD),
        (E.PLANNED, EventAction.MARK_HELD, E.HELD),
    ],
)
def test_curators_move_events_and_each_move_is_logged(curator, start, action, end):
    event = make_event(status=start)
    event_transition(event=event, user=curator, action=action)
    assert event.status == end
    log = EventLog.objects.get(event=event)
    assert (log.actor, log.from_status, log.to_status, log.action) == (curator, start, end, action)


@pytest.mark.parametrize("role", ["reviewer", "officer_a", "expert_user", "participant"])
def test_nobody_but_curators_moves_an_event(request, role):
    user = request.getfixturevalue(role)
    event = make_event(status=E.PLANNED)
    with pytest.raises(TransitionNotAllowed):
        event_transition(event=event, user=user, action=EventAction.OPEN_REGISTRATION)
    event.refresh_from_db()
    assert event.status == E.PLANNED and not EventLog.objects.exists()


def test_impossible_moves_are_refused(curator):
    event = make_event(status=E.HELD)
    for action in (EventAction.OPEN_REGISTRATION, EventAction.CANCEL, "no-such-action"):
        with pytest.raises(TransitionNotAllowed):
            event_transition(event=event, user=curator, action=action, note="why")
    assert event.status == E.HELD


def test_cancelling_needs_reasons_and_tells_the_registered(
    curator, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(status=E.REGISTRATION_OPEN)
    make_registration(event, name="Ana Testova", status=R.ACCEPTED)
    make_registration(event, name="Old Withdrawn", status=R.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        event_transition(event=event, user=curator, action=EventAction.CANCEL, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        event_transition(event=event, user=curator, action=EventAction.CANCEL, note="The venue burnt down.")
    assert event.status == E.CANCELLED and event.cancellation_note == "The venue burnt down."
    assert [m.to for m in mailbox] == [["ana.testova@example.org"]]
    assert "The venue burnt down." in mailbox[0].body


def test_the_report_is_published_only_with_a_published_library_document(curator):
    event = make_event(status=E.HELD, days=-10)
    with pytest.raises(TransitionNotAllowed, match="report"):
        event_transition(event=event, user=curator, action=EventAction.PUBLISH_REPORT)
    event.report = DocumentFactory(status="draft", slug="draft-report")
    event.save()
    with pytest.raises(TransitionNotAllowed):
        event_transition(event=event, user=curator, action=EventAction.PUBLISH_REPORT)
    event.report.status = "published"
    event.report.save()
    event_transition(event=event, user=curator, action=EventAction.PUBLISH_REPORT)
    assert event.status == E.REPORT_PUBLISHED


def test_staff_accept_wait_list_and_decline(curator, open_event, mailbox, django_capture_on_commit_callbacks):
    first = make_registration(open_event, name="First Person")
    second = make_registration(open_event, name="Second Person")
    third = make_registration(open_event, name="Third Person")
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=first, user=curator, action=A.ACCEPT)
        registration_transition(registration=second, user=curator, action=A.WAIT_LIST)
        registration_transition(registration=third, user=curator, action=A.DECLINE)
    assert [first.status, second.status, third.status] == [R.ACCEPTED, R.WAIT_LISTED, R.DECLINED]
    assert second.wait_listed_at is not None
    assert sorted(m.to[0] for m in mailbox) == sorted(
        ["first.person@example.org", "second.person@example.org", "third.person@example.org"]
    )
    assert "wait list" in next(m for m in mailbox if m.to == ["second.person@example.org"]).body
    with pytest.raises(TransitionNotAllowed):
        registration_transition(registration=third, user=curator, action=A.ACCEPT)


def test_accepting_beyond_capacity_is_refused(curator, open_event):
    for name in ("One Person", "Two Person"):
        make_registration(open_event, name=name, status=R.ACCEPTED)
    third = make_registration(open_event, name="Three Person")
    with pytest.raises(EventFull):
        registration_transition(registration=third, user=curator, action=A.ACCEPT)
    third.refresh_from_db()
    assert third.status == R.PENDING and not RegistrationLog.objects.filter(registration=third).exists()


def test_the_wait_list_moves_up_when_a_place_frees(open_event, mailbox, django_capture_on_commit_callbacks):
    accepted = make_registration(open_event, name="Holder One", status=R.ACCEPTED)
    make_registration(open_event, name="Holder Two", status=R.ACCEPTED)
    now = timezone.now()
    later = make_registration(open_event, name="Later Waiter", status=R.WAIT_LISTED, wait_listed_at=now)
    first = make_registration(
        open_event, name="Early Waiter", status=R.WAIT_LISTED, wait_listed_at=now - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(registration=accepted, user=None, action=A.WITHDRAW, key=accepted.key)
    first.refresh_from_db()
    later.refresh_from_db()
    assert accepted.status == R.WITHDRAWN
    assert first.status == R.ACCEPTED and later.status == R.WAIT_LISTED
    log = RegistrationLog.objects.get(registration=first, action=A.MOVE_UP)
    assert log.actor is None and log.to_status == R.ACCEPTED
    moved = [m for m in mailbox if m.to == ["early.waiter@example.org"]]
    assert len(moved) == 1 and "place has become free" in moved[0].body


def test_withdrawing_a_pending_registration_moves_nobody(open_event):
    pending = make_registration(open_event, name="Pending Person")
    make_registration(open_event, name="Holder One", status=R.ACCEPTED)
    make_registration(open_event, name="Holder Two", status=R.ACCEPTED)
    waiting = make_registration(
        open_event, name="Wait Person", status=R.WAIT_LISTED, wait_listed_at=timezone.now()
    )
    registration_transition(registration=pending, user=None, action=A.WITHDRAW, key=pending.key)
    waiting.refresh_from_db()
    assert waiting.status == R.WAIT_LISTED


def test_only_the_participant_withdraws(curator, participant, officer_a, open_event):
    own = make_registration(open_event, name="Pia Participant", user=participant)
    for user, key in ((curator, ""), (officer_a, ""), (None, "wrong-key"), (None, "")):
        with pytest.raises(TransitionNotAllowed):
            registration_transition(registration=own, user=user, action=A.WITHDRAW, key=key)
    registration_transition(registration=own, user=participant, action=A.WITHDRAW)
    assert own.status == R.WITHDRAWN


@pytest.mark.parametrize("role", ["reviewer", "officer_a", "expert_user", "participant"])
def test_only_curators_decide(request, role, open_event):
    registration = make_registration(open_event)
    with pytest.raises(TransitionNotAllowed):
        registration_transition(
            registration=registration, user=request.getfixturevalue(role), action=A.ACCEPT
        )


def test_registrations_do_not_change_after_the_event(curator):
    event = make_event(status=E.HELD, days=-3)
    registration = make_registration(event, status=R.WAIT_LISTED)
    with pytest.raises(NotPermitted):
        registration_transition(registration=registration, user=curator, action=A.ACCEPT)
    with pytest.raises(ServiceError):
        registration_transition(registration=registration, user=None, action=A.WITHDRAW, key=registration.key)


def test_move_up_is_the_portals_own_move():
    assert REGISTRATION_TABLE.get(R.WAIT_LISTED, A.MOVE_UP).actors == {Actor.SYSTEM}
