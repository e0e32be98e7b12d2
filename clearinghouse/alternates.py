"""The language versions of a page, as absolute addresses: one answer for the page's own `<head>`
(`<link rel="alternate" hreflang=...>`, see the `language_alternates` template tag) and for the
sitemap's `xhtml:link` alternates (`clearinghouse.sitemaps.PageSitemap`), so that the two never
disagree. A page's versions are the same view with the same arguments under each interface
language (English at `/`, Russian under `/ru/`), plus `x-default`: the English address, where
visitors land without a language prefix. They are never another record (a document's editions in
other languages are other documents, linked in the page's body)."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language_from_path, override

X_DEFAULT = "x-default"


def origin_of(request) -> str:
    """`scheme://host` of the request (the host is one ALLOWED_HOSTS accepted)."""
    return f"{request.scheme}://{request.get_host()}"


def match_of(request):
    """The view the request's own address resolved to (Django resolved it to answer), when the
    page is that address: the page's helpers reuse it instead of resolving the address again."""
    match = getattr(request, "resolver_match", None)
    return match if match is not None and request.path == request.path_info else None


def version_of(request, language: str) -> str | None:
    """The request's own page in `language` (its path), or None when it has none of its own: the
    language switcher's address, without resolving the path once more for each language."""
    match = match_of(request)
    if match is None or match.url_name is None:
        return None
    with override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None


def language_alternates(path: str, origin: str, *, match=None) -> list[tuple[str, str]]:
    """[(hreflang, absolute address)] for the page at `path` (any language's address of it), each
    interface language in the order of LANGUAGES then `x-default`; empty for an address that no view
    answers or that is the same in every language (machine interfaces outside the language prefix).
    `match`, the resolved `path` when the caller has it, spares resolving it again."""
    if match is None:
        language = get_language_from_path(path) or settings.LANGUAGE_CODE
        with override(language):
            try:
                match = resolve(path)
            except Resolver404:
                return []
    versions = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                versions.append(
                    (code, origin + reverse(match.view_name, args=match.args, kwargs=match.kwargs))
                )
            except NoReverseMatch:
                return []
    if len({address for _code, address in versions}) < len(versions):
        return []
    return [*versions, (X_DEFAULT, dict(versions)[settings.LANGUAGE_CODE])]
