"""Sitemap section of public events."""

from clearinghouse.sitemaps import PageSitemap

from .models import Event


class EventSitemap(PageSitemap):
    changefreq = "weekly"
    priority = 0.6
    lastmod_field = "updated_at"

    def items(self):
        return Event.objects.public().order_by("pk").only("slug", "updated_at")


SITEMAPS = {"events": EventSitemap}
