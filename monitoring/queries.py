"""Reads behind the public pages: each costs a constant number of queries, whatever the number of
countries, indicators or cycles (bench/ measures them at 57 × 100 × 10). QuerySet methods in
monitoring.models call these; views never build these queries themselves."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Case, Count, IntegerField, Q, Value, When

from clearinghouse.models import Country

from .choices import LEVEL_POINTS, PUBLIC_STATUSES, AnswerKind, Level, level_for_score
from .models import Area, Assessment, Finding, Framework, Indicator, Recommendation

POINTS = Case(
    *[When(level=level, then=Value(points)) for level, points in LEVEL_POINTS.items()],
    default=None,
    output_field=IntegerField(),
)


def lineage_roots(family: str) -> dict[int, int]:
    """{indicator id: id of the first indicator of its line} across every version of a methodology:
    an indicator that `maps_from` an earlier one continues its line, so trends run across versions."""
    parents = dict(Indicator.objects.filter(framework__family=family).values_list("pk", "maps_from_id"))
    roots = {}
    for pk in parents:
        root, seen = pk, set()
        while parents.get(root) and root not in seen:
            seen.add(root)
            root = parents[root]
        roots[pk] = root
    return roots


@dataclass
class Cell:
    level: str = Level.NO_INFORMATION
    score: float | None = None
    answered: int = 0
    value: object = None


def public_cycles():
    """[(framework, [cycles, newest first])] of every published framework that has public assessments."""
    pairs = (
        Assessment.objects.public()
        .values_list("framework_id", "cycle")
        .distinct()
        .order_by("framework_id", "-cycle")
    )
    cycles = defaultdict(list)
    for framework_id, cycle in pairs:
        cycles[framework_id].append(cycle)
    frameworks = Framework.objects.published().filter(pk__in=list(cycles))
    return [(framework, cycles[framework.pk]) for framework in frameworks]


def area_scores(assessment_ids) -> dict[tuple[int, int], Cell]:
    """{(assessment id, area id): Cell} from the level answers, in one grouped query."""
    rows = (
        Finding.objects.filter(assessment_id__in=assessment_ids, indicator__kind=AnswerKind.LEVEL)
        .values("assessment_id", "indicator__area_id")
        .annotate(
            score=Avg(POINTS), answered=Count("pk", filter=~Q(level="") & ~Q(level=Level.NO_INFORMATION))
        )
        .order_by()
    )
    return {
        (r["assessment_id"], r["indicator__area_id"]): Cell(
            level=level_for_score(r["score"]), score=r["score"], answered=r["answered"]
        )
        for r in rows
    }


def area_matrix(framework, cycle) -> dict:
    """Countries × areas of one framework and cycle, each cell the area's level (published only)."""
    areas = list(Area.objects.filter(framework=framework))
    assessments = list(
        Assessment.objects.for_cycle(framework, cycle)
        .select_related("country__region", "framework")
        .order_by("country__region__order", "country__name")
    )
    scores = area_scores([a.pk for a in assessments])
    rows = [
        (assessment, [scores.get((assessment.pk, area.pk), Cell()) for area in areas])
        for assessment in assessments
    ]
    return {"areas": areas, "rows": rows}


def comparison(framework, cycle, *, area=None, theme=None, region=None) -> dict:
    """Countries × indicators of one framework and cycle, filtered by area, theme and region."""
    # Only the columns the page shows (a page of 100 indicators and 57 countries builds 150 objects;
    # guidance and commitments are long texts it never reads).
    indicators = (
        Indicator.objects.filter(framework=framework)
        .select_related("area")
        .only("pk", "code", "question", "question_ru", "area_id", "area__name", "area__name_ru")
    )
    if area is not None:
        indicators = indicators.filter(area=area)
    if theme is not None:
        indicators = indicators.filter(Q(themes=theme) | Q(themes__parent=theme)).distinct()
    indicators = list(indicators)
    assessments = (
        Assessment.objects.for_cycle(framework, cycle)
        .select_related("country")
        .only("pk", "country__name", "country__name_ru", "country__iso2")
    )
    if region is not None:
        assessments = assessments.filter(country__region=region)
    assessments = list(assessments.order_by("country__region__order", "country__name"))
    # The cells: one query of plain tuples, no join (order_by() drops Finding's ordering, which joins
    # the indicator and area tables), placed by position into rows made in advance: 5,700 cells at
    # 57 countries × 100 indicators, so nothing per cell but a tuple and a list store.
    column = {indicator.pk: n for n, indicator in enumerate(indicators)}
    line = {assessment.pk: n for n, assessment in enumerate(assessments)}
    missing = (Level.NO_INFORMATION, None)
    grid = [[missing] * len(indicators) for _assessment in assessments]
    if assessments and indicators:
        found = (
            Finding.objects.filter(assessment_id__in=list(line), indicator_id__in=list(column))
            .order_by()
            .values_list("assessment_id", "indicator_id", "level", "value")
        )
        for assessment_id, indicator_id, level, value in found:
            grid[line[assessment_id]][column[indicator_id]] = (level or Level.NO_INFORMATION, value)
    # Cells are (level, value) pairs: thousands of them, so plain tuples (see level_cells).
    return {"indicators": indicators, "rows": list(zip(assessments, grid, strict=True))}


def indicator_overview(indicator) -> dict:
    """Every country's latest public answer to an indicator (and to the indicators of earlier or
    later versions it is mapped to), and per cycle how many countries gave each level: the trend."""
    roots = lineage_roots(indicator.framework.family)
    line = [pk for pk, root in roots.items() if root == roots.get(indicator.pk, indicator.pk)]
    findings = list(
        Finding.objects.filter(indicator_id__in=line, assessment__status__in=PUBLIC_STATUSES)
        .select_related("assessment__country", "assessment__framework")
        .order_by("assessment__country__name", "-assessment__cycle")
    )
    latest, per_cycle = {}, defaultdict(Counter)
    values = defaultdict(list)
    for finding in findings:
        latest.setdefault(finding.assessment.country_id, finding)
        cycle = finding.assessment.cycle
        per_cycle[cycle][finding.level or Level.NO_INFORMATION] += 1
        if finding.value is not None:
            values[cycle].append(finding.value)
    trend = [
        {
            "cycle": cycle,
            "counts": [(level, label, per_cycle[cycle][level]) for level, label in Level.choices],
            "total": sum(per_cycle[cycle].values()),
            "average": (sum(values[cycle]) / len(values[cycle])) if values[cycle] else None,
        }
        for cycle in sorted(per_cycle)
    ]
    return {"latest": list(latest.values()), "trend": trend}


@dataclass
class CountrySummary:
    assessment: Assessment
    previous: Assessment | None
    areas: list = field(default_factory=list)  # [(area, cell now, cell before or None, change)]
    open_recommendations: list = field(default_factory=list)


def _change(now: Cell, before: Cell | None) -> str:
    if before is None or now.score is None or before.score is None:
        return ""
    if now.score > before.score:
        return "up"
    if now.score < before.score:
        return "down"
    return "same"


def country_summary(public, country) -> CountrySummary | None:
    """The latest public assessment of `country`, its area levels with the change since the previous
    public cycle of the same methodology, and the open recommendations nothing answers yet."""
    latest = (
        public.filter(country=country)
        .select_related("framework", "country")
        .order_by("-cycle", "-pk")
        .first()
    )
    if latest is None:
        return None
    previous = (
        public.filter(country=country, framework__family=latest.framework.family, cycle__lt=latest.cycle)
        .select_related("framework")
        .order_by("-cycle")
        .first()
    )
    ids = [latest.pk] + ([previous.pk] if previous else [])
    scores = area_scores(ids)
    frameworks = {latest.framework_id} | ({previous.framework_id} if previous else set())
    all_areas = list(Area.objects.filter(framework_id__in=frameworks))  # one query, with or without previous
    before_by_code = {
        area.code: scores.get((previous.pk, area.pk), Cell())
        for area in all_areas
        if previous and area.framework_id == previous.framework_id
    }
    areas = []
    for area in all_areas:
        if area.framework_id != latest.framework_id:
            continue
        now = scores.get((latest.pk, area.pk), Cell())
        before = before_by_code.get(area.code)
        areas.append((area, now, before, _change(now, before)))
    recommendations = list(
        Recommendation.objects.filter(assessment__in=public.filter(country=country))
        .open()
        .unanswered()
        .select_related("assessment__framework", "assessment__country")
        .order_by("-assessment__cycle", "pk")
    )
    return CountrySummary(latest, previous, areas, recommendations)


def countries_with_public_assessments():
    return Country.objects.filter(assessments__status__in=PUBLIC_STATUSES).distinct()
