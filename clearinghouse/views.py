"""Web plumbing every page relies on: the liveness probe and the error handler."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Public. Liveness probe for load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """Public (Django's handler500). Never touches the database: a database that cannot be reached
    answers 503 with Retry-After, any other error 500; both are plain pages without the site menu."""
    unavailable = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    page = loader.get_template("503.html" if unavailable else "500.html").render()
    response = HttpResponseServerError(page)
    if unavailable:
        response.status_code = 503
        response["Retry-After"] = "5"
    return response
