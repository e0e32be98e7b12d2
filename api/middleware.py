"""What every answer under /api/ gets on its way out, and the language it is written in.

- `?lang=en|ru` chooses the language, else Accept-Language (LocaleMiddleware, before, keeps
  English outside the language prefix);
- any error Django answers itself under /api/ (an unknown address: 404, a wrong method: 405, a
  NUL character in a parameter: 400) comes back in the API's one JSON error format;
- ETag (and Last-Modified, set by the operations) with 304 answers, then gzip when the client
  accepts it. Both only under /api/: the site's pages carry CSRF tokens and nonces that differ on
  every request, so an ETag there would never match, and gzip is the proxy's business (README)."""

from __future__ import annotations

import json

from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

PREFIX = "/api/"
LANGUAGES = {"en", "ru"}
CODES = {
    400: ("bad_request", "This request cannot be answered."),
    404: ("not_found", "Nothing here."),
    405: ("method_not_allowed", "The API only answers GET."),
}


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = ConditionalGetMiddleware(get_response)
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        # LocaleMiddleware keeps English for every address outside the language prefix: here the
        # client's Accept-Language (or the site's language cookie) counts, and ?lang= above both.
        lang = request.GET.get("lang")
        if lang not in LANGUAGES:
            lang = translation.get_language_from_request(request, check_path=False)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        # HEAD is GET without the body (the operations are declared for GET only).
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if response.status_code in CODES and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            code, message = CODES[response.status_code]
            allow = response.get("Allow")
            response.content = json.dumps({"error": {"code": code, "message": message}}).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
            if allow:
                response["Allow"] = allow
        response.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Accept-Language",))
        response = self.conditional.process_response(request, response)
        response = self.gzip.process_response(request, response)
        if head:
            request.method = "HEAD"
            length = len(response.content) if not response.streaming else None
            response.content = b""
            if length is not None:
                response["Content-Length"] = str(length)
        return response
