"""The activity inventory: who does what where.

Rows are the union of curated activities, the office's visible project outlines and the fund's
supported projects, derived at read time (never copied). Each source is read with a constant
number of queries whatever its length.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ONGOING_STATUSES, Activity, ActivityStatus, ProjectOutline

SOURCE_LABELS = {
    "activity": _("Activity"),
    "outline": _("Office project outline"),
    "fund": _("Supported fund project"),
}


@dataclass
class InventoryRow:
    source: str
    pk: int
    title: str
    url: str
    status: str
    implementers: list = field(default_factory=list)
    funders: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    start: object = None
    end: object = None
    budget: object = None
    currency: str = ""
    source_note: str = ""
    last_verified: object = None
    created: object = None

    @property
    def source_label(self):
        return SOURCE_LABELS[self.source]

    @property
    def status_label(self):
        return ActivityStatus(self.status).label if self.status else ""

    @property
    def ongoing(self) -> bool:
        return self.status in ONGOING_STATUSES


def _fund_proposals():
    """Supported fund projects, or None while the fund app is absent."""
    try:
        from fund.models import Proposal
    except ImportError:  # pragma: no cover - the fund app is installed in this project
        return None
    return Proposal.objects.public().select_related("mission").prefetch_related("countries", "themes")


FUND_STATUS = {
    "approved": ActivityStatus.PIPELINE,
    "in_implementation": ActivityStatus.IMPLEMENTATION,
    "completed": ActivityStatus.CLOSED,
}


def _outline_status(outline, year: int) -> str:
    if outline.end_year and outline.end_year < year:
        return ActivityStatus.CLOSED
    if outline.start_year and outline.start_year > year:
        return ActivityStatus.PIPELINE
    return ActivityStatus.IMPLEMENTATION


def inventory_rows(
    *, country=None, theme=None, status: str = "", q: str = "", source: str = ""
) -> list[InventoryRow]:
    """Every public inventory row matching the filters (country and theme objects, IATI status code)."""
    rows: list[InventoryRow] = []
    year = timezone.localdate().year
    words = q.split()

    def theme_q(prefix: str = "themes"):
        return Q(**{prefix: theme}) | Q(**{f"{prefix}__parent": theme})

    if source in ("", "activity"):
        qs = Activity.objects.published().with_lists()
        if country:
            qs = qs.filter(countries=country)
        if theme:
            qs = qs.filter(theme_q()).distinct()
        if status:
            qs = qs.filter(activity_status=status)
        for w in words:
            qs = qs.filter(Q(title__icontains=w) | Q(title_ru__icontains=w) | Q(description__icontains=w))
        for a in qs:
            rows.append(
                InventoryRow(
                    "activity",
                    a.pk,
                    a.display_title,
                    a.get_absolute_url(),
                    a.activity_status,
                    implementers=list(a.implementers.all()),
                    funders=list(a.funders.all()),
                    countries=list(a.countries.all()),
                    themes=list(a.themes.all()),
                    start=a.actual_start or a.planned_start,
                    end=a.actual_end or a.planned_end,
                    budget=a.budget,
                    currency=a.currency,
                    source_note=a.source,
                    last_verified=a.last_verified,
                    created=a.created,
                )
            )
    if source in ("", "outline"):
        qs = (
            ProjectOutline.objects.visible()
            .select_related("programme")
            .prefetch_related("countries", "themes", "partners")
        )
        if country:
            qs = qs.filter(countries=country)
        if theme:
            qs = qs.filter(theme_q()).distinct()
        for w in words:
            qs = qs.filter(Q(title__icontains=w) | Q(title_ru__icontains=w) | Q(objectives__icontains=w))
        for o in qs:
            st = _outline_status(o, year)
            if status and st != status:
                continue
            rows.append(
                InventoryRow(
                    "outline",
                    o.pk,
                    o.display_title,
                    o.get_absolute_url(),
                    st,
                    implementers=list(o.partners.all()),
                    countries=list(o.countries.all()),
                    themes=list(o.themes.all()),
                    start=datetime.date(o.start_year, 1, 1) if o.start_year else None,
                    end=datetime.date(o.end_year, 12, 31) if o.end_year else None,
                    source_note=o.programme.display_title,
                    created=o.created,
                )
            )
    proposals = _fund_proposals() if source in ("", "fund") else None
    if proposals is not None:
        if country:
            proposals = proposals.filter(countries=country)
        if theme:
            proposals = proposals.filter(theme_q()).distinct()
        for w in words:
            proposals = proposals.filter(Q(title__icontains=w) | Q(summary__icontains=w))
        for p in proposals:
            st = FUND_STATUS.get(p.status, ActivityStatus.IMPLEMENTATION)
            if status and st != status:
                continue
            rows.append(
                InventoryRow(
                    "fund",
                    p.pk,
                    p.title or p.reference,
                    p.get_public_url(),
                    st,
                    implementers=[p.mission],
                    countries=list(p.countries.all()),
                    themes=list(p.themes.all()),
                    start=p.start_date,
                    end=p.end_date,
                    budget=p.approved_amount,
                    currency="EUR",
                    source_note=p.reference,
                    created=p.decided_at or p.created_at,
                )
            )
    rows.sort(key=lambda r: str(r.title).lower())
    return rows


def country_counts(rows: list[InventoryRow]) -> dict[int, int]:
    """Rows per country id (a row in three countries counts once for each)."""
    counts: dict[int, int] = {}
    for row in rows:
        for c in row.countries:
            counts[c.pk] = counts.get(c.pk, 0) + 1
    return counts


def inventory_country_counts() -> dict[int, int]:
    """country_counts(inventory_rows()) without loading the rows: one grouped query per source."""
    counts: dict[int, int] = {}
    sources = [Activity.objects.published(), ProjectOutline.objects.visible()]
    proposals = _fund_proposals()
    if proposals is not None:
        sources.append(proposals.prefetch_related(None).select_related(None))
    for qs in sources:
        grouped = qs.filter(countries__isnull=False).order_by().values("countries").annotate(n=Count("pk"))
        for pk, n in grouped.values_list("countries", "n"):
            counts[pk] = counts.get(pk, 0) + n
    return counts


def matrix(rows: list[InventoryRow], countries, themes) -> list[tuple]:
    """(country, [(theme, count), ...]) with top-level themes counting their topics."""
    top_of = {}
    for t in themes:
        top_of[t.pk] = t.pk
        for child in t.children.all():
            top_of[child.pk] = t.pk
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        tops = {top_of.get(t.pk) for t in row.themes} - {None}
        for c in row.countries:
            for tp in tops:
                counts[(c.pk, tp)] = counts.get((c.pk, tp), 0) + 1
    return [(c, [(t, counts.get((c.pk, t.pk), 0)) for t in themes]) for c in countries]
