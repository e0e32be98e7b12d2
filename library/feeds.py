"""Atom feed of the newest published documents, for the whole library or any filtered search."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clearinghouse.atom import AtomFeed, day_start, self_url
from clearinghouse.templatetags.clearinghouse_tags import markdown

from .catalogue import catalogue

FEED_SIZE = 50


class DocumentFeed(Feed):
    """Public. The same query string as the catalogue gives the same documents, newest first."""

    feed_type = AtomFeed
    title = _("Anti-Trafficking Clearinghouse: resource library")
    subtitle = _("Newly published standards, guidelines, training materials and reports.")

    def get_object(self, request, *args, **kwargs):
        return request  # the feed instance is shared between requests: nothing is kept on it

    def feed_url(self, request):
        return self_url(request)

    def feed_extra_kwargs(self, request):
        return {"authors": [settings.SITE_NAME]}

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("library:document_list") + (f"?{query}" if query else "")

    def items(self, request):
        params = request.GET.copy()
        if "sort" not in params or params["sort"] == "relevance":
            params["sort"] = "newest"
        documents = catalogue(params, with_facets=False, works=False).queryset
        return documents.order_by("-first_published", "-pk").with_lists()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The summary as the document page shows it: markdown rendered and sanitised (nh3)."""
        return markdown(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        """The day it was published, when known (the date of cataloguing is not publication)."""
        return day_start(item.publication_date)

    def item_updateddate(self, item):
        return item.updated

    def item_extra_kwargs(self, item):
        names = item.author_list or [o.name for o in item.publishers.all()]
        language = item.language if item.language != "other" else None
        return {"authors": names or [settings.SITE_NAME], "language": language}

    def item_categories(self, item):
        return [item.get_kind_display()]
