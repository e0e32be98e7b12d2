"""Sitemap sections of the programmes pillar: published programmes and their published outlines."""

from clearinghouse.sitemaps import PageSitemap

from .models import Programme, ProjectOutline


class ProgrammeSitemap(PageSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Programme.objects.published().order_by("pk").only("slug", "updated")


class OutlineSitemap(PageSitemap):
    """Published outlines of published programmes (the address holds the programme's slug)."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            ProjectOutline.objects.visible()
            .select_related("programme")
            .order_by("pk")
            .only("slug", "updated", "programme__slug")
        )


SITEMAPS = {"programmes": ProgrammeSitemap, "outlines": OutlineSitemap}
