"""Site URLs. Pages are under i18n_patterns: English at /, Russian under /ru/. Machine interfaces
(admin, feeds for harvesters, OAI-PMH, sitemap, open-data exports) are included by each app where
it decides; only the admin and the language switch live outside the language prefix here.

The core names the pillars and the portal by their URL modules only (strings), never importing them."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "clearinghouse.views.server_error"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Machine interfaces for harvesters and search engines (OAI-PMH, sitemap), outside the language prefix.
    path("", include("portal.machine_urls")),
    # The public JSON API (api/), outside the language prefix: ?lang=ru or Accept-Language.
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("clearinghouse.account_urls")),
    path("programmes/", include("programmes.urls")),
    path("fund/", include("fund.urls")),
    path("roster/", include("roster.urls")),
    path("library/", include("library.urls")),
    path("events/", include("events.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("", include("portal.urls")),
    prefix_default_language=False,
)
# No URL serves MEDIA_ROOT, in development either: library files, proposal attachments and CVs are
# sent by views that check access (clearinghouse/storage.py: file_response).
