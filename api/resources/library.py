"""Library documents and collections: the same catalogue as /library/ (library.catalogue: filters,
search, ranking, facets with counts), the files with their text-extraction status, and citation
links. Drafts and documents in review do not exist here (404); withdrawn documents answer 410 with
their tombstone, as their pages do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import JSONObject
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Status

from clearinghouse.translation import in_interface_language
from library.catalogue import catalogue
from library.models import (
    LICENCE_URLS,
    Collection,
    CollectionItem,
    Document,
    DocumentFile,
    DocumentStatus,
)
from library.search import is_postgres

from ..conventions import (
    ItemParams,
    ListParams,
    absolute,
    addresses,
    check_params,
    item,
    listing,
    not_found,
)
from ..schemas import ERRORS, Gone, Out, Ref

router = Router(tags=["library"])


class FileOut(Out):
    id: int
    url: str = Field(description="The download address (absolute).")
    label: str
    format: str = Field(description="pdf, docx, odt, xlsx, pptx or an image format.")
    size: int = Field(description="Bytes.")
    pages: int
    extraction: Literal["pending", "done", "empty", "failed"] = Field(
        description="Text extraction: waiting, text extracted (searchable), no text found, or failed."
    )


class Citations(Out):
    bibtex: str
    ris: str
    csl_json: str


class DocumentOut(Out):
    id: int = 0
    slug: str = ""
    url: str = Field(default="", description="The document's page (absolute).")
    updated: datetime | None = None
    title: str = ""
    kind: str = ""
    summary: str = ""
    authors: list[str] = []
    publishers: list[Ref] = []
    publication_year: int | None = None
    publication_date: date | None = None
    language: str = ""
    edition_of: int | None = Field(default=None, description="The id of the original edition, if any.")
    countries: list[Ref] = []
    regions: list[Ref] = []
    themes: list[Ref] = []
    external_url: str = ""
    isbn: str = ""
    report_number: str = ""
    licence: str = ""
    licence_url: str | None = None
    files: list[FileOut] = []
    citations: Citations | None = None


class FacetValueOut(Out):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Out):
    param: str
    label: str
    values: list[FacetValueOut]


class DocumentList(Out):
    count: int = Field(description="How many documents match.")
    results: list[DocumentOut]
    next: str | None
    facets: list[FacetOut] = Field(description="Counts of the matching documents by each filter.")


class DocumentFilters(ListParams):
    q: str = Field(default="", max_length=500, description='Words, "phrases", -excluded (as on /library/).')
    kind: str = Field(default="", max_length=40, description="A document kind (see the facets).")
    theme: str = Field(default="", max_length=120, description="A theme slug (with its sub-themes).")
    country: str = Field(default="", max_length=2, description="An ISO 3166 alpha-2 code.")
    region: str = Field(default="", max_length=100, description="A region slug.")
    language: str = Field(default="", max_length=5, description="A language code (en, ru, ...).")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Year of publication.")
    publisher: str = Field(default="", max_length=255, description="A publisher's slug.")
    sort: Literal["relevance", "newest", "title"] | None = Field(
        default=None, description="relevance (with q, the default then), newest (the default), title."
    )


# A document's lists of named records: the relation, its target and the target's id in the API.
LISTS = {
    "publishers": ("organisation", "slug"),
    "countries": ("country", "iso2"),
    "regions": ("region", "slug"),
    "themes": ("theme", "slug"),
}
CITATION_STYLES = {"bibtex": "bibtex", "ris": "ris", "csl_json": "csl-json"}


class Links:
    """The addresses a page of documents links to, made once for the whole page (api.conventions.
    addresses): the documents, the publishers, countries and regions, and the citations."""

    def __init__(self, request):
        self.document = addresses(request, "library:document_detail", "slug")
        self.targets = {
            "publishers": addresses(request, "organisation_detail", "slug"),
            "countries": addresses(request, "country_detail", "iso2"),
            "regions": addresses(request, "region_detail", "slug"),
            "themes": None,  # themes have no page
        }
        self.citations = {
            name: addresses(request, "library:document_cite", "slug", style=style)
            for name, style in CITATION_STYLES.items()
        }


def _list_rows(relation: str):
    """A document's list as a JSON array of {key, name, name_ru}, in the target's own order: read
    with the page's rows (PostgreSQL computes it for the rows kept, after the LIMIT)."""
    target, key = LISTS[relation]
    descriptor = getattr(Document, relation)
    order = [
        f"-{target}__{term[1:]}" if term.startswith("-") else f"{target}__{term}"
        for term in descriptor.field.related_model._meta.ordering
    ]
    rows = (
        descriptor.through.objects.filter(document_id=OuterRef("pk"))
        .order_by(*order, f"{target}_id")
        .values(json=JSONObject(key=f"{target}__{key}", name=f"{target}__name", name_ru=f"{target}__name_ru"))
    )
    return ArraySubquery(rows)


def _with_lists(queryset):
    """The documents without their search data; on PostgreSQL with their lists and a flag for
    those that have files (the first file's id), so that a page needs no other query unless some
    of its documents have files."""
    queryset = queryset.defer("file_text", "index_names", "search_vector")
    if not is_postgres():
        return queryset
    first_file = DocumentFile.objects.filter(document=OuterRef("pk")).order_by().values("pk")[:1]
    return queryset.annotate(
        first_file=Subquery(first_file), **{f"{relation}_rows": _list_rows(relation) for relation in LISTS}
    )


def _load_lists(documents: list) -> list:
    """The rest of the documents' lists, in one query each: on PostgreSQL only the files of the
    documents that have some, elsewhere every list."""
    if is_postgres():
        prefetch_related_objects([d for d in documents if d.first_file], "files")
    else:
        prefetch_related_objects(documents, *LISTS, "files")
    return documents


def _refs(document, relation: str, links: Links) -> list[dict]:
    rows = getattr(document, f"{relation}_rows", None)
    if rows is None:  # prefetched instances
        _, key = LISTS[relation]
        rows = [
            {"key": getattr(o, key), "name": o.name, "name_ru": o.name_ru}
            for o in getattr(document, relation).all()
        ]
    address = links.targets[relation]
    refs = []
    for row in rows:
        key = row["key"].lower() if relation == "countries" else row["key"]
        refs.append(
            {
                "id": key,
                "name": in_interface_language(row["name"], row["name_ru"]),
                "url": address(key) if address else None,
            }
        )
    return refs


def document_record(request, document, links: Links | None = None) -> dict:
    """The public fields of a published document (its lists loaded by _with_lists and _load_lists);
    `links` made once for a page of them."""
    links = links or Links(request)
    return {
        "id": document.pk,
        "slug": document.slug,
        "url": links.document(document.slug),
        "updated": document.updated,
        "title": document.title,
        "kind": document.kind,
        "summary": document.summary,
        "authors": document.author_list,
        "publishers": _refs(document, "publishers", links),
        "publication_year": document.publication_year,
        "publication_date": document.publication_date,
        "language": document.language,
        "edition_of": document.edition_of_id,
        "countries": _refs(document, "countries", links),
        "regions": _refs(document, "regions", links),
        "themes": _refs(document, "themes", links),
        "external_url": document.url,
        "isbn": document.isbn,
        "report_number": document.report_number,
        "licence": document.licence,
        "licence_url": LICENCE_URLS.get(document.licence),
        "files": [
            {
                "id": f.pk,
                "url": absolute(request, f.get_absolute_url()),
                "label": f.label or f.filename,
                "format": f.kind,
                "size": f.size,
                "pages": f.page_count,
                "extraction": f.extraction,
            }
            for f in document.files.all()
        ]
        if getattr(document, "first_file", True)
        else [],
        "citations": {name: address(document.slug) for name, address in links.citations.items()},
    }


@router.get("/documents/", response={200: DocumentList, **ERRORS}, exclude_unset=True, url_name="documents")
def documents(request: HttpRequest, response: HttpResponse, filters: Query[DocumentFilters]):
    """Public. Published documents: the catalogue of /library/ with the same filters, search and
    ranking (same ids in the same order), and the facet counts of the matching documents."""
    check_params(request, DocumentFilters)
    params = {
        name: str(value)
        for name in ("q", "kind", "theme", "country", "region", "language", "year", "publisher", "sort")
        if (value := getattr(filters, name)) not in (None, "")
    }
    result = catalogue(params)
    facets = [
        {
            "param": f.param,
            "label": str(f.label),
            "values": [
                {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                for v in f.values
            ],
        }
        for f in result.facets
    ]
    links = Links(request)
    return listing(
        request,
        response,
        _with_lists(result.queryset),
        filters,
        DocumentOut,
        lambda d: document_record(request, d, links),
        load=_load_lists,
        count=result.total or 0,
        facets=facets,
    )


@router.get(
    "/documents/{slug}/",
    response={200: DocumentOut, 410: Gone, **ERRORS},
    exclude_unset=True,
    url_name="document",
)
def document(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One published document; a withdrawn one answers 410 with its tombstone; drafts and
    documents in review answer 404."""
    check_params(request, ItemParams)
    found = (
        _with_lists(Document.objects.filter(status__in=[DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN]))
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise not_found("document")
    if found.status == DocumentStatus.WITHDRAWN:
        return Status(
            410,
            {
                "error": {"code": "gone", "message": "This document was withdrawn."},
                "tombstone": {
                    "id": found.pk,
                    "title": found.title,
                    "url": absolute(request, found.get_absolute_url()),
                    "updated": found.updated,
                    "withdrawn": True,
                    "reason": found.withdrawal_reason,
                },
            },
        )
    return item(response, document_record(request, _load_lists([found])[0]), params, DocumentOut)


class CollectionOut(Out):
    id: int = 0
    slug: str = ""
    url: str = ""
    updated: datetime | None = None
    title: str = ""
    description: str = ""
    documents: list[Ref] = Field(default=[], description="Its published documents, in the curators' order.")


class CollectionList(Out):
    results: list[CollectionOut]
    next: str | None


def _collections():
    items = CollectionItem.objects.filter(document__status=DocumentStatus.PUBLISHED).select_related(
        "document"
    )
    return (
        Collection.objects.filter(is_public=True)
        .prefetch_related(Prefetch("items", queryset=items, to_attr="public_items"))
        .order_by("title", "pk")
    )


def collection_record(request, collection) -> dict:
    return {
        "id": collection.pk,
        "slug": collection.slug,
        "url": absolute(request, collection.get_absolute_url()),
        "updated": collection.updated,
        "title": collection.title,
        "description": collection.description,
        "documents": [
            {
                "id": str(i.document.pk),
                "name": i.document.title,
                "url": absolute(request, i.document.get_absolute_url()),
            }
            for i in collection.public_items
        ],
    }


@router.get(
    "/collections/", response={200: CollectionList, **ERRORS}, exclude_unset=True, url_name="collections"
)
def collections(request: HttpRequest, response: HttpResponse, params: Query[ListParams]):
    """Public. The public collections and their published documents."""
    check_params(request, ListParams)
    return listing(
        request, response, _collections(), params, CollectionOut, lambda c: collection_record(request, c)
    )


@router.get(
    "/collections/{slug}/", response={200: CollectionOut, **ERRORS}, exclude_unset=True, url_name="collection"
)
def collection(request: HttpRequest, response: HttpResponse, slug: str, params: Query[ItemParams]):
    """Public. One public collection (private ones answer 404)."""
    check_params(request, ItemParams)
    found = _collections().filter(slug=slug).first()
    if found is None:
        raise not_found("collection")
    return item(response, collection_record(request, found), params, CollectionOut)
