"""The country page's assessment section (levels, change, open recommendations nothing answers),
the theme-based gap list only without an assessment, and follow-up from the fund and the inventory."""

import pytest

from fund.services.proposals import proposal_transition
from fund.workflow import Action as FundAction
from monitoring.choices import Level
from monitoring.models import Area, Recommendation
from monitoring.services.assessments import finding_save
from monitoring.services.frameworks import framework_publish
from monitoring.services.recommendations import recommendation_follow_up, recommendation_save
from tests.fund.factories import make_proposal
from tests.portal.helpers import make_activity

from .factories import answer_all, make_framework, open_assessment, publish, published_assessment
from .helpers import main, table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def moldova(curator, framework, assessor):
    """2004 not in place, 2005 in place, with two open recommendations."""
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.NOT_IN_PLACE)
    later = open_assessment(curator=curator, framework=framework, cycle=2005, assessors=[assessor])
    for text_ in ("Fund shelters for victims", "Train judges"):
        recommendation_save(
            user=assessor, assessment=later, text=text_, priority="high", addressee="government"
        )
    answer_all(later, assessor, level=Level.IN_PLACE)
    return publish(later, assessor, curator)


def open_list(client) -> list[str]:
    page = main(client.get("/countries/md/"))
    return [text(li) for li in page.xpath('.//ul[@id="open-recommendations"]/li')]


def test_country_section_levels_change_and_open_recommendations(client, moldova):
    page = main(client.get("/countries/md/"))
    rows = table_rows(page, "assessment-areas")
    assert rows[0] == ["Prevention", "In place", "Not in place", "Improved"]
    assert [r.split(" (")[0] for r in open_list(client)] == ["Fund shelters for victims", "Train judges"]
    assert not page.xpath('.//ul[@class="gap-themes"]')  # the evidence-based list replaces it
    assert "Assessment" in text(page.xpath('.//section[@id="assessment"]/h2')[0])


def test_country_section_every_area_with_its_level_the_previous_cycles_and_the_change(
    client, curator, assessor
):
    """Every area of the latest assessment's framework in order, with its level, the previous
    cycle's level of the area with the same code (a new area has none) and the change; the
    assessment named and linked; the open recommendations of every cycle, newest first, each
    linked to its place on its assessment's page."""
    older = make_framework(publish_as=curator, per_area=1)
    first = open_assessment(curator=curator, framework=older, cycle=2004, assessors=[assessor])
    old_advice = recommendation_save(
        user=assessor, assessment=first, text="Open a hotline", priority="medium", addressee="government"
    )
    answer_all(first, assessor, level=Level.PARTLY)
    first = publish(first, assessor, curator)
    newer = make_framework(per_area=1)  # a new version with an area no indicator answers yet
    Area.objects.create(framework=newer, code="coordination", name="Co-ordination", order=9)
    newer = framework_publish(user=curator, framework=newer)
    latest = open_assessment(curator=curator, framework=newer, cycle=2005, assessors=[assessor])
    advice = recommendation_save(
        user=assessor, assessment=latest, text="Train judges", priority="high", addressee="government"
    )
    answer_all(latest, assessor, level=Level.PARTLY)
    for finding in latest.findings.select_related("indicator"):
        changed = {"prevention": Level.IN_PLACE, "prosecution": Level.NOT_IN_PLACE}
        if finding.indicator.code.split("-")[0] in changed:
            finding_save(
                user=assessor,
                finding=finding,
                level=changed[finding.indicator.code.split("-")[0]],
                evidence="Revised",
                confidence="medium",
                confirm=True,
            )
    latest = publish(latest, assessor, curator)

    section = main(client.get("/countries/md/")).xpath('.//section[@id="assessment"]')[0]
    assert table_rows(section, "assessment-areas") == [
        ["Prevention", "In place", "Partly in place", "Improved"],
        ["Protection", "Partly in place", "Partly in place", "No change"],
        ["Prosecution", "Not in place", "Partly in place", "Worse"],
        ["Partnership", "Partly in place", "Partly in place", "No change"],
        ["Co-ordination", "No information", "No information", "—"],
    ]
    link = section.xpath("./p/a")[0]
    assert link.get("href") == latest.get_absolute_url()
    assert text(link) == f"{newer.display_title}, cycle 2005"
    assert "compared with 2004" in text(section.xpath("./p")[0])
    items = section.xpath('.//ul[@id="open-recommendations"]/li')
    assert [text(li) for li in items] == ["Train judges (High, 2005)", "Open a hotline (Medium, 2004)"]
    assert [li.xpath("./a")[0].get("href") for li in items] == [
        f"{latest.get_absolute_url()}#recommendation-{advice.pk}",
        f"{first.get_absolute_url()}#recommendation-{old_advice.pk}",
    ]


def test_country_section_without_a_previous_cycle_has_no_comparison(client, curator, framework, assessor):
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.IN_PLACE)
    section = main(client.get("/countries/md/")).xpath('.//section[@id="assessment"]')[0]
    assert table_rows(section, "assessment-areas")[0] == ["Prevention", "In place"]
    assert [text(th) for th in section.xpath(".//thead//th")] == ["Area", "Level"]
    assert "compared with" not in text(section)


def test_country_without_assessment_keeps_the_theme_gaps(client, moldova):
    response = client.get("/countries/ge/")
    assert 'class="gap-themes"' in response.content.decode()
    assert not main(response).xpath('.//section[@id="assessment"]')


def test_a_submitted_proposal_answering_a_recommendation_shrinks_the_open_list(client, moldova, officer_a):
    recommendation = Recommendation.objects.get(text="Fund shelters for victims")
    proposal = make_proposal(officer_a)
    recommendation.proposals.add(proposal)
    assert len(open_list(client)) == 2  # a draft answers nothing yet
    proposal_transition(proposal=proposal, user=officer_a, action=FundAction.SUBMIT)
    assert [r.split(" (")[0] for r in open_list(client)] == ["Train judges"]
    # The public assessment page says something answers it, without naming an unpublished proposal.
    page = main(client.get(moldova.get_absolute_url()))
    item = text(page.xpath(f'.//article[@id="recommendation-{recommendation.pk}"]')[0])
    assert "under consideration" in item and proposal.title not in item


def test_a_published_activity_answers_and_is_named(client, moldova):
    recommendation = Recommendation.objects.get(text="Train judges")
    recommendation.activities.add(make_activity("Judicial training", published=False))
    assert len(open_list(client)) == 2  # a draft activity is not an answer
    recommendation.activities.add(make_activity("Judges' academy course"))
    assert len(open_list(client)) == 1
    page = main(client.get(moldova.get_absolute_url()))
    item = page.xpath(f'.//article[@id="recommendation-{recommendation.pk}"]')[0]
    assert "Judges' academy course" in text(item) and "Judicial training" not in text(item)


def test_the_fund_form_declares_recommendations(client, moldova, officer_a):
    recommendation = Recommendation.objects.get(text="Train judges")
    client.force_login(officer_a)
    page = main(client.get("/fund/proposals/new/"))
    options = page.xpath('.//input[@type="checkbox"][@name="recommendations"]')
    assert sorted(int(o.get("value")) for o in options) == [
        r.pk for r in Recommendation.objects.order_by("pk")
    ]
    response = client.post(
        "/fund/proposals/new/",
        {
            "title": "Judges",
            "recommendations": [recommendation.pk],
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert list(recommendation.proposals.values_list("title", flat=True)) == ["Judges"]


def test_follow_up_over_time(client, moldova, curator, assessor):
    import datetime

    recommendation = Recommendation.objects.get(text="Train judges")
    with pytest.raises(Exception):  # noqa: B017 - NotPermitted, a ServiceError
        recommendation_follow_up(
            user=assessor, recommendation=recommendation, status="implemented", on=datetime.date(2006, 1, 1)
        )
    recommendation_follow_up(
        user=curator, recommendation=recommendation, status="in_progress", on=datetime.date(2006, 1, 1)
    )
    client.force_login(curator)
    client.post(
        f"/monitoring/recommendations/{recommendation.pk}/follow-up/",
        {f"fu{recommendation.pk}-status": "implemented", f"fu{recommendation.pk}-on": "2006-06-01"},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented"
    assert [
        text(li).split(" (")[0]
        for li in main(client.get("/countries/md/")).xpath('.//ul[@id="open-recommendations"]/li')
    ] == ["Fund shelters for victims"]
    page = main(client.get(moldova.get_absolute_url()))
    rows = page.xpath(f'.//article[@id="recommendation-{recommendation.pk}"]//table/tbody/tr')
    assert [text(r.xpath("./td")[1]) for r in rows] == ["In progress", "Implemented"]
