"""Saved searches: what a signed-in user follows in the library, the inventory or the events, digests
and feeds."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clearinghouse.errors import NotPermitted, ServiceError
from clearinghouse.models import Country, Theme
from events.choices import EventStatus
from events.filters import EventFilter
from events.models import Event
from library.catalogue import catalogue

from .inventory import inventory_rows
from .models import SavedSearch, SavedSearchKind

ALLOWED = {
    SavedSearchKind.LIBRARY: {
        "q",
        "theme",
        "country",
        "region",
        "publisher",
        "kind",
        "language",
        "year",
        "sort",
    },
    SavedSearchKind.INVENTORY: {"q", "country", "theme", "status", "source"},
    SavedSearchKind.EVENTS: {"kind", "country", "theme", "year"},
}

LIST_URLS = {
    SavedSearchKind.LIBRARY: "library:document_list",
    SavedSearchKind.INVENTORY: "inventory",
    SavedSearchKind.EVENTS: "events:event_list",
}


@dataclass
class Match:
    key: str
    title: str
    url: str
    date: object
    summary: str = ""
    authors: list[str] = field(default_factory=list)
    published: object = None  # the day of publication, when known (library documents)


def clean_query(kind: str, query: str) -> str:
    """Keep only the parameters the list understands (no page numbers, no stray input)."""
    params = QueryDict(query)
    kept = [(k, v) for k in params for v in params.getlist(k) if k in ALLOWED.get(kind, set()) and v]
    return urlencode(kept)[:1000]


def _event_matches(params: QueryDict, *, limit: int) -> list[Match]:
    """Public events the filters of /events/ select, newest first by when they were added. A cancelled
    event is no news to follow (events have no draft: every event is public from "planned" on)."""
    events = Event.objects.public().exclude(status=EventStatus.CANCELLED).select_related("country")
    filtered = EventFilter(params, queryset=events)
    if not filtered.is_valid():
        return []
    return [
        Match(
            f"event:{e.pk}",
            f"{e.display_title} ({e.local_start:%Y-%m-%d}, {e.place})",
            e.get_absolute_url(),
            e.created_at,
            e.display_summary,
            published=e.created_at.date(),
        )
        for e in filtered.qs.order_by("-created_at", "-pk")[:limit]
    ]


def saved_search_matches(saved: SavedSearch, *, limit: int = 200) -> list[Match]:
    params = QueryDict(saved.query)
    if saved.kind == SavedSearchKind.EVENTS:
        return _event_matches(params, limit=limit)
    if saved.kind == SavedSearchKind.LIBRARY:
        docs = catalogue(params, with_facets=False).queryset.prefetch_related("publishers")[:limit]
        return [
            Match(
                f"doc:{d.pk}",
                d.title,
                d.get_absolute_url(),
                d.first_published,
                d.summary,
                authors=d.author_list or [o.name for o in d.publishers.all()],
                published=d.publication_date,
            )
            for d in docs
        ]
    country = (
        Country.objects.filter(iso2=params.get("country", "").upper()).first()
        if params.get("country")
        else None
    )
    theme = Theme.objects.filter(slug=params.get("theme")).first() if params.get("theme") else None
    rows = inventory_rows(
        country=country,
        theme=theme,
        status=params.get("status", ""),
        q=params.get("q", ""),
        source=params.get("source", ""),
    )
    return [Match(f"{r.source}:{r.pk}", str(r.title), r.url, r.created) for r in rows[:limit]]


def saved_search_describe(saved: SavedSearch) -> str:
    base = reverse(LIST_URLS[saved.kind])
    return f"{base}?{saved.query}" if saved.query else base


def saved_search_create(*, user, kind: str, query: str, name: str = "", language: str = "") -> SavedSearch:
    """Save a search for a signed-in user; what already matches now counts as seen."""
    if kind not in SavedSearchKind.values:
        raise ServiceError(_("This search cannot be saved."))
    query = clean_query(kind, query)
    saved = SavedSearch(
        user=user,
        kind=kind,
        query=query,
        name=(name or query or SavedSearchKind(kind).label)[:200],
        language=language or settings.LANGUAGE_CODE,
    )
    saved.seen_keys = [m.key for m in saved_search_matches(saved, limit=10_000)]
    saved.save()
    return saved


def saved_search_delete(*, user, saved: SavedSearch) -> None:
    if saved.user_id != user.pk:
        raise NotPermitted(_("This saved search is not yours."))
    saved.delete()


def digests_send(*, now=None) -> int:
    """E-mail each saved search's new matches (never sent before) to its owner; returns e-mails queued."""
    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.select_related("user").order_by("pk"):
        if not saved.user.email or not saved.user.is_active:
            continue
        with transaction.atomic():
            locked = SavedSearch.objects.select_for_update().get(pk=saved.pk)
            language = locked.language or settings.LANGUAGE_CODE
            seen = set(locked.seen_keys)
            with override(language):  # titles and links in the digest's language
                new = [m for m in saved_search_matches(locked, limit=10_000) if m.key not in seen]
            locked.last_digest_at = now
            if new:
                locked.seen_keys = sorted(seen | {m.key for m in new})
            locked.save(update_fields=["last_digest_at", "seen_keys"])
            if not new:
                continue
            with override(language):
                subject = _("New matches for your saved search “%(name)s”") % {"name": locked.name}
                body = render_to_string(
                    "portal/email/digest.txt",
                    {
                        "saved": locked,
                        "matches": new,
                        "site": getattr(settings, "SITE_URL", ""),
                        "list_url": saved_search_describe(locked),
                    },
                )
            recipient = saved.user.email
            transaction.on_commit(
                lambda s=subject, b=body, r=recipient: send_mail(s, b, None, [r]), robust=True
            )
            sent += 1
    return sent
