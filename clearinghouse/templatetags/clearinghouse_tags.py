import functools

import nh3
from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt

from clearinghouse import alternates

register = template.Library()

# CommonMark without raw HTML: markup in the text is shown as text. nh3 then keeps only the tags a
# body text needs, as a second line of defence for curated and user-written text alike.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br", "blockquote", "code", "pre", "h3", "h4"}


@register.filter(is_safe=True)
def markdown(value) -> str:
    """Renders stored markdown (imported sections, curated summaries) as sanitised HTML."""
    if not value:
        return ""
    html = _md.render(str(value))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 above)


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and sort links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page's address in another language. Computed while rendering, when the active language
    matches the address (Django's set_language cannot resolve a prefixed address on its own when the
    default language has no prefix). A local `next` parameter (the sign-in page's) is translated too,
    so that signing in after switching keeps the chosen language."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    from django.urls import translate_url

    request = context["request"]
    parts = urlsplit(request.get_full_path())
    query = [
        (key, translate_url(value, language) if key == "next" and value.startswith("/") else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    path = alternates.version_of(request, language) or translate_url(parts.path, language)
    return f"{path}?{urlencode(query)}" if query else path


@register.inclusion_tag("clearinghouse/language_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """The page's `<link rel="alternate" hreflang>` links: the same helper writes the sitemap's."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    return {
        "alternates": alternates.language_alternates(
            request.path, alternates.origin_of(request), match=alternates.match_of(request)
        )
    }


@register.simple_tag(takes_context=True)
def work_queue(context, *groups):
    """The work-queue boxes the signed-in user can act on (of these pillars, or all), counted today:
    `{% work_queue "fund" as boxes %}{% include "includes/work_queue.html" %}`."""
    from django.utils import timezone

    from clearinghouse.work_queue import boxes_for

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return boxes_for(user, today=timezone.localdate(), groups=tuple(groups))


# The addresses of the site menu and the header's forms (names, not pillars: the core imports none).
SITE_URLS = (
    "home",
    "search",
    "programmes:programme_list",
    "country_list",
    "fund:project_list",
    "library:document_list",
    "monitoring:index",
    "directory",
    "inventory",
    "saved_search_list",
    "admin:index",
    "login",
    "logout",
    "set_language",
)


@functools.cache
def _site_urls(language: str, prefix: str, urlconf) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in SITE_URLS}


@register.simple_tag
def site_urls() -> dict[str, str]:
    """The header's addresses in the active language, reversed once per language and process (not
    on every page): `{% site_urls as urls %}` then `{{ urls.fund_project_list }}`."""
    return _site_urls(get_language(), get_script_prefix(), get_urlconf())


def _forget_site_urls(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _site_urls.cache_clear()


setting_changed.connect(_forget_site_urls)
