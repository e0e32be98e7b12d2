"""The fund users' proposal list: paginated with the same queries however many proposals a mission
has, and its kept rows never outlive the values they show."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from fund.models import Proposal
from fund.views.listing import PAGE_SIZE

from ..html import main, select, texts

pytestmark = pytest.mark.django_db


def _proposals(mission, count: int, start: int = 0) -> None:
    Proposal.objects.bulk_create(
        Proposal(reference=f"ATPF-LIST-{mission.pk}-{n:04d}", mission=mission, title=f"Shelter {n}")
        for n in range(start, start + count)
    )


def _page(client, django_assert_num_queries, queries: int, **params):
    with django_assert_num_queries(queries):
        return client.get(reverse("fund:proposal_list"), params)


def test_the_officers_page_is_paginated_with_constant_queries(
    client, officer_a, mission_a, mission_b, django_assert_max_num_queries, django_assert_num_queries
):
    _proposals(mission_a, 3)
    _proposals(mission_b, 2)
    client.force_login(officer_a)
    with django_assert_max_num_queries(20) as captured:
        response = client.get(reverse("fund:proposal_list"))
    assert len(select(main(response), "tbody tr")) == 3
    _proposals(mission_a, PAGE_SIZE + 7, start=3)
    first = _page(client, django_assert_num_queries, len(captured))
    rows = select(main(first), "tbody tr")
    assert len(rows) == PAGE_SIZE
    assert all(f"ATPF-LIST-{mission_a.pk}-" in reference for reference in texts(main(first), "tbody a"))
    assert select(main(first), 'nav.pagination a[rel="next"]')
    second = _page(client, django_assert_num_queries, len(captured), page=2)
    assert len(select(main(second), "tbody tr")) == 10
    shown = texts(main(first), "tbody a") + texts(main(second), "tbody a")
    assert sorted(shown) == sorted(
        Proposal.objects.filter(mission=mission_a).values_list("reference", flat=True)
    )


@override_settings(FUND_LIST_ROWS_CACHE_SECONDS=300)
def test_kept_rows_follow_every_change_of_what_they_show(client, officer_a, officer_b, mission_a, mission_b):
    cache.clear()
    _proposals(mission_a, 2)
    _proposals(mission_b, 1)
    client.force_login(officer_a)
    first = texts(main(client.get(reverse("fund:proposal_list"))), "tbody td:nth-child(2)")
    assert sorted(first) == ["Shelter 0", "Shelter 1"]
    # A bulk update (no save(), updated_at unchanged) still shows at once: the rows are read afresh.
    Proposal.objects.filter(mission=mission_a, title="Shelter 1").update(title="Safe house", urgent=True)
    mission_a.name = "Renamed mission"
    mission_a.save()
    body = main(client.get(reverse("fund:proposal_list")))
    assert sorted(texts(body, "tbody td:nth-child(2)")) == ["Safe house", "Shelter 0"]
    assert set(texts(body, "tbody td:nth-child(3)")) == {"Renamed mission"}
    assert len(select(body, "tbody .fund-urgent")) == 1
    # Another mission's officer never gets these rows.
    client.force_login(officer_b)
    other = main(client.get(reverse("fund:proposal_list")))
    assert texts(other, "tbody td:nth-child(2)") == ["Shelter 0"]
    assert "Safe house" not in other.text_content()
    cache.clear()
