"""iCalendar (RFC 5545) for events, built with the icalendar library: one VEVENT per event with a
stable UID, local times in the event's time zone and the VTIMEZONE each needs. Public data only:
never a participant."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.conf import settings
from django.utils.html import strip_tags

from .choices import EventStatus
from .notifications import site_url

PRODID = "-//Anti-Trafficking Clearinghouse//Events//EN"


def event_uid(event) -> str:
    """Stable for the event's whole life: built from its primary key, never from its title or dates."""
    return f"event-{event.pk}@{getattr(settings, 'EVENTS_ICS_DOMAIN', 'clearinghouse.osce.org')}"


def _vevent(event) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event))
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("summary", event.title)
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    if event.summary:
        item.add("description", strip_tags(event.summary))
    if event.place:
        item.add("location", event.place)
    item.add("url", site_url(event.get_absolute_url()))
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def calendar_bytes(events, *, name: str) -> bytes:
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event))
    if events:
        first = min(e.starts_at for e in events).date() - timedelta(days=366)
        last = max(e.ends_at for e in events).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
