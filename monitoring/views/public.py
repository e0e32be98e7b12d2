"""Public pages and open data of monitoring. Every view here is open to anyone and shows published
(and superseded) assessments only; a draft answers 404."""

import csv
import json

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..charts import legend, stacked_bars
from ..choices import Level
from ..filters import ComparisonFilter, FindingFilter
from ..forms import FollowUpForm
from ..models import Assessment, Finding, Framework, Indicator
from ..opendata import CSV_FIELDS, finding_record, public_findings
from ..permissions import answers_as_event, can_record_follow_up
from ..queries import area_matrix, indicator_overview, public_cycles
from ..queries import comparison as comparison_query
from ..templatetags.monitoring_tags import area_matrix_rows, comparison_html


def _area_chart(matrix) -> dict:
    """Per area, how many countries are at each level: an SVG chart and the same numbers for a table."""
    rows = []
    for index, area in enumerate(matrix["areas"]):
        counts = {level: 0 for level in Level.values}
        for _assessment, cells in matrix["rows"]:
            counts[cells[index].level] += 1
        rows.append(
            {"label": area.display_name, "counts": [(lv, lb, counts[lv]) for lv, lb in Level.choices]}
        )
    return {
        "rows": rows,
        "svg": stacked_bars(rows, title=_("Countries per level in each area")),
        "legend": legend(Level.choices),
    }


def index(request):
    """Public. Frameworks and their published cycles, and the region-wide matrix of countries × areas
    for the chosen framework and cycle (the latest by default)."""
    cycles = public_cycles()
    chosen, cycle = None, None
    slug, asked = request.GET.get("framework"), request.GET.get("cycle", "")
    for framework, framework_cycles in cycles:
        if (slug is None and chosen is None) or framework.slug == slug:
            chosen = framework
            cycle = int(asked) if asked.isdigit() and int(asked) in framework_cycles else framework_cycles[0]
    if slug is not None and chosen is None:
        raise Http404
    context = {"cycles": cycles, "framework": chosen, "cycle": cycle}
    if chosen is not None:
        context["matrix"] = area_matrix(chosen, cycle)
        context["chart"] = _area_chart(context["matrix"])
        # The rows pre-built in Python, with one reverse() for every country's link.
        context["matrix_rows"] = area_matrix_rows(
            context["matrix"],
            reverse(
                "monitoring:assessment_detail",
                kwargs={"framework": chosen.slug, "cycle": cycle, "iso2": "xx"},
            ),
        )
    return render(request, "monitoring/index.html", context)


def _public_framework(slug) -> Framework:
    return get_object_or_404(Framework.objects.published(), slug=slug)


def comparison(request, framework, cycle):
    """Public. Countries × indicators of one framework and cycle, filtered by area, theme and region."""
    framework = _public_framework(framework)
    filterset = ComparisonFilter(request.GET or None, queryset=Finding.objects.none(), framework=framework)
    chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    table = comparison_query(
        framework, cycle, area=chosen.get("area"), theme=chosen.get("theme"), region=chosen.get("region")
    )
    # A cycle without any public assessment is not found; rows prove one exists without asking.
    if not table["rows"] and not Assessment.objects.for_cycle(framework, cycle).exists():
        raise Http404
    # One reverse() per kind of link instead of one per row and column (hundreds on this page).
    indicator_url = reverse(
        "monitoring:indicator_detail", kwargs={"framework": framework.slug, "code": "CODE"}
    )
    assessment_url = reverse(
        "monitoring:assessment_detail", kwargs={"framework": framework.slug, "cycle": cycle, "iso2": "xx"}
    )
    for indicator in table["indicators"]:
        indicator.url = indicator_url.replace("/CODE/", f"/{indicator.code}/")
    for assessment, _cells in table["rows"]:
        assessment.url = assessment_url.replace("/xx/", f"/{assessment.country.iso2.lower()}/")
    return render(
        request,
        "monitoring/comparison.html",
        {
            "framework": framework,
            "cycle": cycle,
            "filter": filterset,
            "table": table,
            "html": comparison_html(table),
            "legend": legend(Level.choices),
        },
        status=400 if filterset.is_bound and not filterset.is_valid() else 200,
    )


def assessment_detail(request, framework, cycle, iso2):
    """Public. One published assessment: findings by area with sources, recommendations with their
    follow-up and what answers them."""
    assessment = get_object_or_404(
        Assessment.objects.public().select_related("country__region", "framework"),
        framework__slug=framework,
        cycle=cycle,
        country__iso2=iso2.upper(),
    )
    findings = (
        assessment.findings.select_related("indicator__area", "indicator__framework")
        .prefetch_related("sources__document")
        .order_by("indicator__area__order", "indicator__order", "indicator__code")
    )
    recommendations = (
        assessment.recommendations.with_answer_flag()
        .prefetch_related(
            "follow_ups",
            "themes",
            Prefetch("indicators", Indicator.objects.select_related("framework")),
            "proposals",
            "activities",
            "events",
        )
        .order_by("pk")
    )
    recommendations = list(recommendations)
    for recommendation in recommendations:
        recommendation.public_proposals = [p for p in recommendation.proposals.all() if p.is_public]
        recommendation.public_activities = [
            a for a in recommendation.activities.all() if a.status == "published"
        ]
        recommendation.public_events = [e for e in recommendation.events.all() if answers_as_event(e)]
        recommendation.may_follow_up = can_record_follow_up(request.user, recommendation)
        if recommendation.may_follow_up:
            recommendation.follow_up_form = FollowUpForm(prefix=f"fu{recommendation.pk}")

    return render(
        request,
        "monitoring/assessment_detail.html",
        {
            "assessment": assessment,
            "findings": findings,
            "recommendations": recommendations,
        },
    )


def indicator_detail(request, framework, code):
    """Public. One indicator: every country's latest answer and the trend across cycles (also across
    framework versions, through the indicator mapping)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("framework", "area", "maps_from__framework", "commitment_document"),
        framework__slug=framework,
        framework__status="published",
        code=code,
    )
    overview = indicator_overview(indicator)
    rows = [{"label": str(t["cycle"]), "counts": t["counts"]} for t in overview["trend"]]
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "overview": overview,
            "chart": stacked_bars(rows, title=_("Countries per level in each cycle")),
            "legend": legend(Level.choices),
        },
    )


def _filtered(request):
    filterset = FindingFilter(request.GET or None, queryset=public_findings())
    if filterset.is_bound and not filterset.is_valid():
        reasons = {name: [str(e) for e in errors] for name, errors in filterset.form.errors.items()}
        return None, reasons
    return filterset.qs, None


def findings_csv(request):
    """Public. Published findings as CSV; filters as the pages; an invalid filter answers 400."""
    findings, errors = _filtered(request)
    if errors is not None:
        return HttpResponseBadRequest(json.dumps({"errors": errors}), content_type="application/json")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="findings.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for finding in findings:
        writer.writerow(finding_record(finding, flat=True))
    return response


def findings_json(request):
    """Public. Published findings as JSON; filters as the pages; an invalid filter answers 400."""
    findings, errors = _filtered(request)
    if errors is not None:
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse(
        {"findings": [finding_record(f) for f in findings]}, json_dumps_params={"ensure_ascii": False}
    )
