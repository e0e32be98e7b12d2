"""Acceptance 3: the demo participants' names and e-mail addresses are found on no public surface:
every public page without parameters, every event's page (English and Russian), the iCalendar and
Atom feeds, the sitemap, country pages and the open-data exports."""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from events.demo import DEMO_PARTICIPANTS
from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def plain_routes(resolver=None, prefix="") -> list[str]:
    """Every route without a parameter (the public lists, feeds and exports among them)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "admin" in route or "<" in route:
                continue
            inner = route.replace("^", "").replace("$", "")
            found += plain_routes(entry, prefix + ("" if inner.startswith("ru") else inner))
        elif isinstance(entry, URLPattern) and "<" not in route and "^" not in route:
            found.append("/" + prefix + route)
    return sorted(set(found))


@pytest.fixture
def demo(seeded, media_root):
    from clearinghouse import demo as site_demo
    from events import demo as events_demo
    from fund import demo as fund_demo
    from library import demo as library_demo
    from programmes import demo as programme_demo
    from roster import demo as roster_demo

    for module in (site_demo, programme_demo, library_demo, fund_demo, roster_demo):
        module.load(io.StringIO())
    events_demo.load(io.StringIO())


def secrets() -> list[str]:
    found = []
    for people in DEMO_PARTICIPANTS.values():
        for name, email, *_rest in people:
            found += [name, email, name.split()[-1]]
    return found


def test_no_public_surface_shows_a_participant(client, demo):
    assert Registration.objects.count() == sum(len(p) for p in DEMO_PARTICIPANTS.values())
    urls = [u for u in plain_routes() if not u.startswith(("/accounts", "/i18n", "/admin"))]
    for event in Event.objects.all():
        urls += [
            event.get_absolute_url(),
            f"/ru{event.get_absolute_url()}",
            f"/events/{event.slug}/calendar.ics",
        ]
        urls += [country.get_absolute_url() for country in event.countries.all()]
        urls += [f"/events/calendar/?month={event.starts_at:%Y-%m}"]
        urls += [d.get_absolute_url() for d in event.materials.all()]
        if event.report:
            urls.append(event.report.get_absolute_url())
    # (a search for a name would echo the query itself: searches for the events instead)
    urls += ["/search/?q=conference", "/library/?q=conference", "/ru/events/", "/search/?q=training"]
    checked = 0
    leaks = []
    for url in sorted(set(urls)):
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        checked += 1
        leaks += [f"{url}: {secret}" for secret in secrets() if secret.lower() in text.lower()]
    assert checked > 40, f"only {checked} pages answered: the scan scans nothing"
    assert not leaks, "\n".join(leaks)
    # ...and the scan can fail: the private page of a registration shows them.
    registration = Registration.objects.get(email="greta.demoveld@example.org")
    assert "Greta Demoveld" in client.get(registration.get_absolute_url()).content.decode()


def test_plain_routes_include_the_feeds_and_exports():
    routes = plain_routes()
    for expected in (
        "/events/",
        "/events/feed.ics",
        "/events/feed.atom",
        "/sitemap.xml",
        "/fund/projects.csv",
    ):
        assert expected in routes
