"""Atom feed of the newest published documents, for the whole library or any filtered search."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from clearinghouse.templatetags.clearinghouse_tags import markdown

from .catalogue import catalogue

FEED_SIZE = 50


class DocumentFeed(Feed):
    """Public. The same query string as the catalogue gives the same documents, newest first."""

    feed_type = Atom1Feed
    title = _("Anti-Trafficking Clearinghouse: resource library")
    subtitle = _("Newly published standards, guidelines, training materials and reports.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return request.GET

    def link(self, params):
        query = params.urlencode()
        return reverse("library:document_list") + (f"?{query}" if query else "")

    def items(self, params):
        params = params.copy()
        if "sort" not in params or params["sort"] == "relevance":
            params["sort"] = "newest"
        documents = catalogue(params, with_facets=False).queryset
        return documents.order_by("-first_published", "-pk").with_lists()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The summary as the document page shows it: markdown rendered and sanitised (nh3)."""
        return markdown(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        names = item.author_list or [o.name for o in item.publishers.all()]
        return "; ".join(names) or None

    def item_categories(self, item):
        return [item.get_kind_display()]
