"""Machine interfaces outside the language prefix: the library's OAI-PMH endpoint, robots.txt and the
sitemap index (/sitemap.xml, the address robots.txt names) over the sections every pillar defines
(/sitemap-<section>.xml)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from library import oai as library_oai

from .sitemaps import SITEMAPS
from .views import machine

urlpatterns = [
    path("oai/", library_oai.oai_pmh, name="oai"),
    path("robots.txt", machine.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
