"""Directory of actors, activity inventory and site search. Public: open to anyone, published content only."""

import csv

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from clearinghouse.exports import spreadsheet_safe as _safe
from clearinghouse.models import AntiTraffickingRole, Contact, Country, Organisation, OrganisationKind, Theme
from clearinghouse.queries import words_q
from monitoring.models import Recommendation
from monitoring.permissions import can_declare_activity_answers
from programmes.models import Activity, ActivityStatus

from ..inventory import inventory_keys, inventory_lists, inventory_rows, inventory_rows_for, matrix
from ..search import search_groups


def directory(request):
    """Public. Organisations of the directory, filtered by country, kind and anti-trafficking role."""
    qs = Organisation.objects.select_related("country")
    country = request.GET.get("country", "").upper()
    kind = request.GET.get("kind", "")
    role = request.GET.get("role", "")
    q = request.GET.get("q", "").strip()
    if country:
        qs = qs.filter(country__iso2=country)
    if kind:
        qs = qs.filter(kind=kind) if kind in OrganisationKind.values else qs.none()
    if role:
        qs = qs.filter(anti_trafficking_role=role) if role in AntiTraffickingRole.values else qs.none()
    qs = qs.filter(words_q(["name", "name_ru", "acronym"], q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/directory.html",
        {
            "page_obj": page,
            "organisations": page.object_list,
            "countries": Country.objects.participating(),
            "kinds": OrganisationKind.choices,
            "roles": [c for c in AntiTraffickingRole.choices if c[0]],
            "selected": {"country": country, "kind": kind, "role": role, "q": q},
        },
    )


def directory_csv(request):
    """Public. CSV of the directory with the contacts the requesting user may see (never staff-only for others)."""
    contacts = Contact.objects.visible_to(request.user)
    orgs = Organisation.objects.select_related("country").prefetch_related(
        Prefetch("contacts", queryset=contacts, to_attr="visible_contacts")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="directory.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Organisation"),
            _("Kind"),
            _("Role"),
            _("Country"),
            _("Person"),
            _("Position"),
            _("E-mail"),
            _("Phone"),
            _("Last verified"),
        ]
    )
    for org in orgs:
        base = [
            _safe(org.name),
            org.get_kind_display(),
            org.get_anti_trafficking_role_display() if org.anti_trafficking_role else "",
            org.country.iso2 if org.country else "",
        ]
        if not org.visible_contacts:
            writer.writerow(base + ["", "", "", "", ""])
        for c in org.visible_contacts:
            writer.writerow(
                base
                + [
                    _safe(c.name),
                    _safe(c.position),
                    _safe(c.email),
                    _safe(c.phone),
                    c.last_verified.isoformat() if c.last_verified else "",
                ]
            )
    return response


def _inventory_filters(request):
    country = theme = None
    iso2 = request.GET.get("country", "").upper()
    if iso2:
        country = Country.objects.filter(iso2=iso2).first()
    slug = request.GET.get("theme", "")
    if slug:
        theme = Theme.objects.filter(slug=slug).first()
    status = request.GET.get("status", "")
    source = request.GET.get("source", "")
    invalid = (
        (iso2 and not country)
        or (slug and not theme)
        or (status and status not in ActivityStatus.values)
        or (source and source not in ("activity", "outline", "fund"))
    )
    q = request.GET.get("q", "").strip()
    return {"country": country, "theme": theme, "status": status, "q": q, "source": source}, bool(invalid)


def inventory(request):
    """Public. Who does what where: published activities, visible outlines and supported fund projects."""
    filters, invalid = _inventory_filters(request)
    keys = [] if invalid else inventory_keys(**filters)
    page = Paginator(keys, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/inventory.html",
        {
            "page_obj": page,
            "rows": inventory_rows_for(page.object_list),
            "total": len(keys),
            "countries": Country.objects.participating(),
            "themes": Theme.objects.all(),
            "statuses": ActivityStatus.choices,
            "selected": {
                **filters,
                "country": request.GET.get("country", "").upper(),
                "theme": request.GET.get("theme", ""),
            },
        },
    )


def inventory_csv(request):
    """Public. The filtered inventory as CSV."""
    filters, invalid = _inventory_filters(request)
    rows = [] if invalid else inventory_rows(**filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inventory.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Title"),
            _("Source"),
            _("Status"),
            _("Implementing organisations"),
            _("Funding organisations"),
            _("Countries"),
            _("Themes"),
            _("Start"),
            _("End"),
            _("Budget"),
            _("Currency"),
            _("Information source"),
            _("Last verified"),
            _("Address"),
        ]
    )
    for r in rows:
        writer.writerow(
            [
                _safe(r.title),
                str(r.source_label),
                str(r.status_label),
                "; ".join(_safe(o.name) for o in r.implementers),
                "; ".join(_safe(o.name) for o in r.funders),
                "; ".join(c.iso2 for c in r.countries),
                "; ".join(t.slug for t in r.themes),
                r.start.isoformat() if r.start else "",
                r.end.isoformat() if r.end else "",
                r.budget if r.budget is not None else "",
                r.currency,
                _safe(r.source_note),
                r.last_verified.isoformat() if r.last_verified else "",
                request.build_absolute_uri(r.url),
            ]
        )
    return response


def inventory_matrix(request):
    """Public. Countries by top-level themes with the number of known efforts; zeros show the gaps."""
    countries = Country.objects.participating().select_related("region").order_by("region__order", "name")
    themes = list(Theme.objects.top_level().prefetch_related("children"))
    return render(
        request,
        "portal/inventory_matrix.html",
        {"matrix": matrix(inventory_lists(), countries, themes), "themes": themes},
    )


def activity_detail(request, pk):
    """Public. One published activity of the inventory, with the monitoring recommendations it answers
    (and, for the people who may, the link to declare them)."""
    activity = get_object_or_404(Activity.objects.published().with_lists(), pk=pk)
    answers = (
        Recommendation.objects.public()
        .filter(activities=activity)
        .select_related("assessment__country", "assessment__framework")
        .order_by("assessment__country__name", "-assessment__cycle", "pk")
    )
    return render(
        request,
        "portal/activity_detail.html",
        {
            "activity": activity,
            "answers": answers,
            "may_declare": can_declare_activity_answers(request.user, activity),
        },
    )


def search(request):
    """Public. Site search across the published content of every pillar, grouped by type."""
    q = request.GET.get("q", "").strip()[:200]
    groups = []
    if q:
        groups = [(label, items) for label, items in search_groups(q) if items]
    return render(request, "portal/search.html", {"q": q, "groups": groups})
