"""Events: what their public pages show (never registrations, participants or feedback)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from events.models import Event
from library.models import Document

from ..conventions import (
    ItemParams,
    ListParams,
    absolute,
    check_params,
    country_ref,
    item,
    listing,
    named,
    not_found,
)
from ..schemas import ERRORS, Out, Ref

router = Router(tags=["events"])


class EventOut(Out):
    id: str = Field(default="", description="The event's slug.")
    url: str = ""
    updated: datetime | None = None
    kind: str = ""
    status: str = ""
    title: str = ""
    summary: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str = ""
    online: bool = False
    venue: str = ""
    city: str = ""
    country: Ref | None = None
    countries: list[Ref] = []
    themes: list[Ref] = []
    organisers: list[Ref] = []
    partners: list[Ref] = []
    audience: str = ""
    working_languages: str = ""
    materials: list[Ref] = Field(default=[], description="Its published library documents.")
    report: Ref | None = Field(default=None, description="Its report, once published.")


class EventList(Out):
    results: list[EventOut]
    next: str | None


class EventFilters(ListParams):
    kind: str = Field(
        default="", max_length=20, description="conference, meeting, training, workshop, online."
    )
    status: str = Field(default="", max_length=30)
    country: str = Field(default="", max_length=2, description="Held in or concerning (ISO alpha-2).")


def _events():
    return (
        Event.objects.public()
        .select_related("country", "report")
        .prefetch_related(
            "countries",
            "themes",
            "organisers",
            "partners",
            Prefetch("materials", queryset=Document.objects.published().only("pk", "slug", "title")),
        )
        .order_by("-starts_at", "pk")
    )


def _document(request, document) -> dict:
    return {
        "id": str(document.pk),
        "name": document.title,
        "url": absolute(request, document.get_absolute_url()),
    }


def event_record(request, event) -> dict:
    report = event.report if event.report and event.report.is_public else None
    return {
        "id": event.slug,
        "url": absolute(request, event.get_absolute_url()),
        "updated": event.updated_at,
        "kind": event.kind,
        "status": event.status,
        "title": event.display_title,
        "summary": event.display_summary,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "online": event.online,
        "venue": event.venue,
        "city": event.city,
        "country": country_ref(request, event.country) if event.country else None,
        "countries": [country_ref(request, c) for c in event.countries.all()],
        "themes": [named(request, t) for t in event.themes.all()],
        "organisers": [named(request, o) for o in event.organisers.all()],
        "partners": [named(request, o) for o in event.partners.all()],
        "audience": event.audience,
        "working_languages": event.working_languages,
        "materials": [_document(request, d) for d in event.materials.all()],
        "report": _document(request, report) if report else None,
    }


@router.get("/events/", response={200: EventList, **ERRORS}, exclude_unset=True, url_name="events")
def events(request: HttpRequest, response: HttpResponse, filters: Query[EventFilters]):
    """Public. Conferences, meetings and trainings, latest start first."""
    check_params(request, EventFilters)
    qs = _events()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.country:
        qs = qs.filter(
            pk__in=Event.objects.filter(country__iso2=filters.country.upper()).values("pk")
        ) | qs.filter(pk__in=Event.objects.filter(countries__iso2=filters.country.upper()).values("pk"))
    return listing(request, response, qs, filters, EventOut, lambda e: event_record(request, e))


@router.get("/events/{slug}/", response={200: EventOut, **ERRORS}, exclude_unset=True, url_name="event")
def event(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One event."""
    check_params(request, ItemParams)
    found = _events().filter(slug=slug).first()
    if found is None:
        raise not_found("event")
    return item(response, event_record(request, found), params, EventOut)
