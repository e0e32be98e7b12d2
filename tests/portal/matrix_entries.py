"""The portal's rows for the project-wide permission matrix, which tests/security/test_permission_matrix.py
runs for every role (tests/security/matrix.py joins them)."""

from portal.services import saved_search_create
from tests.security.matrix import LOGIN, ROLES, Rule, everyone, signed_in

from .helpers import make_activity


def owner_only(owner: str, ok: int = 302) -> dict:
    expect = {role: ok if role == owner else 404 for role in ROLES}
    expect["anonymous"] = LOGIN
    return expect


PORTAL_MATRIX: dict[str, Rule] = {
    "directory": Rule(lambda w: "/directory/?country=MD", everyone()),
    "directory_csv": Rule(lambda w: "/directory/export.csv", everyone()),
    "inventory": Rule(lambda w: "/inventory/?country=MD", everyone()),
    "inventory_csv": Rule(lambda w: "/inventory/export.csv", everyone()),
    "inventory_matrix": Rule(lambda w: "/inventory/matrix/", everyone()),
    "inventory_detail": Rule(lambda w: w["activity"].get_absolute_url(), everyone()),
    "search": Rule(lambda w: "/search/?q=trafficking", everyone()),
    "saved_search_list": Rule(lambda w: "/saved-searches/", signed_in()),
    "saved_search_create": Rule(
        lambda w: "/saved-searches/new/?kind=inventory&query=country%3DMD", signed_in()
    ),
    "saved_search_delete": Rule(
        lambda w: f"/saved-searches/{w['saved_search_to_delete'].pk}/delete/",
        owner_only("expert"),
        method="post",
    ),
    "saved_search_feed": Rule(lambda w: f"/saved-searches/feed/{w['saved_search'].token}/", everyone()),
    # For search engines: the sitemap index, its sections and robots.txt (portal/machine_urls.py).
    "sitemap": Rule(lambda w: "/sitemap.xml", everyone()),
    "sitemap_section": Rule(lambda w: "/sitemap-library.xml", everyone()),
    "robots_txt": Rule(lambda w: "/robots.txt", everyone()),
}

CLEARINGHOUSE_HIDDEN: list[tuple[str, Rule]] = [
    ("inventory_detail (draft)", Rule(lambda w: w["activity_draft"].get_absolute_url(), everyone(404))),
    ("saved_search_feed (wrong token)", Rule(lambda w: "/saved-searches/feed/guessed-token/", everyone(404))),
    ("sitemap_section (no such section)", Rule(lambda w: "/sitemap-proposals.xml", everyone(404))),
]


def portal_world(users: dict) -> dict:
    return {
        "activity": make_activity("Matrix activity"),
        "activity_draft": make_activity("Matrix draft", published=False),
        "saved_search": saved_search_create(user=users["expert"], kind="inventory", query="country=MD"),
        "saved_search_to_delete": saved_search_create(
            user=users["expert"], kind="library", query="q=shelter"
        ),
    }
