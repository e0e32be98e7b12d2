"""The sitemap: each pillar defines the sections of its public pages; the portal joins them."""

from events.sitemaps import SITEMAPS as EVENTS_SITEMAPS
from library.sitemaps import DocumentSitemap
from monitoring.sitemaps import SITEMAPS as MONITORING_SITEMAPS
from programmes.sitemaps import ProgrammeSitemap

SITEMAPS = {
    "library": DocumentSitemap,
    "programmes": ProgrammeSitemap,
    **EVENTS_SITEMAPS,
    **MONITORING_SITEMAPS,
}
