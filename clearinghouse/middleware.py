"""Cross-cutting request handling: rate limits on public forms and search, and a log of denials."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from .security import client_address

logger = logging.getLogger("clearinghouse.security")


class RateLimitMiddleware:
    """Limits requests per client address to the views named in settings.RATE_LIMITS.

    RATE_LIMITS maps a URL name ("login", "roster:apply") to (rate, method): "10/m" and "POST",
    "GET" (HEAD included) or "ALL". A client (its address as client_address reads it behind the
    proxy) over the limit gets 429 with a page that says when to try again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limits = getattr(settings, "RATE_LIMITS", {})
        if limits and getattr(settings, "RATELIMIT_ENABLE", True):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            rule = limits.get(match.view_name) if match else None
            if rule:
                rate, method = rule
                asked = "GET" if request.method == "HEAD" else request.method
                if method in ("ALL", asked) and is_ratelimited(
                    request, group=match.view_name, key="ip", rate=rate, method=ALL, increment=True
                ):
                    logger.warning(
                        "rate-limited view=%s address=%s",
                        match.view_name,
                        client_address(request) or "-",
                    )
                    return render(request, "429.html", status=429)
        return self.get_response(request)


class DenialLogMiddleware:
    """Logs every permission denial with user, UTC time (the log's clock) and address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            self._log(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            self._log(request)

    @staticmethod
    def _log(request):
        user = getattr(request, "user", None)
        name = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        logger.warning(
            "permission-denied user=%s path=%s address=%s",
            name,
            request.path,
            client_address(request) or "-",
        )


class NullCharacterMiddleware:
    """Answers 400 to a request whose parameters carry a NUL character: no text field can store one
    (PostgreSQL refuses it), so it is never meaningful input, only a way to provoke errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest

        for values in (request.GET, request.POST if request.method == "POST" else {}):
            if any("\x00" in value for key in values for value in [key, *values.getlist(key)]):
                return HttpResponseBadRequest("Request parameters may not contain NUL characters.")
        return self.get_response(request)
