"""The public catalogue: filtered, searched and sorted documents, and facet counts. The number of
queries does not depend on the number of documents. Facet counts are the same for every visitor,
so they are kept in the cache for LIBRARY_FACET_CACHE_SECONDS per query and language, and a new
generation of keys starts whenever a record is saved (see clearinghouse.page_cache)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clearinghouse import page_cache
from clearinghouse.models import Region

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


def _ru() -> bool:
    return (get_language() or "en").startswith("ru")


def _name(name: str, name_ru: str | None) -> str:
    return name_ru if _ru() and name_ru else name


@dataclass
class Catalogue:
    queryset: object  # the documents, filtered, searched and ordered
    facets: list[Facet]
    query: str
    sort: str
    total: int | None = None  # the number of documents, when the facets tell it


def catalogue(params, *, base=None, with_facets: bool = True) -> Catalogue:
    """Published documents matching the query string parameters (q, facets, sort)."""
    base_is_public = base is None
    base = Document.objects.published() if base is None else base
    filterset = DocumentFilter(params, queryset=base)
    filtered = filterset.qs if filterset.is_valid() else base.none()
    query = (params.get("q") or "").strip()[:500]
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
    ordered = filtered.order_by(*order, "pk")
    if not with_facets:
        return Catalogue(queryset=ordered, facets=[], query=query, sort=sort)
    if base_is_public:
        facets = cached_facet_counts(filtered, params, query)
    else:
        facets = facet_counts(filtered, params)
    # Every document has exactly one kind: the kind counts add up to the number of results.
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


def facet_counts(filtered, params) -> list[Facet]:
    """Counts of the current results by kind, theme, country, region, language, year, publisher:
    one query each."""
    ids = Document.objects.filter(pk__in=filtered.order_by().values("pk"))
    chosen = {p: params.get(p, "") for p in FACET_PARAMS}
    facets = []

    kinds = dict(DocumentKind.choices)
    rows = ids.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    facets.append(
        Facet(
            "kind",
            FACET_LABELS["kind"],
            [FacetValue(r["kind"], kinds.get(r["kind"], r["kind"]), r["n"]) for r in rows],
        )
    )

    rows = (
        ids.filter(themes__isnull=False)
        .values("themes__slug", "themes__name", "themes__name_ru")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "themes__name")
    )
    facets.append(
        Facet(
            "theme",
            FACET_LABELS["theme"],
            [
                FacetValue(r["themes__slug"], _name(r["themes__name"], r["themes__name_ru"]), r["n"])
                for r in rows
            ],
        )
    )

    rows = (
        ids.filter(countries__isnull=False)
        .values("countries__iso2", "countries__name", "countries__name_ru")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "countries__name")
    )
    facets.append(
        Facet(
            "country",
            FACET_LABELS["country"],
            [
                FacetValue(
                    r["countries__iso2"].lower(), _name(r["countries__name"], r["countries__name_ru"]), r["n"]
                )
                for r in rows
            ],
        )
    )

    # A document is in a region directly or through one of its countries: two index probes per
    # document and region, no join that repeats documents (so a plain COUNT).
    document_regions = Document.regions.through.objects.filter(
        document_id=OuterRef("pk"), region_id=OuterRef(OuterRef("pk"))
    )
    document_countries = Document.countries.through.objects.filter(
        document_id=OuterRef("pk"), country__region_id=OuterRef(OuterRef("pk"))
    )
    in_region = (
        ids.filter(Exists(document_regions) | Exists(document_countries))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", template="COUNT(*)"))
        .values("n")
    )
    # Empty regions are left out here, not in SQL, where the filter would count everything twice.
    regions = Region.objects.annotate(n=Coalesce(Subquery(in_region, output_field=IntegerField()), 0))
    values = [FacetValue(r.slug, r.display_name, r.n) for r in regions.order_by("-n", "order") if r.n > 0]
    facets.append(Facet("region", FACET_LABELS["region"], values))

    languages = dict(Language.choices)
    rows = ids.values("language").annotate(n=Count("pk")).order_by("-n", "language")
    facets.append(
        Facet(
            "language",
            FACET_LABELS["language"],
            [FacetValue(r["language"], languages.get(r["language"], r["language"]), r["n"]) for r in rows],
        )
    )

    rows = (
        ids.filter(publication_year__isnull=False)
        .values("publication_year")
        .annotate(n=Count("pk"))
        .order_by("-publication_year")
    )
    facets.append(
        Facet(
            "year",
            FACET_LABELS["year"],
            [FacetValue(str(r["publication_year"]), str(r["publication_year"]), r["n"]) for r in rows],
        )
    )

    rows = (
        ids.filter(publishers__isnull=False)
        .values("publishers__slug", "publishers__name", "publishers__name_ru")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "publishers__name")[:30]
    )
    facets.append(
        Facet(
            "publisher",
            FACET_LABELS["publisher"],
            [
                FacetValue(
                    r["publishers__slug"], _name(r["publishers__name"], r["publishers__name_ru"]), r["n"]
                )
                for r in rows
            ],
        )
    )
    _mark_selected(facets, chosen)
    return facets
