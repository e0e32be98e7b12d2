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


def test_every_box_count_equals_its_lists_rows_and_roles_see_their_boxes(
    client, demo, curator, reviewer, officer_a
):
    """One demo load for every box (loading the demo takes most of this file's time): the curator's
    boxes and the reviewer's fund boxes each count what their link lists; each role sees its own boxes;
    the demo leaves items waiting in most boxes, so the comparisons compare something."""
    mismatches = {}
    for user in (curator, reviewer):
        client.force_login(user)
        for key, box in counted(user).items():
            listed = rows(client, box.url)
            if listed != box.count:
                mismatches[f"{user.username} {key}"] = (box.count, listed)
    assert mismatches == {}
    for_curator, for_reviewer = set(counted(curator)), set(counted(reviewer))
    assert for_curator == {box.key for box in registered()}
    assert for_curator >= LIBRARY and not LIBRARY & for_reviewer
    assert for_reviewer == FUND_FOR_REVIEWERS
    assert counted(officer_a) == {}
    filled = {key for key, box in counted(curator).items() if box.count}
    assert len(filled) >= 5, filled


def test_admin_index_and_staff_pages_show_the_boxes_with_one_query_each(
    client, demo, curator, reviewer, django_assert_max_num_queries, django_assert_num_queries
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

    # each box counts with one query
    boxes = [box for box in registered() if box.may_see(curator)]
    for box in boxes:
        with django_assert_num_queries(1):
            box.items(timezone.localdate()).count()

    # the staff pages show their pillar's boxes
    client.force_login(reviewer)
    dashboard = client.get("/fund/dashboard/")
    assert {li.get("data-box") for li in select(main(dashboard), ".work-queue li")} == FUND_FOR_REVIEWERS
    client.force_login(curator)
    roster = client.get("/roster/experts/")
    assert {li.get("data-box") for li in select(main(roster), ".work-queue li")} == {
        "roster.vetting",
        "roster.requests",
    }
