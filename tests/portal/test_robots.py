"""robots.txt: plain text, cached, names the sitemap index by its absolute address and keeps crawlers
out of the private areas in both languages, never out of a page the sitemap lists."""

from urllib.robotparser import RobotFileParser

import pytest

from tests.library.factories import DocumentFactory

from .helpers import make_org

pytestmark = pytest.mark.django_db

PRIVATE = [
    "/accounts/login/",
    "/ru/accounts/login/",
    "/admin/",
    "/admin/library/document/",
    "/fund/proposals/",
    "/ru/fund/proposals/12/",
    "/fund/dashboard/",
    "/fund/rounds/",
    "/roster/me/",
    "/roster/apply/",
    "/ru/roster/experts/3/",
    "/events/me/",
    "/ru/events/registrations/abc/",
    "/monitoring/work/",
    "/ru/monitoring/work/4/",
    "/saved-searches/",
    "/ru/saved-searches/feed/secret-token/",
]
PUBLIC = ["/", "/ru/", "/library/", "/ru/library/some-report/", "/fund/projects/", "/countries/md/", "/oai/"]


def robots(client, **extra) -> tuple[str, RobotFileParser]:
    response = client.get("/robots.txt", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return text, parser


def test_names_the_sitemap_index_by_its_absolute_address(client):
    text, parser = robots(client)
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]
    assert text.startswith("User-agent: *\n")


def test_the_sitemap_address_follows_the_requests_host(client, settings):
    settings.ALLOWED_HOSTS = ["clearinghouse.example.org"]
    _text, parser = robots(client, HTTP_HOST="clearinghouse.example.org", secure=True)
    assert parser.site_maps() == ["https://clearinghouse.example.org/sitemap.xml"]


@pytest.mark.parametrize("path", PRIVATE)
def test_keeps_crawlers_out_of_private_areas(client, path):
    _text, parser = robots(client)
    assert not parser.can_fetch("AnyBot", f"http://testserver{path}")


@pytest.mark.parametrize("path", PUBLIC)
def test_lets_crawlers_into_public_pages(client, path):
    _text, parser = robots(client)
    assert parser.can_fetch("AnyBot", f"http://testserver{path}")


def test_staff_pages_of_events_are_disallowed_by_pattern(client):
    """`*` is part of RFC 9309 (Python's parser does not read it, so the rule is checked as text)."""
    text, _parser = robots(client)
    assert "Disallow: /events/*/manage/\n" in text and "Disallow: /ru/events/*/manage/\n" in text


def test_no_page_the_sitemap_lists_is_disallowed(client):
    DocumentFactory(title="Referral handbook", slug="referral-handbook")
    make_org("La Strada Robots")
    _text, parser = robots(client)
    locations = []
    for section in ("library", "directory", "countries", "regions"):
        body = client.get(f"/sitemap-{section}.xml").content.decode()
        locations += [part.split("</loc>")[0] for part in body.split("<loc>")[1:]]
    assert len(locations) > 20
    assert all(parser.can_fetch("AnyBot", location) for location in locations)


def test_is_cached_and_answers_head_but_not_post(client):
    response = client.get("/robots.txt")
    assert "max-age=86400" in response["Cache-Control"]
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405
