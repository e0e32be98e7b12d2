"""The public project list at scale: its totals, charts and filter form are computed once per
filter and language until a record is saved, the number of projects comes from the totals (no
COUNT query of its own), and the page reads the same with and without the cache."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.models import Proposal
from tests.html import texts

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'(csrfmiddlewaretoken" value="|nonce=")[^"]+')


def _page(client, params):
    """The page without what differs on every request (CSRF token, CSP nonce)."""
    return TOKEN.sub(rb"\1-", client.get(reverse("fund:project_list"), params).content)


@pytest.fixture
def chart_cache(settings):
    settings.FUND_CHART_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def projects(funding_round, officer_a, officer_b, curator):
    md = make_proposal(officer_a, title="Moldova project", countries=("MD",))
    advance(md, "approved", officer=officer_a, staff=curator)
    am = make_proposal(officer_b, title="Armenia project", countries=("AM",))
    advance(am, "completed", officer=officer_b, staff=curator)
    return md, am


def _totals(client, params=None):
    return client.get(reverse("fund:project_list"), params or {}).context["totals"]


def test_totals_are_kept_until_a_project_changes(
    chart_cache, client, projects, officer_a, curator, django_capture_on_commit_callbacks
):
    md, _am = projects
    assert _totals(client)["count"] == 2
    first_amount = _totals(client)["amount"]
    Proposal.objects.filter(pk=md.pk).update(approved_amount=Decimal("1"))  # no signal: the copy stays
    assert _totals(client)["amount"] == first_amount
    make_proposal(officer_a, title="Fourth")  # a private write (a mission's draft): the copy stays
    assert _totals(client)["amount"] == first_amount
    with django_capture_on_commit_callbacks(execute=True):
        advance(make_proposal(officer_a, title="Third"), "approved", officer=officer_a, staff=curator)
    fresh = _totals(client)  # a project became public: counted afresh
    assert fresh["count"] == 3 and fresh["amount"] != first_amount


def test_each_filter_has_its_own_totals_and_form(chart_cache, client, projects):
    assert _totals(client)["count"] == 2
    assert _totals(client, {"country": "AM"})["count"] == 1
    assert _totals(client, {"country": "MD"})["count"] == 1
    body = client.get(reverse("fund:project_list"), {"country": "AM"}).content.decode()
    assert '<option value="AM" selected>' in body
    body = client.get(reverse("fund:project_list")).content.decode()
    assert '<option value="AM" selected>' not in body


def test_invalid_filter_is_not_served_from_the_cache(chart_cache, client, projects):
    _totals(client)
    response = client.get(reverse("fund:project_list"), {"year": "abc"})
    assert response.context["totals"]["count"] == 0
    assert "error-summary" in response.content.decode()


@pytest.mark.parametrize("params", [{}, {"country": "AM"}, {"status": "completed"}])
def test_the_page_is_the_same_with_and_without_the_cache(settings, client, projects, params):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FUND_CHART_CACHE_SECONDS = 0
    plain = _page(client, params)
    settings.FUND_CHART_CACHE_SECONDS = 300
    cache.clear()
    client.get(reverse("fund:project_list"), params)
    cached = _page(client, params)
    cache.clear()
    assert cached == plain


def test_no_count_query_of_its_own(chart_cache, client, projects):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("fund:project_list"))
    assert response.context["paginator"].count == 2
    assert not [q for q in context.captured_queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]


def test_a_warm_page_reads_no_project_and_shows_a_new_one_once_public(
    chart_cache, client, projects, officer_a, curator, django_capture_on_commit_callbacks
):
    """The results (totals, charts, the page of projects) are kept per query string: a warm page
    runs no query at all; a project made public is listed at once."""
    client.get(reverse("fund:project_list"))
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("fund:project_list"))
    assert context.captured_queries == []
    assert "Moldova project" in " ".join(texts(response, "main article h3"))
    with django_capture_on_commit_callbacks(execute=True):
        advance(
            make_proposal(officer_a, title="Newly supported"), "approved", officer=officer_a, staff=curator
        )
    assert "Newly supported" in " ".join(texts(client.get(reverse("fund:project_list")), "main article h3"))
