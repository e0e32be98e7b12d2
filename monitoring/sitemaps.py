"""Sitemap of monitoring's public pages: published (and superseded) assessments only, never a draft.
Wired into the site's sitemap index by the portal (not here)."""

from django.contrib.sitemaps import Sitemap

from .models import Assessment


class AssessmentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    i18n = True

    def items(self):
        return Assessment.objects.public().select_related("framework", "country").order_by("pk")

    def lastmod(self, assessment):
        return assessment.published_at


SITEMAPS = {"monitoring": AssessmentSitemap}
