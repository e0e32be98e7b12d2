"""Saved searches of signed-in users and their Atom feeds."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.atom import AtomFeed, day_start
from clearinghouse.templatetags.clearinghouse_tags import markdown

from ..models import SavedSearch, SavedSearchKind
from ..services import (
    clean_query,
    saved_search_create,
    saved_search_delete,
    saved_search_describe,
    saved_search_matches,
)


@login_required
def saved_search_list(request):
    """Signed-in users: their own saved searches only."""
    searches = list(request.user.saved_searches.all())
    for s in searches:
        s.list_url = saved_search_describe(s)
    return render(request, "portal/saved_searches.html", {"searches": searches})


@login_required
def saved_search_create_view(request):
    """Signed-in users: save the library or inventory search they are looking at.

    GET (a link from a search page, or the form on the saved-searches page) shows what will be
    saved; POST saves it. Search words typed in "words" become the query when no query is given.
    """
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    query = data.get("query", "")
    if not query and data.get("words", "").strip():
        query = urlencode({"q": data["words"].strip()})
    if kind not in SavedSearchKind.values:
        messages.error(request, _("This search cannot be saved."))
        return redirect("saved_search_list")
    if request.method != "POST":
        return render(
            request,
            "portal/saved_search_confirm.html",
            {"kind": kind, "kind_label": SavedSearchKind(kind).label, "query": clean_query(kind, query)},
        )
    saved = saved_search_create(
        user=request.user, kind=kind, query=query, name=data.get("name", ""), language=get_language() or "en"
    )
    messages.success(request, _("Search saved. You will receive a weekly digest of new matches."))
    return redirect(saved_search_describe(saved))


@login_required
@require_POST
def saved_search_delete_view(request, pk):
    """Signed-in users: delete one of their own saved searches; another user's answers 404."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved_search_delete(user=request.user, saved=saved)
    messages.success(request, _("Saved search deleted."))
    return redirect("saved_search_list")


class SavedSearchFeed(Feed):
    """Anyone holding the unguessable token: the Atom feed of one saved search (public content only)."""

    feed_type = AtomFeed

    def get_object(self, request, token):
        return get_object_or_404(SavedSearch, token=token)

    def title(self, obj):
        return _("Saved search: %(name)s") % {"name": obj.name}

    def link(self, obj):
        return saved_search_describe(obj)

    def subtitle(self, obj):
        return _("New public matches for a saved search of the Anti-Trafficking Clearinghouse.")

    def items(self, obj):
        return saved_search_matches(obj, limit=50)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Sanitised as the pages show summaries (curated markdown, never raw HTML in a feed reader).
        return markdown(item.summary)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False

    def feed_extra_kwargs(self, obj):
        return {"authors": [settings.SITE_NAME]}

    def item_extra_kwargs(self, item):
        return {"authors": item.authors or [settings.SITE_NAME]}

    def item_pubdate(self, item):
        return day_start(item.published)

    def item_updateddate(self, item):
        return item.date
