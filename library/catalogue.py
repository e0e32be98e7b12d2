"""The public catalogue: filtered, searched and sorted documents, and facet counts. The number of
queries does not depend on the number of documents. Facet counts are the same for every visitor,
so they are kept in the cache for LIBRARY_FACET_CACHE_SECONDS per query and language, and a new
generation of keys starts whenever public content changes (see clearinghouse.publishing).

A work (a document and its editions in other languages, `Document.edition_of`) is listed once: a
search matching any of its editions finds it, shown as the matching edition nearest the original,
with every published edition's language as a link; facets count works, not documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from clearinghouse import page_cache
from clearinghouse.models import Country, Organisation, Region, Theme
from clearinghouse.translation import in_interface_language

from .filters import DocumentFilter
from .models import Document, DocumentKind, Language
from .search import documents_search

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "title": _("Title"),
}
FACET_PARAMS = ("kind", "theme", "country", "region", "language", "year", "publisher")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue] = field(default_factory=list)


def _name(name: str, name_ru: str | None) -> str:
    return in_interface_language(name, name_ru)


@dataclass
class Catalogue:
    queryset: object  # the documents, filtered, searched and ordered
    facets: list[Facet]
    query: str
    sort: str
    total: int | None = None  # the number of documents, when the facets tell it


# A document's work: the original's id (an edition points at it), or its own.
WORK = Coalesce(F("edition_of_id"), F("pk"))


def one_per_work(matched):
    """`matched` with one document per work: an edition is left out when the original, or an
    edition with a smaller id, also matches."""
    ids = matched.order_by().values("pk")
    earlier_sibling = matched.order_by().filter(
        edition_of_id=OuterRef("edition_of_id"), pk__lt=OuterRef("pk")
    )
    return matched.exclude(Q(edition_of__isnull=False) & (Q(edition_of__in=ids) | Exists(earlier_sibling)))


def query_text(params) -> str:
    """The search words of the query string (?q=), as the catalogue searches them."""
    return (params.get("q") or "").strip()[:500]


def catalogue(params, *, base=None, with_facets: bool = True, works: bool = True) -> Catalogue:
    """Published documents matching the query string parameters (q, facets, sort); one per work
    unless `works` is False (the feed announces every edition)."""
    base_is_public = base is None
    base = Document.objects.published() if base is None else base
    filterset = DocumentFilter(params, queryset=base)
    filtered = filterset.qs if filterset.is_valid() else base.none()
    query = query_text(params)
    if query:
        filtered = documents_search(filtered, query)
    sort = params.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "newest"
    newest = [F("publication_year").desc(nulls_last=True), F("publication_date").desc(nulls_last=True)]
    order = {
        "relevance": [F("rank").desc(), *newest, "title"],
        "newest": [*newest, F("first_published").desc(nulls_last=True), "title"],
        "title": ["title", "pk"],
    }[sort]
    ordered = (one_per_work(filtered) if works else filtered).order_by(*order, "pk")
    if not with_facets:
        return Catalogue(queryset=ordered, facets=[], query=query, sort=sort)
    if base_is_public:
        facets = cached_facet_counts(filtered, params, query)
    else:
        facets = facet_counts(filtered, params)
    # Every document has exactly one kind and the editions of a work share it: the kind counts
    # (of works) add up to the number of results.
    total = sum(v.count for v in facets[0].values)
    return Catalogue(queryset=ordered, facets=facets, query=query, sort=sort, total=total)


FACET_LABELS = {
    "kind": _("Kind"),
    "theme": _("Theme"),
    "country": _("Country"),
    "region": _("Region"),
    "language": _("Language"),
    "year": _("Year"),
    "publisher": _("Publisher"),
}


def cached_facet_counts(filtered, params, query: str) -> list[Facet]:
    """facet_counts of the public catalogue, through the cache when LIBRARY_FACET_CACHE_SECONDS."""
    ttl = int(getattr(settings, "LIBRARY_FACET_CACHE_SECONDS", 0))
    if ttl <= 0:
        return facet_counts(filtered, params)
    chosen = {p: params.get(p, "") for p in FACET_PARAMS}
    stored = page_cache.remember(
        "library-facets",
        {"q": query, **chosen},
        ttl,
        lambda: [
            (f.param, [(v.value, str(v.label), v.count) for v in f.values])
            for f in facet_counts(filtered, params)
        ],
    )
    facets = [
        Facet(param, FACET_LABELS[param], [FacetValue(value, label, count) for value, label, count in values])
        for param, values in stored
    ]
    _mark_selected(facets, chosen)
    return facets


def _mark_selected(facets: list[Facet], chosen: dict[str, str]) -> None:
    for facet in facets:
        for value in facet.values:
            value.selected = chosen[facet.param].lower() == value.value.lower() and bool(chosen[facet.param])


def _choice_facet(ids, param: str, field: str, labels: dict) -> Facet:
    """Counts by a field with choices (kind, language), most frequent first."""
    rows = ids.values(field).annotate(n=Count(WORK, distinct=True)).order_by("-n", field)
    return Facet(
        param,
        FACET_LABELS[param],
        [FacetValue(r[field], labels.get(r[field], r[field]), r["n"]) for r in rows],
    )


def _named_facet(ids, param: str, relation: str, key: str, *, lower: bool = False, limit=None) -> Facet:
    """Counts by a many-to-many list of named records (themes, countries, publishers), most frequent
    first, named in the interface's language."""
    k, name, name_ru = f"{relation}__{key}", f"{relation}__name", f"{relation}__name_ru"
    rows = (
        ids.filter(**{f"{relation}__isnull": False})
        .values(k, name, name_ru)
        .annotate(n=Count(WORK, distinct=True))
        .order_by("-n", name)
    )
    if limit:
        rows = rows[:limit]
    values = [FacetValue(r[k].lower() if lower else r[k], _name(r[name], r[name_ru]), r["n"]) for r in rows]
    return Facet(param, FACET_LABELS[param], values)


def _region_facet(ids) -> Facet:
    """A document is in a region directly or through one of its countries: two index probes per
    document and region, no join that repeats documents; the works among them are counted."""
    document_regions = Document.regions.through.objects.filter(
        document_id=OuterRef("pk"), region_id=OuterRef(OuterRef("pk"))
    )
    document_countries = Document.countries.through.objects.filter(
        document_id=OuterRef("pk"), country__region_id=OuterRef(OuterRef("pk"))
    )
    in_region = (
        ids.filter(Exists(document_regions) | Exists(document_countries))
        .order_by()
        .annotate(n=Func(WORK, function="COUNT", template="COUNT(DISTINCT %(expressions)s)"))
        .values("n")
    )
    # Empty regions are left out here, not in SQL, where the filter would count everything twice.
    regions = Region.objects.annotate(n=Coalesce(Subquery(in_region, output_field=IntegerField()), 0))
    values = [FacetValue(r.slug, r.display_name, r.n) for r in regions.order_by("-n", "order") if r.n > 0]
    return Facet("region", FACET_LABELS["region"], values)


def _year_facet(ids) -> Facet:
    rows = (
        ids.filter(publication_year__isnull=False)
        .values("publication_year")
        .annotate(n=Count(WORK, distinct=True))
        .order_by("-publication_year")
    )
    values = [FacetValue(str(r["publication_year"]), str(r["publication_year"]), r["n"]) for r in rows]
    return Facet("year", FACET_LABELS["year"], values)


def facet_counts(filtered, params) -> list[Facet]:
    """Counts of the works among the current results by kind, theme, country, region, language,
    year, publisher. A work in English and Russian counts once under each language. PostgreSQL:
    one query for all of them (`_counted_together`); elsewhere one query each."""
    counted = _counted_together if connection.vendor == "postgresql" else _counted_apart
    facets = counted(filtered)
    _mark_selected(facets, {p: params.get(p, "") for p in FACET_PARAMS})
    return facets


# Every facet of the matching documents counted in one pass (PostgreSQL). Each document has its
# keys: kind, language and year from its own columns, themes, countries, regions (named directly or
# through a country) and publishers from `facet_keys`, which the database keeps (migration 0006).
# A key counts the works that have it: a document that is the only one of its work among the
# results counts as itself (a plain count, no DISTINCT); the few works matched by several editions
# are counted distinctly. The keys are named from the vocabulary in the same query, in the order
# the facets show them (the most frequent first, then by name; years newest first).
COUNTED_TOGETHER = """
WITH matched (id, edition_of_id, kind, language, year, keys) AS MATERIALIZED ({matched}),
shared AS (
    SELECT COALESCE(edition_of_id, id) AS work FROM matched GROUP BY 1 HAVING count(*) > 1
),
alone AS (
    SELECT kind, language, year, keys FROM matched
    WHERE COALESCE(edition_of_id, id) NOT IN (SELECT work FROM shared)
),
counts AS (
    SELECT key, count(*) AS n FROM alone, unnest(keys) AS key GROUP BY key
    UNION ALL
    SELECT
        CASE
            WHEN GROUPING(kind) = 0 THEN 'kind:' || kind
            WHEN GROUPING(language) = 0 THEN 'language:' || language
            ELSE 'year:' || year
        END,
        count(*)
    FROM alone GROUP BY GROUPING SETS ((kind), (language), (year))
    UNION ALL
    SELECT key, count(DISTINCT work) FROM (
        SELECT
            COALESCE(edition_of_id, id) AS work,
            ARRAY['kind:' || kind, 'language:' || language, 'year:' || year] || keys AS keys
        FROM matched WHERE COALESCE(edition_of_id, id) IN (SELECT work FROM shared)
    ) AS editions, unnest(keys) AS key
    GROUP BY key
),
facets AS (
    SELECT split_part(key, ':', 1) AS facet, substr(key, strpos(key, ':') + 1) AS value, sum(n)::integer AS n
    FROM counts WHERE key IS NOT NULL GROUP BY key
),
refs AS (
    SELECT facet, value::bigint AS ref, n FROM facets
    WHERE facet IN ('theme', 'country', 'region', 'publisher')
)
SELECT facet, value, '', '', n, CASE WHEN facet = 'year' THEN -value::integer ELSE -n END, 0, value
FROM facets WHERE facet IN ('kind', 'language', 'year')
UNION ALL
SELECT facet, t.slug, t.name, t.name_ru, n, -n, 0, t.name
FROM refs JOIN {theme} t ON t.id = refs.ref AND refs.facet = 'theme'
UNION ALL
SELECT facet, lower(c.iso2), c.name, c.name_ru, n, -n, 0, c.name
FROM refs JOIN {country} c ON c.id = refs.ref AND refs.facet = 'country'
UNION ALL
SELECT facet, r.slug, r.name, r.name_ru, n, -n, r."order", r.name
FROM refs JOIN {region} r ON r.id = refs.ref AND refs.facet = 'region'
UNION ALL
SELECT facet, o.slug, o.name, o.name_ru, n, -n, 0, o.name
FROM refs JOIN {organisation} o ON o.id = refs.ref AND refs.facet = 'publisher'
ORDER BY 1, 6, 7, 8
"""
PUBLISHERS_SHOWN = 30
KEYS_COLUMN = f'"{Document._meta.db_table}"."facet_keys"'


def _counted_together(filtered) -> list[Facet]:
    matched = (
        filtered.order_by()
        # A column the database keeps, not a model field (migration 0006); no value from outside.
        .annotate(facet_keys=RawSQL(KEYS_COLUMN, (), output_field=TextField()))  # noqa: S611
        .values("pk", "edition_of_id", "kind", "language", "publication_year", "facet_keys")
    )
    facets = {p: Facet(p, FACET_LABELS[p]) for p in FACET_PARAMS}
    try:
        matched_sql, sql_params = matched.query.sql_with_params()
    except EmptyResultSet:
        return list(facets.values())
    sql = COUNTED_TOGETHER.format(
        matched=matched_sql,
        **{
            name: connection.ops.quote_name(model._meta.db_table)
            for name, model in (
                ("theme", Theme),
                ("country", Country),
                ("region", Region),
                ("organisation", Organisation),
            )
        },
    )
    labels = {"kind": dict(DocumentKind.choices), "language": dict(Language.choices)}
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    for facet, value, name, name_ru, n, *_order in rows:
        if facet in labels:
            label = labels[facet].get(value, value)
        else:
            label = _name(name, name_ru) if name else value
        facets[facet].values.append(FacetValue(value, label, n))
    del facets["publisher"].values[PUBLISHERS_SHOWN:]
    return list(facets.values())


def _counted_apart(filtered) -> list[Facet]:
    ids = Document.objects.filter(pk__in=filtered.order_by().values("pk"))
    facets = [
        _choice_facet(ids, "kind", "kind", dict(DocumentKind.choices)),
        _named_facet(ids, "theme", "themes", "slug"),
        _named_facet(ids, "country", "countries", "iso2", lower=True),
        _region_facet(ids),
        _choice_facet(ids, "language", "language", dict(Language.choices)),
        _year_facet(ids),
        _named_facet(ids, "publisher", "publishers", "slug", limit=PUBLISHERS_SHOWN),
    ]
    return facets


@dataclass
class Edition:
    url: str
    language: str
    name: str  # the language's name in that language: English, Русский


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return str(Language(code).label) if code in Language.values else code


def attach_editions(documents) -> None:
    """Sets `editions` on each listed document: every published edition of its work, the original
    first, when the work has more than one (one query for the page)."""
    roots = {d.work_root_id for d in documents}
    if not roots:
        return
    rows = (
        Document.objects.published()
        .filter(Q(pk__in=roots) | Q(edition_of_id__in=roots))
        .order_by(F("edition_of_id").asc(nulls_first=True), "language", "pk")
        .values_list("pk", "edition_of_id", "slug", "language")
    )
    by_work: dict[int, list[Edition]] = {}
    for pk, edition_of_id, slug, language in rows:
        url = reverse("library:document_detail", kwargs={"slug": slug})
        by_work.setdefault(edition_of_id or pk, []).append(Edition(url, language, language_name(language)))
    for document in documents:
        editions = by_work.get(document.work_root_id, [])
        document.editions_list = editions if len(editions) > 1 else []
