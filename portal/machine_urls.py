"""Machine interfaces outside the language prefix: the library's OAI-PMH endpoint and the sitemap,
which joins the sitemap sections every pillar defines."""

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import path

from library import oai as library_oai

from .sitemaps import SITEMAPS

urlpatterns = [
    path("oai/", library_oai.oai_pmh, name="oai"),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
]
