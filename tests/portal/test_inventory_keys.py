"""A page of the inventory (the /inventory/ page, the API's activities) builds only its own rows: the
order of every matching row comes from one light query (inventory_keys), then the page's rows are read
(inventory_rows_for). Both must give exactly what building every row and sorting it gives, for every
filter and in both languages, and the number of queries must not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clearinghouse.models import Country, Theme
from portal.inventory import inventory_keys, inventory_rows, inventory_rows_for, row_key
from programmes.models import ActivityStatus

from .helpers import make_activity, make_supported_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(seeded, mission_a):
    """Activities, the seed's outlines and supported projects, with titles that tie case aside."""
    make_activity("Shelter network", countries=("MD", "AM"), themes=("prevention",))
    make_activity("shelter network", countries=("UA",), activity_status=ActivityStatus.CLOSED)
    make_activity("Referral", countries=("MD",), title_ru="Перенаправление", themes=("protection",))
    make_activity("Hotline in Ukraine", countries=("UA",), activity_status=ActivityStatus.PIPELINE)
    make_supported_project(mission_a, "Shelter network", reference="ATPF-K-1")
    make_supported_project(mission_a, "", reference="ATPF-K-2", status="completed")
    make_supported_project(mission_a, "Hotline training", reference="ATPF-K-3", status="approved")


FILTERS = [
    {},
    {"source": "activity"},
    {"source": "outline"},
    {"source": "fund"},
    {"status": ActivityStatus.IMPLEMENTATION},
    {"status": ActivityStatus.CLOSED},
    {"status": ActivityStatus.PIPELINE},
    {"q": "shelter"},
    {"q": "hotline", "source": "fund"},
    {"country": "MD"},
    {"country": "UA", "status": ActivityStatus.CLOSED},
    {"theme": "prevention"},
]


def _objects(filters: dict) -> dict:
    found = dict(filters)
    if "country" in found:
        found["country"] = Country.objects.get(iso2=found["country"])
    if "theme" in found:
        found["theme"] = Theme.objects.get(slug=found["theme"])
    return found


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all"
)
def test_keys_and_page_rows_are_what_every_row_sorted_gives(mixed, filters, language):
    with translation.override(language):
        every = inventory_rows(**_objects(filters))
        keys = inventory_keys(**_objects(filters))
        assert keys == [row_key(row) for row in every]
        assert keys == sorted(keys)
        for start in (0, 3):
            page = keys[start : start + 5]
            rows = inventory_rows_for(page)
            assert [row_key(row) for row in rows] == page
            expected = every[start : start + 5]
            assert [(r.url, r.status, r.countries, r.themes, r.implementers) for r in rows] == [
                (r.url, r.status, r.countries, r.themes, r.implementers) for r in expected
            ]


def test_the_matching_rows_are_found(mixed):
    titles = [title for title, _place, _pk in inventory_keys(q="shelter")]
    assert titles == ["shelter network"] * 3  # two activities and a supported project, case aside
    with translation.override("ru"):
        assert ("перенаправление", 0) in {(t, p) for t, p, _pk in inventory_keys(source="activity")}
    # A project without a title is known by its reference.
    assert [t for t, _p, _pk in inventory_keys(status=ActivityStatus.CLOSED, source="fund")] == ["atpf-k-2"]


def test_page_rows_take_a_constant_number_of_queries(mixed, mission_a):
    def queries(n: int) -> int:
        keys = inventory_keys()[:n]
        with CaptureQueriesContext(connection) as context:
            rows = inventory_rows_for(keys)
        assert len(rows) == len(keys)
        return len(context.captured_queries)

    few = queries(3)
    for i in range(30):
        make_activity(f"Bulk {i}", countries=("MD", "AM"), themes=("prevention",)).funders.set([mission_a])
        make_supported_project(mission_a, f"Bulk project {i}", reference=f"ATPF-B-{i}")
    assert queries(60) <= 6  # a query per source, then countries, themes and organisations
    assert few <= 6
    with CaptureQueriesContext(connection) as context:
        inventory_keys()
    assert len(context.captured_queries) == 1


def test_inventory_page_shows_its_page_of_the_order(client, mixed, mission_a):
    from tests.html import main_text

    for i in range(60):
        make_activity(f"Bulk {i:02d}", countries=("MD",))
    first = main_text(client.get("/inventory/"))
    second = main_text(client.get("/inventory/?page=2"))
    keys = inventory_keys()
    assert keys[0][0] in first.lower() and keys[49][0] in first.lower()
    assert keys[50][0] in second.lower() and keys[49][0] not in second.lower()


def test_matrix_from_the_link_tables_counts_what_the_rows_give(mixed, mission_a):
    from portal.inventory import inventory_lists, matrix

    make_activity("Two themes under one", countries=("MD", "MD"), themes=("prevention", "protection"))
    make_activity("No country", countries=(), themes=("prevention",))
    make_supported_project(mission_a, "Themed project", reference="ATPF-K-9").themes.set(
        Theme.objects.filter(slug="prevention")
    )
    countries = list(Country.objects.all())
    themes = list(Theme.objects.top_level().prefetch_related("children"))
    from_rows = [([c.pk for c in r.countries], [t.pk for t in r.themes]) for r in inventory_rows()]
    expected = matrix(from_rows, countries, themes)
    assert matrix(inventory_lists(), countries, themes) == expected
    assert sum(n for _country, cells in expected for _theme, n in cells) > 3
    with CaptureQueriesContext(connection) as context:
        inventory_lists()
    assert len(context.captured_queries) == 6
