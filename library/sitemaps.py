"""Sitemap section: published library documents (with their Russian addresses as alternates)."""

from django.contrib.sitemaps import Sitemap

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
