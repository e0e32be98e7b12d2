"""Framework versioning (frozen when published, a new version mapped to the old keeps trends) and
the public reads' query counts, constant in the number of cycles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.choices import Level
from monitoring.models import Indicator
from monitoring.queries import area_matrix, comparison, indicator_overview
from monitoring.services import FrameworkFrozen
from monitoring.services.frameworks import framework_check_editable, framework_new_version, framework_publish

from .factories import published_assessment
from .helpers import main

pytestmark = pytest.mark.django_db


def test_a_published_framework_is_frozen_in_the_admin(client, curator, framework):
    with pytest.raises(FrameworkFrozen):
        framework_check_editable(framework=framework)
    client.force_login(curator)
    indicator = framework.indicators.first()
    response = client.post(f"/admin/monitoring/indicator/{indicator.pk}/change/", {"question": "Changed"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.question != "Changed"


def test_a_new_version_maps_indicators_and_keeps_the_trend(client, curator, framework, assessor):
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.NOT_IN_PLACE)
    new = framework_new_version(user=curator, framework=framework, version="2005")
    old_indicator = framework.indicators.get(code="prevention-1")
    new_indicator = new.indicators.get(code="prevention-1")
    assert new_indicator.maps_from == old_indicator and new.previous == framework
    # The new version renames the indicator: the mapping, not the code, keeps the line.
    Indicator.objects.filter(pk=new_indicator.pk).update(code="prev-nrm")
    new = framework_publish(user=curator, framework=new)
    later = published_assessment(
        curator=curator, framework=new, assessor=assessor, cycle=2005, level=Level.IN_PLACE
    )
    assert later.previous is not None and later.previous.framework == framework
    renamed = Indicator.objects.get(pk=new_indicator.pk)
    trend = indicator_overview(renamed)["trend"]
    assert [
        (t["cycle"], dict((lv, n) for lv, _l, n in t["counts"])[lv])
        for t, lv in zip(trend, ["not_in_place", "in_place"], strict=True)
    ] == [(2004, 1), (2005, 1)]
    page = main(client.get(renamed.get_absolute_url()))
    assert [
        r.xpath("./th")[0].text_content()
        for r in page.xpath('.//table[contains(@class,"chart-data")]/tbody/tr')
    ] == ["2004", "2005"]


def test_carry_forward_follows_the_mapping_across_versions(curator, framework, assessor):
    from .factories import open_assessment

    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.IN_PLACE)
    new = framework_publish(
        user=curator, framework=framework_new_version(user=curator, framework=framework, version="2005")
    )
    assessment = open_assessment(curator=curator, framework=new, cycle=2005, assessors=[assessor])
    assert set(assessment.findings.values_list("level", "carried_forward")) == {(Level.IN_PLACE, True)}


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_public_reads_cost_the_same_for_one_and_three_cycles(client, curator, framework, assessor):
    def pages():
        return [
            lambda: area_matrix(framework, 2004),
            lambda: comparison(framework, 2004),
            lambda: indicator_overview(framework.indicators.first()),
            lambda: client.get("/monitoring/"),
            lambda: client.get(f"/monitoring/{framework.slug}/2004/"),
            lambda: client.get(framework.indicators.first().get_absolute_url()),
            lambda: client.get("/countries/md/"),
        ]

    for country in ("MD", "AM"):
        published_assessment(curator=curator, framework=framework, assessor=assessor, country=country)
    one = [count_queries(page) for page in pages()]
    for cycle in (2005, 2006):
        for country in ("MD", "AM"):
            published_assessment(
                curator=curator, framework=framework, assessor=assessor, country=country, cycle=cycle
            )
    three = [count_queries(page) for page in pages()]
    assert one == three


def test_an_import_cannot_change_a_published_framework(framework):
    import tablib

    from monitoring.resources import IndicatorResource

    indicator = framework.indicators.first()
    dataset = IndicatorResource().export(queryset=framework.indicators.filter(pk=indicator.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row["question"] = "Changed by import"
    result = IndicatorResource().import_data(
        tablib.Dataset(tuple(row.values()), headers=list(row)), dry_run=False
    )
    assert result.has_errors()
    indicator.refresh_from_db()
    assert indicator.question != "Changed by import"


def test_every_monitoring_admin_model_keeps_its_history():
    from django.contrib.admin.sites import site
    from simple_history.models import registered_models

    models = [m for m in site._registry if m._meta.app_label == "monitoring"]
    assert len(models) == 7
    assert [m for m in models if registered_models.get(m._meta.db_table) is not m] == []
