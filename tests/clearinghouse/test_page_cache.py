"""The anonymous page cache: anonymous visitors share a short-lived copy of public pages; signed-in
users never read or fill it; each visitor gets their own CSRF token; pages that carry a CSP nonce
are never stored; an edit shows at once."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from library import services
from library.models import Document
from roster.models import ProfileView
from tests.factories import UserFactory
from tests.html import main_text, select, texts
from tests.library.factories import DocumentFactory
from tests.roster.factories import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _catalogue_titles() -> str:
    return Client().get("/library/").content.decode()


def test_anonymous_visitors_share_a_copy_until_public_content_changes(
    curator, django_capture_on_commit_callbacks
):
    document = DocumentFactory(title="Handbook on referral", status="published")
    draft = DocumentFactory(title="Guide to shelters", status="draft")
    assert "Handbook on referral" in _catalogue_titles()
    # A write that is not a change of public content through a service leaves the copy in place...
    Document.objects.filter(pk=document.pk).update(title="Renamed quietly")
    document.refresh_from_db()
    document.save()
    assert "Handbook on referral" in _catalogue_titles()
    # ...publishing through the workflow renews it once committed: the next visitor sees the change.
    with django_capture_on_commit_callbacks(execute=True):
        services.document_transition(user=curator, document=draft, action="publish")
    page = _catalogue_titles()
    assert "Guide to shelters" in page and "Renamed quietly" in page


def test_a_curator_viewing_an_experts_profile_leaves_cached_public_pages_in_place(client, curator):
    DocumentFactory(title="Handbook on referral", status="published")
    assert "Handbook on referral" in _catalogue_titles()
    Document.objects.update(title="Changed underneath")
    expert = make_expert("Private Person")
    client.force_login(curator)
    response = client.get(reverse("roster:expert_detail", args=[expert.pk]))
    assert response.status_code == 200
    assert ProfileView.objects.filter(expert=expert, viewer=curator).exists()  # a private write happened
    assert "Handbook on referral" in _catalogue_titles()  # the public copy is still served


def test_an_admin_edit_of_public_content_renews_the_cache(
    client, curator, django_capture_on_commit_callbacks
):
    document = DocumentFactory(title="Handbook on referral", status="published")
    assert "Handbook on referral" in _catalogue_titles()
    Document.objects.filter(pk=document.pk).update(title="Edited in the admin")
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:library_document_delete", args=[document.pk]), {"post": "yes"})
    assert not Document.objects.filter(pk=document.pk).exists()
    assert "Handbook on referral" not in _catalogue_titles()


def test_cache_off_when_seconds_is_zero(settings):
    settings.PAGE_CACHE_SECONDS = 0
    document = DocumentFactory(title="Handbook on referral", status="published")
    Client().get("/library/")
    Document.objects.filter(pk=document.pk).update(title="Renamed quietly")
    assert "Renamed quietly" in Client().get("/library/").content.decode()


def test_signed_in_pages_are_never_stored_nor_served_from_the_copy():
    DocumentFactory(title="Handbook on referral", status="published")
    user = UserFactory(username="olena")
    signed_in = Client()
    signed_in.force_login(user)
    page = signed_in.get("/library/").content.decode()
    assert "Sign out (olena)" in page
    # The anonymous visitor after them gets an anonymous page, not the user's.
    anonymous = Client().get("/library/").content.decode()
    assert "olena" not in anonymous and "Sign out" not in anonymous
    # And the signed-in user is not served the anonymous copy.
    assert "Sign out (olena)" in signed_in.get("/library/").content.decode()


def test_each_language_has_its_own_copy():
    """Both languages are stored, each as its own copy: after a change the cache cannot see, each language
    is still served its own stored page (the old title, its own language), never the other's."""
    document = DocumentFactory(title="Handbook on referral", status="published")
    english, russian = Client().get("/library/"), Client().get("/ru/library/")
    assert english.templates and russian.templates  # rendered, then stored
    Document.objects.filter(pk=document.pk).update(title="Renamed quietly")
    for url, language in (("/ru/library/", "ru"), ("/library/", "en"), ("/ru/library/", "ru")):
        again = Client().get(url)
        assert again.status_code == 200
        assert not again.templates, f"{url} was rendered again instead of served from its copy"
        assert again["Content-Language"] == language
        assert select(again, "html")[0].get("lang") == language
        first = russian if language == "ru" else english
        assert texts(again, "main h1") == texts(first, "main h1")
        assert "Handbook on referral" in main_text(again) and "Renamed quietly" not in main_text(again)
    assert texts(english, "main h1") != texts(russian, "main h1")


def _token(response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_every_visitor_of_a_cached_page_gets_a_working_csrf_token_of_their_own():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = first.get("/library/"), second.get("/library/")
    assert one.content.replace(_token(one).encode(), b"") == two.content.replace(_token(two).encode(), b"")
    assert _token(one) != _token(two)
    assert "csrftoken" in one.cookies and "csrftoken" in two.cookies
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    # The second visitor was served the stored copy, and its language switcher still works...
    switched = second.post(
        "/i18n/setlang/", {"language": "ru", "next": "/library/", "csrfmiddlewaretoken": _token(two)}
    )
    assert switched.status_code == 302
    # ...while the first visitor's token is no good with the second visitor's cookie.
    third = Client(enforce_csrf_checks=True)
    third.get("/library/")
    refused = third.post(
        "/i18n/setlang/", {"language": "ru", "next": "/library/", "csrfmiddlewaretoken": _token(one)}
    )
    assert refused.status_code == 403


def test_pages_with_a_csp_nonce_are_never_stored():
    document = DocumentFactory(title="Handbook on referral", status="published")
    one = Client().get(document.get_absolute_url())
    two = Client().get(document.get_absolute_url())
    assert b"nonce=" in one.content
    assert one["Content-Security-Policy"] != two["Content-Security-Policy"]
