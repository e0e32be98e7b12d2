"""Library pages. Public pages show published documents only; withdrawn ones keep a tombstone page;
drafts and documents in review answer 404 except to curators (preview)."""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import JSONObject
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from clearinghouse import page_cache
from clearinghouse.addresses import addresses
from clearinghouse.storage import file_response
from clearinghouse.translation import in_interface_language
from clearinghouse.uploads import content_type_for

from . import citations, permissions
from .catalogue import SORTS, attach_editions, catalogue, query_text
from .models import (
    Collection,
    CollectionItem,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentStatus,
    Language,
)
from .search import is_postgres, search_hits, suggestion, with_headlines
from .services import file_download_count

PAGE_SIZE = 20
INLINE_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}


@require_safe
def document_list(request):
    """Public. The catalogue of published documents, one entry per work with its editions'
    languages as links: facets, sorting, pagination and ?q= search. Its content is the same for
    every visitor (signed in or not) with the same query string and language: kept rendered for
    LIBRARY_RESULTS_CACHE_SECONDS, until public content changes (see catalogue_html)."""
    pairs = [(key, value) for key, values in request.GET.lists() for value in values]
    content = page_cache.remember(
        "library-catalogue",
        {"get": pairs},
        int(getattr(settings, "LIBRARY_RESULTS_CACHE_SECONDS", 0)),
        lambda: catalogue_html(request),
    )
    context = {
        "query": query_text(request.GET),
        "content": mark_safe(content),  # noqa: S308  (rendered by the template engine, which escaped it)
    }
    return render(request, "library/document_list.html", context)


def catalogue_html(request) -> str:
    """The catalogue's content (search form, facets, results and pagination) for this query string
    and language: the same for every visitor, nothing personal in it."""
    result = catalogue(request.GET)
    shown = with_page_flags(with_headlines(with_rows(result.queryset), result.query), result.query)
    paginator = Paginator(shown, PAGE_SIZE)
    if result.total is not None:
        paginator.count = result.total  # told by the facet counts: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    documents = list(page.object_list)
    hits = search_hits(documents, result.query) if result.query else {}
    for document in documents:
        document.hit = hits.get(document.pk)
    if any(d.edition_of_id or d.has_editions is not None for d in documents):
        attach_editions(documents)
    else:
        for document in documents:
            document.editions_list = []
    describe_rows(documents)
    did_you_mean = suggestion(result.query) if result.query and not paginator.count else ""
    filtered = any(request.GET.get(p) for p in ("q", *FACETS))
    context = {
        "page_obj": page,
        "documents": documents,
        "facets": result.facets,
        "sidebar": facet_sidebar(request, result, filtered),
        "query": result.query,
        "sort": result.sort,
        "sorts": [(key, label) for key, label in SORTS.items() if key != "relevance" or result.query],
        "did_you_mean": did_you_mean,
        "total": paginator.count,
        "filtered": filtered,
    }
    return str(render_to_string("library/_catalogue.html", context, request=request))


FACETS = ("kind", "theme", "country", "region", "language", "year", "publisher")


def with_rows(queryset):
    """The documents with what their rows show. On PostgreSQL the publishers' names come with them
    (an array per row, read after the LIMIT): one query fewer than prefetching the organisations."""
    if not is_postgres():
        return queryset.with_lists()
    names = (
        Document.publishers.through.objects.filter(document_id=OuterRef("pk"))
        .order_by("organisation__name", "organisation_id")  # as Organisation.Meta.ordering
        .values(json=JSONObject(name="organisation__name", name_ru="organisation__name_ru"))
    )
    return queryset.with_lists().prefetch_related(None).annotate(publisher_names=ArraySubquery(names))


def with_page_flags(queryset, query: str):
    """Marks the documents that are the original of a published edition (`has_editions`) and, for
    a search, those with a PDF (`has_pdf`): a page where no document is or has an edition needs no
    query for the editions, one without a PDF none for page hits. Each flag is the first such row's
    id, a scalar subquery: PostgreSQL reads it by index for the page's rows only, after the sort
    and the LIMIT (an EXISTS may be planned as a hash of the whole table, seconds at scale)."""
    editions = Document.objects.published().filter(edition_of=OuterRef("pk")).order_by().values("pk")[:1]
    flags = {"has_editions": Subquery(editions)}
    if query:
        pdfs = DocumentFile.objects.filter(document=OuterRef("pk"), kind="pdf").order_by().values("pk")[:1]
        flags["has_pdf"] = Subquery(pdfs)
    return queryset.annotate(**flags)


@functools.cache
def _choice_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The labels of the kinds and languages in this interface language (get_FOO_display hashes
    every lazy choice label on each call)."""
    return (
        {value: str(label) for value, label in DocumentKind.choices},
        {value: str(label) for value, label in Language.choices},
    )


def describe_rows(documents) -> None:
    """What each row of the catalogue shows, computed once here rather than per row in the
    template: its address (`url`), the line of kind, year, language and publishers (`meta`) and,
    without a highlighted snippet, the start of its summary (`excerpt`)."""
    kinds, languages = _choice_labels(get_language())
    address = addresses("library:document_detail", "slug")  # one reverse() for the page
    for document in documents:
        document.url = address(document.slug)
        parts = [kinds.get(document.kind, document.kind)]
        if document.publication_year:
            parts.append(str(document.publication_year))
        parts.append(languages.get(document.language, document.language))
        names = getattr(document, "publisher_names", None)  # with_rows (PostgreSQL)
        if names is None:
            publishers = "; ".join(str(o) for o in document.publishers.all())
        else:
            publishers = "; ".join(in_interface_language(n["name"], n["name_ru"]) for n in names)
        if publishers:
            parts.append(publishers)
        document.meta = " · ".join(parts)
        hit = getattr(document, "hit", None)
        document.excerpt = "" if hit and hit.snippet else truncatewords(document.summary, 45)


def facet_sidebar(request, result, filtered: bool) -> str:
    """The facet sidebar (a couple of hundred links: most of the page's rendering), rendered once
    per query string (the page number aside) and language and kept like the facet counts it shows
    (LIBRARY_FACET_CACHE_SECONDS, until public content changes)."""
    pairs = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
    context = {
        "request": request,
        "facets": result.facets,
        "filtered": filtered,
    }
    html = page_cache.remember(
        "library-sidebar",
        {"get": pairs, "any": bool(request.GET)},  # the feed link ends in "?" when only a page is given
        int(getattr(settings, "LIBRARY_FACET_CACHE_SECONDS", 0)),
        lambda: str(render_to_string("library/_facets.html", context)),
    )
    return mark_safe(html)  # noqa: S308  (rendered by the template above, escaped there)


def _document_for(request, slug: str) -> Document:
    document = get_object_or_404(Document.objects.with_detail(), slug=slug)
    if not permissions.can_view_document(request.user, document):
        raise Http404
    return document


@require_safe
def document_detail(request, slug: str):
    """Public for published documents; withdrawn ones answer 410 with a tombstone; drafts and
    documents in review: curators only (404 to everyone else)."""
    document = _document_for(request, slug)
    if document.status == DocumentStatus.WITHDRAWN:
        return render(request, "library/document_withdrawn.html", {"document": document}, status=410)
    root = document.work_root_id
    editions = list(
        Document.objects.published()
        .filter(Q(pk=root) | Q(edition_of_id=root))
        .exclude(pk=document.pk)
        .order_by("language", "title")
    )
    url = request.build_absolute_uri(document.get_absolute_url())
    files = list(document.files.all())
    file_urls = [request.build_absolute_uri(f.get_absolute_url()) for f in files]
    context = {
        "document": document,
        "files": files,
        "editions": editions,
        "programmes": document.programmes.published(),
        "outlines": document.outlines.visible().select_related("programme"),
        "collections": document.collections.filter(is_public=True),
        "canonical_url": url,
        "pdf_url": next((u for f, u in zip(files, file_urls, strict=True) if f.kind == "pdf"), ""),
        "json_ld": citations.json_ld(
            document,
            url,
            file_urls,
            [(request.build_absolute_uri(e.get_absolute_url()), e.language, e.pk) for e in editions],
        ),
        "is_preview": document.status != DocumentStatus.PUBLISHED,
        "can_curate": permissions.can_curate(request.user),
    }
    return render(request, "library/document_detail.html", context)


@require_safe
def file_download(request, slug: str, pk: int):
    """Public for files of published documents (counted); curators may also fetch files of drafts
    and documents in review; a withdrawn document's files answer 410, as its page does. The only way
    to a library file: no URL serves MEDIA_ROOT."""
    document = _document_for(request, slug)
    if document.status == DocumentStatus.WITHDRAWN:
        return render(request, "library/document_withdrawn.html", {"document": document}, status=410)
    stored = get_object_or_404(document.files, pk=pk)
    if document.status == DocumentStatus.PUBLISHED and request.method == "GET":
        file_download_count(stored=stored)
    try:
        response = file_response(
            stored.file,
            as_attachment=stored.kind not in INLINE_KINDS,
            filename=stored.filename,
            content_type=content_type_for(stored.kind),
        )
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def document_cite(request, slug: str, style: str):
    """Public (published documents): the citation as BibTeX, RIS or CSL-JSON."""
    document = _document_for(request, slug)
    if document.status != DocumentStatus.PUBLISHED:
        raise Http404
    url = request.build_absolute_uri(document.get_absolute_url())
    if style == "bibtex":
        body, content_type, ext = citations.bibtex(document, url), "application/x-bibtex", "bib"
    elif style == "ris":
        body, content_type, ext = citations.ris(document, url), "application/x-research-info-systems", "ris"
    elif style == "csl-json":
        body = json.dumps(citations.csl_json(document, url), ensure_ascii=False, indent=2)
        content_type, ext = "application/vnd.citationstyles.csl+json", "json"
    else:
        raise Http404
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.slug[:80]}.{ext}"'
    return response


@require_safe
def collection_list(request):
    """Public. The public collections."""
    collections = Collection.objects.filter(is_public=True)
    return render(request, "library/collection_list.html", {"collections": collections})


@require_safe
def collection_detail(request, slug: str):
    """Public (public collections; curators may preview others): its published documents in order."""
    collection = get_object_or_404(Collection, slug=slug)
    if not collection.is_public and not permissions.can_curate(request.user):
        raise Http404
    items = (
        CollectionItem.objects.filter(collection=collection, document__status=DocumentStatus.PUBLISHED)
        .select_related("document")
        .prefetch_related(Prefetch("document__publishers"))
    )
    return render(request, "library/collection_detail.html", {"collection": collection, "items": items})
