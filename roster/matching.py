"""Transparent ranked matching of experts to a request.

1. Gates, evaluated in SQL: valid consent, active, available for the whole period (with the notice
   period met), and each required language at its minimum CEFR level. Experts who miss exactly one
   gate are *near-misses*, shown with a human reason ("available only from 10 March"); those who miss
   more are not shown.
2. Everyone who passes gets a 0-100 score, the sum of weighted factors, each with a reason. The
   per-factor inputs (expertise counts, language levels, years in the country, evaluations …) are
   computed by correlated subqueries in one SQL statement; rows are streamed with `iterator()` and only
   the best `limit` are kept in a heap, so memory is bounded and the number of queries is constant
   whatever the size of the roster.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import CEFR, VALID_CONSENT_VERSIONS, ExpertStatus, Function, Language
from .models import (
    FRESH_DAYS,
    Availability,
    CountryExperience,
    Evaluation,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
)

FACTORS = (
    ("expertise", gettext_lazy("Expertise")),
    ("languages", gettext_lazy("Languages")),
    ("availability", gettext_lazy("Availability")),
    ("experience", gettext_lazy("Country and region experience")),
    ("function", gettext_lazy("Function")),
    ("track_record", gettext_lazy("Track record")),
    ("freshness", gettext_lazy("Profile freshness")),
)
DEFAULT_WEIGHTS = {
    "expertise": 30,
    "languages": 20,
    "availability": 15,
    "experience": 15,
    "function": 10,
    "track_record": 7,
    "freshness": 3,
}
VERIFIED_CREDIT = 1.0
DECLARED_CREDIT = 0.6  # self-declared expertise counts, but less than expertise staff have verified
PRIOR_WEIGHT = 3  # evaluations' Bayesian average: the roster mean counts as this many reviews
DEFAULT_PRIOR = 3.5  # used while the roster has no evaluations at all
COMFORT_DAYS = 14  # notice margin at which availability earns full credit


def merged_weights(weights: dict | None) -> dict[str, int]:
    merged = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key in merged:
            merged[key] = max(0, int(value))
    if not sum(merged.values()):
        return dict(DEFAULT_WEIGHTS)
    return merged


@dataclass(frozen=True)
class Criteria:
    """What a request asks for; built from a saved request or from a form still being filled."""

    starts_on: date
    ends_on: date
    languages: tuple[tuple[str, int], ...] = ()
    required_themes: tuple[int, ...] = ()
    desirable_themes: tuple[int, ...] = ()
    country_id: int | None = None
    country_name: str = ""
    region_id: int | None = None
    region_name: str = ""
    function: str = ""
    weights: dict = field(default_factory=dict)

    @classmethod
    def from_request(cls, request) -> Criteria:
        country = request.country
        return cls(
            starts_on=request.starts_on,
            ends_on=request.ends_on,
            languages=tuple((lang.language, lang.min_level) for lang in request.languages.all()),
            required_themes=tuple(t.pk for t in request.required_themes.all()),
            desirable_themes=tuple(t.pk for t in request.desirable_themes.all()),
            country_id=country.pk,
            country_name=str(country),
            region_id=country.region_id,
            region_name=str(country.region),
            function=request.function,
            weights=merged_weights(request.weights),
        )


@dataclass
class Match:
    expert_id: int
    code: str
    score: float
    reasons: list[dict]
    near_miss: str = ""
    expert: Expert | None = None


@dataclass
class MatchResult:
    candidates: list[Match]
    near_misses: list[Match]
    matching_count: int
    near_miss_count: int
    weights: dict[str, int]


def _day(value: date, reference: date | None = None) -> str:
    """ "10 March"; with the year when it differs from the reference (the request's start)."""
    if reference is not None and value.year != reference.year:
        return date_format(value, "j F Y")
    return date_format(value, "j F")


def _count(qs, value="pk"):
    """A correlated COUNT per expert, 0 when there is none."""
    sub = qs.order_by().values("expert").annotate(n=Count(value)).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _lead_days(criteria: Criteria, today: date) -> int:
    return (criteria.starts_on - today).days


def gate_conditions(criteria: Criteria, today: date) -> dict[str, object]:
    """Each gate as a SQL condition, keyed by name; `lang_<code>` for each required language."""
    covers = Exists(
        Availability.objects.filter(
            expert=OuterRef("pk"), starts_on__lte=criteria.starts_on, ends_on__gte=criteria.ends_on
        )
    )
    gates = {
        "consent": Q(
            consent_given_at__isnull=False,
            consent_withdrawn_at__isnull=True,
            consent_version__in=VALID_CONSENT_VERSIONS,
        ),
        "active": Q(status=ExpertStatus.ACTIVE),
        "available": covers & Q(notice_days__lte=_lead_days(criteria, today)),
    }
    for code, level in criteria.languages:
        gates[f"lang_{code}"] = Exists(
            ExpertLanguage.objects.filter(expert=OuterRef("pk"), language=code, level__gte=level)
        )
    return gates


def count_matches(criteria: Criteria, *, today: date | None = None) -> int:
    """How many experts pass every gate (one query): shown while a request form is filled."""
    today = today or timezone.localdate()
    qs = Expert.objects.matchable()
    for condition in gate_conditions(criteria, today).values():
        qs = qs.filter(condition)
    return qs.count()


def _annotated(criteria: Criteria, today: date, expert_ids=None):
    gates = gate_conditions(criteria, today)
    qs = Expert.objects.matchable()
    if expert_ids is not None:
        qs = qs.filter(pk__in=list(expert_ids))
    qs = qs.annotate(
        **{f"g_{name}": ExpressionWrapper(cond, output_field=BooleanField()) for name, cond in gates.items()}
    )
    missed = sum(
        (Case(When(**{f"g_{name}": True}, then=Value(0)), default=Value(1)) for name in gates), Value(0)
    )
    qs = qs.annotate(missed=missed).filter(missed__lte=1)

    expertise = ExpertExpertise.objects.filter(expert=OuterRef("pk"))
    annotations = {
        "req_verified": _count(expertise.filter(theme_id__in=criteria.required_themes, verified=True)),
        "req_declared": _count(expertise.filter(theme_id__in=criteria.required_themes, verified=False)),
        "des_verified": _count(expertise.filter(theme_id__in=criteria.desirable_themes, verified=True)),
        "des_declared": _count(expertise.filter(theme_id__in=criteria.desirable_themes, verified=False)),
        "g_covers": Exists(
            Availability.objects.filter(
                expert=OuterRef("pk"), starts_on__lte=criteria.starts_on, ends_on__gte=criteria.ends_on
            )
        ),
    }
    for code, _level in criteria.languages:
        annotations[f"level_{code}"] = Subquery(
            ExpertLanguage.objects.filter(expert=OuterRef("pk"), language=code).values("level")[:1]
        )
    experience = CountryExperience.objects.filter(expert=OuterRef("pk"))
    annotations["country_years"] = Coalesce(
        Subquery(experience.filter(country_id=criteria.country_id).values("years")[:1]), Value(0)
    )
    region_sum = (
        experience.filter(country__region_id=criteria.region_id)
        .exclude(country_id=criteria.country_id)
        .order_by()
        .values("expert")
        .annotate(s=Sum("years"))
        .values("s")
    )
    annotations["region_years"] = Coalesce(Subquery(region_sum, output_field=IntegerField()), Value(0))
    if criteria.function:
        annotations["has_function"] = Exists(
            ExpertFunction.objects.filter(expert=OuterRef("pk"), function=criteria.function)
        )
    evaluations = Evaluation.objects.filter(deployment__candidate__expert=OuterRef("pk")).order_by()
    annotations["eval_n"] = Coalesce(
        Subquery(
            evaluations.values("deployment__candidate__expert").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    annotations["eval_sum"] = Subquery(
        evaluations.values("deployment__candidate__expert").annotate(s=Sum("overall")).values("s")
    )
    qs = qs.annotate(**annotations)
    columns = [
        "pk",
        "code",
        "status",
        "notice_days",
        "confirmed_at",
        "consent_given_at",
        "consent_version",
        "missed",
        *[f"g_{name}" for name in gates],
        *annotations.keys(),
    ]
    return qs.values(*columns), list(gates)


# --- scoring ---------------------------------------------------------------------------------
# Each factor has a numeric credit (0..1) used to rank every row quickly, and a reason text built
# only for the rows that are shown; both use the same credit function, so the scores agree.


def _expertise_credit(row, c: Criteria) -> float:
    def part(verified, declared, total):
        return (verified * VERIFIED_CREDIT + declared * DECLARED_CREDIT) / total

    required, desirable = len(c.required_themes), len(c.desirable_themes)
    if not required and not desirable:
        return 1.0
    req = part(row["req_verified"], row["req_declared"], required) if required else 0.0
    des = part(row["des_verified"], row["des_declared"], desirable) if desirable else 0.0
    if required and desirable:
        return 0.75 * req + 0.25 * des
    return req if required else des


def _expertise(row, c: Criteria) -> tuple[float, str]:
    credit = _expertise_credit(row, c)
    required, desirable = len(c.required_themes), len(c.desirable_themes)
    if not required and not desirable:
        return credit, _("The request names no expertise.")
    texts = []
    if required:
        texts.append(
            _("required themes: %(has)d of %(total)d (%(verified)d verified, %(declared)d self-declared)")
            % {
                "has": row["req_verified"] + row["req_declared"],
                "total": required,
                "verified": row["req_verified"],
                "declared": row["req_declared"],
            }
        )
    if desirable:
        texts.append(
            _("desirable themes: %(has)d of %(total)d (%(verified)d verified)")
            % {
                "has": row["des_verified"] + row["des_declared"],
                "total": desirable,
                "verified": row["des_verified"],
            }
        )
    text = "; ".join(texts)
    return credit, text[:1].upper() + text[1:] + "."


def _language_credit(level, minimum) -> float:
    if not level or level < minimum:
        return 0.0
    return min(1.0, 0.7 + 0.15 * (level - minimum))


def _languages_credit(row, c: Criteria) -> float:
    if not c.languages:
        return 1.0
    return sum(_language_credit(row.get(f"level_{code}"), m) for code, m in c.languages) / len(c.languages)


def _languages(row, c: Criteria) -> tuple[float, str]:
    credit = _languages_credit(row, c)
    if not c.languages:
        return credit, _("The request names no language.")
    texts = []
    for code, minimum in c.languages:
        level = row.get(f"level_{code}")
        name, need = Language(code).label, CEFR(minimum).label
        if not level:
            texts.append(_("%(language)s not listed (%(need)s required)") % {"language": name, "need": need})
        else:
            texts.append(
                _("%(language)s %(level)s (%(need)s required)")
                % {"language": name, "level": CEFR(level).label, "need": need}
            )
    return credit, "; ".join(texts) + "."


def _availability_credit(row, c: Criteria, lead_days: int) -> float:
    spare = lead_days - row["notice_days"]
    if not row["g_covers"] or spare < 0:
        return 0.0
    return 0.6 + 0.4 * min(1.0, spare / COMFORT_DAYS)


def _availability(row, c: Criteria, today: date) -> tuple[float, str]:
    lead = _lead_days(c, today)
    credit = _availability_credit(row, c, lead)
    if not row["g_covers"]:
        return credit, _("Not available for the whole period.")
    spare = lead - row["notice_days"]
    if spare < 0:
        return credit, _("Available, but needs %(days)d days' notice.") % {"days": row["notice_days"]}
    return credit, _(
        "Available %(start)s – %(end)s; needs %(notice)d days' notice, %(spare)d days to spare."
    ) % {"start": _day(c.starts_on), "end": _day(c.ends_on), "notice": row["notice_days"], "spare": spare}


def _experience_credit(row) -> float:
    years, region_years = row["country_years"], row["region_years"]
    if years:
        return min(1.0, 0.6 + 0.1 * years)
    if region_years:
        return min(0.5, 0.2 + 0.1 * region_years)
    return 0.0


def _experience(row, c: Criteria) -> tuple[float, str]:
    credit = _experience_credit(row)
    years, region_years = row["country_years"], row["region_years"]
    if years:
        return credit, _("%(years)d years in %(country)s.") % {"years": years, "country": c.country_name}
    if region_years:
        return credit, _("No experience in %(country)s; %(years)d years elsewhere in %(region)s.") % {
            "country": c.country_name,
            "years": region_years,
            "region": c.region_name,
        }
    return credit, _("No experience in %(country)s or %(region)s.") % {
        "country": c.country_name,
        "region": c.region_name,
    }


def _function_credit(row, c: Criteria) -> float:
    return 1.0 if not c.function or row["has_function"] else 0.0


def _function(row, c: Criteria) -> tuple[float, str]:
    credit = _function_credit(row, c)
    if not c.function:
        return credit, _("The request names no function.")
    label = Function(c.function).label
    if credit:
        return credit, _("Works as: %(function)s.") % {"function": label}
    return credit, _("Does not list the function %(function)s.") % {"function": label}


def _shrunk(row, prior: float) -> float:
    """Bayesian average: the roster mean counts as PRIOR_WEIGHT reviews."""
    return (PRIOR_WEIGHT * prior + (row["eval_sum"] or 0)) / (PRIOR_WEIGHT + row["eval_n"])


def _track_record(row, prior: float) -> tuple[float, str]:
    n = row["eval_n"]
    shrunk = _shrunk(row, prior)
    credit = (shrunk - 1) / 4
    if not n:
        return credit, _("No evaluations yet; the roster average %(prior).1f of 5 is used.") % {
            "prior": prior
        }
    return credit, _(
        "%(n)d evaluation(s) averaging %(mean).1f; pulled toward the roster average %(prior).1f: %(shrunk).1f of 5."
    ) % {"n": n, "mean": row["eval_sum"] / n, "prior": prior, "shrunk": shrunk}


def _fresh_cutoff(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=FRESH_DAYS), dt_time.min))


def _freshness(row, today: date) -> tuple[float, str]:
    confirmed = timezone.localdate(row["confirmed_at"])
    when = date_format(confirmed, "j F Y")
    if row["confirmed_at"] >= _fresh_cutoff(today):
        return 1.0, _("Confirmed current on %(date)s.") % {"date": when}
    return 0.0, _("Last confirmed on %(date)s, over 12 months ago.") % {"date": when}


def _maxima(c: Criteria) -> dict[str, float]:
    weights = merged_weights(c.weights)
    scale = 100 / sum(weights.values())
    return {key: weights[key] * scale for key, _label in FACTORS}


def _points(maximum: float, credit: float) -> float:
    return round(maximum * max(0.0, min(1.0, credit)), 1)


class Scorer:
    """Scores rows for one request; `quick` gives the same number as `score_row` without texts."""

    def __init__(self, c: Criteria, *, today: date, prior: float):
        self.c, self.today, self.prior = c, today, prior
        self.maxima = _maxima(c)
        self.lead = _lead_days(c, today)
        self.cutoff = _fresh_cutoff(today)

    def quick(self, row) -> float:
        c, m = self.c, self.maxima
        total = (
            _points(m["expertise"], _expertise_credit(row, c))
            + _points(m["languages"], _languages_credit(row, c))
            + _points(m["availability"], _availability_credit(row, c, self.lead))
            + _points(m["experience"], _experience_credit(row))
            + _points(m["function"], _function_credit(row, c))
            + _points(m["track_record"], (_shrunk(row, self.prior) - 1) / 4)
            + _points(m["freshness"], 1.0 if row["confirmed_at"] >= self.cutoff else 0.0)
        )
        return round(min(100.0, total), 1)


def score_row(row, c: Criteria, *, today: date, prior: float) -> tuple[float, list[dict]]:
    """The score (0-100) and one reason per factor, each with its points and maximum."""
    maxima = _maxima(c)
    results = {
        "expertise": _expertise(row, c),
        "languages": _languages(row, c),
        "availability": _availability(row, c, today),
        "experience": _experience(row, c),
        "function": _function(row, c),
        "track_record": _track_record(row, prior),
        "freshness": _freshness(row, today),
    }
    reasons, total = [], 0.0
    for key, label in FACTORS:
        credit, text = results[key]
        points = _points(maxima[key], credit)
        total += points
        reasons.append(
            {"factor": key, "label": str(label), "points": points, "max": round(maxima[key], 1), "text": text}
        )
    return round(min(100.0, total), 1), reasons


# --- near-miss reasons -----------------------------------------------------------------------


def _availability_reason(row, c: Criteria, today: date, windows: list[Availability]) -> str:
    if row["g_covers"]:
        earliest = today + timedelta(days=row["notice_days"])
        return _("Needs %(days)d days' notice: available only from %(date)s.") % {
            "days": row["notice_days"],
            "date": _day(earliest, c.starts_on),
        }
    for window in windows:
        if window.starts_on <= c.ends_on and window.ends_on >= c.starts_on:
            if window.starts_on > c.starts_on:
                return _("Available only from %(date)s.") % {"date": _day(window.starts_on, c.starts_on)}
            return _("Available only until %(date)s.") % {"date": _day(window.ends_on, c.starts_on)}
    later = [w for w in windows if w.starts_on > c.ends_on]
    if later:
        return _("Not available on these dates; next available from %(date)s.") % {
            "date": _day(later[0].starts_on, c.starts_on)
        }
    return _("No availability recorded for these dates.")


def _near_miss_reason(row, failed: str, c, today, windows, levels) -> str:
    if failed == "consent":
        if row["consent_given_at"] is None:
            return _("Has not given consent to be kept on the roster.")
        return _("Consented to an earlier version of the roster terms; must renew consent.")
    if failed == "active":
        return _("Not active on the roster (status: %(status)s).") % {
            "status": ExpertStatus(row["status"]).label
        }
    if failed == "available":
        return _availability_reason(row, c, today, windows.get(row["pk"], []))
    code = failed.removeprefix("lang_")
    minimum = dict(c.languages)[code]
    level = levels.get((row["pk"], code))
    values = {"language": Language(code).label, "need": CEFR(minimum).label}
    if level is None:
        return _("Does not list %(language)s (%(need)s required).") % values
    return _("%(language)s only at %(level)s (%(need)s required).") % {**values, "level": CEFR(level).label}


# --- the ranking -----------------------------------------------------------------------------


def roster_prior() -> float:
    """The mean of every evaluation on the roster: what the Bayesian average shrinks toward."""
    mean = Evaluation.objects.aggregate(mean=Avg("overall"))["mean"]
    return float(mean) if mean is not None else DEFAULT_PRIOR


def match(
    criteria: Criteria,
    *,
    today: date | None = None,
    limit: int = 25,
    near_limit: int = 15,
    expert_ids=None,
    with_experts: bool = True,
) -> MatchResult:
    """Ranks the roster for `criteria`. Runs a constant number of queries (at most six)."""
    today = today or timezone.localdate()
    prior = roster_prior()
    rows, gate_names = _annotated(criteria, today, expert_ids)
    best: list = []
    near: list = []
    matching = near_count = 0
    scorer = Scorer(criteria, today=today, prior=prior)
    for row in rows.iterator(chunk_size=2000):
        # Heap of the best `limit`: ties go to the earlier-registered expert (lower pk).
        entry = (scorer.quick(row), -row["pk"], row)
        if row["missed"] == 0:
            matching += 1
            heap, size = best, limit
        else:
            near_count += 1
            heap, size = near, near_limit
        if len(heap) < size:
            heapq.heappush(heap, entry)
        elif entry[:2] > heap[0][:2]:
            heapq.heapreplace(heap, entry)

    best.sort(key=lambda e: e[:2], reverse=True)
    near.sort(key=lambda e: e[:2], reverse=True)
    failed_gate = {e[2]["pk"]: next(n for n in gate_names if not e[2][f"g_{n}"]) for e in near}
    windows: dict[int, list[Availability]] = {}
    levels: dict[tuple[int, str], int] = {}
    if near:
        ids = list(failed_gate)
        for window in Availability.objects.filter(
            expert_id__in=ids, ends_on__gte=criteria.starts_on
        ).order_by("starts_on"):
            windows.setdefault(window.expert_id, []).append(window)
        for pk, code, level in ExpertLanguage.objects.filter(
            expert_id__in=ids, language__in=[code for code, _lvl in criteria.languages]
        ).values_list("expert_id", "language", "level"):
            levels[(pk, code)] = level

    def as_match(entry, reason=""):
        row = entry[2]
        score, reasons = score_row(row, criteria, today=today, prior=prior)
        return Match(expert_id=row["pk"], code=row["code"], score=score, reasons=reasons, near_miss=reason)

    candidates = [as_match(e) for e in best]
    near_misses = [
        as_match(e, _near_miss_reason(e[2], failed_gate[e[2]["pk"]], criteria, today, windows, levels))
        for e in near
    ]
    if with_experts and (candidates or near_misses):
        experts = Expert.objects.only("pk", "code", "full_name", "status").in_bulk(
            [m.expert_id for m in candidates + near_misses]
        )
        for m in candidates + near_misses:
            m.expert = experts.get(m.expert_id)
    return MatchResult(
        candidates=candidates,
        near_misses=near_misses,
        matching_count=matching,
        near_miss_count=near_count,
        weights=merged_weights(criteria.weights),
    )
