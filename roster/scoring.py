"""Scoring of one expert against one request: seven weighted factors, each with a numeric credit
(0..1) and a human reason. `Scorer.quick` ranks thousands of rows without building texts;
`score_row` explains the rows that are shown. Both use the same credit functions, so they agree.

Default weights (out of 100): expertise 30 (verified counts more than self-declared), languages 20,
availability 15, country and region experience 15, function 10, track record 7 (a Bayesian average
pulled toward the roster mean, so one review cannot dominate), freshness 3 (confirmed within 12
months). Staff may change the weights per request; scores are rescaled to 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .choices import CEFR, Function, Language
from .models import FRESH_DAYS

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


def _day(value: date, reference: date | None = None) -> str:
    """ "10 March"; with the year when it differs from the reference (the request's start)."""
    if reference is not None and value.year != reference.year:
        return date_format(value, "j F Y")
    return date_format(value, "j F")


def _lead_days(criteria: Criteria, today: date) -> int:
    return (criteria.starts_on - today).days


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
    text = ngettext(
        "%(n)d evaluation averaging %(mean).1f; pulled toward the roster average %(prior).1f: %(shrunk).1f of 5.",
        "%(n)d evaluations averaging %(mean).1f; pulled toward the roster average %(prior).1f: %(shrunk).1f of 5.",
        n,
    )
    return credit, text % {"n": n, "mean": row["eval_sum"] / n, "prior": prior, "shrunk": shrunk}


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
        """The same arithmetic as the credit functions above, inlined: it runs for every row that
        passes the gates (thousands per request)."""
        c, m = self.c, self.maxima
        required, desirable = len(c.required_themes), len(c.desirable_themes)
        if not required and not desirable:
            expertise = 1.0
        else:
            req = (
                (row["req_verified"] * VERIFIED_CREDIT + row["req_declared"] * DECLARED_CREDIT) / required
                if required
                else 0.0
            )
            des = (
                (row["des_verified"] * VERIFIED_CREDIT + row["des_declared"] * DECLARED_CREDIT) / desirable
                if desirable
                else 0.0
            )
            expertise = (0.75 * req + 0.25 * des) if required and desirable else (req if required else des)
        if c.languages:
            languages = 0
            for code, minimum in c.languages:
                level = row.get(f"level_{code}")
                languages += 0.0 if not level or level < minimum else min(1.0, 0.7 + 0.15 * (level - minimum))
            languages = languages / len(c.languages)
        else:
            languages = 1.0
        spare = self.lead - row["notice_days"]
        availability = 0.0 if not row["g_covers"] or spare < 0 else 0.6 + 0.4 * min(1.0, spare / COMFORT_DAYS)
        years, region_years = row["country_years"], row["region_years"]
        if years:
            experience = min(1.0, 0.6 + 0.1 * years)
        elif region_years:
            experience = min(0.5, 0.2 + 0.1 * region_years)
        else:
            experience = 0.0
        function = 1.0 if not c.function or row["has_function"] else 0.0
        shrunk = (PRIOR_WEIGHT * self.prior + (row["eval_sum"] or 0)) / (PRIOR_WEIGHT + row["eval_n"])
        total = (
            round(m["expertise"] * max(0.0, min(1.0, expertise)), 1)
            + round(m["languages"] * max(0.0, min(1.0, languages)), 1)
            + round(m["availability"] * max(0.0, min(1.0, availability)), 1)
            + round(m["experience"] * max(0.0, min(1.0, experience)), 1)
            + round(m["function"] * max(0.0, min(1.0, function)), 1)
            + round(m["track_record"] * max(0.0, min(1.0, (shrunk - 1) / 4)), 1)
            + round(m["freshness"] * (1.0 if row["confirmed_at"] >= self.cutoff else 0.0), 1)
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
