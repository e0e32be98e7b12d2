"""Saved searches: saving, digests of new matches only and once, private Atom feeds."""

import io

import pytest
from django.core.management import call_command

from portal.models import SavedSearch
from portal.services import digests_send, saved_search_create

from ..factories import UserFactory
from ..library.factories import DocumentFactory
from .helpers import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(email="follower@example.org")


def test_signed_in_user_saves_an_inventory_search(client, user):
    client.force_login(user)
    response = client.post("/saved-searches/new/", {"kind": "inventory", "query": "country=MD&page=3&evil=1"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.query == "country=MD"
    assert client.get("/saved-searches/").content.decode().count(saved.token) == 1


def test_anonymous_cannot_save_and_others_cannot_delete(client, user):
    assert client.post("/saved-searches/new/", {"kind": "inventory", "query": ""}).status_code == 302
    assert not SavedSearch.objects.exists()
    saved = saved_search_create(user=user, kind="inventory", query="")
    client.force_login(UserFactory())
    assert client.post(f"/saved-searches/{saved.pk}/delete/").status_code == 404
    assert saved.token not in client.get("/saved-searches/").content.decode()
    client.force_login(user)
    client.post(f"/saved-searches/{saved.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_digest_sends_only_new_matches_once(user, mailbox, django_capture_on_commit_callbacks):
    make_activity("Old Moldovan activity")
    inventory = saved_search_create(user=user, kind="inventory", query="country=MD")
    library = saved_search_create(user=user, kind="library", query="q=trafficking")
    make_activity("New Moldovan activity")
    make_activity("New Armenian activity", countries=("AM",))
    make_activity("New draft activity", published=False)
    DocumentFactory(title="New trafficking handbook")
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 2
    bodies = {m.subject: m.body for m in mailbox}
    assert len(mailbox) == 2 and all(m.to == ["follower@example.org"] for m in mailbox)
    text = "\n".join(bodies.values())
    assert "New Moldovan activity" in text and "New trafficking handbook" in text
    for absent in ("Old Moldovan activity", "New Armenian activity", "New draft activity"):
        assert absent not in text
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 0  # nothing new: nothing sent again
    assert len(mailbox) == 2
    make_activity("Newer Moldovan activity")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert len(mailbox) == 3
    assert "Newer Moldovan activity" in mailbox[2].body and "New Moldovan activity\n" not in mailbox[2].body
    inventory.refresh_from_db()
    library.refresh_from_db()
    assert inventory.last_digest_at and library.last_digest_at


def test_atom_feed_by_token_only(client, user):
    make_activity("Feed activity")
    make_activity("Feed draft", published=False)
    saved = saved_search_create(user=user, kind="inventory", query="q=feed")
    response = client.get(f"/saved-searches/feed/{saved.token}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Feed activity" in body and "Feed draft" not in body
    assert client.get("/saved-searches/feed/not-the-token/").status_code == 404
    assert len(saved.token) >= 40


def test_library_search_saved_from_a_link_and_from_words(client, user):
    client.force_login(user)
    page = client.get("/saved-searches/new/", {"kind": "library", "query": "q=referral&country=MD"})
    assert page.status_code == 200 and b"q=referral&amp;country=MD" in page.content
    client.post(
        "/saved-searches/new/", {"kind": "library", "query": "q=referral&country=MD", "name": "Referral"}
    )
    client.post("/saved-searches/new/", {"kind": "library", "words": "child trafficking"})
    saved = {s.name: s.query for s in SavedSearch.objects.filter(user=user, kind="library")}
    assert saved["Referral"] == "q=referral&country=MD"
    assert "q=child+trafficking" in saved.values()


def test_digest_in_the_language_the_search_was_saved_in(
    client, user, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(user)
    client.post("/ru/saved-searches/new/", {"kind": "inventory", "query": "country=MD", "name": "Молдова"})
    assert SavedSearch.objects.get(name="Молдова").language == "ru"
    make_activity("Fresh Moldovan activity")
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    assert mailbox[0].subject == "Новые совпадения для вашего сохранённого поиска «Молдова»"
    assert "Fresh Moldovan activity" in mailbox[0].body


def test_services_refuse_with_service_errors(django_user_model):
    from clearinghouse.errors import NotPermitted, ServiceError
    from portal.services import saved_search_delete

    owner = django_user_model.objects.create_user("owner", email="owner@example.org")
    other = django_user_model.objects.create_user("other", email="other@example.org")
    with pytest.raises(ServiceError):
        saved_search_create(user=owner, kind="nonsense", query="q=x")
    saved = saved_search_create(user=owner, kind="inventory", query="country=MD")
    with pytest.raises(NotPermitted):
        saved_search_delete(user=other, saved=saved)
    assert SavedSearch.objects.filter(pk=saved.pk).exists()
