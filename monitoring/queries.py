"""Reads behind the public pages: each costs a constant number of queries, whatever the number of
countries, indicators or cycles (bench/ measures them at 57 × 100 × 10). QuerySet methods in
monitoring.models call these; views never build these queries themselves."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When

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


def _latest_two(public):
    """`public` (one country's public assessments) narrowed to its latest (the highest cycle) and the
    previous one of the same methodology (the highest lower cycle of the framework's family): two
    subqueries the database runs once each, not per row."""
    newest = public.order_by("-cycle", "-pk")
    latest = newest.values("pk")[:1]
    previous = newest.filter(
        framework__family=Subquery(newest.values("framework__family")[:1]),
        cycle__lt=Subquery(newest.values("cycle")[:1]),
    ).values("pk")[:1]
    return public.filter(Q(pk=Subquery(latest)) | Q(pk=Subquery(previous)))


AREA_FIELDS = [f.attname for f in Area._meta.concrete_fields]


def _area_cells(public, country) -> list:
    """[(assessment, area or None, Cell or None)] of the latest and previous public assessments,
    each with every area of its framework (None when it has none) and the area's level from the
    level answers (None when no level answer counts there, as area_scores leaves it out): one
    query, the areas' columns and the two scores read with the assessment they belong to."""
    level_answers = (
        Finding.objects.filter(
            assessment_id=OuterRef("pk"),
            indicator__area_id=OuterRef("area_id"),
            indicator__kind=AnswerKind.LEVEL,
        )
        .order_by()
        .values("assessment_id")
    )
    rows = (
        _latest_two(public)
        .select_related("framework")
        .annotate(**{f"area_{name}": F(f"framework__areas__{name}") for name in AREA_FIELDS})
        .annotate(
            area_score=Subquery(level_answers.annotate(v=Avg(POINTS)).values("v")),
            area_answered=Subquery(
                level_answers.annotate(
                    v=Count("pk", filter=~Q(level="") & ~Q(level=Level.NO_INFORMATION))
                ).values("v")
            ),
        )
        .order_by("-cycle", "-pk", "framework__areas__order", "framework__areas__code")
    )
    cells = []
    for row in rows:
        row.country = country
        area = cell = None
        if row.area_id is not None:
            area = Area.from_db(rows.db, AREA_FIELDS, [getattr(row, f"area_{name}") for name in AREA_FIELDS])
            area.framework = row.framework
        if row.area_answered is not None:  # a group of level answers: area_scores has a row for it
            cell = Cell(
                level=level_for_score(row.area_score), score=row.area_score, answered=row.area_answered
            )
        cells.append((row, area, cell))
    return cells


def country_summary(public, country) -> CountrySummary | None:
    """The latest public assessment of `country`, its area levels with the change since the previous
    public cycle of the same methodology, and the open recommendations nothing answers yet: two
    queries (the two assessments with their framework, areas and levels; the recommendations)."""
    public = public.filter(country=country)
    cells = _area_cells(public, country)
    if not cells:
        return None
    latest = cells[0][0]
    previous = next((a for a, _area, _cell in cells if a.pk != latest.pk), None)
    before_by_code = {
        area.code: cell or Cell()
        for assessment, area, cell in cells
        if previous and assessment.pk == previous.pk and area is not None
    }
    areas = []
    for assessment, area, cell in cells:
        if assessment.pk != latest.pk or area is None:
            continue
        now = cell or Cell()
        before = before_by_code.get(area.code)
        areas.append((area, now, before, _change(now, before)))
    recommendations = list(
        Recommendation.objects.filter(assessment__in=public)
        .open()
        .unanswered()
        .select_related("assessment__framework", "assessment__country")
        .order_by("-assessment__cycle", "pk")
    )
    return CountrySummary(latest, previous, areas, recommendations)


def countries_with_public_assessments():
    return Country.objects.filter(assessments__status__in=PUBLIC_STATUSES).distinct()
