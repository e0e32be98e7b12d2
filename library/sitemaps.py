"""Sitemap sections of the library: published documents and public collections."""

from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest

from clearinghouse.sitemaps import PageSitemap

from .models import Collection, Document, DocumentStatus


class DocumentSitemap(PageSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Document.objects.published().order_by("pk").only("slug", "updated")


class CollectionSitemap(PageSitemap):
    """A collection's page lists its published documents: it changes with them too."""

    changefreq = "monthly"
    priority = 0.5
    lastmod_field = "page_updated"

    def items(self):
        newest_document = Max(
            "items__document__updated", filter=Q(items__document__status=DocumentStatus.PUBLISHED)
        )
        return (
            Collection.objects.filter(is_public=True)
            .annotate(page_updated=Greatest("updated", Coalesce(newest_document, "updated")))
            .order_by("pk")
            .only("slug", "updated")
        )

    def get_latest_lastmod(self):
        return max((collection.page_updated for collection in self.items()), default=None)


SITEMAPS = {"library": DocumentSitemap, "collections": CollectionSitemap}
