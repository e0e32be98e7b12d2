"""The base of every sitemap section: each pillar (and the portal) defines the sections of its own
public pages on it, in `<app>/sitemaps.py`; the portal joins them under the index at /sitemap.xml.

A section lists every language version of each page (English and `/ru/`), each with its
`lastmod` (`lastmod_field`: a real time the record or what its page shows last changed) and the
`hreflang` alternates of `clearinghouse.alternates`, the helper that also writes the alternates
in the page's own `<head>`. `items()` must return a queryset of public records only (never a draft,
a withdrawn or a private one), with what `location()` needs already joined: a section page then
costs the same number of queries whatever its length."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .alternates import language_alternates


class PageSitemap(Sitemap):
    i18n = True
    # The alternates come from clearinghouse.alternates (below), not from Django's own code, so that
    # the sitemap and the page heads say the same.
    alternates = False
    limit = 2000
    lastmod_field = "updated"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        """The section's newest lastmod, for the index, in one query (Django's default reads every item)."""
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            address = urlsplit(url["location"])
            url["alternates"] = [
                {"lang_code": code, "location": location}
                for code, location in language_alternates(
                    address.path, f"{address.scheme}://{address.netloc}"
                )
            ]
        return urls
