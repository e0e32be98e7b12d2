"""A short-lived cache of whole public pages for anonymous visitors.

Only a GET from a visitor who sends no session or messages cookie can be answered from the cache,
and only a response that is the same for every such visitor is stored: status 200, no cookie set,
no session written, no CSP nonce in the page, not marked private or no-store. The CSRF tokens of
the page's forms (the language switcher is on every page) are stored as a placeholder and each
visitor gets a fresh token of their own (and the CSRF cookie) when the copy is served.
Signed-in users (who always send a session cookie) never read or fill it. The key is the address
(host, path and query string) and the active language. Entries live PAGE_CACHE_SECONDS (0 turns
the cache off). A new generation of keys starts whenever public content changes: the services
and admin pages that change it call `clearinghouse.publishing.public_content_changed()`, which asks
for it when their transaction commits; private writes never do. The generation lives in the default
cache: with a shared cache (REDIS_URL) every worker sees the new one at once; without one the page
cache is per worker, which is why production turns it on by default only with a shared cache or one
worker (settings.PAGE_CACHE_SECONDS).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
# Cookies whose presence means the page may differ for this visitor.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def new_generation(**_kwargs) -> None:
    """Every cached page is stale from now on (in this process, and everywhere with a shared cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


# While one process computes a value for `remember`, the others asking for the same key wait for it
# (polling the cache) rather than computing it too: a new search's facet counts are counted once
# however many workers receive it at the same moment. A computation that dies leaves its claim to
# expire after CLAIM_SECONDS; a waiter gives up after WAIT_SECONDS and computes (and stores) the value itself.
CLAIM_SECONDS = 10
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.01
_MISSING = object()


def remember_key(kind: str, described: dict) -> str:
    digest = hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"{kind}:{generation()}:{get_language()}:{digest}"


def remember(kind: str, described: dict, seconds: int, compute: Callable[[], object]):
    """`compute()` kept `seconds` in the cache under what `described` says it depends on (and the
    active language), until any record of the portal is saved: the same generations as whole pages.
    Values must pickle; 0 seconds computes every time. Concurrent misses of one key compute it once
    (the first claims it; the others wait for its value, see CLAIM_SECONDS)."""
    if seconds <= 0:
        return compute()
    key = remember_key(kind, described)
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    claim = f"{key}:computing"
    if not cache.add(claim, 1, CLAIM_SECONDS):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            value = cache.get(key, _MISSING)
            if value is not _MISSING:
                return value
            if cache.get(claim) is None:  # the other computation ended without storing a value
                break
        value = compute()
        cache.set(key, value, seconds)
        return value
    try:
        value = compute()
        cache.set(key, value, seconds)
    finally:
        cache.delete(claim)
    return value


def _anonymous_get(request) -> bool:
    return request.method == "GET" and not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{generation()}:{get_language()}:{digest}"


def _shareable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return b"nonce=" not in response.content


class AnonymousPageCacheMiddleware:
    """Serves and stores public pages for anonymous GETs (see the module's docstring). It sits after
    the authentication and rate-limit middleware (which still apply to every request); what it
    stores has been through everything inside it (CSP, frame options), headers included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ttl = seconds()
        if ttl <= 0 or not _anonymous_get(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if _shareable(request, response):
            content = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
            cache.set(key, (content, dict(response.items())), ttl)
        return response
