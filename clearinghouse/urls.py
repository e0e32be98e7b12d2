"""Site URLs. Pages are under i18n_patterns: English at /, Russian under /ru/. Machine interfaces
(admin, feeds for harvesters, OAI-PMH, sitemap, open-data exports) are included by each app where
it decides; only the admin and the language switch live outside the language prefix here."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path

from library import oai as library_oai
from library import sitemaps as library_sitemaps

from . import views

handler500 = "clearinghouse.views.server_error"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Library machine interfaces (harvesters and search engines), outside the language prefix.
    path("oai/", library_oai.oai_pmh, name="oai"),
    path("sitemap.xml", sitemap_view, {"sitemaps": library_sitemaps.SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/", include("clearinghouse.account_urls")),
    path("programmes/", include("programmes.urls")),
    path("fund/", include("fund.urls")),
    path("roster/", include("roster.urls")),
    path("library/", include("library.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("", include("clearinghouse.site_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
