"""A short-lived cache of whole public pages for anonymous visitors.

Only a GET from a visitor who sends no session or messages cookie can be answered from the cache,
and only a response that is the same for every such visitor is stored: status 200, no cookie set,
no session written, no CSP nonce in the page, not marked private or no-store. The CSRF tokens of
the page's forms (the language switcher is on every page) are stored as a placeholder and each
visitor gets a fresh token of their own (and the CSRF cookie) when the copy is served.
Signed-in users (who always send a session cookie) never read or fill it. The key is the address
(host, path and query string) and the active language. Entries live PAGE_CACHE_SECONDS (0 turns
the cache off), and every saved or deleted record of the portal's own apps starts a new generation
of keys, so an edit shows at once in this process (other processes with a local-memory cache
catch up within PAGE_CACHE_SECONDS; a shared cache such as Redis catches up at once).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
PORTAL_APPS = {"clearinghouse", "programmes", "fund", "roster", "library", "events"}
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


def remember(kind: str, described: dict, seconds: int, compute: Callable[[], object]):
    """`compute()` kept `seconds` in the cache under what `described` says it depends on (and the
    active language), until any record of the portal is saved: the same generations as whole pages.
    Values must pickle; 0 seconds computes every time."""
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    key = f"{kind}:{generation()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _model_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in PORTAL_APPS:
        new_generation()


def connect_signals() -> None:
    post_save.connect(_model_changed, dispatch_uid="page-cache-save")
    post_delete.connect(_model_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="page-cache-m2m")


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
