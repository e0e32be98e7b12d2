"""Directory of actors, activity inventory, the country map and site search."""

import csv
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from programmes.inventory import inventory_rows, matrix
from programmes.models import Activity, ActivityStatus, Programme, ProjectOutline

from .models import AntiTraffickingRole, Contact, Country, Organisation, OrganisationKind, Theme


@lru_cache(maxsize=1)
def map_shapes() -> dict:
    path = Path(settings.BASE_DIR) / "static" / "clearinghouse" / "osce-map.json"
    return json.loads(path.read_text())


def fill_class(count: int) -> str:
    """CSS class for a map fill: none, low (1-2), medium (3-5), high (6+)."""
    if count <= 0:
        return "map-none"
    if count <= 2:
        return "map-low"
    if count <= 5:
        return "map-medium"
    return "map-high"


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
    for word in q.split():
        qs = qs.filter(Q(name__icontains=word) | Q(name_ru__icontains=word) | Q(acronym__icontains=word))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clearinghouse/directory.html",
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


def _safe(value) -> str:
    """Neutralise cells a spreadsheet would run as formulas."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
    rows = [] if invalid else inventory_rows(**filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clearinghouse/inventory.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "total": len(rows),
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
    rows = inventory_rows()
    countries = Country.objects.participating().select_related("region").order_by("region__order", "name")
    themes = list(Theme.objects.top_level().prefetch_related("children"))
    return render(
        request,
        "clearinghouse/inventory_matrix.html",
        {"matrix": matrix(rows, countries, themes), "themes": themes},
    )


def activity_detail(request, pk):
    """Public. One published activity of the inventory."""
    activity = get_object_or_404(Activity.objects.published().with_lists(), pk=pk)
    return render(request, "clearinghouse/activity_detail.html", {"activity": activity})


def search(request):
    """Public. Site search across the published content of every pillar, grouped by type."""
    q = request.GET.get("q", "").strip()[:200]
    groups = []
    if q:
        groups = [(label, items) for label, items in search_groups(q) if items]
    return render(request, "clearinghouse/search.html", {"q": q, "groups": groups})


def _words_q(fields, q):
    cond = Q()
    for word in q.split():
        part = Q()
        for f in fields:
            part |= Q(**{f"{f}__icontains": word})
        cond &= part
    return cond


def search_groups(q: str, limit: int = 20) -> list[tuple[str, list]]:
    """(type label, [(title, url, summary)]) for each kind of public content."""
    out = []
    progs = Programme.objects.published().filter(_words_q(["title", "title_ru", "summary"], q))[:limit]
    out.append((_("Programmes"), [(p.display_title, p.get_absolute_url(), p.display_summary) for p in progs]))
    outlines = (
        ProjectOutline.objects.visible()
        .select_related("programme")
        .filter(_words_q(["title", "title_ru", "objectives"], q))[:limit]
    )
    out.append(
        (_("Project outlines"), [(o.display_title, o.get_absolute_url(), o.objectives) for o in outlines])
    )
    try:
        from library.models import Document
    except ImportError:  # pragma: no cover
        Document = None
    if Document is not None:
        docs = Document.objects.published().filter(_words_q(["title", "summary"], q))[:limit]
        out.append((_("Library documents"), [(d.title, d.get_absolute_url(), d.summary) for d in docs]))
    try:
        from fund.models import Proposal
    except ImportError:  # pragma: no cover
        Proposal = None
    if Proposal is not None:
        projects = Proposal.objects.public().filter(_words_q(["title", "summary", "reference"], q))[:limit]
        out.append(
            (
                _("Supported projects"),
                [(p.title or p.reference, p.get_public_url(), p.summary) for p in projects],
            )
        )
    orgs = Organisation.objects.filter(_words_q(["name", "name_ru", "acronym", "description"], q))[:limit]
    out.append((_("Organisations"), [(str(o), o.get_absolute_url(), o.description) for o in orgs]))
    acts = Activity.objects.published().filter(_words_q(["title", "title_ru", "description"], q))[:limit]
    out.append((_("Activities"), [(a.display_title, a.get_absolute_url(), a.description) for a in acts]))
    return out
