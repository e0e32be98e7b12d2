"""Saved searches of /events/: saved from the list's filters, new matching events in the digest and
the private Atom feed; other events, and cancelled ones, never (events have no draft: every event is
public from "planned" on, so a cancelled one is the event nobody should be alerted to)."""

import pytest

from clearinghouse.models import Country, Theme
from events.choices import EventKind, EventStatus
from portal.models import SavedSearch, SavedSearchKind
from portal.services import digests_send, saved_search_create
from tests.events.factories import make_event
from tests.events.helpers import tree

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="follower@example.org")


def training_in(iso2: str, title: str, **kwargs):
    event = make_event(title=title, kind=EventKind.TRAINING, **kwargs)
    event.countries.set([Country.objects.get(iso2=iso2)])
    return event


def test_the_events_list_offers_to_save_its_filters(client, user):
    client.force_login(user)
    page = tree(client.get("/events/", {"kind": "training", "country": "MD"}))
    form = page.xpath("//form[@action='/saved-searches/new/']")[0]
    assert form.xpath(".//input[@name='kind']/@value") == ["events"]
    response = client.post(
        "/saved-searches/new/", {"kind": "events", "query": "kind=training&country=MD&page=2&q=x"}
    )
    saved = SavedSearch.objects.get(user=user)
    assert (saved.kind, saved.query) == (SavedSearchKind.EVENTS, "kind=training&country=MD")
    assert response["Location"] == "/events/?kind=training&country=MD"
    client.logout()
    assert not tree(client.get("/events/")).xpath("//form[@action='/saved-searches/new/']")


def test_digest_has_new_matching_events_only(user, mailbox, django_capture_on_commit_callbacks):
    training_in("MD", "Old Moldovan training")
    saved_search_create(user=user, kind="events", query="kind=training&country=MD")
    training_in("MD", "New Moldovan training")
    training_in("AM", "New Armenian training")
    make_event(title="New Moldovan meeting", kind=EventKind.MEETING).countries.set(
        [Country.objects.get(iso2="MD")]
    )
    training_in("MD", "Cancelled Moldovan training", status=EventStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    body = mailbox[0].body
    assert "New Moldovan training" in body and "/events/event-" in body
    for absent in ("Old Moldovan", "Armenian", "meeting", "Cancelled"):
        assert absent not in body
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 0


def test_digest_in_russian_uses_russian_titles(client, user, mailbox, django_capture_on_commit_callbacks):
    client.force_login(user)
    client.post("/ru/saved-searches/new/", {"kind": "events", "query": "year=2026", "name": "2026"})
    make_event(title="Winter meeting", title_ru="Зимняя встреча", days=10)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    assert "Зимняя встреча" in mailbox[0].body and "/ru/events/" in mailbox[0].body


def test_atom_feed_of_an_events_search(client, user):
    theme = Theme.objects.get(slug="media-and-awareness")
    saved = saved_search_create(user=user, kind="events", query=f"theme={theme.slug}")
    media = make_event(title="Media training")
    media.themes.set([theme])
    make_event(title="Police training")
    response = client.get(f"/saved-searches/feed/{saved.token}/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Media training" in body and "Police training" not in body
    assert f"event:{media.pk}" in body


def test_a_bad_filter_matches_nothing_rather_than_everything(user):
    make_event(title="Any event")
    saved = saved_search_create(user=user, kind="events", query="year=not-a-year")
    from portal.services import saved_search_matches

    assert saved_search_matches(saved) == []
