"""Sitemap section: published programmes (with their Russian addresses as alternates)."""

from django.contrib.sitemaps import Sitemap

from .models import Programme


class ProgrammeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True

    def items(self):
        return Programme.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated
