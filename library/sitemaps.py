"""Sitemap sections: published library documents and published programmes (with their Russian
addresses as alternates)."""

from django.contrib.sitemaps import Sitemap

from programmes.models import Programme

from .models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    i18n = True
    alternates = True
    limit = 2000

    def items(self):
        return Document.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


class ProgrammeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True

    def items(self):
        return Programme.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"library": DocumentSitemap, "programmes": ProgrammeSitemap}
