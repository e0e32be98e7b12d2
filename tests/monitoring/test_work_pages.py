"""The assessors' and reviewers' pages: area forms save drafts as typed and keep bad input; carried
forward answers are marked until confirmed; reviewers comment; the workflow buttons."""

import pytest

from monitoring.choices import AssessmentStatus, Level
from monitoring.models import Assessment, Finding, Recommendation

from .factories import open_assessment, published_assessment
from .helpers import main, text

pytestmark = pytest.mark.django_db


def area_data(findings, **overrides) -> dict:
    data = {}
    for finding in findings:
        prefix = f"f{finding.pk}-"
        data[prefix + "level"] = overrides.get("level", Level.PARTLY)
        data[prefix + "evidence"] = overrides.get("evidence", "Typed evidence")
        data[prefix + "source_title"] = overrides.get("source_title", "")
        data[prefix + "source_url"] = overrides.get("source_url", "")
    return data


def test_area_page_saves_drafts_as_typed(client, draft_assessment, assessor):
    client.force_login(assessor)
    url = draft_assessment.get_work_url() + "areas/prevention/"
    findings = list(draft_assessment.findings.filter(indicator__area__code="prevention"))
    data = area_data(findings)
    data[f"f{findings[0].pk}-source_title"] = "Ministry report"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = Finding.objects.get(pk=findings[0].pk)
    assert saved.level == Level.PARTLY and saved.evidence == "Typed evidence"
    assert [s.title for s in saved.sources.all()] == ["Ministry report"]
    other = Finding.objects.get(pk=findings[1].pk)
    assert not other.sources.exists()  # a draft may be incomplete


def test_area_page_keeps_what_was_typed_on_bad_input(client, draft_assessment, assessor):
    client.force_login(assessor)
    url = draft_assessment.get_work_url() + "areas/prevention/"
    findings = list(draft_assessment.findings.filter(indicator__area__code="prevention"))
    data = area_data(findings, evidence="Kept <b>text</b>", source_url="not a link")
    data[f"f{findings[0].pk}-source_document"] = "99999999"
    response = client.post(url, data)
    page = main(response)
    summary = page.xpath('.//div[@id="error-summary"]')[0]
    assert "link" in text(summary).lower() or "URL" in text(summary)
    textarea = page.xpath(f'.//textarea[@name="f{findings[0].pk}-evidence"]')[0]
    assert textarea.text_content().strip() == "Kept <b>text</b>"
    assert not Finding.objects.filter(evidence__startswith="Kept").exists()  # nothing saved


def test_invalid_level_is_refused(client, draft_assessment, assessor):
    client.force_login(assessor)
    findings = list(draft_assessment.findings.filter(indicator__area__code="prevention"))
    response = client.post(
        draft_assessment.get_work_url() + "areas/prevention/", area_data(findings, level="maybe")
    )
    assert main(response).xpath('.//div[@id="error-summary"]')
    assert not Finding.objects.exclude(level="").exists()


def test_carried_forward_answers_are_marked_until_confirmed(client, curator, framework, assessor):
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.IN_PLACE)
    new = open_assessment(curator=curator, framework=framework, cycle=2005, assessors=[assessor])
    client.force_login(assessor)
    url = new.get_work_url() + "areas/prevention/"
    page = main(client.get(url))
    assert len(page.xpath('.//fieldset[contains(@class,"carried")]')) == 2
    findings = list(new.findings.filter(indicator__area__code="prevention"))
    data = {}
    for finding in findings:
        prefix = f"f{finding.pk}-"
        data.update(
            {
                prefix + "level": finding.level,
                prefix + "evidence": finding.evidence,
                prefix + "confidence": finding.confidence,
            }
        )
    data[f"f{findings[0].pk}-confirm"] = "on"
    client.post(url, data)
    assert list(
        new.findings.filter(indicator__area__code="prevention")
        .order_by("indicator__order")
        .values_list("carried_forward", flat=True)
    ) == [False, True]


def test_reviewer_comments_and_asks_for_changes_through_the_pages(
    client, draft_assessment, assessor, reviewer_user
):
    client.force_login(assessor)
    client.post(draft_assessment.get_work_url() + "action/", {"action": "submit"})
    finding = draft_assessment.findings.first()
    client.force_login(reviewer_user)
    response = client.post(
        draft_assessment.get_work_url() + f"findings/{finding.pk}/comments/", {"body": "Source?"}
    )
    assert response.status_code == 302
    response = client.post(
        draft_assessment.get_work_url() + "action/", {"action": "request_changes", "note": ""}
    )
    assert (
        Assessment.objects.get(pk=draft_assessment.pk).status == AssessmentStatus.IN_REVIEW
    )  # note required
    client.post(
        draft_assessment.get_work_url() + "action/", {"action": "request_changes", "note": "See comments"}
    )
    assert Assessment.objects.get(pk=draft_assessment.pk).status == AssessmentStatus.CHANGES_REQUESTED
    client.force_login(assessor)
    page = main(client.get(draft_assessment.get_work_url() + f"areas/{finding.indicator.area.code}/"))
    assert "Source?" in text(page.xpath(f'.//fieldset[@id="finding-{finding.pk}"]')[0])


def test_publishing_an_incomplete_assessment_says_why(client, draft_assessment, assessor, reviewer_user):
    client.force_login(assessor)
    client.post(draft_assessment.get_work_url() + "action/", {"action": "submit"})
    client.force_login(reviewer_user)
    response = client.post(draft_assessment.get_work_url() + "action/", {"action": "publish"}, follow=True)
    page = main(response)
    assert "cannot be published" in text(page.xpath('.//section[@class="messages"]')[0])
    assert "no answer" in text(page)


def test_work_list_shows_only_assigned_assessments(client, curator, framework, assessor, other_assessor):
    open_assessment(curator=curator, framework=framework, country="MD", assessors=[assessor])
    open_assessment(curator=curator, framework=framework, country="AM", assessors=[other_assessor])
    client.force_login(assessor)
    page = main(client.get("/monitoring/work/"))
    rows = [text(th) for th in page.xpath(".//tbody/tr/th")]
    assert rows == ["Moldova"]
    client.force_login(curator)
    assert len(main(client.get("/monitoring/work/")).xpath(".//tbody/tr/th")) == 2


def test_curator_opens_an_assessment_with_a_roster_expert_as_assessor(
    client, curator, framework, expert_user
):
    client.force_login(curator)
    response = client.post(
        "/monitoring/work/new/",
        {
            "country": "1",
            "framework": framework.pk,
            "cycle": "2004",
            "reviewer": curator.pk,
            "assessors": [expert_user.pk],
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and list(assessment.assessors.all()) == [expert_user]
    client.force_login(expert_user)  # the expert now sees this one assessment only
    assert client.get(assessment.get_work_url()).status_code == 200
    assert client.get("/monitoring/work/").status_code == 200


def test_open_form_refuses_the_reviewer_as_assessor_and_a_second_assessment(
    client, curator, framework, assessor
):
    client.force_login(curator)
    data = {
        "country": "1",
        "framework": framework.pk,
        "cycle": "2004",
        "reviewer": curator.pk,
        "assessors": [curator.pk],
    }
    page = main(client.post("/monitoring/work/new/", data))
    assert "reviewer cannot also be an assessor" in text(page.xpath('.//div[@id="error-summary"]')[0])
    data["assessors"] = [assessor.pk]
    client.post("/monitoring/work/new/", data)
    page = main(client.post("/monitoring/work/new/", data))
    assert "already has an assessment" in text(page.xpath('.//div[@id="error-summary"]')[0])
    assert Assessment.objects.count() == 1


def test_recommendation_form(client, draft_assessment, assessor):
    client.force_login(assessor)
    url = draft_assessment.get_work_url() + "recommendations/"
    page = main(client.post(url, {"text": "", "priority": "high", "addressee": "government"}))
    assert page.xpath('.//div[@id="error-summary"]')
    indicator = draft_assessment.framework.indicators.first()
    response = client.post(
        url,
        {
            "text": "Train prosecutors",
            "priority": "high",
            "addressee": "government",
            "indicators": [indicator.pk],
        },
    )
    assert response.status_code == 302
    assert list(Recommendation.objects.get().indicators.all()) == [indicator]
