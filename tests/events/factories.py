"""Events test data: events at times relative to a given moment, and registrations."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from events.choices import CONSENT_VERSION, EventKind, EventStatus
from events.models import Event, Registration
from events.services.registration import RegistrationDetails


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.TRAINING
    title = factory.Sequence(lambda n: f"Training course {n}")
    summary = "A training on identifying trafficked persons."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(days=1))
    time_zone = "Europe/Vienna"
    city = "Vienna"
    capacity = 2


def make_event(
    *, status=EventStatus.REGISTRATION_OPEN, now: datetime | None = None, days=30, **kwargs
) -> Event:
    """An event `days` after `now` (before, when negative), set directly in `status` (fixtures only:
    the workflow tests move events through the service)."""
    now = now or timezone.now()
    kwargs.setdefault("starts_at", now + timedelta(days=days))
    kwargs.setdefault("ends_at", kwargs["starts_at"] + timedelta(hours=8))
    event = EventFactory(**kwargs)
    Event.objects.filter(pk=event.pk).update(status=status)
    event.refresh_from_db()
    return event


def details(name="Ana Testova", email="ana.testova@example.org", **kwargs) -> RegistrationDetails:
    kwargs.setdefault("consent_version", CONSENT_VERSION)
    return RegistrationDetails(full_name=name, email=email, **kwargs)


def make_registration(
    event, *, name="Ana Testova", email=None, status="pending", attended=None, user=None, **kw
):
    return Registration.objects.create(
        event=event,
        user=user,
        full_name=name,
        email=email or f"{name.lower().replace(' ', '.')}@example.org",
        consent_version=CONSENT_VERSION,
        consent_given_at=timezone.now(),
        status=status,
        attended=attended,
        **kw,
    )
