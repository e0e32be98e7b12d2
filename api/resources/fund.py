"""Supported fund projects: the public fields only (fund.opendata.public_record, what the public
list, the CSV/JSON exports and IATI give), partners and places left out for sensitive projects as on
their pages. Proposals before decision, reviews, messages and reports never appear."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from clearinghouse.queries import theme_q
from fund.models import Proposal
from fund.opendata import IMPLEMENTATION_EVENTS, public_record

from ..conventions import ItemParams, ListParams, absolute, check_params, item, listing, not_found
from ..schemas import ERRORS, Out

router = Router(tags=["fund"])


class ProjectOut(Out):
    id: int = 0
    reference: str = ""
    url: str = ""
    updated: datetime | None = None
    title: str = ""
    mission: str = ""
    status: str = Field(default="", description="approved, in_implementation or completed.")
    countries: list[str] = Field(default=[], description="ISO 3166 alpha-2 codes.")
    themes: list[str] = Field(default=[], description="Theme slugs.")
    start_date: str | None = None
    end_date: str | None = None
    actual_start_date: str | None = None
    actual_end_date: str | None = None
    approved_amount_eur: Decimal | None = None
    co_funding_eur: Decimal | None = None
    decided: str | None = None
    summary: str = ""
    objectives: str = ""
    partners: str = Field(default="", description="Empty for projects marked sensitive.")
    locations: str = Field(default="", description="Empty for projects marked sensitive.")


class ProjectList(Out):
    results: list[ProjectOut]
    next: str | None


class ProjectFilters(ListParams):
    country: str = Field(default="", max_length=2, description="An ISO 3166 alpha-2 code.")
    theme: str = Field(default="", max_length=120, description="A theme slug (with its sub-themes).")
    status: str = Field(default="", max_length=30, description="approved, in_implementation or completed.")


def _projects():
    return (
        Proposal.objects.public()
        .with_lists()
        .prefetch_related(IMPLEMENTATION_EVENTS)
        .order_by("-decided_at", "reference", "pk")
    )


def project_record(request, proposal) -> dict:
    record = public_record(proposal, url=absolute(request, proposal.get_public_url()))
    return {"id": proposal.pk, "updated": proposal.updated_at, **record}


@router.get("/projects/", response={200: ProjectList, **ERRORS}, exclude_unset=True, url_name="projects")
def projects(request: HttpRequest, response: HttpResponse, filters: Query[ProjectFilters]):
    """Public. Supported projects of the Anti-Trafficking Project Fund (approved onwards), newest
    decision first."""
    check_params(request, ProjectFilters)
    qs = _projects()
    if filters.country:
        qs = qs.filter(countries__iso2=filters.country.upper()).distinct()
    if filters.theme:
        qs = qs.filter(theme_q(filters.theme, by="slug")).distinct()
    if filters.status:
        qs = qs.filter(status=filters.status)
    return listing(request, response, qs, filters, ProjectOut, lambda p: project_record(request, p))


@router.get(
    "/projects/{reference}/", response={200: ProjectOut, **ERRORS}, exclude_unset=True, url_name="project"
)
def project(request: HttpRequest, response: HttpResponse, reference: str, params: Query[ItemParams]):
    """Public. One supported project, by its reference (others answer 404)."""
    check_params(request, ItemParams)
    found = _projects().filter(reference=reference).first()
    if found is None:
        raise not_found("project")
    return item(response, project_record(request, found), params, ProjectOut)
