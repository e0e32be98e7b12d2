"""Atom 1.0 (RFC 4287) as feed readers expect it, on top of Django's syndication framework.

Django's Atom1Feed writes one <author> (several names end up joined in it) and labels every summary
`type="html"`. Here each author is its own <author> (`authors`, a list of names, on the feed and on
each item); a summary is `type="html"` when it is HTML marked safe (rendered and sanitised, as the
pages show it) and `type="text"` when it is plain text (the reader shows it as is); an entry may
carry its own `xml:lang` (`language`). Feeds using it name their own address with the query string
(`self_url`), so a filtered feed never points readers at the unfiltered one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeData


def _authors(handler, names) -> None:
    for name in names or ():
        handler.startElement("author", {})
        handler.addQuickElement("name", name)
        handler.endElement("author")


class AtomFeed(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        _authors(handler, self.feed.get("authors"))

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None, "author_name": None})
        _authors(handler, item.get("authors"))
        if item["description"]:
            kind = "html" if isinstance(item["description"], SafeData) else "text"
            handler.addQuickElement("summary", item["description"], {"type": kind})


def self_url(request) -> str:
    """The feed's own address, query string included."""
    return request.get_full_path()


def day_start(day: date | None) -> datetime | None:
    """A publication day as the date-time Atom wants (midnight UTC); None when unknown."""
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None
