"""Retention: participants' personal data is erased a configurable time after the event."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Registration
from .registration import erase_personal_data


def retention_days() -> int:
    return int(getattr(settings, "EVENTS_RETENTION_DAYS", 365))


def registrations_retention(*, now: datetime | None = None, days: int | None = None) -> int:
    """Erases the personal data of every registration whose event ended more than `days` days ago
    (EVENTS_RETENTION_DAYS by default). Counts, attendance and ratings stay. Returns how many."""
    now = now or timezone.now()
    days = retention_days() if days is None else days
    expired = Registration.objects.not_erased().filter(event__ends_at__lt=now - timedelta(days=days))
    return erase_personal_data(expired, now=now)
