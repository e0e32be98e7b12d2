"""Acceptance 2 and 4: ranking, per-factor reasons, near-misses, bounded queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roster import matching
from roster.choices import CEFR, ExpertStatus
from roster.matching import Criteria, count_matches, match
from roster.models import Candidate
from roster.services import request_set_weights, shortlist_add

from .factories import MARCH_3, MARCH_17, TODAY, make_evaluation, make_expert, make_request

pytestmark = pytest.mark.django_db
NRM = "national-referral-mechanisms"


@pytest.fixture
def seeded_roster():
    experts = {
        "tamar": make_expert(
            "Tamar Gelashvili",
            languages=[("ru", CEFR.C2), ("en", CEFR.B2)],
            verified_themes=[NRM],
            countries=[("GE", 6)],
            functions=["trainer"],
        ),
        "arsen": make_expert(
            "Arsen Petrosyan",
            languages=[("ru", CEFR.C1)],
            verified_themes=[NRM],
            countries=[("AM", 4)],
            functions=["trainer"],
        ),
        "olga": make_expert(
            "Olga Ivanova",
            languages=[("ru", CEFR.B2)],
            themes=[NRM],
            countries=[("GE", 2)],
            functions=["researcher"],
        ),
        "dmitri": make_expert("Dmitri Sokolov", languages=[("ru", CEFR.B2)], themes=["victim-assistance"]),
        "nino": make_expert(
            "Nino Beridze",
            languages=[("ru", CEFR.C2)],
            verified_themes=[NRM],
            countries=[("GE", 8)],
            functions=["trainer"],
            windows=[(date(2027, 3, 10), date(2027, 5, 31))],
        ),
        "ivan": make_expert(
            "Ivan Rusu", languages=[("ru", CEFR.B1)], verified_themes=[NRM], countries=[("GE", 3)]
        ),
        "pending": make_expert("Pending Applicant", verified_themes=[NRM], status=ExpertStatus.APPLIED),
        "withdrawn": make_expert(
            "Withdrawn Person", verified_themes=[NRM], countries=[("GE", 9)], withdrawn=True
        ),
        "twogates": make_expert(
            "Two Gates", languages=[("en", CEFR.C2)], windows=[(date(2027, 6, 1), date(2027, 7, 1))]
        ),
    }
    make_evaluation(experts["tamar"], 4.75)
    return experts


def test_request_ranks_the_seeded_set_in_the_expected_order(seeded_roster):
    req = make_request()  # Russian >= B2, national referral mechanisms, Georgia, 3-17 March, trainer
    result = match(Criteria.from_request(req), today=TODAY)
    names = [m.expert.full_name for m in result.candidates]
    assert names == ["Tamar Gelashvili", "Arsen Petrosyan", "Olga Ivanova", "Dmitri Sokolov"]
    scores = [m.score for m in result.candidates]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    assert result.matching_count == 4


def test_each_candidate_has_a_reason_for_every_factor(seeded_roster):
    result = match(Criteria.from_request(make_request()), today=TODAY)
    for m in result.candidates:
        assert [r["factor"] for r in m.reasons] == [key for key, _label in matching.FACTORS]
        assert all(r["text"] and 0 <= r["points"] <= r["max"] for r in m.reasons)
        assert round(sum(r["points"] for r in m.reasons), 1) == m.score
    reasons = {r["factor"]: r["text"] for r in result.candidates[0].reasons}
    assert "1 verified" in reasons["expertise"]
    assert "Russian C2 (B2 required)" in reasons["languages"]
    assert "6 years in Georgia" in reasons["experience"]
    assert "1 evaluation averaging 4.8" in reasons["track_record"]
    arsen = {r["factor"]: r["text"] for r in result.candidates[1].reasons}
    assert "elsewhere in Caucasus" in arsen["experience"]
    olga = {r["factor"]: r for r in result.candidates[2].reasons}
    assert "1 self-declared" in olga["expertise"]["text"]
    assert olga["expertise"]["points"] < 30  # self-declared counts less than verified


def test_experts_missing_one_gate_are_near_misses_with_the_reason(seeded_roster):
    result = match(Criteria.from_request(make_request()), today=TODAY)
    near = {m.expert.full_name: m.near_miss for m in result.near_misses}
    assert near["Nino Beridze"] == "Available only from 10 March."
    assert near["Ivan Rusu"] == "Russian only at B1 (B2 required)."
    assert near["Pending Applicant"].startswith("Not active on the roster")
    assert "Withdrawn Person" not in near and "Two Gates" not in near
    all_names = {m.expert.full_name for m in result.candidates + result.near_misses}
    assert "Withdrawn Person" not in all_names


@pytest.mark.parametrize(
    ("windows", "notice", "expected"),
    [
        ([(date(2027, 2, 1), date(2027, 3, 12))], 14, "Available only until 12 March."),
        (
            [(date(2027, 4, 1), date(2027, 4, 30))],
            14,
            "Not available on these dates; next available from 1 April.",
        ),
        ([], 14, "No availability recorded for these dates."),
        ([(date(2027, 2, 1), date(2027, 4, 30))], 60, "Needs 60 days' notice: available only from 16 March."),
    ],
)
def test_availability_near_miss_reasons(windows, notice, expected):
    make_expert("Someone", verified_themes=[NRM], windows=windows, notice_days=notice)
    result = match(Criteria.from_request(make_request()), today=TODAY)
    assert [m.near_miss for m in result.near_misses] == [expected]


def test_withdrawing_consent_leaves_matching_at_once(seeded_roster, client):
    criteria = Criteria.from_request(make_request())
    before = count_matches(criteria, today=TODAY)
    tamar = seeded_roster["tamar"]
    tamar.consent_withdrawn_at = tamar.confirmed_at
    tamar.save()
    assert count_matches(criteria, today=TODAY) == before - 1
    assert tamar.pk not in [m.expert_id for m in match(criteria, today=TODAY).candidates]


def test_count_matches_counts_gate_passers(seeded_roster):
    assert count_matches(Criteria.from_request(make_request()), today=TODAY) == 4
    criteria = Criteria(starts_on=MARCH_3, ends_on=MARCH_17, languages=(("ru", CEFR.C2),))
    assert count_matches(criteria, today=TODAY) == 1  # Tamar; Nino is unavailable


def test_one_review_cannot_dominate_the_track_record():
    """A single 5/5 is pulled toward the roster mean more than ten reviews at 4.6."""
    base = {"pk": 1, "confirmed_at": None}
    single = score_row_track({**base, "eval_n": 1, "eval_sum": 5.0}, prior=3.5)
    many = score_row_track({**base, "eval_n": 10, "eval_sum": 46.0}, prior=3.5)
    assert many > single


def score_row_track(row, prior):
    credit, _text = matching._track_record(row, prior)
    return credit


def test_staff_weights_change_the_ranking_and_are_saved_with_the_shortlist(seeded_roster, curator):
    req = make_request()
    request_set_weights(
        request=req,
        user=curator,
        weights={
            "expertise": 0,
            "languages": 0,
            "availability": 0,
            "experience": 100,
            "function": 0,
            "track_record": 0,
            "freshness": 0,
        },
    )
    result = match(Criteria.from_request(req), today=TODAY)
    assert [m.expert.full_name for m in result.candidates][:2] == ["Tamar Gelashvili", "Olga Ivanova"]
    ids = [m.expert_id for m in result.candidates[:2]]
    shortlist_add(request=req, user=curator, expert_ids=ids, today=TODAY)
    saved = list(Candidate.objects.filter(request=req).order_by("-score"))
    assert [c.expert_id for c in saved] == ids
    assert saved[0].weights["experience"] == 100 and saved[0].weights["expertise"] == 0
    assert float(saved[0].score) == result.candidates[0].score
    assert {r["factor"] for r in saved[0].reasons} == {k for k, _l in matching.FACTORS}


def _queries_for_match(criteria):
    with CaptureQueriesContext(connection) as ctx:
        result = match(criteria, today=TODAY)
    return len(ctx.captured_queries), result


def test_query_count_does_not_grow_with_the_roster():
    criteria_req = make_request()
    criteria = Criteria.from_request(criteria_req)

    def add(n):
        for i in range(n):
            make_expert(
                verified_themes=[NRM] if i % 2 else [],
                countries=[("GE", i % 5 + 1)],
                languages=[("ru", CEFR.B1 if i % 7 == 0 else CEFR.C1)],
                windows=[(date(2027, 3, 10), date(2027, 4, 1))] if i % 5 == 0 else [(MARCH_3, MARCH_17)],
            )

    add(10)
    small, small_result = _queries_for_match(criteria)
    add(90)
    large, large_result = _queries_for_match(criteria)
    assert small == large
    assert small <= 6
    assert large_result.matching_count > small_result.matching_count
    assert len(large_result.candidates) == 25  # bounded: only the best `limit` are kept


def test_matching_page_shows_ranking_reasons_and_near_misses(seeded_roster, client, curator):
    req = make_request()
    client.force_login(curator)
    response = client.get(reverse("roster:request_matching", args=[req.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Tamar Gelashvili") < body.index("Arsen Petrosyan") < body.index("Olga Ivanova")
    assert "Nino Beridze" in body
    assert "Withdrawn Person" not in body
    for _key, label in matching.FACTORS:
        assert str(label) in body


def test_quick_ranking_score_equals_the_explained_score(seeded_roster, curator):
    req = make_request(desirable=("victim-assistance",))
    request_set_weights(request=req, user=curator, weights={"expertise": 17, "languages": 33, "freshness": 9})
    criteria = Criteria.from_request(req)
    rows, _gates = matching._annotated(criteria, TODAY)
    scorer = matching.Scorer(criteria, today=TODAY, prior=matching.roster_prior())
    for row in rows:
        assert scorer.quick(row) == matching.score_row(row, criteria, today=TODAY, prior=scorer.prior)[0]
