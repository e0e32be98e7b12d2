"""The work queue (clearinghouse.work_queue): on the demo data, every box's count equals the number
of rows of the list its link opens, for the user who sees it; a fund reviewer and a curator see
different boxes; one query per box."""

import importlib
from io import StringIO

import pytest
from django.utils import timezone

from clearinghouse import roles
from clearinghouse.work_queue import boxes_for, registered
from tests.factories import UserFactory
from tests.html import main, select

pytestmark = pytest.mark.django_db

DEMO_MODULES = [
    "clearinghouse.demo",
    "programmes.demo",
    "library.demo",
    "fund.demo",
    "roster.demo",
    "events.demo",
    "monitoring.demo",
]
LIBRARY = {"library.review", "library.extraction"}
FUND_FOR_REVIEWERS = {"fund.consultation", "fund.review", "fund.decision"}


@pytest.fixture
def demo(seeded, media_root):
    for path in DEMO_MODULES:
        importlib.import_module(path).load(StringIO())


@pytest.fixture
def curator(demo):
    """Accounts of our own (the demo's have two-factor devices, which force_login does not pass)."""
    return UserFactory(username="queue-curator", role=roles.CURATOR, is_staff=True)


@pytest.fixture
def reviewer(demo):
    return UserFactory(username="queue-reviewer", role=roles.REVIEWER)


def rows(client, url: str) -> int:
    """The rows of the list the box links to: the admin's result table, or the fund's staff list."""
    response = client.get(url)
    assert response.status_code == 200, url
    if url.startswith("/admin/"):
        assert "?e=" not in response.request["QUERY_STRING"]
        return len(select(response, "#result_list tbody tr"))
    return len(select(main(response), "table tbody tr td:first-child a"))


def counted(user):
    return {box.key: box for box in boxes_for(user, today=timezone.localdate())}


def test_every_box_has_been_registered():
    keys = {box.key for box in registered()}
    assert keys >= {
        "library.review",
        "library.extraction",
        "roster.vetting",
        "roster.requests",
        "directory.verification",
        "fund.consultation",
        "fund.review",
        "fund.decision",
        "fund.reports",
        "monitoring.review",
        "events.registrations",
    }


@pytest.mark.parametrize("key", sorted(box.key for box in registered()))
def test_curators_box_count_equals_its_lists_rows(client, demo, curator, key):
    box = counted(curator)[key]
    client.force_login(curator)
    assert rows(client, box.url) == box.count


@pytest.mark.parametrize("key", sorted(FUND_FOR_REVIEWERS))
def test_reviewers_box_count_equals_its_lists_rows(client, demo, reviewer, key):
    box = counted(reviewer)[key]
    client.force_login(reviewer)
    assert rows(client, box.url) == box.count


def test_reviewer_and_curator_see_different_boxes(demo, curator, reviewer, officer_a):
    for_curator, for_reviewer = set(counted(curator)), set(counted(reviewer))
    assert for_curator >= LIBRARY and not LIBRARY & for_reviewer
    assert for_reviewer == FUND_FOR_REVIEWERS
    assert counted(officer_a) == {}


def test_the_demo_data_fills_the_boxes(demo, curator):
    """The counts above compare something: the demo leaves items waiting in most boxes."""
    filled = {key for key, box in counted(curator).items() if box.count}
    assert len(filled) >= 5, filled


def test_admin_index_opens_on_the_boxes_with_one_query_each(
    client, demo, curator, django_assert_max_num_queries
):
    client.force_login(curator)
    client.get("/admin/")  # warm the session and permission caches
    boxes = counted(curator)
    with django_assert_max_num_queries(len(boxes) + 12):
        response = client.get("/admin/")
    shown = select(response, ".work-queue li")
    assert [li.get("data-box") for li in shown] == list(boxes)
    first = shown[0]
    assert select(first, ".work-queue-count")[0].text == str(boxes[first.get("data-box")].count)


def test_each_box_counts_with_one_query(demo, curator, django_assert_num_queries):
    boxes = [box for box in registered() if box.may_see(curator)]
    for box in boxes:
        with django_assert_num_queries(1):
            box.items(timezone.localdate()).count()


def test_staff_pages_show_their_pillars_boxes(client, demo, reviewer, curator):
    client.force_login(reviewer)
    dashboard = client.get("/fund/dashboard/")
    assert {li.get("data-box") for li in select(main(dashboard), ".work-queue li")} == FUND_FOR_REVIEWERS
    client.force_login(curator)
    roster = client.get("/roster/experts/")
    assert {li.get("data-box") for li in select(main(roster), ".work-queue li")} == {
        "roster.vetting",
        "roster.requests",
    }
