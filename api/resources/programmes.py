"""The office's programmes and project outlines (published only, as on /programmes/), and the
activity inventory: the same rows as /inventory/ (portal.inventory: curated activities, visible
outlines and supported fund projects, derived at read time)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from clearinghouse.models import Country, Theme
from clearinghouse.queries import theme_q
from portal.inventory import inventory_keys, inventory_rows_for
from programmes.models import ActivityStatus, Programme, ProjectOutline

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

router = Router(tags=["programmes"])


class ProgrammeOut(Out):
    id: int = 0
    slug: str = ""
    url: str = ""
    updated: datetime | None = None
    title: str = ""
    summary: str = ""
    location: str = ""
    period_start: int | None = None
    period_end: int | None = None
    themes: list[Ref] = []
    regions: list[Ref] = []
    countries: list[Ref] = []
    outlines: list[Ref] = Field(default=[], description="Its published project outlines.")


class ProgrammeList(Out):
    results: list[ProgrammeOut]
    next: str | None


class PlaceFilters(ListParams):
    country: str = Field(default="", max_length=2, description="An ISO 3166 alpha-2 code.")
    theme: str = Field(default="", max_length=120, description="A theme slug (with its sub-themes).")


def _programmes():
    return (
        Programme.objects.published()
        .prefetch_related(
            "themes",
            "regions",
            "countries",
            Prefetch("outlines", queryset=ProjectOutline.objects.published()),
        )
        .order_by("order", "pk")
    )


def programme_record(request, p) -> dict:
    return {
        "id": p.pk,
        "slug": p.slug,
        "url": absolute(request, p.get_absolute_url()),
        "updated": p.updated,
        "title": p.display_title,
        "summary": p.display_summary,
        "location": p.location,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "themes": [named(request, t) for t in p.themes.all()],
        "regions": [named(request, r) for r in p.regions.all()],
        "countries": [country_ref(request, c) for c in p.countries.all()],
        "outlines": [named(request, o) for o in p.outlines.all()],
    }


def _narrowed(qs, filters: PlaceFilters):
    if filters.country:
        qs = qs.filter(countries__iso2=filters.country.upper())
    if filters.theme:
        qs = qs.filter(theme_q(filters.theme, by="slug"))
    return qs.distinct()


@router.get(
    "/programmes/", response={200: ProgrammeList, **ERRORS}, exclude_unset=True, url_name="programmes"
)
def programmes(request: HttpRequest, response: HttpResponse, filters: Query[PlaceFilters]):
    """Public. The office's published programmes."""
    check_params(request, PlaceFilters)
    return listing(
        request,
        response,
        _narrowed(_programmes(), filters),
        filters,
        ProgrammeOut,
        lambda p: programme_record(request, p),
    )


@router.get(
    "/programmes/{slug}/", response={200: ProgrammeOut, **ERRORS}, exclude_unset=True, url_name="programme"
)
def programme(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One published programme (drafts answer 404)."""
    check_params(request, ItemParams)
    found = _programmes().filter(slug=slug).first()
    if found is None:
        raise not_found("programme")
    return item(response, programme_record(request, found), params, ProgrammeOut)


class OutlineOut(Out):
    id: int = 0
    slug: str = ""
    url: str = ""
    updated: datetime | None = None
    programme: Ref | None = None
    title: str = ""
    scope: str = ""
    objectives: str = ""
    timeframe: str = ""
    start_year: int | None = None
    end_year: int | None = None
    themes: list[Ref] = []
    regions: list[Ref] = []
    countries: list[Ref] = []
    partners: list[Ref] = []


class OutlineList(Out):
    results: list[OutlineOut]
    next: str | None


def _outlines():
    return (
        ProjectOutline.objects.visible()
        .select_related("programme")
        .prefetch_related("themes", "regions", "countries", "partners")
        .order_by("pk")
    )


def outline_record(request, o) -> dict:
    return {
        "id": o.pk,
        "slug": o.slug,
        "url": absolute(request, o.get_absolute_url()),
        "updated": o.updated,
        "programme": named(request, o.programme),
        "title": o.display_title,
        "scope": o.scope,
        "objectives": o.display_summary,
        "timeframe": o.timeframe,
        "start_year": o.start_year,
        "end_year": o.end_year,
        "themes": [named(request, t) for t in o.themes.all()],
        "regions": [named(request, r) for r in o.regions.all()],
        "countries": [country_ref(request, c) for c in o.countries.all()],
        "partners": [named(request, org) for org in o.partners.all()],
    }


@router.get("/outlines/", response={200: OutlineList, **ERRORS}, exclude_unset=True, url_name="outlines")
def outlines(request: HttpRequest, response: HttpResponse, filters: Query[PlaceFilters]):
    """Public. Published project outlines of published programmes."""
    check_params(request, PlaceFilters)
    return listing(
        request,
        response,
        _narrowed(_outlines(), filters),
        filters,
        OutlineOut,
        lambda o: outline_record(request, o),
    )


@router.get("/outlines/{pk}/", response={200: OutlineOut, **ERRORS}, exclude_unset=True, url_name="outline")
def outline(request: HttpRequest, response: HttpResponse, pk: int, params: Query[ItemParams]):
    """Public. One visible project outline (by its id: outline slugs are unique per programme only)."""
    check_params(request, ItemParams)
    found = _outlines().filter(pk=pk).first()
    if found is None:
        raise not_found("project outline")
    return item(response, outline_record(request, found), params, OutlineOut)


class ActivityOut(Out):
    id: str = Field(default="", description="source-number, e.g. activity-12, outline-3, fund-40.")
    source: Literal["activity", "outline", "fund", ""] = ""
    url: str = ""
    updated: datetime | None = None
    title: str = ""
    status: str = Field(default="", description="IATI activity status code (1-6).")
    status_label: str = ""
    implementers: list[Ref] = []
    funders: list[Ref] = []
    countries: list[Ref] = []
    themes: list[Ref] = []
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    currency: str = ""
    source_note: str = ""
    last_verified: date | None = None


class ActivityList(Out):
    count: int
    results: list[ActivityOut]
    next: str | None


class ActivityFilters(PlaceFilters):
    q: str = Field(default="", max_length=200, description="Words in the title or description.")
    status: Literal["1", "2", "3", "4", "5", "6"] | None = Field(
        default=None, description="IATI status code."
    )
    source: Literal["activity", "outline", "fund"] | None = None


def activity_record(request, row) -> dict:
    return {
        "id": f"{row.source}-{row.pk}",
        "source": row.source,
        "url": absolute(request, row.url),
        "updated": row.updated,
        "title": str(row.title),
        "status": row.status,
        "status_label": str(ActivityStatus(row.status).label) if row.status else "",
        "implementers": [named(request, o) for o in row.implementers],
        "funders": [named(request, o) for o in row.funders],
        "countries": [country_ref(request, c) for c in row.countries],
        "themes": [named(request, t) for t in row.themes],
        "start": row.start,
        "end": row.end,
        "budget": row.budget,
        "currency": row.currency,
        "source_note": str(row.source_note),
        "last_verified": row.last_verified,
    }


@router.get("/activities/", response={200: ActivityList, **ERRORS}, exclude_unset=True, url_name="activities")
def activities(request: HttpRequest, response: HttpResponse, filters: Query[ActivityFilters]):
    """Public. The activity inventory: who does what where (curated activities, the office's visible
    outlines and supported fund projects), ordered by title as on /inventory/ (then source and id)."""
    check_params(request, ActivityFilters)
    country = Country.objects.filter(iso2=filters.country.upper()).first() if filters.country else None
    theme = Theme.objects.filter(slug=filters.theme).first() if filters.theme else None
    if (filters.country and country is None) or (filters.theme and theme is None):
        keys = []
    else:
        keys = inventory_keys(
            country=country,
            theme=theme,
            status=filters.status or "",
            q=filters.q,
            source=filters.source or "",
        )
    # The keys are the order (title, case aside; then source and id): a page builds its own rows.
    return listing(
        request,
        response,
        keys,
        filters,
        ActivityOut,
        lambda r: activity_record(request, r),
        key=tuple,
        load=inventory_rows_for,
        count=len(keys),
    )
