"""The activity inventory: who does what where.

Rows are the union of curated activities, the office's visible project outlines and the fund's
supported projects, derived at read time (never copied). Each source is one query that also brings
the ids of its many-to-many lists (StringAgg subqueries, on every database); the countries, themes
and organisations those ids name are then read once for all three sources, in their usual order.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clearinghouse.models import Contact, Country, Organisation, Theme
from clearinghouse.queries import theme_q, words_q
from clearinghouse.translation import in_interface_language
from fund.models import Proposal
from programmes.models import ONGOING_STATUSES, Activity, ActivityStatus, ProjectOutline

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
    updated: object = None  # when the record last changed (the API's `updated`)

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
    """Supported fund projects."""
    return Proposal.objects.public().select_related("mission")


def _id_list(model, relation: str):
    """A subquery giving the ids of one many-to-many list of each row as "3,17,5" (or None)."""
    field = model._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ids = (
        field.remote_field.through.objects.filter(**{source: OuterRef("pk")})
        .order_by()
        .values(source)
        .annotate(ids=StringAgg(Cast(target, CharField()), Value(",")))
        .values("ids")
    )
    return Subquery(ids, output_field=CharField())


def _with_id_lists(qs, lists: dict[str, str]):
    return qs.annotate(**{f"{name}_ids": _id_list(qs.model, relation) for name, relation in lists.items()})


def ids_of(text) -> list[int]:
    """The ids of an id list annotation ("3,17,5" or None)."""
    return [int(pk) for pk in text.split(",")] if text else []


class _Lists:
    """The objects named by the id lists of every source, read with one query per model."""

    MODELS = {"countries": Country, "themes": Theme, "implementers": Organisation, "funders": Organisation}

    def __init__(self, records, themes=None, countries=None, organisations_also=None, contacts=None):
        wanted: dict = {}
        for record in records:
            for name, model in self.MODELS.items():
                wanted.setdefault(model, set()).update(ids_of(getattr(record, f"{name}_ids", None)))
        if organisations_also is not None:
            wanted.setdefault(Organisation, set())
        self.loaded = {}
        # Every theme or country, already read by the caller (in the model's order).
        for model, given in ((Theme, themes), (Country, countries)):
            if given is not None:
                self.loaded[model] = {obj.pk: (order, obj) for order, obj in enumerate(given)}
                wanted.pop(model, None)
        # Organisations the caller also wants (a Q), read in the same query as the lists' own.
        self.organisations: list = []
        for model, pks in wanted.items():
            condition = Q(pk__in=pks)
            if model is Organisation and organisations_also is not None:
                condition |= organisations_also
            elif not pks:
                self.loaded[model] = {}
                continue
            if model is Organisation and organisations_also is not None and contacts is not None:
                found = _with_contacts(condition, organisations_also, contacts)
            else:
                found = list(model.objects.filter(condition))
            if model is Organisation:
                self.organisations = found
            self.loaded[model] = {obj.pk: (order, obj) for order, obj in enumerate(found)}

    def of(self, record, name: str) -> list:
        """The list in the related model's own order, as a prefetch would give it."""
        known = self.loaded[self.MODELS[name]]
        found = [known[pk] for pk in ids_of(getattr(record, f"{name}_ids")) if pk in known]
        return [obj for _order, obj in sorted(found, key=lambda pair: pair[0])]


CONTACT_FIELDS = [f.attname for f in Contact._meta.concrete_fields]


def _with_contacts(condition, also, contacts) -> list:
    """The organisations `condition` names, those `also` names each with `visible_contacts` (its
    contacts that `contacts`, a condition on `contacts__`, lets through, by name), in one query:
    the contacts are joined (one row per organisation and contact) and their columns read with it."""
    rows = (
        Organisation.objects.filter(condition)
        .annotate(shown=FilteredRelation("contacts", condition=contacts & also))
        .annotate(**{f"contact_{name}": F(f"shown__{name}") for name in CONTACT_FIELDS})
        .order_by("name", "pk", "shown__name", "shown__pk")
    )
    organisations: list = []
    for row in rows:
        values = [getattr(row, f"contact_{name}") for name in CONTACT_FIELDS]
        for name in CONTACT_FIELDS:
            delattr(row, f"contact_{name}")
        if not organisations or organisations[-1].pk != row.pk:
            row.visible_contacts = []
            organisations.append(row)
        if values[0] is not None:  # the id: None when the organisation has no such contact
            contact = Contact.from_db(rows.db, CONTACT_FIELDS, values)
            contact.organisation = organisations[-1]
            organisations[-1].visible_contacts.append(contact)
    return organisations


FUND_STATUS = {
    "approved": ActivityStatus.PIPELINE,
    "in_implementation": ActivityStatus.IMPLEMENTATION,
    "completed": ActivityStatus.CLOSED,
}


def _outline_status(outline, year: int) -> str:
    return _status_of_years(outline.start_year, outline.end_year, year)


def _status_of_years(start_year, end_year, year: int) -> str:
    if end_year and end_year < year:
        return ActivityStatus.CLOSED
    if start_year and start_year > year:
        return ActivityStatus.PIPELINE
    return ActivityStatus.IMPLEMENTATION


def outlines_with_id_lists(qs):
    """Visible outlines of `qs` with the id lists inventory_rows needs (for a caller that reads
    outlines for its own purpose as well and passes them on as `outlines`)."""
    return _with_id_lists(
        qs.select_related("programme"),
        {"countries": "countries", "themes": "themes", "implementers": "partners"},
    )


def _narrowed(qs, text_fields, *, country, theme, words):
    if country:
        qs = qs.filter(countries=country)
    if theme:
        qs = qs.filter(theme_q(theme)).distinct()
    return qs.filter(words_q(text_fields, " ".join(words)))


ACTIVITY_TEXT = ("title", "title_ru", "description")
OUTLINE_TEXT = ("title", "title_ru", "objectives")
FUND_TEXT = ("title", "summary")


def _sources(*, country, theme, status: str, words: list[str], source: str, outlines=None, pks=None):
    """The records of each source matching the filters, with their id lists (one query each; none
    for the outlines when the caller gives them, read with outlines_with_id_lists). With `pks`
    ({source: ids}), only those records of each source, the filters aside (they chose the ids)."""

    def narrowed(qs, text_fields, name):
        if pks is not None:
            return qs.filter(pk__in=pks[name]) if pks.get(name) else qs.none()
        return _narrowed(qs, text_fields, country=country, theme=theme, words=words)

    given_outlines = outlines
    activities, outlines, proposals = [], [], []
    if source in ("", "activity"):
        qs = _with_id_lists(
            Activity.objects.published(),
            {
                "countries": "countries",
                "themes": "themes",
                "implementers": "implementers",
                "funders": "funders",
            },
        )
        if status:
            qs = qs.filter(activity_status=status)
        if pks is None or pks.get("activity"):
            activities = list(narrowed(qs, ACTIVITY_TEXT, "activity"))
    if source in ("", "outline") and given_outlines is not None:
        outlines = list(given_outlines)
    elif source in ("", "outline") and (pks is None or pks.get("outline")):
        qs = outlines_with_id_lists(ProjectOutline.objects.visible())
        outlines = list(narrowed(qs, OUTLINE_TEXT, "outline"))
    if source in ("", "fund") and (pks is None or pks.get("fund")):
        qs = _with_id_lists(_fund_proposals(), {"countries": "countries", "themes": "themes"})
        proposals = list(narrowed(qs, FUND_TEXT, "fund"))
    return activities, outlines, proposals


SOURCES = ("activity", "outline", "fund")


def inventory_keys(
    *, country=None, theme=None, status: str = "", q: str = "", source: str = ""
) -> list[tuple[str, int, int]]:
    """The inventory's order of every row matching the filters (as inventory_rows takes them), as
    (title in the interface language, case aside; the source's place in SOURCES; id), sorted: one
    light query for every source (ids, titles and what the status needs; no lists, no addresses),
    so that a page of a long inventory builds only its own rows (inventory_rows_for)."""
    year = timezone.localdate().year
    words = q.split()

    def light(qs, text_fields, place: int, titles: tuple[str, str], years, state: str):
        """id, two titles, start and end years, status, place: the same columns for every source."""
        # Typed: a bare NULL under SELECT DISTINCT (the theme filter) is text to PostgreSQL.
        no_year = Cast(Value(None), IntegerField())
        qs = _narrowed(qs, text_fields, country=country, theme=theme, words=words).order_by()
        return qs.annotate(
            start=F(years[0]) if years else no_year,
            end=F(years[1]) if years else no_year,
            place=Value(place, output_field=IntegerField()),
        ).values_list("pk", *titles, "start", "end", state, "place")

    parts = []
    if source in ("", "activity"):
        qs = Activity.objects.published()
        if status:
            qs = qs.filter(activity_status=status)
        parts.append(light(qs, ACTIVITY_TEXT, 0, ("title", "title_ru"), None, "activity_status"))
    if source in ("", "outline"):
        years = ("start_year", "end_year")
        parts.append(
            light(ProjectOutline.objects.visible(), OUTLINE_TEXT, 1, ("title", "title_ru"), years, "status")
        )
    if source in ("", "fund"):
        parts.append(light(_fund_proposals(), FUND_TEXT, 2, ("title", "reference"), None, "status"))
    # One query for every source (UNION ALL).
    found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0] if parts else []
    keys: list[tuple[str, int, int]] = []
    for pk, title, other, start, end, state, place in found:
        if place == 0:  # activities: filtered by status in the query
            keys.append((in_interface_language(title, other).lower(), 0, pk))
        elif place == 1:
            if not status or _status_of_years(start, end, year) == status:
                keys.append((in_interface_language(title, other).lower(), 1, pk))
        elif not status or FUND_STATUS.get(state, ActivityStatus.IMPLEMENTATION) == status:
            keys.append(((title or other).lower(), 2, pk))
    keys.sort()
    return keys


def row_key(row: InventoryRow) -> tuple[str, int, int]:
    """A row's place in the inventory's order (its key in inventory_keys)."""
    return (str(row.title).lower(), SOURCES.index(row.source), row.pk)


def inventory_rows_for(keys: list[tuple[str, int, int]]) -> list[InventoryRow]:
    """The rows of `keys` (from inventory_keys), in their order: a constant number of queries."""
    pks: dict[str, list[int]] = {name: [] for name in SOURCES}
    for _title, place, pk in keys:
        pks[SOURCES[place]].append(pk)
    rows = {(row.source, row.pk): row for row in inventory_rows(pks=pks)}
    return [rows[SOURCES[place], pk] for _title, place, pk in keys if (SOURCES[place], pk) in rows]


def inventory_rows(
    *,
    country=None,
    theme=None,
    status: str = "",
    q: str = "",
    source: str = "",
    themes=None,
    countries=None,
    outlines=None,
    lists_out: dict | None = None,
    organisations_also=None,
    contacts=None,
    pks: dict[str, list[int]] | None = None,
) -> list[InventoryRow]:
    """Every public inventory row matching the filters (country and theme objects, IATI status code).
    What the caller has read already spares queries: `themes` and `countries` (every one, in their
    order) and `outlines` (the outline records matching the filters, from outlines_with_id_lists).
    `organisations_also` (a Q on the organisation's own fields) reads more organisations in the
    lists' own query; they are put in `lists_out["organisations"]` (with the lists' organisations,
    in their order); with `contacts` (a condition on `contacts__`, e.g. their visibility) each of
    those has its `visible_contacts`, read in the same query. `themes=[]` leaves the rows' themes
    empty and reads none. `pks` ({source: ids}, see inventory_rows_for) reads those rows only."""
    year = timezone.localdate().year
    activities, outlines, proposals = _sources(
        country=country,
        theme=theme,
        status=status,
        words=q.split(),
        source=source,
        outlines=outlines,
        pks=pks,
    )
    outlines = [(o, _outline_status(o, year)) for o in outlines]
    outlines = [(o, st) for o, st in outlines if not status or st == status]
    proposals = [(p, FUND_STATUS.get(p.status, ActivityStatus.IMPLEMENTATION)) for p in proposals]
    proposals = [(p, st) for p, st in proposals if not status or st == status]
    lists = _Lists(
        [*activities, *(o for o, _st in outlines), *(p for p, _st in proposals)],
        themes,
        countries,
        organisations_also,
        contacts,
    )
    if lists_out is not None:
        lists_out["organisations"] = lists.organisations
    rows: list[InventoryRow] = []
    for a in activities:
        rows.append(
            InventoryRow(
                "activity",
                a.pk,
                a.display_title,
                a.get_absolute_url(),
                a.activity_status,
                implementers=lists.of(a, "implementers"),
                funders=lists.of(a, "funders"),
                countries=lists.of(a, "countries"),
                themes=lists.of(a, "themes"),
                start=a.actual_start or a.planned_start,
                end=a.actual_end or a.planned_end,
                budget=a.budget,
                currency=a.currency,
                source_note=a.source,
                last_verified=a.last_verified,
                created=a.created,
                updated=a.updated,
            )
        )
    for o, st in outlines:
        rows.append(
            InventoryRow(
                "outline",
                o.pk,
                o.display_title,
                o.get_absolute_url(),
                st,
                implementers=lists.of(o, "implementers"),
                countries=lists.of(o, "countries"),
                themes=lists.of(o, "themes"),
                start=datetime.date(o.start_year, 1, 1) if o.start_year else None,
                end=datetime.date(o.end_year, 12, 31) if o.end_year else None,
                source_note=o.programme.display_title,
                created=o.created,
                updated=o.updated,
            )
        )
    for p, st in proposals:
        rows.append(
            InventoryRow(
                "fund",
                p.pk,
                p.title or p.reference,
                p.get_public_url(),
                st,
                implementers=[p.mission],
                countries=lists.of(p, "countries"),
                themes=lists.of(p, "themes"),
                start=p.start_date,
                end=p.end_date,
                budget=p.approved_amount,
                currency="EUR",
                source_note=p.reference,
                created=p.decided_at or p.created_at,
                updated=p.updated_at,
            )
        )
    rows.sort(key=row_key)
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
    sources = [Activity.objects.published(), ProjectOutline.objects.visible(), Proposal.objects.public()]
    for qs in sources:
        grouped = qs.filter(countries__isnull=False).order_by().values("countries").annotate(n=Count("pk"))
        for pk, n in grouped.values_list("countries", "n"):
            counts[pk] = counts.get(pk, 0) + n
    return counts


def inventory_lists() -> list[tuple[list[int], list[int]]]:
    """(country ids, theme ids) of every public inventory row that has both, read from the link
    tables (two queries per source; no rows built): what the matrix counts."""
    found = []
    sources = (
        (Activity, Activity.objects.published()),
        (ProjectOutline, ProjectOutline.objects.visible()),
        (Proposal, Proposal.objects.public()),
    )
    for model, visible in sources:
        lists: dict[int, tuple[list[int], list[int]]] = {}
        for slot, relation in enumerate(("countries", "themes")):
            field = model._meta.get_field(relation)
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = field.remote_field.through.objects.filter(**{f"{source}__in": visible.values("pk")})
            for record, pk in links.values_list(source, target):
                if slot == 0 or record in lists:
                    lists.setdefault(record, ([], []))[slot].append(pk)
        found += [pair for pair in lists.values() if pair[1]]
    return found


def matrix(lists, countries, themes) -> list[tuple]:
    """(country, [(theme, count), ...]) with top-level themes counting their topics. `lists` gives
    each row's (country ids, theme ids), as inventory_lists() does."""
    top_of = {}
    for t in themes:
        top_of[t.pk] = t.pk
        for child in t.children.all():
            top_of[child.pk] = t.pk
    counts: dict[tuple[int, int], int] = {}
    for country_ids, theme_ids in lists:
        tops = {top_of.get(pk) for pk in theme_ids} - {None}
        for country in set(country_ids):
            for tp in tops:
                counts[(country, tp)] = counts.get((country, tp), 0) + 1
    return [(c, [(t, counts.get((c.pk, t.pk), 0)) for t in themes]) for c in countries]
