"""The admin carries the portal's name and icon, in both languages."""

import re
from pathlib import Path

import django.contrib.admin as django_admin
import lxml.html
import pytest
from django.contrib import admin
from django.template import engines
from django.template.loader import get_template
from django.utils import translation

from tests.html import select, text

pytestmark = pytest.mark.django_db


def test_admin_is_branded_with_the_portals_name_and_icon(client, curator):
    client.force_login(curator)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert text(select(page, "#site-name")[0]) == "Anti-Trafficking Clearinghouse administration"
    assert text(select(page, "title")[0]).startswith("Curation")
    assert text(select(page, "title")[0]).endswith("Anti-Trafficking Clearinghouse")
    icons = select(page, 'link[rel="icon"]')
    assert len(icons) == 1 and icons[0].get("href").endswith("favicon.svg")


def test_admin_names_are_translated():
    """The admin lives outside the language prefix (so it answers in English); its names are
    translatable all the same, for a Russian admin later."""
    with translation.override("ru"):
        assert "Информационного центра" in str(admin.site.site_header)
        assert "Информационный центр" in str(admin.site.site_title)
        assert str(admin.site.index_title) == "Курирование"


def _sidebar(html: str):
    """The sidebar's <nav> element."""
    return lxml.html.fragment_fromstring(html, create_parent="div").cssselect("#nav-sidebar")[0]


def _markup(element) -> str:
    """The element written out again, without the whitespace between tags."""
    written = lxml.html.tostring(element, encoding="unicode")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", written)).strip()


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("superuser", "/admin/fund/proposal/"),
        ("curator", "/admin/library/document/1/change/"),
        ("curator", "/admin/"),
        ("reviewer", "/admin/"),  # no admin permission at all: the sidebar says so
    ],
)
def test_the_navigation_sidebar_is_djangos(rf, request, user, path):
    """The sidebar (written in Python, clearinghouse.templatetags.admin_nav) has the markup of
    Django's own template, the current app and model marked the same, in both languages."""
    djangos = Path(django_admin.__file__).parent / "templates" / "admin" / "nav_sidebar.html"
    request_ = rf.get(path)
    request_.user = request.getfixturevalue(user)
    for language in ("en", "ru"):
        with translation.override(language):
            context = admin.site.each_context(request_)
            ours = _sidebar(get_template("admin/nav_sidebar.html").render(context, request_))
            theirs = _sidebar(engines["django"].from_string(djangos.read_text()).render(context, request_))
            assert _markup(ours) == _markup(theirs)
    if user == "superuser":
        current = select(ours, "tr.current-model a[aria-current=page]")
        assert [a.get("href") for a in current] == ["/admin/fund/proposal/"]


def test_the_sidebars_names_are_plain_text_in_djangos_order(rf, superuser):
    """The app list's names are translated once (not at every comparison of the sort), and sorted
    as Django sorts them."""
    request = rf.get("/admin/")
    request.user = superuser
    apps = admin.site.get_app_list(request)

    assert all(type(app["name"]) is str for app in apps)
    for app in apps:
        names = [model["name"] for model in app["models"]]
        assert all(type(name) is str for name in names)
        assert names == sorted(names)
    assert [app["name"] for app in apps] == sorted((app["name"] for app in apps), key=str.lower)
