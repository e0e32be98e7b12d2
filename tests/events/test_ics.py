"""Acceptance 1: the iCalendar feed and a per-event file parse with icalendar, keep their UIDs
between requests, carry the event's time zone (with its VTIMEZONE) and never a participant."""

from datetime import UTC, datetime

import icalendar
import pytest
from django.utils import timezone

from events.choices import EventStatus
from events.models import Event
from tests.events.factories import make_event, make_registration

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_parses_keeps_uids_and_time_zones(client):
    start = datetime(2030, 7, 1, 7, 0, tzinfo=UTC)  # 09:00 in Vienna (summer time)
    vienna = make_event(
        slug="vienna", title="Vienna meeting", starts_at=start, ends_at=start.replace(hour=15)
    )
    make_event(
        slug="tbilisi", title="Tbilisi workshop", time_zone="Asia/Tbilisi", status=EventStatus.CANCELLED
    )
    make_registration(vienna, name="Secret Person", email="secret.person@example.org")
    first = parse(client.get("/events/feed.ics"))
    events = {str(e["summary"]): e for e in first.walk("VEVENT")}
    assert set(events) == {"Vienna meeting", "Tbilisi workshop"}
    assert {str(tz["tzid"]) for tz in first.walk("VTIMEZONE")} == {"Europe/Vienna", "Asia/Tbilisi"}
    dtstart = events["Vienna meeting"].decoded("dtstart")
    assert dtstart.hour == 9 and str(dtstart.tzinfo) == "Europe/Vienna" and dtstart == start
    assert str(events["Tbilisi workshop"]["status"]) == "CANCELLED"
    vienna.title = "Vienna meeting, renamed"
    vienna.starts_at, vienna.ends_at = start.replace(day=2), start.replace(day=2, hour=15)
    vienna.save()
    second = parse(client.get("/events/feed.ics"))
    uids_before = sorted(str(e["uid"]) for e in first.walk("VEVENT"))
    assert sorted(str(e["uid"]) for e in second.walk("VEVENT")) == uids_before
    assert b"secret" not in client.get("/events/feed.ics").content.lower()


def test_one_event_file(client):
    event = make_event(slug="single", title="Single event", online=True)
    calendar = parse(client.get("/events/single/calendar.ics"))
    (item,) = calendar.walk("VEVENT")
    assert str(item["uid"]) == f"event-{event.pk}@clearinghouse.osce.org"
    assert str(item["location"]) == "Online" and str(item["url"]).endswith("/events/single/")
    assert parse(client.get("/events/single/calendar.ics")).walk("VEVENT")[0]["uid"] == item["uid"]
    assert client.get("/events/missing/calendar.ics").status_code == 404


def test_the_atom_feed_lists_events(client):
    make_event(slug="atom-event", title="Atom event")
    response = client.get("/events/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    from lxml import etree

    feed = etree.fromstring(response.content)
    titles = feed.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert titles == ["Atom event (Registration open)"]


def test_query_methods_for_the_portal(db):
    from clearinghouse.models import Country

    now = timezone.now()
    md = Country.objects.get(iso2="MD")
    held_in = make_event(slug="held-in", country=md)
    concerning = make_event(slug="concerning", days=-10, now=now)
    concerning.countries.set([md])
    make_event(slug="elsewhere")
    assert set(Event.objects.public().for_country(md)) == {held_in, concerning}
    assert list(Event.objects.public().search("Training course").order_by("slug"))[:1]
    assert not Event.objects.public().search("   ").exists()
