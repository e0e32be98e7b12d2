"""events.demo: the seed's conference (held, with report), the media training (held, attendees invited
to the roster), the annual meeting (registration open) and a cancelled workshop, relative to `today`;
loading twice changes nothing."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from events import demo
from events.choices import EventStatus
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(seeded, media_root):
    from library import demo as library_demo

    library_demo.load(io.StringIO())
    demo.load(io.StringIO(), today=date(2031, 6, 15))
    return demo.load(io.StringIO(), today=date(2031, 6, 15))


def test_demo_events_and_their_states(loaded):
    assert Event.objects.count() == 4
    conference = loaded["conference"]
    assert conference.status == EventStatus.REPORT_PUBLISHED
    assert conference.report.status == "published" and conference.report.kind == "conference"
    assert conference.starts_at.date() == date(2031, 2, 15)
    media = loaded["media"]
    assert media.status == EventStatus.HELD and media.invites_to_roster and media.is_training
    assert media.registrations.filter(roster_invited_at__isnull=False).count() == 3
    assert media.feedback.count() == 3
    meeting = loaded["meeting"]
    assert meeting.status == EventStatus.REGISTRATION_OPEN and meeting.starts_at.date() == date(2031, 8, 14)
    assert Event.objects.get(slug="workshop-nrm-caucasus").status == EventStatus.CANCELLED
    assert Registration.objects.count() == sum(len(p) for p in demo.DEMO_PARTICIPANTS.values())


def test_russian_titles(loaded):
    from django.utils import translation

    with translation.override("ru"):
        assert loaded["meeting"].display_title == "Ежегодное совещание ОБСЕ по борьбе с торговлей людьми"


def test_seed_demo_runs_the_events_demo(seeded, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Events: 4 events" in out.getvalue()
