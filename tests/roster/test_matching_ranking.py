"""Best-first reading (roster/ranking.py): match() reads the roster ordered by an upper bound of the
score and stops early; its results must equal a full scan that scores and sorts every row."""

import random
from datetime import date, timedelta

import pytest

from roster import matching, ranking
from roster.choices import CEFR, ExpertStatus
from roster.matching import Criteria, match

from .factories import MARCH_3, MARCH_17, TODAY, make_evaluation, make_expert, make_request

pytestmark = pytest.mark.django_db
THEMES = ["national-referral-mechanisms", "victim-assistance", "child-trafficking"]
COUNTRIES = ["GE", "AM", "AZ", "MD", "UA"]


@pytest.fixture
def generated_roster():
    """A roster of 120 experts with every scoring input varied (seeded: the same each run)."""
    rng = random.Random(5)
    for i in range(120):
        themes = rng.sample(THEMES, rng.randint(0, 2))
        verified = [t for t in themes if rng.random() < 0.5]
        first = MARCH_3 - timedelta(days=rng.randint(0, 20) if rng.random() < 0.8 else -5)
        expert = make_expert(
            languages=[("ru", rng.randint(2, 6))] * (rng.random() < 0.9)
            + [("en", rng.randint(2, 6))] * (rng.random() < 0.7)
            + [("fr", rng.randint(1, 6))] * (rng.random() < 0.3),
            themes=[t for t in themes if t not in verified],
            verified_themes=verified,
            countries=[(code, rng.randint(0, 12)) for code in rng.sample(COUNTRIES, rng.randint(0, 3))],
            functions=rng.sample(["trainer", "researcher", "assessor"], rng.randint(0, 2)),
            windows=[(first, first + timedelta(days=rng.randint(25, 90)))],
            status=rng.choices([ExpertStatus.ACTIVE, ExpertStatus.APPLIED], [9, 1])[0],
            consent=rng.random() < 0.95,
            notice_days=rng.choice([0, 7, 14, 21, 30, 45]),
            confirmed_days_ago=rng.randint(0, 700),
        )
        if i % 9 == 0:
            make_evaluation(expert, rng.choice([1.5, 2.75, 3.5, 4.25, 5.0]))


def _full_scan(criteria, limit, near_limit):
    """The ranking as it was computed before best-first reading: every row scored, then sorted."""
    prior = matching.roster_prior()
    rows, _gates = matching._annotated(criteria, TODAY)
    scorer = matching.Scorer(criteria, today=TODAY, prior=prior)
    scored = sorted(((scorer.quick(r), -r["pk"], r) for r in rows), key=lambda e: e[:2], reverse=True)
    passing = [e for e in scored if e[2]["missed"] == 0]
    near = [e for e in scored if e[2]["missed"] == 1]

    def explained(entries):
        return [(e[2]["pk"], *matching.score_row(e[2], criteria, today=TODAY, prior=prior)) for e in entries]

    return explained(passing[:limit]), explained(near[:near_limit]), len(passing), len(near)


CRITERIA = [
    {},
    {
        "desirable_themes": ("victim-assistance",),
        "weights": {"expertise": 17, "languages": 33, "freshness": 9},
    },
    {"languages": (("ru", CEFR.B2), ("en", CEFR.B1)), "function": ""},
    {"weights": {key: 0 for key, _label in matching.FACTORS} | {"experience": 100}},  # many ties
    {"weights": {key: 0 for key, _label in matching.FACTORS} | {"track_record": 5, "availability": 1}},
    {"required_themes": (), "languages": (), "country": "UA"},
]


def _criteria(changes, *, starts_on=MARCH_3, ends_on=MARCH_17):
    changes = dict(changes)
    request = make_request(
        country=changes.pop("country", "GE"),
        required=changes.pop("required_themes", ("national-referral-mechanisms",)),
        desirable=changes.pop("desirable_themes", ()),
        languages=changes.pop("languages", (("ru", CEFR.B2),)),
        function=changes.pop("function", "trainer"),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    criteria = Criteria.from_request(request)
    weights = matching.merged_weights(changes.pop("weights", {}))
    return Criteria(**{**criteria.__dict__, "weights": weights})


def test_best_first_reading_equals_the_full_scan(generated_roster):
    for changes in CRITERIA:  # one roster for all (generating it is the slow part)
        criteria = _criteria(changes)
        for limit, near_limit in [(25, 15), (5, 3), (1, 1)]:
            result = match(criteria, today=TODAY, limit=limit, near_limit=near_limit)
            passing, near, passing_count, near_count = _full_scan(criteria, limit, near_limit)
            assert [(m.expert_id, m.score, m.reasons) for m in result.candidates] == passing
            assert [(m.expert_id, m.score, m.reasons) for m in result.near_misses] == near
            assert (result.matching_count, result.near_miss_count) == (passing_count, near_count)
            if limit < 25:  # then reading stops early (the full size is compared too)
                assert passing_count > limit and near_count > near_limit, (changes, passing_count, near_count)


def test_the_sql_bound_never_falls_below_the_score_minus_the_rounding(generated_roster):
    for changes in CRITERIA:
        for starts_on in [MARCH_3, date(2027, 1, 29), date(2027, 2, 10)]:  # 47, 14 and 26 days ahead
            _check_bound(_criteria(changes, starts_on=starts_on, ends_on=starts_on + timedelta(days=10)))


def _check_bound(criteria):
    prior = matching.roster_prior()
    rows, gates = matching._annotated(criteria, TODAY, prior=prior)
    scorer = matching.Scorer(criteria, today=TODAY, prior=prior)
    lead = (criteria.starts_on - TODAY).days
    read = list(ranking.ranked_rows(rows, criteria, gates=gates, lead=lead, prior=prior, chunk_size=7))
    assert len(read) > 20
    bounds = [row["bound"] for row in read]
    assert bounds == sorted(bounds, reverse=True)
    for row in read:
        assert scorer.quick(row) <= row["bound"] + 0.4 + 1e-9
        assert row["bound"] <= 100 + 1e-9


def test_an_empty_roster_and_a_roster_without_near_misses():
    criteria = Criteria.from_request(make_request())
    empty = match(criteria, today=TODAY)
    assert (empty.candidates, empty.near_misses, empty.matching_count, empty.near_miss_count) == (
        [],
        [],
        0,
        0,
    )
    make_expert(languages=[("ru", CEFR.C2)], windows=[(date(2027, 2, 1), date(2027, 4, 30))])
    one = match(criteria, today=TODAY, limit=1, near_limit=1)
    assert (len(one.candidates), one.matching_count, one.near_misses, one.near_miss_count) == (1, 1, [], 0)


def test_no_expert_ids_and_zero_limits_read_nothing_and_fail_nothing(generated_roster):
    """A shortlist call with no ids (the form's or the benchmark's) and a count-only call."""
    criteria = _criteria({})
    none = match(criteria, today=TODAY, expert_ids=[], limit=0, near_limit=0)
    assert (none.candidates, none.near_misses, none.matching_count) == ([], [], 0)
    _passing, _near, passing_count, _near_count = _full_scan(criteria, 0, 0)
    counts_only = match(criteria, today=TODAY, limit=0, near_limit=0)
    assert (counts_only.candidates, counts_only.near_misses) == ([], [])
    assert counts_only.matching_count == passing_count > 0
    _passing, near, _count, _near_count = _full_scan(criteria, 0, 3)
    only_near = match(criteria, today=TODAY, limit=0, near_limit=3)
    assert only_near.candidates == []
    assert [m.expert_id for m in only_near.near_misses] == [pk for pk, *_rest in near]
