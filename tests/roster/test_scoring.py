"""Properties of the scoring: bounded, monotone in verified expertise, quick score = explained score."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.scoring import FACTORS, Criteria, Scorer, score_row

TODAY = date(2027, 1, 15)
KEYS = [key for key, _label in FACTORS]

weights = st.fixed_dictionaries({key: st.integers(0, 100) for key in KEYS})
rows = st.fixed_dictionaries(
    {
        "pk": st.integers(1, 10_000),
        "req_verified": st.integers(0, 2),
        "req_declared": st.integers(0, 2),
        "des_verified": st.integers(0, 1),
        "des_declared": st.integers(0, 1),
        "g_covers": st.booleans(),
        "level_ru": st.one_of(st.none(), st.integers(1, 6)),
        "level_en": st.one_of(st.none(), st.integers(1, 6)),
        "country_years": st.integers(0, 40),
        "region_years": st.integers(0, 40),
        "has_function": st.booleans(),
        "eval_n": st.integers(0, 30),
        "eval_avg": st.floats(1, 5),
        "notice_days": st.integers(0, 90),
        "confirmed_days": st.integers(0, 900),
    }
)


def _row(raw):
    row = dict(raw)
    row["req_declared"] = min(row["req_declared"], 2 - row["req_verified"])
    row["eval_sum"] = row.pop("eval_avg") * row["eval_n"] if row["eval_n"] else None
    noon = timezone.make_aware(datetime.combine(TODAY, datetime.min.time())) + timedelta(hours=12)
    row["confirmed_at"] = noon - timedelta(days=row.pop("confirmed_days"))
    return row


def _criteria(w, **kwargs):
    base = {
        "starts_on": date(2027, 3, 3),
        "ends_on": date(2027, 3, 17),
        "languages": (("ru", 4), ("en", 3)),
        "required_themes": (1, 2),
        "desirable_themes": (3,),
        "country_id": 1,
        "country_name": "Georgia",
        "region_id": 1,
        "region_name": "Caucasus",
        "function": "trainer",
        "weights": w,
    }
    return Criteria(**{**base, **kwargs})


@settings(max_examples=300, deadline=None)
@given(rows, weights, st.floats(1, 5))
def test_scores_are_bounded_and_the_quick_score_is_the_explained_score(raw, w, prior):
    row, criteria = _row(raw), _criteria(w)
    score, reasons = score_row(row, criteria, today=TODAY, prior=prior)
    assert 0 <= score <= 100
    assert [r["factor"] for r in reasons] == KEYS
    assert all(0 <= r["points"] <= r["max"] + 1e-9 for r in reasons)
    assert Scorer(criteria, today=TODAY, prior=prior).quick(row) == score


@settings(max_examples=200, deadline=None)
@given(rows, st.floats(1, 5))
def test_verifying_a_declared_theme_never_lowers_the_score(raw, prior):
    row = _row(raw)
    if not row["req_declared"]:
        return
    criteria = _criteria({})
    before = score_row(row, criteria, today=TODAY, prior=prior)[0]
    verified = {**row, "req_declared": row["req_declared"] - 1, "req_verified": row["req_verified"] + 1}
    assert score_row(verified, criteria, today=TODAY, prior=prior)[0] >= before
