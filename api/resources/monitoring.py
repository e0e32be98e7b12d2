"""Monitoring findings of published assessments only (never drafts, reviews or review comments):
the published assessment level (or value) of each indicator, country and cycle."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router

from clearinghouse.translation import translated
from monitoring.models import Finding

from ..conventions import (
    ItemParams,
    ListParams,
    absolute,
    check_params,
    country_ref,
    item,
    listing,
    not_found,
)
from ..schemas import ERRORS, Out, Ref

router = Router(tags=["monitoring"])


class IndicatorOut(Out):
    code: str
    question: str
    url: str | None = None


class FindingOut(Out):
    id: int = 0
    url: str = Field(default="", description="The published assessment's page (absolute).")
    updated: datetime | None = None
    country: Ref | None = None
    framework: Ref | None = None
    cycle: int | None = None
    indicator: IndicatorOut | None = None
    level: str = Field(default="", description="in_place, partly, not_in_place, no_information or empty.")
    level_label: str = ""
    value: Decimal | None = None
    confidence: str = ""
    evidence: str = ""
    change_note: str = ""


class FindingList(Out):
    results: list[FindingOut]
    next: str | None


class FindingFilters(ListParams):
    country: str = Field(default="", max_length=2, description="An ISO 3166 alpha-2 code.")
    framework: str = Field(default="", max_length=100, description="A framework's slug.")
    indicator: str = Field(default="", max_length=40, description="An indicator's code, e.g. P1.2.")
    cycle: int | None = Field(default=None, ge=0, le=32767)
    level: str = Field(default="", max_length=20)


def _findings():
    return (
        Finding.objects.public()
        .select_related("assessment__country", "assessment__framework", "indicator__framework")
        .order_by("pk")
    )


def finding_record(request, finding) -> dict:
    assessment = finding.assessment
    framework = assessment.framework
    return {
        "id": finding.pk,
        "url": absolute(request, assessment.get_absolute_url()),
        "updated": finding.updated_at,
        "country": country_ref(request, assessment.country),
        "framework": {
            "id": framework.slug,
            "name": framework.display_title,
            "url": absolute(request, framework.get_absolute_url()),
        },
        "cycle": assessment.cycle,
        "indicator": {
            "code": finding.indicator.code,
            "question": finding.indicator.display_question,
            "url": absolute(request, finding.indicator.get_absolute_url()),
        },
        "level": finding.level,
        "level_label": str(finding.get_level_display()) if finding.level else "",
        "value": finding.value,
        "confidence": finding.confidence,
        "evidence": translated(finding, "evidence"),
        "change_note": finding.change_note,
    }


@router.get("/findings/", response={200: FindingList, **ERRORS}, exclude_unset=True, url_name="findings")
def findings(request: HttpRequest, response: HttpResponse, filters: Query[FindingFilters]):
    """Public. Findings of published assessments (and of the published ones they superseded)."""
    check_params(request, FindingFilters)
    qs = _findings()
    if filters.country:
        qs = qs.filter(assessment__country__iso2=filters.country.upper())
    if filters.framework:
        qs = qs.filter(assessment__framework__slug=filters.framework)
    if filters.indicator:
        qs = qs.filter(indicator__code=filters.indicator)
    if filters.cycle is not None:
        qs = qs.filter(assessment__cycle=filters.cycle)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return listing(request, response, qs, filters, FindingOut, lambda f: finding_record(request, f))


@router.get("/findings/{pk}/", response={200: FindingOut, **ERRORS}, exclude_unset=True, url_name="finding")
def finding(request: HttpRequest, response: HttpResponse, pk: int, params: Query[ItemParams]):
    """Public. One finding of a published assessment (others answer 404)."""
    check_params(request, ItemParams)
    found = _findings().filter(pk=pk).first()
    if found is None:
        raise not_found("finding")
    return item(response, finding_record(request, found), params, FindingOut)
