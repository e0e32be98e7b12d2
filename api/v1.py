"""Version 1 of the public API: one NinjaAPI (django-ninja builds the OpenAPI 3 document from the
typed schemas), anonymous and read-only, with a per-address rate limit and one error format."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django_ratelimit.core import get_usage
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle

from .conventions import ApiError, ItemParams, check_params
from .resources import events, fund, library, monitoring, places, programmes
from .schemas import Error, Index

DESCRIPTION = """Read-only JSON about what the Anti-Trafficking Clearinghouse publishes: library documents
(the same search, filters, facets and ranking as the library pages), collections, programmes and
project outlines, supported fund projects, organisations and their public contacts, inventory
activities, countries and regions, events and published monitoring findings.

Anonymous, no key. Lists put their items under `results` and give the `next` page's address
(keyset cursor pagination over a stable order: pages neither repeat nor skip items added between
requests, and a cursor the list did not give out answers 400); `?fields=` trims items; `?lang=ru` (or Accept-Language) gives
Russian names; ETag and Last-Modified allow conditional requests (304); responses are gzipped when
asked; any origin may read with GET (CORS). Errors (400, 404, 410, 429) are
`{"error": {"code": ..., "message": ...}}`; an unknown parameter answers 400 with the allowed names."""


class AddressThrottle(BaseThrottle):
    """settings.API_RATE_LIMIT requests per client address (as the rest of the site reads it
    behind the proxy: clearinghouse.security.client_address), counted by django-ratelimit in the
    default cache, like the site's other limits; RATELIMIT_ENABLE turns all of them off."""

    def allow_request(self, request: HttpRequest) -> bool:
        self.time_left = None
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return True
        usage = get_usage(
            request,
            group="api",
            key="ip",
            rate=settings.API_RATE_LIMIT,
            method=["GET", "HEAD"],
            increment=True,
        )
        if usage and usage["should_limit"]:
            self.time_left = usage["time_left"]
            return False
        return True

    def wait(self) -> float | None:
        return max(1, self.time_left or 1)


api = NinjaAPI(
    title="Anti-Trafficking Clearinghouse API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    throttle=[AddressThrottle()],
)
for module in (library, programmes, fund, places, events, monitoring):
    api.add_router("/", module.router)


def _error(request, status: int, code: str, message: str, allowed=None):
    return api.create_response(request, ApiError(status, code, message, allowed).body(), status=status)


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:] or error.get("loc", ()))
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return _error(request, 400, "bad_request", "; ".join(problems) or "Invalid request.")


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    return _error(request, 429, "rate_limited", f"Too many requests; try again in {exc.wait} seconds.")


@api.exception_handler(Http404)
def missing(request, exc):
    return _error(request, 404, "not_found", "Nothing here.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


@api.get("/", response={200: Index, 400: Error, 429: Error}, url_name="index", tags=["index"])
def index(request: HttpRequest, params: Query[ItemParams]):
    """Public. What the API offers: its resources, its description and the rate limit."""
    check_params(request, ItemParams)
    names = {
        "documents": "documents",
        "collections": "collections",
        "programmes": "programmes",
        "outlines": "outlines",
        "projects": "projects",
        "organisations": "organisations",
        "activities": "activities",
        "countries": "countries",
        "regions": "regions",
        "events": "events",
        "findings": "findings",
    }
    return {
        "name": api.title,
        "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api:docs")),
        "rate_limit": f"{settings.API_RATE_LIMIT} per address",
        "resources": {key: request.build_absolute_uri(reverse(f"api:{name}")) for key, name in names.items()},
    }


@api.get("/docs/", include_in_schema=False, url_name="docs")
def docs(request: HttpRequest):
    """Public. The interactive documentation (Swagger UI, served from static/vendor: no CDN), with
    its script loaded from the site under the site's Content-Security-Policy."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json"), "title": api.title})
