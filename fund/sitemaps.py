"""Sitemap section of the fund: the supported projects' public pages (never a proposal)."""

from clearinghouse.sitemaps import PageSitemap

from .models import Proposal


class ProjectSitemap(PageSitemap):
    changefreq = "monthly"
    priority = 0.6
    lastmod_field = "updated_at"

    def items(self):
        return Proposal.objects.public().order_by("pk").only("reference", "updated_at")

    def location(self, item):
        return item.get_public_url()


SITEMAPS = {"projects": ProjectSitemap}
