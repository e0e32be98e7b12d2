"""Library pages. Public pages show published documents only; withdrawn ones keep a tombstone page;
drafts and documents in review answer 404 except to curators (preview)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clearinghouse.storage import file_response
from clearinghouse.uploads import content_type_for

from . import citations, permissions
from .catalogue import SORTS, attach_editions, catalogue
from .models import Collection, CollectionItem, Document, DocumentStatus
from .search import search_hits, suggestion, with_headlines
from .services import file_download_count

PAGE_SIZE = 20
INLINE_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}


@require_safe
def document_list(request):
    """Public. The catalogue of published documents, one entry per work with its editions'
    languages as links: facets, sorting, pagination and ?q= search."""
    result = catalogue(request.GET)
    paginator = Paginator(with_headlines(result.queryset.with_lists(), result.query), PAGE_SIZE)
    if result.total is not None:
        paginator.count = result.total  # told by the facet counts: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    documents = list(page.object_list)
    hits = search_hits(documents, result.query) if result.query else {}
    for document in documents:
        document.hit = hits.get(document.pk)
    attach_editions(documents)
    did_you_mean = suggestion(result.query) if result.query and not paginator.count else ""
    return render(
        request,
        "library/document_list.html",
        {
            "page_obj": page,
            "documents": documents,
            "facets": result.facets,
            "query": result.query,
            "sort": result.sort,
            "sorts": [(key, label) for key, label in SORTS.items() if key != "relevance" or result.query],
            "did_you_mean": did_you_mean,
            "total": paginator.count,
            "filtered": any(request.GET.get(p) for p in ("q", *FACETS)),
        },
    )


FACETS = ("kind", "theme", "country", "region", "language", "year", "publisher")


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
