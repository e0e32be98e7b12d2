"""Countries and regions with their counts, and the organisations of the directory with their
public contacts only (contacts visible to signed-in users or staff never appear)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from clearinghouse.models import Contact, Country, Organisation, OrganisationKind, Region
from library.models import Document, DocumentStatus
from portal.inventory import inventory_country_counts
from programmes.models import Programme, ProjectOutline, PublicationStatus

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
from ..schemas import ERRORS, Counts, Out, Ref

router = Router(tags=["places and organisations"])


def _count(queryset, *, distinct: bool = False) -> Coalesce:
    """How many records a correlated queryset matches (DISTINCT when its joins repeat them): one
    subquery, 0 when none."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(*)"
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", template=template)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class CountryOut(Out):
    id: str = Field(default="", description="ISO 3166 alpha-2 code, lower case.")
    iso2: str = ""
    iso3: str = ""
    url: str = ""
    updated: datetime | None = None
    name: str = ""
    region: Ref | None = None
    osce_participating: bool = True
    situation_summary: str = ""
    counts: Counts | None = Field(
        default=None,
        description="Published documents, programmes and outlines about it, and inventory rows in it.",
    )


class CountryList(Out):
    results: list[CountryOut]
    next: str | None


class CountryFilters(ListParams):
    region: str = Field(default="", max_length=100, description="A region slug.")


def _countries():
    document_links = Document.countries.through.objects.filter(
        country_id=OuterRef("pk"), document__status=DocumentStatus.PUBLISHED
    )
    programme_links = Programme.countries.through.objects.filter(
        country_id=OuterRef("pk"), programme__status=PublicationStatus.PUBLISHED
    )
    outline_links = ProjectOutline.countries.through.objects.filter(
        country_id=OuterRef("pk"),
        projectoutline__status=PublicationStatus.PUBLISHED,
        projectoutline__programme__status=PublicationStatus.PUBLISHED,
    )
    return (
        Country.objects.select_related("region")
        .annotate(
            document_count=_count(document_links),
            programme_count=_count(programme_links),
            outline_count=_count(outline_links),
        )
        .order_by("name", "pk")
    )


def country_record(request, country, activity_counts: dict) -> dict:
    return {
        "id": country.iso2.lower(),
        "iso2": country.iso2,
        "iso3": country.iso3,
        "url": absolute(request, country.get_absolute_url()),
        "updated": country.updated,
        "name": country.display_name,
        "region": named(request, country.region),
        "osce_participating": country.osce_participating,
        "situation_summary": country.display_situation_summary,
        "counts": {
            "documents": country.document_count,
            "programmes": country.programme_count,
            "outlines": country.outline_count,
            "activities": activity_counts.get(country.pk, 0),
        },
    }


@router.get("/countries/", response={200: CountryList, **ERRORS}, exclude_unset=True, url_name="countries")
def countries(request: HttpRequest, response: HttpResponse, filters: Query[CountryFilters]):
    """Public. The countries (OSCE participating States and others named in the records) with counts."""
    check_params(request, CountryFilters)
    qs = _countries()
    if filters.region:
        qs = qs.filter(region__slug=filters.region)
    counts = inventory_country_counts()
    return listing(request, response, qs, filters, CountryOut, lambda c: country_record(request, c, counts))


@router.get(
    "/countries/{code}/", response={200: CountryOut, **ERRORS}, exclude_unset=True, url_name="country"
)
def country(request: HttpRequest, response: HttpResponse, code: str, params: Query[ItemParams]):
    """Public. One country, by its ISO 3166 alpha-2 code."""
    check_params(request, ItemParams)
    found = _countries().filter(iso2=code.upper()[:2]).first() if len(code) == 2 else None
    if found is None:
        raise not_found("country")
    return item(response, country_record(request, found, inventory_country_counts()), params, CountryOut)


class RegionCounts(Counts):
    countries: int = 0


class RegionOut(Out):
    id: str = Field(default="", description="The region's slug.")
    url: str = ""
    updated: datetime | None = None
    name: str = ""
    countries: list[Ref] = []
    counts: RegionCounts | None = Field(
        default=None,
        description="Its countries; published documents, programmes and outlines about it or one of its "
        "countries; inventory rows in its countries (a row in two of them counts twice).",
    )


class RegionList(Out):
    results: list[RegionOut]
    next: str | None


def _regions():
    about = Q(regions=OuterRef("pk")) | Q(countries__region=OuterRef("pk"))
    return (
        Region.objects.annotate(
            document_count=_count(Document.objects.published().filter(about), distinct=True),
            programme_count=_count(Programme.objects.published().filter(about), distinct=True),
            outline_count=_count(ProjectOutline.objects.visible().filter(about), distinct=True),
        )
        .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        .order_by("order", "pk")
    )


def region_record(request, region, activity_counts: dict) -> dict:
    countries = list(region.countries.all())
    return {
        "id": region.slug,
        "url": absolute(request, region.get_absolute_url()),
        "updated": region.updated,
        "name": region.display_name,
        "countries": [country_ref(request, c) for c in countries],
        "counts": {
            "countries": len(countries),
            "documents": region.document_count,
            "programmes": region.programme_count,
            "outlines": region.outline_count,
            "activities": sum(activity_counts.get(c.pk, 0) for c in countries),
        },
    }


@router.get("/regions/", response={200: RegionList, **ERRORS}, exclude_unset=True, url_name="regions")
def regions(request: HttpRequest, response: HttpResponse, params: Query[ListParams]):
    """Public. The regions, their countries and their counts."""
    check_params(request, ListParams)
    counts = inventory_country_counts()
    return listing(
        request, response, _regions(), params, RegionOut, lambda r: region_record(request, r, counts)
    )


@router.get("/regions/{slug}/", response={200: RegionOut, **ERRORS}, exclude_unset=True, url_name="region")
def region(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One region, by its slug."""
    check_params(request, ItemParams)
    found = _regions().filter(slug=slug).first()
    if found is None:
        raise not_found("region")
    return item(response, region_record(request, found, inventory_country_counts()), params, RegionOut)


class ContactOut(Out):
    name: str
    position: str
    email: str
    phone: str


class OrganisationOut(Out):
    id: str = Field(default="", description="The organisation's slug.")
    url: str = ""
    updated: datetime | None = None
    name: str = ""
    acronym: str = ""
    kind: str = ""
    country: Ref | None = None
    website: str = ""
    description: str = ""
    anti_trafficking_role: str = ""
    contacts: list[ContactOut] = Field(default=[], description="Its contacts marked public; no others.")


class OrganisationList(Out):
    results: list[OrganisationOut]
    next: str | None


class OrganisationFilters(ListParams):
    country: str = Field(default="", max_length=2, description="An ISO 3166 alpha-2 code.")
    kind: str = Field(default="", max_length=20, description=", ".join(OrganisationKind.values))


def _organisations():
    public = Contact.objects.visible_to(None).order_by("name", "pk")
    return (
        Organisation.objects.select_related("country")
        .prefetch_related(Prefetch("contacts", queryset=public, to_attr="public_contacts"))
        .order_by("name", "pk")
    )


def organisation_record(request, org) -> dict:
    return {
        "id": org.slug,
        "url": absolute(request, org.get_absolute_url()),
        "updated": org.updated,
        "name": str(org),
        "acronym": org.acronym,
        "kind": org.kind,
        "country": country_ref(request, org.country) if org.country else None,
        "website": org.website,
        "description": org.description,
        "anti_trafficking_role": org.anti_trafficking_role,
        "contacts": [
            {"name": c.name, "position": c.position, "email": c.email, "phone": c.phone}
            for c in org.public_contacts
        ],
    }


@router.get(
    "/organisations/",
    response={200: OrganisationList, **ERRORS},
    exclude_unset=True,
    url_name="organisations",
)
def organisations(request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilters]):
    """Public. The organisations of the directory, with their public contacts."""
    check_params(request, OrganisationFilters)
    qs = _organisations()
    if filters.country:
        qs = qs.filter(country__iso2=filters.country.upper())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return listing(request, response, qs, filters, OrganisationOut, lambda o: organisation_record(request, o))


@router.get(
    "/organisations/{slug}/",
    response={200: OrganisationOut, **ERRORS},
    exclude_unset=True,
    url_name="organisation",
)
def organisation(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One organisation of the directory, with its public contacts."""
    check_params(request, ItemParams)
    found = _organisations().filter(slug=slug).first()
    if found is None:
        raise not_found("organisation")
    return item(response, organisation_record(request, found), params, OrganisationOut)
