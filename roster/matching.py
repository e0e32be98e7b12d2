"""Transparent ranked matching of experts to a request.

1. Gates, evaluated in SQL: valid consent, active, available for the whole period (with the notice
   period met), and each required language at its minimum CEFR level. Experts who miss exactly one
   gate are *near-misses*, shown with a human reason ("available only from 10 March"); those who miss
   more are not shown.
2. Everyone who passes gets a 0-100 score, the sum of weighted factors, each with a reason. The
   per-factor inputs (expertise counts, language levels, years in the country, evaluations …) are
   computed by hashed sets, joins and a few correlated sums in one SQL statement. The database orders
   the rows by an upper bound of the score (ranking.py) and they are streamed best-first: only the
   best `limit` are kept in a heap, and reading stops once no later row can enter it, so memory is
   bounded and the number of queries is constant whatever the size of the roster.
"""

from __future__ import annotations

import heapq
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CEFR, VALID_CONSENT_VERSIONS, ExpertStatus, Language
from .models import (
    Availability,
    CountryExperience,
    Evaluation,
    Expert,
    ExpertLanguage,
)
from .ranking import MARGIN, ranked_rows
from .scoring import (  # noqa: F401 - re-exported: the matching API in one place
    DEFAULT_PRIOR,
    DEFAULT_WEIGHTS,
    FACTORS,
    Criteria,
    Scorer,
    _day,
    _fresh_cutoff,
    _lead_days,
    _track_record,
    merged_weights,
    score_row,
)

ROW_CHUNK = 250  # rows per fetch: the reading usually stops within the first few hundred


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


def _count(qs, value="pk"):
    """A correlated COUNT per expert, 0 when there is none."""
    sub = qs.order_by().values("expert").annotate(n=Count(value)).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _experts(qs):
    """The experts of a child-table queryset, as an uncorrelated `pk IN (...)` set: PostgreSQL
    hashes it once instead of probing the child table for every expert."""
    return qs.order_by().values("expert_id")


def _available_experts(criteria: Criteria):
    return _experts(
        Availability.objects.filter(starts_on__lte=criteria.starts_on, ends_on__gte=criteria.ends_on)
    )


def gate_conditions(criteria: Criteria, today: date) -> dict[str, object]:
    """Each gate as a SQL condition, keyed by name; `lang_<code>` for each required language."""
    gates = {
        "consent": Q(
            consent_given_at__isnull=False,
            consent_withdrawn_at__isnull=True,
            consent_version__in=VALID_CONSENT_VERSIONS,
        ),
        "active": Q(status=ExpertStatus.ACTIVE),
        "available": Q(pk__in=_available_experts(criteria), notice_days__lte=_lead_days(criteria, today)),
    }
    for code, level in criteria.languages:
        gates[f"lang_{code}"] = Q(
            pk__in=_experts(ExpertLanguage.objects.filter(language=code, level__gte=level))
        )
    return gates


def _theme_count(themes, verified: bool):
    """How many of `themes` the expert has (verified or not), from the per-theme joins that
    `_annotated` adds (an expert lists a theme at most once)."""
    total = Value(0)
    for theme in themes:
        total = total + Case(
            When(**{f"theme_{theme}_row__verified": verified}, then=Value(1)), default=Value(0)
        )
    return ExpressionWrapper(total, output_field=IntegerField())


def count_matches(criteria: Criteria, *, today: date | None = None) -> int:
    """How many experts pass every gate (one query): shown while a request form is filled."""
    today = today or timezone.localdate()
    qs = Expert.objects.matchable()
    for condition in gate_conditions(criteria, today).values():
        qs = qs.filter(condition)
    return qs.count()


def _annotated(criteria: Criteria, today: date, expert_ids=None, *, prior: float | None = None):
    """The gate flags and scoring inputs of every expert who misses at most one gate. With `prior`,
    also the freshness flag and a window function for `ranking.ranked_rows`, which adds the miss
    count (from the gate flags) and the size of each class (passing or near-miss)."""
    gates = gate_conditions(criteria, today)
    qs = Expert.objects.matchable()
    if expert_ids is not None:
        qs = qs.filter(pk__in=list(expert_ids))
    # An expert lists a language, a theme, a function and a country at most once: each is a join
    # on its one row (hashed once, a plain column afterwards), not a set or a lookup per expert.
    joins = {}
    for code, level in criteria.languages:
        joins[f"lang_{code}_row"] = FilteredRelation("languages", condition=Q(languages__language=code))
        # The same gate as gate_conditions' set (which count_matches uses), from the joined row.
        gates[f"lang_{code}"] = Q(
            **{f"lang_{code}_row__level__gte": level, f"lang_{code}_row__isnull": False}
        )
    for theme in dict.fromkeys(criteria.required_themes + criteria.desirable_themes):
        joins[f"theme_{theme}_row"] = FilteredRelation("expertise", condition=Q(expertise__theme_id=theme))
    if criteria.function:
        joins["function_row"] = FilteredRelation(
            "functions", condition=Q(functions__function=criteria.function)
        )
    joins["country_row"] = FilteredRelation(
        "country_experience", condition=Q(country_experience__country_id=criteria.country_id)
    )
    qs = qs.annotate(**joins)
    qs = qs.annotate(
        **{f"g_{name}": ExpressionWrapper(cond, output_field=BooleanField()) for name, cond in gates.items()}
    )
    missed = sum(
        (Case(When(**{f"g_{name}": True}, then=Value(0)), default=Value(1)) for name in gates), Value(0)
    )
    qs = qs.annotate(missed=missed).filter(missed__lte=1)

    annotations = {
        "req_verified": _theme_count(criteria.required_themes, True),
        "req_declared": _theme_count(criteria.required_themes, False),
        "des_verified": _theme_count(criteria.desirable_themes, True),
        "des_declared": _theme_count(criteria.desirable_themes, False),
        "g_covers": ExpressionWrapper(Q(pk__in=_available_experts(criteria)), output_field=BooleanField()),
    }
    for code, _level in criteria.languages:
        annotations[f"level_{code}"] = F(f"lang_{code}_row__level")
    experience = CountryExperience.objects.filter(expert=OuterRef("pk")).order_by()
    annotations["country_years"] = Coalesce(F("country_row__years"), Value(0))
    in_region = CountryExperience.objects.filter(country__region_id=criteria.region_id).exclude(
        country_id=criteria.country_id
    )
    region_sum = (
        experience.filter(country__region_id=criteria.region_id)
        .exclude(country_id=criteria.country_id)
        .values("expert")
        .annotate(s=Sum("years"))
        .values("s")
    )
    # The correlated sums run only for the experts who have something to sum.
    annotations["region_years"] = Case(
        When(pk__in=_experts(in_region), then=Subquery(region_sum, output_field=IntegerField())),
        default=Value(0),
        output_field=IntegerField(),
    )
    if criteria.function:
        annotations["has_function"] = ExpressionWrapper(
            Q(function_row__isnull=False), output_field=BooleanField()
        )
    evaluations = Evaluation.objects.filter(deployment__candidate__expert=OuterRef("pk")).order_by()
    evaluated = Evaluation.objects.order_by().values("deployment__candidate__expert_id")
    annotations["eval_n"] = Case(
        When(
            pk__in=evaluated,
            then=Subquery(
                evaluations.values("deployment__candidate__expert").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    annotations["eval_sum"] = Case(
        When(
            pk__in=evaluated,
            then=Subquery(
                evaluations.values("deployment__candidate__expert").annotate(s=Sum("overall")).values("s")
            ),
        ),
        default=None,
    )
    if prior is not None:  # for ranking.ranked_rows
        annotations["fresh"] = ExpressionWrapper(
            Q(confirmed_at__gte=_fresh_cutoff(today)), output_field=BooleanField()
        )
        # Keeps the database from flattening this query into ranked_rows' outer one.
        annotations["rows_total"] = Window(Count("pk"))
    qs = qs.annotate(**annotations)
    columns = [
        "pk",
        "code",
        "status",
        "notice_days",
        "confirmed_at",
        "consent_given_at",
        "consent_version",
        *(["missed"] if prior is None else []),  # ranked_rows counts the misses from the flags
        # ranked_rows reads the availability gate from the covering flag and the notice.
        *[f"g_{name}" for name in gates if prior is None or name != "available"],
        *annotations.keys(),
    ]
    return qs.order_by().values(*columns), list(gates)  # no ORDER BY: see ranking.ranked_rows


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
    rows, gate_names = _annotated(criteria, today, expert_ids, prior=prior)
    best: list = []
    near: list = []
    class_sizes: dict[int, int] = {}
    scorer = Scorer(criteria, today=today, prior=prior)
    # Rows come best bound first: once both heaps are full and even this row's bound cannot reach
    # the lower of their worst scores, no later row can enter either (see ranking.py).
    lead = _lead_days(criteria, today)
    stream = ranked_rows(rows, criteria, gates=gate_names, lead=lead, prior=prior, chunk_size=ROW_CHUNK)
    with closing(stream):
        for row in stream:
            if (
                (limit or near_limit)
                and len(best) == limit
                and len(near) == near_limit
                and row["bound"] + MARGIN < min(heap[0][0] for heap in (best, near) if heap)
            ):
                break
            class_sizes.setdefault(row["missed"], row["class_size"])
            # Heap of the best `limit`: ties go to the earlier-registered expert (lower pk).
            heap, size = (best, limit) if row["missed"] == 0 else (near, near_limit)
            if size <= 0:
                continue
            entry = (scorer.quick(row), -row["pk"], row)
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
        matching_count=class_sizes.get(0, 0),
        near_miss_count=class_sizes.get(1, 0),
        weights=merged_weights(criteria.weights),
    )
