"""Sitemap section of public events (with their Russian addresses as alternates)."""

from django.contrib.sitemaps import Sitemap

from .models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    i18n = True
    alternates = True
    limit = 2000

    def items(self):
        return Event.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"events": EventSitemap}
