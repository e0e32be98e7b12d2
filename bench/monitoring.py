"""Monitoring at scale: the region-wide matrix (countries × areas) and the comparison page (countries
× indicators) with 57 countries × 100 indicators × 10 cycles published. Figures: the p95 server time
of each page (target ≤ 100 ms), and their query counts for a methodology with 10 cycles against one
with a single cycle (target: the same: queries constant in the number of cycles).

The data is written here with bulk_create (marked with the "bench-" prefix) and reused by later runs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .harness import Figure, ms, percentile, timed

LEVELS = ["in_place", "partly", "not_in_place", "no_information"]
AREAS = ["prevention", "protection", "prosecution", "partnership"]


def _framework(slug: str, family: str, indicators: int):
    from monitoring.models import Area, Framework, Indicator

    framework, created = Framework.objects.get_or_create(
        slug=slug,
        defaults={
            "title": f"Bench methodology {slug}",
            "family": family,
            "version": "1",
            "status": "published",
            "published_at": datetime(2004, 1, 1, tzinfo=UTC),
        },
    )
    if created:
        areas = Area.objects.bulk_create(
            Area(framework=framework, code=code, name=code.capitalize(), order=n)
            for n, code in enumerate(AREAS)
        )
        Indicator.objects.bulk_create(
            Indicator(
                framework=framework,
                area=areas[n % len(areas)],
                code=f"i{n:03d}",
                order=n,
                question=f"Bench indicator {n}: is the measure in place?",
            )
            for n in range(indicators)
        )
    return framework


def populate(*, countries: int, indicators: int, cycles: int):
    """Two published methodologies: one with `cycles` cycles, one with a single cycle, each with
    every country answering every indicator (topped up: existing cycles are kept)."""
    from django.contrib.auth import get_user_model

    from clearinghouse.models import Country
    from monitoring.models import Assessment, Finding

    user, _ = get_user_model().objects.get_or_create(username="bench-monitoring-reviewer")
    chosen = list(Country.objects.participating().order_by("pk")[:countries])
    made = {}
    for slug, count in (
        (f"bench-monitoring-{indicators}", cycles),
        (f"bench-monitoring-{indicators}-one", 1),
    ):
        framework = _framework(slug, slug, indicators)
        items = list(framework.indicators.all())
        for cycle in range(2000, 2000 + count):
            if Assessment.objects.filter(framework=framework, cycle=cycle).count() >= len(chosen):
                continue
            assessments = Assessment.objects.bulk_create(
                Assessment(
                    country=country,
                    framework=framework,
                    cycle=cycle,
                    reviewer=user,
                    status="published",
                    published_at=datetime(cycle, 12, 1, tzinfo=UTC),
                )
                for country in chosen
            )
            Finding.objects.bulk_create(
                (
                    Finding(
                        assessment=assessment,
                        indicator=indicator,
                        level=LEVELS[(assessment.country_id * 31 + indicator.pk * 17 + cycle) % 4],
                        evidence="Bench evidence.",
                    )
                    for assessment in assessments
                    for indicator in items
                ),
                batch_size=5000,
            )
        made[count] = framework
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("monitoring_assessment", "monitoring_finding", "monitoring_indicator"):
            cursor.execute(f"ANALYZE {table}")
    return made[cycles], made[1]


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def measure(database_url: str, size: dict) -> list[Figure]:
    from django.test import Client, override_settings

    countries, indicators, cycles = (
        size.get("monitoring_countries", 57),
        size.get("monitoring_indicators", 100),
        size.get("monitoring_cycles", 10),
    )
    many, one = populate(countries=countries, indicators=indicators, cycles=cycles)
    client = Client()
    latest = 2000 + cycles - 1
    pages = {
        "region-wide matrix": (
            f"/monitoring/?framework={many.slug}&cycle={latest}",
            f"/monitoring/?framework={one.slug}&cycle=2000",
        ),
        "comparison page": (f"/monitoring/{many.slug}/{latest}/", f"/monitoring/{one.slug}/2000/"),
    }
    figures = []
    scale = f"{countries} countries × {indicators} indicators × {cycles} cycles"
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, (path, single) in pages.items():
            times = timed(lambda path=path: client.get(path), size["repeat"])
            p95 = percentile(times, 95)
            figures.append(Figure(f"monitoring: {name} p95 ({scale})", ms(p95), "≤ 100 ms", met=p95 <= 0.100))
            at_many, at_one = _queries(client, path), _queries(client, single)
            figures.append(
                Figure(
                    f"monitoring: {name} queries, {cycles} cycles / 1 cycle",
                    f"{at_many} / {at_one}",
                    "the same",
                    met=at_many == at_one,
                )
            )
    return figures
