"""What search engines read first: robots.txt, which names the sitemap index and keeps crawlers out of
the private areas. (The sitemap index and its sections are Django's views over portal/sitemaps.py.)"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from clearinghouse.alternates import origin_of

# Areas behind a sign-in, a private token or a staff role, in every interface language (a robots.txt
# rule is a path prefix; `*` matches any characters, as RFC 9309 and the main crawlers read it).
PRIVATE_AREAS = (
    "accounts/",
    "fund/proposals/",
    "fund/dashboard/",
    "fund/rounds/",
    "roster/",
    "events/me/",
    "events/registrations/",
    "events/manage/",
    "events/*/manage/",
    "monitoring/work/",
    "monitoring/recommendations/",
    "saved-searches/",
)
# Outside the language prefix.
PRIVATE_MACHINE_AREAS = ("/admin/", "/i18n/")


def disallowed_paths() -> list[str]:
    paths = list(PRIVATE_MACHINE_AREAS)
    for code, _name in settings.LANGUAGES:
        with override(code):
            home = reverse("home")  # "/" for English, "/ru/" for Russian
        paths += [home + area for area in PRIVATE_AREAS]
    return paths


@require_safe
@cache_page(60 * 60 * 24)
def robots_txt(request):
    """Public. The rules for crawlers and the sitemap index's absolute address (from the request's host)."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed_paths()), ""]
    lines.append(f"Sitemap: {origin_of(request)}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
