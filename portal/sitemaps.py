"""The sitemap index: each pillar defines the sections of its public pages in `<pillar>/sitemaps.py`;
the portal adds its own pages (countries, regions, the directory's organisation pages) and joins them
all. /sitemap.xml is the index (robots.txt names it); each section is /sitemap-<section>.xml."""

from clearinghouse.models import Country, Organisation, Region
from clearinghouse.sitemaps import PageSitemap
from events.sitemaps import SITEMAPS as EVENTS_SITEMAPS
from fund.sitemaps import SITEMAPS as FUND_SITEMAPS
from library.sitemaps import SITEMAPS as LIBRARY_SITEMAPS
from monitoring.sitemaps import SITEMAPS as MONITORING_SITEMAPS
from programmes.sitemaps import SITEMAPS as PROGRAMMES_SITEMAPS


class CountrySitemap(PageSitemap):
    """The participating States' pages (those the country list and the map link to)."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Country.objects.participating().order_by("pk").only("iso2", "updated")


class RegionSitemap(PageSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Region.objects.order_by("pk").only("slug", "updated")


class OrganisationSitemap(PageSitemap):
    """The directory's organisation pages (every organisation has a public page)."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Organisation.objects.order_by("pk").only("slug", "updated")


SITEMAPS = {
    **LIBRARY_SITEMAPS,
    **PROGRAMMES_SITEMAPS,
    **FUND_SITEMAPS,
    "countries": CountrySitemap,
    "regions": RegionSitemap,
    "directory": OrganisationSitemap,
    **EVENTS_SITEMAPS,
    **MONITORING_SITEMAPS,
}
