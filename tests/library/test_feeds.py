"""Issue 16: Atom feeds that readers can trust, read with feedparser: the filtered feed names itself
as `self`, every feed and entry has authors (each its own <author>), plain-text summaries say so,
<published> is the date of publication, and the feed's language is the interface's."""

from datetime import date

import feedparser
import pytest
from django.conf import settings
from django.utils import translation
from lxml import etree

from clearinghouse.models import Organisation
from portal.services import saved_search_create

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request under /ru/ leaves Russian active in this thread: later tests expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed, etree.fromstring(response.content)


@pytest.fixture
def documents(db):
    unesco = Organisation.objects.create(name="UNESCO Office", kind="international")
    return {
        "two_authors": DocumentFactory(
            title="Two authors",
            kind="ethics-code",
            authors="Doe, Jane; Roe, Richard",
            publication_date=date(2003, 5, 14),
        ),
        "publisher_only": DocumentFactory(title="Publisher only", kind="ethics-code", publishers=[unesco]),
        "nobody": DocumentFactory(title="Nobody", kind="research", summary="Shelters & <safe> houses"),
    }


def test_a_filtered_feed_names_itself_as_self(client, documents):
    parsed, tree = read(client, "/library/feed/?kind=ethics-code")
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == "http://testserver/library/feed/?kind=ethics-code"
    assert links["alternate"] == "http://testserver/library/?kind=ethics-code"
    assert {e.title for e in parsed.entries} == {"Two authors", "Publisher only"}
    parsed, _tree = read(client, "/library/feed/")
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "http://testserver/library/feed/"


def test_every_author_is_its_own_author_element(client, documents):
    parsed, tree = read(client, "/library/feed/")
    assert parsed.feed.author_detail.name == settings.SITE_NAME
    entries = {e.title: e for e in parsed.entries}
    assert [a.name for a in entries["Two authors"].authors] == ["Doe, Jane", "Roe, Richard"]
    assert [a.name for a in entries["Publisher only"].authors] == ["UNESCO Office"]
    assert [a.name for a in entries["Nobody"].authors] == [settings.SITE_NAME]
    for entry in tree.iterfind("a:entry", ATOM):
        for author in entry.iterfind("a:author", ATOM):
            assert len(author.findall("a:name", ATOM)) == 1
            assert ";" not in author.findtext("a:name", namespaces=ATOM)


def test_summaries_are_sanitised_html_labelled_html(client, documents):
    """Summaries are rendered as the document page shows them (markdown, sanitised), so labelled html:
    a plain-text summary's markup characters arrive escaped, never as tags."""
    parsed, tree = read(client, "/library/feed/")
    entry = next(e for e in parsed.entries if e.title == "Nobody")
    assert entry.summary_detail.type == "text/html"
    assert entry.summary == "<p>Shelters &amp; &lt;safe&gt; houses</p>"
    assert {s.get("type") for s in tree.iterfind("a:entry/a:summary", ATOM)} == {"html"}


def test_published_is_the_date_of_publication(client, documents):
    parsed, _tree = read(client, "/library/feed/")
    entries = {e.title: e for e in parsed.entries}
    assert tuple(entries["Two authors"].published_parsed[:3]) == (2003, 5, 14)
    # Only the year is known: no invented day, so no <published> at all.
    assert "published" not in entries["Nobody"]
    assert entries["Nobody"].updated_parsed is not None


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/ru", "ru")])
def test_the_feed_language_is_the_interface_language(client, documents, prefix, language):
    parsed, tree = read(client, f"{prefix}/library/feed/")
    assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert parsed.feed.language == language


def test_saved_search_feed_has_authors(client, documents, django_user_model):
    user = django_user_model.objects.create_user("follower", "follower@example.org", "x")
    saved = saved_search_create(user=user, kind="library", query="kind=ethics-code")
    url = f"/saved-searches/feed/{saved.token}/"
    DocumentFactory(title="New code", kind="ethics-code", authors="Poe, Ann; Loe, Ben")
    parsed, _tree = read(client, url)
    assert parsed.feed.author_detail.name == settings.SITE_NAME
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == f"http://testserver{url}"
    entries = {e.title: e for e in parsed.entries}
    assert [a.name for a in entries["New code"].authors] == ["Poe, Ann", "Loe, Ben"]
    assert [a.name for a in entries["Publisher only"].authors] == ["UNESCO Office"]
    assert entries["New code"].summary_detail.type == "text/html"  # sanitised markdown, as on the pages
    parsed, tree = read(client, f"/ru{url}")
    assert tree.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"


def test_html_marked_safe_is_labelled_html():
    """A summary rendered to sanitised HTML (marked safe) is labelled html, plain text text."""
    from django.utils.safestring import mark_safe

    from clearinghouse.atom import AtomFeed

    feed = AtomFeed(title="t", link="http://testserver/", description="d", authors=["Site"])
    feed.add_item(title="a", link="http://testserver/a", description=mark_safe("<p>A &amp; B</p>"))
    feed.add_item(title="b", link="http://testserver/b", description="A & <B>", authors=["X", "Y"])
    parsed = feedparser.parse(feed.writeString("utf-8"))
    assert not parsed.bozo
    html_entry, text_entry = parsed.entries
    assert html_entry.summary_detail.type == "text/html" and html_entry.summary == "<p>A &amp; B</p>"
    assert text_entry.summary_detail.type == "text/plain" and text_entry.summary == "A & <B>"
    assert [a.name for a in text_entry.authors] == ["X", "Y"]
    assert parsed.feed.author_detail.name == "Site"
