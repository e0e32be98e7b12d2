"""Monitoring end to end: an assessor fills a new cycle from the previous one, the reviewer asks for a
change, the assessor answers, the reviewer publishes; the public matrix and the country page change;
a fund proposal declares it answers a recommendation and the country page's open list shrinks."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from clearinghouse import roles
from clearinghouse.models import Country, Organisation, Theme
from fund.models import Proposal
from monitoring.choices import Level
from monitoring.models import Assessment, Finding, Recommendation
from tests.factories import UserFactory
from tests.fund.factories import make_round
from tests.monitoring.factories import make_framework, open_assessment, published_assessment

from .conftest import sign_in, totp_device

pytestmark = pytest.mark.e2e

RECOMMENDATION = "Open a shelter for children with specialised staff"


@pytest.fixture
def monitoring(live, two_factor):
    curator = UserFactory(username="monitoring-curator", role=roles.CURATOR, is_staff=True)
    totp_device(curator)
    assessor = UserFactory(username="assessor-md", role=roles.ASSESSOR)
    reviewer = UserFactory(username="reviewer-md", role=roles.ASSESSOR)
    framework = make_framework(per_area=1, publish_as=curator, version="2004")
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.NOT_IN_PLACE)
    new = open_assessment(
        curator=curator, framework=framework, cycle=2005, assessors=[assessor], reviewer=reviewer
    )
    today = timezone.localdate()
    make_round(
        title="Current round",
        opens=today - timedelta(days=30),
        closes=today + timedelta(days=60),
        decision_date=today + timedelta(days=75),
    )
    mission = Organisation.objects.get(slug="osce-mission-to-moldova")
    officer = UserFactory(username="officer-md", role=roles.OFFICER, organisation=mission)
    return {
        "site": live.url,
        "assessor": assessor,
        "reviewer": reviewer,
        "officer": officer,
        "assessment": new,
    }


def field(page, label: str):
    """The field labelled `label`; required fields' labels end with a hidden asterisk."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def finding_id(code: str) -> int:
    return Finding.objects.get(assessment__cycle=2005, indicator__code=code).pk


def assessor_fills_the_new_cycle(site, page, assessment, a11y):
    page.locator("tbody tr", has_text="2005").get_by_role("link", name="Moldova").click()
    page.wait_for_url(site + assessment.get_work_url())
    a11y.check(page, "monitoring-work-detail")
    for area in ("prevention", "protection", "prosecution", "partnership"):
        page.get_by_role("link", name=area.capitalize(), exact=True).first.click()
        page.wait_for_url(re.compile(rf"/areas/{area}/$"))
        pk = finding_id(f"{area}-1")
        fieldset = page.locator(f"#finding-{pk}")
        assert "carried" in fieldset.get_attribute("class")  # marked until confirmed
        assert fieldset.get_by_text("Carried forward from the previous cycle").is_visible()
        if area == "prevention":
            a11y.check(page, "monitoring-area")
            page.locator(f"[name='f{pk}-level']").select_option(Level.IN_PLACE)
            page.locator(f"[name='f{pk}-change_note']").fill("A national campaign started in 2005.")
        else:
            page.locator(f"[name='f{pk}-confirm']").check()
        page.get_by_role("button", name="Save this area").click()
        page.wait_for_url(re.compile(rf"/areas/{area}/$"))
        assert page.get_by_text("Saved.", exact=True).is_visible()
        assert "carried" not in (page.locator(f"#finding-{pk}").get_attribute("class") or "")
        page.goto(site + assessment.get_work_url())
    page.get_by_role("link", name="Add a recommendation").click()
    page.wait_for_url(re.compile(r"/recommendations/$"))
    a11y.check(page, "monitoring-recommendation")
    field(page, "Recommendation:").fill(RECOMMENDATION)
    field(page, "Priority:").select_option("high")
    field(page, "Addressed to:").select_option("government")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"/work/\d+/"))
    page.get_by_role("button", name="Send to review").click()
    assert page.locator("#assessment-status").inner_text() == "In review"


def reviewer_asks_for_a_change(site, page, assessment, a11y):
    page.goto(site + assessment.get_work_url())
    a11y.check(page, "monitoring-review")
    pk = finding_id("protection-1")
    page.locator(f"#comment-{pk}").fill("Which report says shelters are still missing?")
    page.locator(f"#finding-{pk}").get_by_role("button", name="Comment").click()
    page.wait_for_url(re.compile(r"/work/\d+/"))
    page.get_by_label("Note (required when asking for changes)").fill("See the comment on protection.")
    page.get_by_role("button", name="Ask for changes").click()
    assert page.locator("#assessment-status").inner_text() == "Changes requested"


def assessor_answers(site, page, assessment):
    page.goto(site + assessment.get_work_url() + "areas/protection/")
    pk = finding_id("protection-1")
    assert page.locator(f"#finding-{pk}").get_by_text("Which report says shelters").is_visible()
    page.locator(f"[name='f{pk}-source_title']").fill("Ombudsman report 2005")
    page.locator(f"[name='f{pk}-source_url']").fill("https://example.org/ombudsman-2005")
    page.get_by_role("button", name="Save this area").click()
    page.wait_for_url(re.compile(r"/areas/protection/$"))
    page.goto(site + assessment.get_work_url())
    page.get_by_role("button", name="Send to review").click()
    assert page.locator("#assessment-status").inner_text() == "In review"


def reviewer_publishes(site, page, assessment, a11y):
    page.goto(site + assessment.get_work_url())
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(site + assessment.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Moldova: assessment 2005"
    a11y.check(page, "monitoring-assessment")


def public_sees_the_change(site, page, a11y):
    page.goto(site + "/monitoring/")
    row = page.locator("#area-matrix tbody tr", has_text="Moldova")
    assert row.locator("td").first.inner_text() == "In place (2.0)"  # was "Not in place" in 2004
    a11y.check(page, "monitoring-index")
    page.goto(site + "/countries/md/")
    areas = page.locator("#assessment-areas tbody tr").first
    assert [c.inner_text() for c in areas.locator("th, td").all()] == [
        "Prevention",
        "In place",
        "Not in place",
        "Improved",
    ]
    assert page.locator("#open-recommendations li", has_text=RECOMMENDATION).count() == 1
    a11y.check(page, "monitoring-country")


def officer_answers_the_recommendation(site, page):
    page.goto(site + "/fund/proposals/new/")
    page.get_by_label("Title", exact=True).fill("Children's shelter in Chisinau")
    page.get_by_label("Summary", exact=True).fill("A shelter for child victims.")
    page.get_by_label("Objectives", exact=True).fill("Protect child victims.")
    page.get_by_label("Activities", exact=True).fill("Open and staff the shelter.")
    page.get_by_label("Local partners", exact=True).fill("La Strada Moldova")
    page.get_by_label("Beneficiaries", exact=True).fill("Child victims")
    page.get_by_label(str(Country.objects.get(iso2="MD")), exact=True).check()
    page.get_by_label(str(Theme.objects.get(slug="protection")), exact=True).check()
    page.get_by_label("Start date", exact=True).fill("2027-02-01")
    page.get_by_label("End date", exact=True).fill("2027-07-31")
    page.get_by_label("Requested amount (EUR)").fill("9000")
    page.locator("#id_lines-0-category").select_option("services")
    page.locator("#id_lines-0-description").fill("Shelter staff")
    page.locator("#id_lines-0-quantity").fill("12")
    page.locator("#id_lines-0-unit_cost").fill("750")
    recommendation = Recommendation.objects.get(text=RECOMMENDATION)
    page.locator(f'#id_recommendations input[value="{recommendation.pk}"]').check()
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_url(re.compile(r"/fund/proposals/\d+/$"))
    assert list(
        Proposal.objects.get(title="Children's shelter in Chisinau").answers_recommendations.all()
    ) == [recommendation]


def test_monitoring_journey(monitoring, pages, a11y):
    site, assessment = monitoring["site"], monitoring["assessment"]
    assessor = pages()
    sign_in(assessor, site, monitoring["assessor"], next_path="/monitoring/work/", a11y=a11y)
    a11y.check(assessor, "monitoring-work-list")
    assessor_fills_the_new_cycle(site, assessor, assessment, a11y)
    reviewer = pages()
    sign_in(reviewer, site, monitoring["reviewer"], next_path="/monitoring/work/")
    reviewer_asks_for_a_change(site, reviewer, assessment, a11y)
    assessor_answers(site, assessor, assessment)
    reviewer_publishes(site, reviewer, assessment, a11y)
    assert Assessment.objects.get(pk=assessment.pk).status == "published"
    public = pages()
    public_sees_the_change(site, public, a11y)
    officer = pages()
    sign_in(officer, site, monitoring["officer"], next_path="/fund/proposals/")
    officer_answers_the_recommendation(site, officer)
    public.goto(site + "/countries/md/")
    assert public.locator("#open-recommendations li", has_text=RECOMMENDATION).count() == 0


@pytest.fixture
def published_in_russian(live):
    """Moldova and Armenia published for 2004; Moldova's two recommendations in Russian, one of them
    answered by an event (its Russian title is what the page names)."""
    from monitoring.services.recommendations import event_answers_set, recommendation_save
    from tests.events.factories import make_event
    from tests.monitoring.factories import answer_all, publish

    curator = UserFactory(username="monitoring-ru-curator", role=roles.CURATOR, is_staff=True)
    assessor = UserFactory(username="assessor-ru", role=roles.ASSESSOR)
    framework = make_framework(per_area=1, publish_as=curator, version="2004")
    moldova = open_assessment(curator=curator, framework=framework, assessors=[assessor])
    answered, open_ = (
        recommendation_save(
            user=assessor, assessment=moldova, text=en, text_ru=ru, priority="high", addressee="government"
        )
        for en, ru in (
            ("Adopt a referral mechanism", "Принять механизм перенаправления"),
            ("Train labour inspectors", "Обучить трудовых инспекторов"),
        )
    )
    answer_all(moldova, assessor, level=Level.IN_PLACE)
    moldova = publish(moldova, assessor, curator)
    published_assessment(
        curator=curator, framework=framework, assessor=assessor, country="AM", level=Level.NOT_IN_PLACE
    )
    event = make_event(
        slug="referral-conference", title="Referral conference", title_ru="Конференция о перенаправлении"
    )
    event_answers_set(user=curator, event=event, recommendations=[answered])
    return {"site": live.url, "framework": framework, "moldova": moldova}


def test_public_monitoring_pages_in_russian_without_javascript(published_in_russian, pages, a11y):
    """The public pages under /ru/ with JavaScript off: the matrix, the comparison with its filter
    form (a plain GET form), an indicator, an assessment with what answers its recommendations, and
    the country page's assessment section. Every assertion looks inside <main>."""
    from .conftest import in_language

    T = in_language("ru")
    site, framework = published_in_russian["site"], published_in_russian["framework"]
    page = pages(javascript=False)
    page.goto(site + "/ru/monitoring/")
    main = page.locator("main")
    assert main.locator("h1").inner_text() == T("Monitoring: country assessments against commitments")
    moldova_row = main.locator("#area-matrix tbody tr", has_text="Молдова")
    assert moldova_row.locator("td").first.inner_text() == "Принято (2,0)"
    a11y.check(page, "monitoring-ru-index")

    main.get_by_role("link", name=T("Cycle %(c)s: every indicator in every country", c=2004)).click()
    page.wait_for_url(site + f"/ru/monitoring/{framework.slug}/2004/")
    main = page.locator("main")
    with translation.override("ru"):
        title = str(framework)
    assert main.locator("h1").inner_text() == T(
        "%(fw)s, cycle %(cycle)s: every indicator in every country", fw=title, cycle=2004
    )
    rows = main.locator("#comparison tbody tr")
    # By region (Eastern Europe, then the Caucasus), then by name.
    assert [r.locator("th").inner_text() for r in rows.all()] == ["Молдова", "Армения"]
    assert rows.nth(0).locator("td").first.inner_text() == "Принято"
    a11y.check(page, "monitoring-ru-comparison")

    main.locator("#comparison thead").get_by_role("link", name="prevention-1").click()
    page.wait_for_url(re.compile(r"/ru/monitoring/.+/indicators/prevention-1/$"))
    assert page.locator("main h1").inner_text() == "prevention-1: Принята ли мера 1?"
    a11y.check(page, "monitoring-ru-indicator")
    page.go_back()

    page.locator("main #comparison tbody").get_by_role("link", name="Молдова").click()
    page.wait_for_url(site + "/ru" + published_in_russian["moldova"].get_absolute_url())
    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Молдова: оценка 2004"
    answered = main.locator("article", has_text="Принять механизм перенаправления")
    assert answered.locator("ul.answers").inner_text() == T("Event") + ": Конференция о перенаправлении"
    still_open = main.locator("article", has_text="Обучить трудовых инспекторов")
    assert still_open.locator("ul.answers").inner_text() == T("Nothing answers it yet.")
    a11y.check(page, "monitoring-ru-assessment")

    page.goto(site + "/ru/countries/md/")
    section = page.locator("main section#assessment")
    assert section.locator("h2").inner_text() == T("Assessment")
    open_list = [li.inner_text() for li in section.locator("#open-recommendations li").all()]
    assert len(open_list) == 1 and open_list[0].startswith("Обучить трудовых инспекторов (")
    a11y.check(page, "monitoring-ru-country")

    # The comparison's filters work as a plain form: the Caucasus keeps Armenia only.
    page.goto(site + f"/ru/monitoring/{framework.slug}/2004/")
    page.locator("main select[name=region]").select_option("caucasus")
    page.locator("main select[name=area]").select_option("prosecution")
    page.locator("main form.filters").get_by_role("button", name=T("Filter")).click()
    page.wait_for_url(re.compile(r"region=caucasus"))
    main = page.locator("main")
    assert [r.locator("th").inner_text() for r in main.locator("#comparison tbody tr").all()] == ["Армения"]
    assert [th.inner_text() for th in main.locator("#comparison thead th").all()][1:] == ["prosecution-1"]
