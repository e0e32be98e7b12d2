"""Keyset pagination: a cursor is the position of the last item shown in the list's order, so
walking every page gives each item once, in order, even when records are added between requests;
a cursor the list did not give out (forged, altered, from another list or other filters) answers
400 in the API's error format; the OpenAPI document describes the cursor."""

import base64
import datetime
import json

import pytest
from django.utils.http import http_date

from clearinghouse.models import Country, Organisation, Region
from library.catalogue import catalogue
from library.models import Collection, Document
from tests.library.factories import DocumentFactory
from tests.portal.helpers import make_activity

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"


def walk(api, url: str, params: dict, between=None) -> tuple[list, int]:
    """The ids of every page, following `next`; `between(n)` runs after the n-th page."""
    seen, pages = [], 0
    body = api.json(url, params)
    while pages < 50:
        seen += [item["id"] for item in body["results"]]
        pages += 1
        if not body["next"]:
            return seen, pages
        assert body["next"].startswith(SERVER)
        if between:
            between(pages)
        body = api.json(body["next"].removeprefix(SERVER))
    raise AssertionError("the walk did not end")


def document(title: str, year: int | None, day: int | None = None) -> Document:
    when = datetime.date(year or 2000, 1, day) if day else None
    return DocumentFactory(title=title, publication_year=year, publication_date=when)


@pytest.fixture
def documents(seeded):
    """Documents with equal and missing order keys (years, dates, titles), so ties and NULLs are
    crossed by the page boundaries."""
    made = []
    for n in range(14):
        year = None if n % 5 == 0 else 2010 + n % 3
        title = "Trafficking report" if n % 4 == 0 else f"Trafficking study {n:02d}"
        made.append(document(title, year, day=(n % 3 + 1) if n % 2 else None))
    return made


@pytest.mark.parametrize("params", [{}, {"sort": "title"}, {"sort": "newest"}, {"q": "trafficking"}])
def test_walking_the_documents_gives_each_once_in_order_while_documents_are_added(api, documents, params):
    added: list[Document] = []

    def add(pages):
        # One document that sorts before everything already shown (a newer year, or a title in
        # front), one equal to what is already there, one that sorts after everything.
        added.append(document("A trafficking atlas", 2030, day=1))
        added.append(document("Trafficking report", 2011))
        added.append(document("Zoned trafficking survey", None))

    seen, pages = walk(api, "/api/v1/documents/", {**params, "limit": 3}, between=add)
    assert pages >= 5
    assert len(seen) == len(set(seen)), "an item came twice"
    assert {d.pk for d in documents} <= set(seen), "an item was skipped"
    final = list(catalogue(params).queryset.values_list("pk", flat=True))
    assert seen == [pk for pk in final if pk in set(seen)], "out of order"
    if "q" not in params:  # (ranks differ by database) the last title and the NULL years come later
        assert {d.pk for d in added} & set(seen), "rows added after the cursor do not appear"


def test_a_walk_without_changes_gives_exactly_the_catalogue(api, documents):
    seen, pages = walk(api, "/api/v1/documents/", {"sort": "newest", "limit": 4})
    assert seen == list(catalogue({"sort": "newest"}).queryset.values_list("pk", flat=True))
    assert pages == -(-len(seen) // 4)


def test_walking_the_activities_gives_each_once_in_order_while_activities_are_added(api, seeded):
    initial = [make_activity(f"Shelter network {n % 4}") for n in range(9)]

    def add(pages):
        make_activity("Aardvark outreach")  # before everything shown
        make_activity("Shelter network 1")  # a tie with rows already shown
        make_activity("Zebra crossing hotline")  # after everything

    seen, _pages = walk(api, "/api/v1/activities/", {"limit": 2, "source": "activity"}, between=add)
    assert len(seen) == len(set(seen))
    body = api.json("/api/v1/activities/", {"limit": 100, "source": "activity"})
    final = [(a["title"].lower(), int(a["id"].split("-")[1])) for a in body["results"]]
    assert final == sorted(final)
    order = [a["id"] for a in body["results"]]
    assert seen == [i for i in order if i in set(seen)]
    assert order[0] not in seen and order[-1] in seen  # "Aardvark" came too late, "Zebra" in time
    assert {f"activity-{a.pk}" for a in initial} <= set(seen)


def cursor_of(api, url: str, params: dict) -> str:
    body = api.json(url, params)
    return body["next"].split("cursor=")[1].split("&")[0]


def altered(cursor: str, change) -> str:
    data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    change(data)
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_a_bad_cursor_answers_400_in_the_error_format(api, documents):
    good = cursor_of(api, "/api/v1/documents/", {"limit": 3})
    assert api.json("/api/v1/documents/", {"limit": 3, "cursor": good})["results"]

    def shifted(data):
        data["k"][-1] += 1

    bad = [
        "not-ours",
        "e30",  # {}
        good[:-2],
        altered(good, shifted),  # another position, not signed
        altered(good, lambda data: data.update(k=data["k"][:-1])),
    ]
    for cursor in bad:
        body = api.json("/api/v1/documents/", {"limit": 3, "cursor": cursor}, status=400)
        assert body["error"]["code"] == "bad_cursor", cursor
        assert set(body) == {"error"}
    # A cursor belongs to its list, its filters and its order: elsewhere it is stale.
    for url, params in [
        ("/api/v1/documents/", {"limit": 3, "sort": "title", "cursor": good}),
        ("/api/v1/documents/", {"limit": 3, "q": "trafficking", "cursor": good}),
        ("/api/v1/countries/", {"limit": 3, "cursor": good}),
    ]:
        assert api.json(url, params, status=400)["error"]["code"] == "bad_cursor", params


def test_a_cursor_may_change_its_page_size_and_fields(api, documents):
    good = cursor_of(api, "/api/v1/documents/", {"limit": 3})
    body = api.json("/api/v1/documents/", {"limit": 5, "fields": "id", "cursor": good})
    assert len(body["results"]) == 5 and set(body["results"][0]) == {"id"}


def test_the_openapi_document_describes_the_cursor(spec):
    for path in ("/api/v1/documents/", "/api/v1/activities/", "/api/v1/countries/"):
        parameters = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        cursor = parameters["cursor"]
        assert cursor["in"] == "query" and cursor["schema"]["type"] == "string"
        assert "base64" in cursor["description"] and "400" in cursor["description"]


@pytest.mark.parametrize("name", ["countries", "regions", "organisations", "collections"])
def test_records_without_history_have_their_own_updated_time_and_last_modified_follows_it(
    api, seeded, time_machine, name
):
    model = {
        "countries": Country,
        "regions": Region,
        "organisations": Organisation,
        "collections": Collection,
    }
    if name == "collections":
        Collection.objects.create(title="Referral", slug="referral", is_public=True)
    record = model[name].objects.order_by("pk").first()
    moment = datetime.datetime(2031, 5, 4, 12, 30, tzinfo=datetime.UTC)
    time_machine.move_to(moment, tick=False)
    record.save()
    body = api.json(f"/api/v1/{name}/", {"limit": 100})
    assert body["results"] and all(item["updated"] for item in body["results"])
    listed = api.get(f"/api/v1/{name}/", {"limit": 100})
    assert listed["Last-Modified"] == http_date(moment.timestamp())
    assert max(item["updated"] for item in body["results"]).startswith("2031-05-04T12:30")
