"""The admin carries the portal's name and icon, in both languages."""

import pytest
from django.contrib import admin
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
