"""monitoring.demo: the framework, two cycles for the countries of Southeast Europe and the
Caucasus, one assessment in review, recommendations linked to fund projects and activities."""

import io

import pytest

from monitoring import demo
from monitoring.choices import AssessmentStatus
from monitoring.models import Assessment, Framework, Recommendation

from .helpers import main, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FUND_PRIVATE_ROOT = tmp_path / "fund"
    from clearinghouse import demo as accounts
    from events import demo as events_demo
    from fund import demo as fund_demo
    from programmes import demo as programmes_demo

    # In seed_demo's order (events before monitoring); monitoring twice: idempotent.
    for module in (accounts, programmes_demo, fund_demo, events_demo, demo, demo):
        module.load(io.StringIO())


def test_demo_data(loaded, client):
    framework = Framework.objects.get()
    assert framework.indicators.count() == 20 and framework.areas.count() == 4
    assert Assessment.objects.filter(cycle=2004, status=AssessmentStatus.SUPERSEDED).count() == 10
    assert Assessment.objects.get(cycle=2004, country__iso2="GE").status == AssessmentStatus.PUBLISHED
    assert Assessment.objects.filter(cycle=2005, status=AssessmentStatus.PUBLISHED).count() == 10
    assert Assessment.objects.get(cycle=2005, country__iso2="GE").status == AssessmentStatus.IN_REVIEW
    assert Recommendation.objects.filter(proposals__isnull=False).exists()
    assert Recommendation.objects.filter(activities__isnull=False).exists()
    assert Recommendation.objects.filter(follow_ups__isnull=False).exists()
    # The seed's conference on victim protection answers Albania's referral-mechanism recommendation.
    answered = Recommendation.objects.get(events__slug="conference-victim-protection-destination")
    assert (answered.assessment.country.iso2, answered.assessment.cycle) == ("AL", 2005)
    page = main(client.get(answered.assessment.get_absolute_url()))
    item = page.xpath(f'.//article[@id="recommendation-{answered.pk}"]//ul[@class="answers"]')[0]
    assert text(item) == "Event: Conference on Victim Protection in Countries of Destination"
    page = main(client.get("/monitoring/"))
    assert len(page.xpath('.//table[@id="area-matrix"]/tbody/tr')) == 10
    ru = main(client.get("/ru/countries/md/"))
    assert ru.xpath('.//section[@id="assessment"]') and "Оценка" in text(
        ru.xpath('.//section[@id="assessment"]/h2')[0]
    )
