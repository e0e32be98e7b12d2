"""Public pages of the fund: supported projects (approved onwards) and their open data."""

import csv

from django.conf import settings
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from clearinghouse import page_cache
from clearinghouse.exports import spreadsheet_safe as _cell

from ..choices import Criterion
from ..dates import urgent_decision_days
from ..filters import ProjectFilter
from ..models import Proposal
from ..opendata import CSV_FIELDS, IMPLEMENTATION_EVENTS, iati_document, json_dumps, public_record
from ..services.rounds import funding_by, round_current


def public_projects():
    return (
        Proposal.objects.public()
        .select_related("mission")
        .prefetch_related("countries", "themes")
        .order_by("-decided_at", "reference")
    )


LATEST_PROJECTS = 5


def front(request):
    """Public. The fund's front door: who may apply and how, the preference criteria, the current
    round with its deadline and days left, the urgent track, totals, the latest supported projects
    and the open data."""
    today = timezone.localdate()
    current = round_current(today=today)
    supported = Proposal.objects.public()
    context = {
        "round": current,
        "round_open": bool(current and current.opens <= today),
        "days_left": (current.closes - today).days if current else None,
        "days_to_open": (current.opens - today).days if current else None,
        "criteria": Criterion.choices,
        "urgent_days": urgent_decision_days(),
        "totals": supported.aggregate(count=Count("pk"), amount=Sum("approved_amount")),
        "country_count": Proposal.countries.through.objects.filter(proposal__in=supported)
        .values("country")
        .distinct()
        .count(),
        "latest": public_projects()[:LATEST_PROJECTS],
    }
    return render(request, "fund/front.html", context)


class ProjectListView(FilterView):
    """Public. Supported projects with filters, totals and charts of funding by year and country."""

    filterset_class = ProjectFilter
    template_name = "fund/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        return public_projects()

    def get_paginator(self, queryset, *args, **kwargs):
        """The number of projects comes from the (cached) totals: no COUNT query of its own."""
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = self.summary()["totals"]["count"]
        return paginator

    def summary(self) -> dict:
        if not hasattr(self, "_summary"):
            self._summary = cached_summary(self.filterset, self.object_list)
        return self._summary

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.summary())
        context["filter_form"] = cached_form_html(self.filterset, self.request.GET)
        context["query"] = self.request.GET.urlencode()
        context["results"] = cached_results_html(self.filterset, self.request, context)
        context["filter_invalid"] = self.filterset.is_bound and not self.filterset.is_valid()
        return context


def project_summary(filtered) -> dict:
    """Totals and the two charts of the filtered projects."""
    base = Proposal.objects.filter(pk__in=filtered.values("pk"))
    return {
        "totals": base.aggregate(count=Count("pk"), amount=Sum("approved_amount")),
        "by_year": funding_by(queryset=base, key="year"),
        "by_country": funding_by(queryset=base, key="country")[:15],
    }


def cached_form_html(filterset, params) -> str:
    """The filter form as HTML (its country and theme lists are long to render), kept like the
    summary for the values asked; a form with errors is rendered afresh."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.form.as_div()
    return page_cache.remember(
        "fund-form",
        # The form's fields are the filters: a warm page never builds the form (its lists are long).
        {name: params.getlist(name) for name in filterset.filters},
        int(getattr(settings, "FUND_CHART_CACHE_SECONDS", 0)),
        lambda: filterset.form.as_div(),  # the form is built only when not kept (`.form` builds it)
    )


def cached_results_html(filterset, request, context) -> str:
    """The results section (totals, charts, the page of projects and its pagination) as HTML, kept
    like the summary for the query string asked (filters, page): a warm page reads no project and
    renders no row. Public content only, the same for every visitor; a filter with errors is
    rendered afresh."""

    def render():
        return render_to_string("fund/_project_results.html", context, request=request)

    if filterset.is_bound and not filterset.is_valid():
        return render()
    return mark_safe(  # noqa: S308  (rendered by the template engine, which escaped it)
        page_cache.remember(
            "fund-results",
            {name: request.GET.getlist(name) for name in sorted(request.GET)},
            int(getattr(settings, "FUND_CHART_CACHE_SECONDS", 0)),
            render,
        )
    )


def cached_summary(filterset, filtered) -> dict:
    """project_summary through the cache for FUND_CHART_CACHE_SECONDS, keyed by the valid filter
    values, the language and the page-cache generation (so a change of public content counts afresh)."""
    if filterset.is_bound and not filterset.is_valid():
        return project_summary(filtered)  # an invalid filter: nothing to keep
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    chosen = {
        name: "" if value in (None, "") else str(getattr(value, "pk", value))
        for name, value in cleaned.items()
    }
    return page_cache.remember(
        "fund-summary",
        chosen,
        int(getattr(settings, "FUND_CHART_CACHE_SECONDS", 0)),
        lambda: project_summary(filtered),
    )


class ProjectDetailView(DetailView):
    """Public. One supported project, public fields only; partners and places hidden when sensitive."""

    template_name = "fund/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return get_object_or_404(public_projects(), reference=self.kwargs["reference"])


def _filtered(request):
    """The exports take the list's filters: (the filtered projects, None), or (None, the answer 400
    with the reasons) when a filter value is invalid (an export never passes an error off as an
    empty list)."""
    filterset = ProjectFilter(request.GET, queryset=public_projects().prefetch_related(IMPLEMENTATION_EVENTS))
    if filterset.is_valid():
        return filterset.qs, None
    errors = {name: [str(m) for m in messages] for name, messages in filterset.form.errors.items()}
    if request.path.endswith(".json"):
        return None, HttpResponse(
            json_dumps({"errors": errors}), status=400, content_type="application/json; charset=utf-8"
        )
    lines = [_("Invalid filter values:")] + [f"{name}: {' '.join(m)}" for name, m in errors.items()]
    return None, HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _record(request, project) -> dict:
    return public_record(project, url=request.build_absolute_uri(project.get_public_url()))


def projects_csv(request):
    """Public. Supported projects as CSV (filters of the list apply; an invalid one answers 400)."""
    projects, refused = _filtered(request)
    if refused:
        return refused
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fund-projects.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for project in projects:
        record = _record(request, project)
        record["countries"] = ";".join(record["countries"])
        record["themes"] = ";".join(record["themes"])
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return response


def projects_json(request):
    """Public. Supported projects as JSON, amounts as numbers (filters of the list apply; an invalid
    one answers 400 with the reasons)."""
    projects, refused = _filtered(request)
    if refused:
        return refused
    body = json_dumps({"projects": [_record(request, p) for p in projects]})
    return HttpResponse(body, content_type="application/json")


def iati_xml(request):
    """Public. Supported projects as IATI 2.03 activities. An IATI file must hold at least one
    activity: an empty selection answers 404 with a readable message rather than an invalid file."""
    projects, refused = _filtered(request)
    if refused:
        return refused
    projects = list(projects)
    if not projects:
        message = _("No supported project matches this selection, so there is no IATI file to publish.")
        return HttpResponse(message + "\n", status=404, content_type="text/plain; charset=utf-8")
    return HttpResponse(iati_document(projects), content_type="application/xml; charset=utf-8")
