"""Acceptance 4: the round dashboard shows the requested total against the envelope and each
criterion's average with n/a left out. Reviews: scores 1-5 or n/a, conflicts and recusal, no review
by a member of the submitting mission; batch decisions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clearinghouse import roles
from fund.choices import ProposalStatus
from fund.models import Review
from fund.services import NotAllowed
from fund.services.review import review_save
from fund.services.rounds import round_summary
from tests.factories import UserFactory
from tests.html import main_text, select, text

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(db):
    return [UserFactory(role=roles.REVIEWER) for _ in range(3)]


@pytest.fixture
def under_review(officer_a, officer_b, curator, funding_round):
    first = advance(make_proposal(officer_a, title="First"), "under_review", officer=officer_a, staff=curator)
    second = advance(
        make_proposal(officer_b, title="Second", countries=("AM",), requested_amount=Decimal("13000")),
        "under_review",
        officer=officer_b,
        staff=curator,
    )
    return first, second


def score(proposal, user, impact, partners, cooperation, networking, **kwargs):
    return review_save(
        proposal=proposal,
        user=user,
        scores={"impact": impact, "partners": partners, "cooperation": cooperation, "networking": networking},
        recommendation="approve",
        **kwargs,
    )


def test_round_dashboard_totals_and_averages_without_na(
    client, curator, reviewers, under_review, funding_round
):
    first, second = under_review
    score(first, reviewers[0], 5, None, 3, None)
    score(first, reviewers[1], 3, 4, None, None)
    score(second, reviewers[0], 4, 2, 3, None)
    # A recused reviewer's scores never count.
    score(
        second, reviewers[2], 1, 1, 1, 1, conflict_of_interest=True, conflict_note="My sister runs the NGO."
    )
    summary = round_summary(funding_round=funding_round)
    averages = dict(summary.criterion_averages)
    assert averages["Concrete impact and short-term results"] == pytest.approx(4.0)  # (5+3+4)/3
    assert averages["National partners and grassroots capacity"] == pytest.approx(
        3.0
    )  # (4+2)/2, n/a left out
    assert averages["Co-operation between State and NGO actors"] == pytest.approx(3.0)
    assert averages["Regional networking and project development"] is None  # only n/a (and a recused 1)
    assert summary.requested_total == Decimal("25000.00") and summary.over_envelope is False

    client.force_login(curator)
    response = client.get(reverse("fund:round_detail", args=[funding_round.pk]))
    assert response.status_code == 200
    figures = {
        text(dt): text(dd)
        for dt, dd in zip(select(response, "main dt"), select(response, "main dd"), strict=True)
    }
    assert figures["Envelope"] == "EUR 50,000"
    assert figures["Requested total"].startswith("EUR 25,000 ")
    assert select(response, 'main progress[value="50"][max="100"]')  # 50% of the envelope
    shown = {
        text(row[0]): text(row[1])
        for row in select(response, 'main section[aria-labelledby="criteria-title"] tbody tr')
    }
    assert shown == {
        "Concrete impact and short-term results": "4.00",
        "National partners and grassroots capacity": "3.00",
        "Co-operation between State and NGO actors": "3.00",
        "Regional networking and project development": "–",
    }
    assert "more than the envelope" not in main_text(response)


def test_requested_total_over_the_envelope_is_flagged(client, curator, under_review, funding_round):
    funding_round.envelope = Decimal("20000")
    funding_round.save()
    client.force_login(curator)
    response = client.get(reverse("fund:round_detail", args=[funding_round.pk]))
    assert response.status_code == 200
    assert [text(flag) for flag in select(response, "main dd .fund-flag")] == ["more than the envelope"]


def test_weighted_score_uses_round_weights_and_skips_na(reviewers, under_review, funding_round):
    first, _second = under_review
    review = score(first, reviewers[0], 5, 1, None, None)
    assert (
        review.weighted_score({"impact": 3, "partners": 1, "cooperation": 1, "networking": 1}) == 4.0
    )  # (15+1)/4


def test_batch_decisions(
    client, curator, under_review, funding_round, mailbox, django_capture_on_commit_callbacks
):
    first, second = under_review
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fund:round_detail", args=[funding_round.pk]),
            {"action": "approve", "proposals": [first.pk, second.pk], "note": ""},
        )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == ProposalStatus.APPROVED
    assert second.approved_amount == Decimal("13000.00")
    assert len([m for m in mailbox if "Decision" in m.subject]) == 2


def test_batch_rejection_needs_reasons(client, curator, under_review, funding_round):
    first, _second = under_review
    client.force_login(curator)
    response = client.post(
        reverse("fund:round_detail", args=[funding_round.pk]), {"action": "reject", "proposals": [first.pk]}
    )
    assert response.status_code == 200 and "Give the reasons for the rejection." in main_text(response)
    first.refresh_from_db()
    assert first.status == ProposalStatus.UNDER_REVIEW


def test_member_of_the_submitting_mission_cannot_review(client, under_review, mission_a):
    first, _second = under_review
    insider = UserFactory(role=roles.REVIEWER, organisation=mission_a)
    with pytest.raises(NotAllowed):
        score(first, insider, 5, 5, 5, 5)
    client.force_login(insider)
    assert client.get(reverse("fund:review", args=[first.pk])).status_code == 403
    assert not Review.objects.exists()


def test_review_form_scores_na_and_recusal(client, reviewer, under_review):
    first, _second = under_review
    client.force_login(reviewer)
    url = reverse("fund:review", args=[first.pk])
    response = client.post(url, {"score_impact": "4"})
    assert response.status_code == 200
    assert "Give a score from 1 to 5, or n/a." in text(select(response, "main #error-summary")[0])
    response = client.post(
        url,
        {
            "score_impact": "4",
            "score_partners": "na",
            "score_cooperation": "2",
            "score_networking": "na",
            "recommendation": "approve",
            "comment": "Solid.",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.scores() == {"impact": 4, "partners": None, "cooperation": 2, "networking": None}
    # Declaring a conflict recuses the reviewer and clears the scores.
    response = client.post(url, {"conflict_of_interest": "on", "conflict_note": "Former employer."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (
        review.recused and review.conflict_of_interest and review.scores() == dict.fromkeys(review.scores())
    )
    response = client.post(url, {"conflict_of_interest": "on"})
    assert response.status_code == 200
    assert "Describe the conflict of interest." in text(select(response, "#error-summary")[0])


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "expert_user"])
def test_staff_pages_refuse_others(who, client, request, funding_round):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("fund:dashboard"),
        reverse("fund:round_list"),
        reverse("fund:round_detail", args=[funding_round.pk]),
    ):
        assert client.get(url).status_code == 403


def test_staff_list_query_counts(client, curator, officer_a, funding_round, django_assert_max_num_queries):
    for n in range(3):
        advance(
            make_proposal(officer_a, title=f"P{n}", urgent=n == 0, urgent_justification="Now."),
            "under_review",
            officer=officer_a,
            staff=curator,
        )
    client.force_login(curator)
    urls = [
        reverse("fund:dashboard"),
        reverse("fund:round_detail", args=[funding_round.pk]),
        reverse("fund:proposal_list"),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    for n in range(4):
        advance(make_proposal(officer_a, title=f"Q{n}"), "under_review", officer=officer_a, staff=curator)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_mission_list_query_count(client, officer_a, funding_round, django_assert_max_num_queries):
    make_proposal(officer_a)
    client.force_login(officer_a)
    with django_assert_max_num_queries(20) as captured:
        assert client.get(reverse("fund:proposal_list")).status_code == 200
    for n in range(5):
        make_proposal(officer_a, title=f"R{n}")
    with django_assert_max_num_queries(len(captured)):
        response = client.get(reverse("fund:proposal_list"))
    assert response.status_code == 200
    assert "R4" in main_text(response)
