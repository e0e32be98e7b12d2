"""Public pages: the index matrix, comparison, assessment and indicator pages, both languages;
drafts are never shown."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from monitoring.choices import Level
from monitoring.models import Assessment
from monitoring.services.recommendations import recommendation_save

from .factories import open_assessment, published_assessment
from .helpers import main, table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(curator, framework, assessor):
    moldova = published_assessment(
        curator=curator, framework=framework, assessor=assessor, level=Level.IN_PLACE
    )
    armenia = published_assessment(
        curator=curator, framework=framework, assessor=assessor, country="AM", level=Level.NOT_IN_PLACE
    )
    return moldova, armenia


@pytest.fixture
def hidden_draft(curator, framework, assessor):
    draft = open_assessment(curator=curator, framework=framework, country="GE", assessors=[assessor])
    recommendation_save(
        user=assessor,
        assessment=draft,
        text="Secret draft recommendation",
        priority="high",
        addressee="government",
    )
    return draft


def test_index_shows_the_area_matrix_with_text_levels(client, published, hidden_draft):
    page = main(client.get("/monitoring/"))
    rows = {row[0]: row[1:] for row in table_rows(page, "area-matrix")}
    assert rows == {"Armenia": ["Not in place (0.0)"] * 4, "Moldova": ["In place (2.0)"] * 4}
    assert "Georgia" not in text(page)  # the draft
    cells = page.xpath('.//table[@id="area-matrix"]//td')
    assert {c.get("class") for c in cells} == {"level level-in_place", "level level-not_in_place"}
    assert page.xpath(".//svg[@aria-hidden='true']") and page.xpath(".//table[contains(@class,'chart-data')]")


def test_index_in_russian(client, published):
    page = main(client.get("/ru/monitoring/"))
    rows = {row[0]: row[1:] for row in table_rows(page, "area-matrix")}
    assert rows == {"Армения": ["Не принято (0,0)"] * 4, "Молдова": ["Принято (2,0)"] * 4}
    assert "Страны × области" in text(page.xpath(".//h2[@id='matrix-title']")[0])


def test_comparison_filters_by_area_and_region(client, published, framework):
    page = main(client.get(f"/monitoring/{framework.slug}/2004/"))
    headers = [text(th) for th in page.xpath('.//table[@id="comparison"]/thead//th')]
    assert headers[1:] == [i.code for i in framework.indicators.all()]
    page = main(client.get(f"/monitoring/{framework.slug}/2004/?area=prosecution&region=caucasus"))
    headers = [text(th) for th in page.xpath('.//table[@id="comparison"]/thead//th')]
    assert headers[1:] == ["prosecution-1", "prosecution-2"]
    assert [r[0] for r in table_rows(page, "comparison")] == ["Armenia"]


def test_comparison_refuses_an_unknown_filter_value(client, published, framework):
    response = client.get(f"/monitoring/{framework.slug}/2004/?area=nowhere")
    assert response.status_code == 400
    assert "nowhere" not in response.content.decode() or "error-summary" in response.content.decode()


def test_comparison_of_a_cycle_without_public_assessment_is_404(client, published, hidden_draft, framework):
    assert client.get(f"/monitoring/{framework.slug}/2003/").status_code == 404
    # A filter that leaves no country is an empty table, not a missing page.
    page = main(client.get(f"/monitoring/{framework.slug}/2004/?region=western-europe"))
    assert table_rows(page, "comparison") == [["No country matches these filters."]]
    assert client.get(f"/monitoring/{framework.slug}/2003/?region=caucasus").status_code == 404


def test_assessment_page_shows_findings_sources_and_recommendations(client, published):
    moldova, _armenia = published
    page = main(client.get(moldova.get_absolute_url()))
    assert "Moldova" in text(page.xpath(".//h1")[0])
    assert "Evidence for prevention-1" in text(page)
    assert page.xpath('.//a[@href="https://example.org/r"]')


def test_drafts_answer_404_on_every_public_page(client, hidden_draft, curator):
    client.force_login(curator)  # even a curator: the public page never shows a draft
    url = f"/monitoring/{hidden_draft.framework.slug}/2004/ge/"
    assert client.get(url).status_code == 404
    page = main(client.get("/monitoring/"))
    assert "Secret draft recommendation" not in text(page)


def test_indicator_page_trend_and_answers(client, published, framework, curator, assessor):
    indicator = framework.indicators.get(code="prevention-1")
    page = main(client.get(indicator.get_absolute_url()))
    trend = page.xpath('.//table[contains(@class,"chart-data")]//tbody/tr')
    assert [text(c) for c in trend[0].xpath("./th|./td")] == ["2004", "1", "0", "1", "0", "2"]
    assert page.xpath(".//svg//rect")


def test_escaping_of_user_text(client, curator, framework, assessor):
    assessment = open_assessment(curator=curator, framework=framework, assessors=[assessor])
    from .factories import answer_all, publish

    answer_all(assessment, assessor)
    finding = assessment.findings.first()
    finding.evidence = "<script>alert(1)</script>"
    finding.save()
    publish(Assessment.objects.get(pk=assessment.pk), assessor, curator)
    body = client.get(assessment.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_comparison_cells_are_each_findings_answer(client, curator, assessor, prefix):
    """Every cell of the pre-built table is its own finding's answer: mixed levels, a number, an
    unanswered finding (no information) and the indicator list under it, in both languages."""
    from monitoring.models import Finding

    from .factories import make_framework

    framework = make_framework(publish_as=curator, version="2004", with_number=True)
    for country in ("MD", "AM"):
        published_assessment(curator=curator, framework=framework, assessor=assessor, country=country)
    levels = [Level.IN_PLACE, Level.PARTLY, Level.NOT_IN_PLACE, Level.NO_INFORMATION, ""]
    findings = Finding.objects.filter(assessment__framework=framework).order_by("pk")
    for n, finding in enumerate(findings):
        if finding.indicator.kind == "level":
            Finding.objects.filter(pk=finding.pk).update(level=levels[n % len(levels)])
        else:
            Finding.objects.filter(pk=finding.pk).update(value=n + 0.5)
    page = main(client.get(f"{prefix}/monitoring/{framework.slug}/2004/"))
    indicators = list(framework.indicators.order_by("area__order", "order", "code"))
    headers = [text(th) for th in page.xpath('.//table[@id="comparison"]/thead//th')][1:]
    assert headers == [i.code for i in indicators]
    labels = dict(Level.choices)
    with translation.override("ru" if prefix else "en"):
        assessments = {str(a.country): a for a in Assessment.objects.filter(framework=framework)}
        rows = page.xpath('.//table[@id="comparison"]/tbody/tr')
        assert sorted(text(row.xpath("./th")[0]) for row in rows) == sorted(assessments)
        for row in rows:
            answers = {f.indicator_id: f for f in assessments[text(row.xpath("./th")[0])].findings.all()}
            expected = [
                floatformat(answers[i.pk].value, "-2")
                if i.kind != "level"
                else str(labels[answers[i.pk].level or Level.NO_INFORMATION])
                for i in indicators
            ]
            assert [text(td) for td in row.xpath("./td")] == expected
            classes = [td.get("class") for td in row.xpath("./td")]
            assert classes[0] == f"level level-{answers[indicators[0].pk].level or Level.NO_INFORMATION}"
    listing = [text(dt) for dt in page.xpath('.//section[@aria-labelledby="indicators-title"]//dt')]
    assert listing[0].startswith(indicators[0].code + " · ")
