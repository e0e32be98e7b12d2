"""The admin's large change lists (documents, proposals, experts; issue 17): the filters that read
their values through an index, the count of a filtered list, the rows' action checkbox, and their
queries, which do not grow with the rows."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearinghouse import admin as clearinghouse_admin
from clearinghouse.admin import EstimatedCountPaginator
from fund.models import Proposal
from library.models import Document
from roster.choices import ExpertStatus
from roster.models import Expert
from tests.fund.factories import make_proposal
from tests.html import main, select, texts
from tests.library.factories import DocumentFactory
from tests.roster.factories import make_expert

pytestmark = pytest.mark.django_db


def _get_counted(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _filter_links(response, title: str) -> list[str]:
    """The choices of the change list's filter `title`, as shown in its sidebar."""
    return texts(main(response), f'#changelist-filter details[data-filter-title="{title}"] li a')


def test_the_year_filter_lists_each_year_of_the_documents_once(client, superuser):
    for year in (2019, 2003, 2019, 2011):
        DocumentFactory(publication_year=year)
    DocumentFactory(publication_year=None)
    client.force_login(superuser)
    url = reverse("admin:library_document_changelist")

    response = client.get(url)

    assert _filter_links(response, "year of publication") == ["All", "2003", "2011", "2019", "-"]
    found = texts(
        main(client.get(url, {"publication_year": "2019"})), "#result_list tbody td.field-publication_year"
    )
    assert found == ["2019", "2019"]


def test_the_documents_are_filtered_by_their_first_publication(client, superuser):
    DocumentFactory(title="Never published", status="draft")
    DocumentFactory(title="Published")
    client.force_login(superuser)
    url = reverse("admin:library_document_changelist")

    response = client.get(url)

    assert _filter_links(response, "first published") == [
        "Any date",
        "Today",
        "Past 7 days",
        "This month",
        "This year",
        "No date",
        "Has date",
    ]
    assert select(main(response), ".xfull") == []  # no date hierarchy: it read every document twice
    found = texts(main(client.get(url, {"first_published__isnull": "True"})), "#result_list tbody th")
    assert found == ["Never published"]
    found = texts(main(client.get(url, {"first_published__isnull": "False"})), "#result_list tbody th")
    assert found == ["Published"]


def test_the_consent_version_filter_leaves_out_erased_experts(client, superuser):
    make_expert("Kept Expert")
    erased = make_expert("Erased Expert")
    Expert.objects.filter(pk=erased.pk).update(status=ExpertStatus.ERASED, consent_version="2019-1")
    make_expert("No Consent", consent=False)
    client.force_login(superuser)

    response = client.get(reverse("admin:roster_expert_changelist"))

    assert _filter_links(response, "consent version") == [
        "All",
        "",
        Expert.objects.get(full_name="Kept Expert").consent_version,
    ]


def test_the_action_checkbox_of_a_large_list_is_the_admins(rf):
    document = DocumentFactory(title='Handbook <"1">')
    ours = admin.site.get_model_admin(Document).action_checkbox(document)
    theirs = admin.ModelAdmin(Document, admin.site).action_checkbox(document)

    assert str(ours) == str(theirs)


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the estimates are PostgreSQL's")
@pytest.mark.parametrize(("planned", "shown"), [(5_000, 5_000), (3, 6)])
def test_a_filtered_list_of_many_rows_shows_the_planners_estimate_if_it_expects_many(
    monkeypatch, planned, shown
):
    """Counted exactly up to the cap; beyond it, the planner's estimate when it expects more rows
    than the cap, and otherwise the rows are counted after all."""
    DocumentFactory.create_batch(6, status="draft")
    DocumentFactory(status="published")
    monkeypatch.setattr(EstimatedCountPaginator, "FILTERED_EXACT_UP_TO", 3)
    monkeypatch.setattr(clearinghouse_admin, "_planned_rows", lambda queryset: planned)

    assert EstimatedCountPaginator(Document.objects.filter(status="draft"), 50).count == shown
    assert EstimatedCountPaginator(Document.objects.filter(status="published"), 50).count == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the estimates are PostgreSQL's")
@pytest.mark.parametrize(("planned", "shown", "counted"), [(5_000, 5_000, False), (20, 6, True)])
def test_a_wide_tables_list_is_not_counted_when_the_planner_expects_many_rows(
    monkeypatch, planned, shown, counted
):
    """With ESTIMATED_ABOVE (the documents' admin), the planner is asked first: beyond that many
    rows its estimate is shown and nothing is counted; below, the rows are counted as before."""
    DocumentFactory.create_batch(6, status="draft")
    monkeypatch.setattr(clearinghouse_admin, "_planned_rows", lambda queryset: planned)
    paginator_class = admin.site.get_model_admin(Document).paginator
    monkeypatch.setattr(paginator_class, "ESTIMATED_ABOVE", 100)

    with CaptureQueriesContext(connection) as queries:
        count = paginator_class(Document.objects.filter(status="draft"), 50).count

    assert count == shown
    assert any("COUNT(" in q["sql"] for q in queries.captured_queries) is counted


def test_proposal_change_list_queries_do_not_grow_with_the_rows(client, superuser, officer_a):
    make_proposal(officer_a)
    client.force_login(superuser)
    url = reverse("admin:fund_proposal_changelist")
    client.get(url)  # the session's first request
    _response, few = _get_counted(client, url)
    for _ in range(12):
        make_proposal(officer_a)
    response, many = _get_counted(client, url)

    assert many == few
    assert len(select(main(response), "#result_list tbody tr")) == Proposal.objects.count() == 13


def test_expert_change_list_queries_do_not_grow_with_the_rows(client, superuser):
    make_expert()
    client.force_login(superuser)
    url = reverse("admin:roster_expert_changelist")
    client.get(url)  # the session's first request
    _response, few = _get_counted(client, url)
    for _ in range(12):
        make_expert()
    response, many = _get_counted(client, url)

    assert many == few
    assert len(select(main(response), "#result_list tbody tr")) == 13


def test_a_filter_through_a_relation_lists_each_row_once_in_the_lists_order(client, superuser):
    """An expert with two verified themes matches `expertise__verified` twice; the list shows them
    once each, in name order, without SELECT DISTINCT over the experts' columns."""
    both = ["national-referral-mechanisms", "victim-assistance"]
    make_expert("Zurab Verified Twice", verified_themes=both)
    make_expert("Ana Verified Once", verified_themes=both[:1])
    make_expert("Not Verified", themes=both[:1])
    client.force_login(superuser)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:roster_expert_changelist"), {"expertise__verified__exact": "1"})

    assert texts(main(response), "#result_list tbody th") == ["Ana Verified Once", "Zurab Verified Twice"]
    assert not [q for q in queries.captured_queries if 'DISTINCT "roster_expert"."id"' in q["sql"]]
