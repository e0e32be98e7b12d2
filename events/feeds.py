"""Atom feed of events (public data only), newest changes first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event

FEED_SIZE = 50


class EventFeed(Feed):
    """Public. Conferences, meetings and trainings, most recently announced or changed first."""

    feed_type = Atom1Feed
    title = _("Anti-Trafficking Clearinghouse: events and trainings")
    subtitle = _("Conferences, meetings, training courses and workshops.")

    def link(self):
        return reverse("events:event_list")

    def items(self):
        return Event.objects.public().select_related("country").order_by("-updated_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.display_title} ({item.get_status_display()})"

    def item_description(self, item):
        return f"{item.local_start:%d %B %Y} · {item.place}\n\n{item.display_summary}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]
