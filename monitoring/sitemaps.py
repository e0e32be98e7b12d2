"""Sitemap section of monitoring's public pages: published (and superseded) assessments only, never a
draft. Wired into the site's sitemap index by the portal (not here)."""

from clearinghouse.sitemaps import PageSitemap

from .models import Assessment


class AssessmentSitemap(PageSitemap):
    changefreq = "monthly"
    priority = 0.6
    lastmod_field = "published_at"

    def items(self):
        return Assessment.objects.public().select_related("framework", "country").order_by("pk")


SITEMAPS = {"monitoring": AssessmentSitemap}
