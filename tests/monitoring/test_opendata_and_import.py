"""Open data (published findings only, filters, 400 for invalid filters) and the findings import
(dry run, row errors, all or nothing)."""

import csv
import io

import pytest
import tablib

from monitoring.choices import Level
from monitoring.models import Finding
from monitoring.resources import FindingResource

from .factories import open_assessment, published_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(curator, framework, assessor):
    published_assessment(curator=curator, framework=framework, assessor=assessor, level=Level.IN_PLACE)
    published_assessment(curator=curator, framework=framework, assessor=assessor, country="AM")
    draft = open_assessment(curator=curator, framework=framework, country="GE", assessors=[assessor])
    finding = draft.findings.first()
    finding.evidence = "=HYPERLINK(draft secret)"
    finding.save()
    return draft


def test_json_has_published_findings_only(client, data):
    rows = client.get("/monitoring/findings.json").json()["findings"]
    assert len(rows) == 16 and {r["country"] for r in rows} == {"MD", "AM"}
    assert "draft secret" not in str(rows)
    assert rows[0]["sources"][0]["url"] == "https://example.org/r"


def test_filters_as_the_pages(client, data, framework):
    rows = client.get(
        f"/monitoring/findings.json?framework={framework.slug}&cycle=2004&region=caucasus&area=prevention"
    ).json()["findings"]
    assert {(r["country"], r["area"]) for r in rows} == {("AM", "prevention")} and len(rows) == 2
    rows = client.get("/monitoring/findings.json?theme=protection&level=in_place").json()["findings"]
    assert {(r["country"], r["area"], r["level"]) for r in rows} == {("MD", "protection", "in_place")}


@pytest.mark.parametrize(
    "query", ["cycle=abc", "country=XX", "area=nowhere", "level=maybe", "framework=nope"]
)
def test_invalid_filters_answer_400_with_the_reason(client, data, query):
    for suffix in ("json", "csv"):
        response = client.get(f"/monitoring/findings.{suffix}?{query}")
        assert response.status_code == 400
        assert query.split("=")[0] in response.json()["errors"]


def test_csv(client, data, curator, framework, assessor):
    response = client.get("/monitoring/findings.csv?country=MD")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 8 and rows[0]["level"] == "in_place" and rows[0]["cycle"] == "2004"
    assert "Country report https://example.org/r" in rows[0]["sources"]


def dataset(rows) -> tablib.Dataset:
    headers = [
        "country",
        "framework",
        "cycle",
        "indicator",
        "level",
        "value",
        "evidence",
        "confidence",
        "source_title",
        "source_url",
        "source_date",
    ]
    return tablib.Dataset(*rows, headers=headers)


def test_import_dry_run_then_real(curator, framework):
    assessment = open_assessment(curator=curator, framework=framework, country="AL", cycle=2003)
    rows = [
        (
            "AL",
            framework.slug,
            "2003",
            "prevention-1",
            "partly",
            "",
            "From the 2003 report",
            "high",
            "SEE RIGHTS report 2003",
            "https://example.org/2003",
            "2003-06-01",
        )
    ]
    result = FindingResource().import_data(dataset(rows), dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert not Finding.objects.filter(assessment=assessment).exclude(level="").exists()  # dry run
    result = FindingResource().import_data(dataset(rows), dry_run=False)
    finding = Finding.objects.get(assessment=assessment, indicator__code="prevention-1")
    assert finding.level == "partly" and finding.sources.get().title == "SEE RIGHTS report 2003"


def test_import_is_all_or_nothing_with_row_errors(curator, framework, assessor):
    open_assessment(curator=curator, framework=framework, country="AL", cycle=2003)
    published = published_assessment(curator=curator, framework=framework, assessor=assessor)
    rows = [
        ("AL", framework.slug, "2003", "prevention-1", "partly", "", "Good row", "high", "Report", "", ""),
        ("AL", framework.slug, "2003", "no-such", "partly", "", "Bad indicator", "", "", "", ""),
        ("MD", framework.slug, "2004", "prevention-1", "in_place", "", "Published", "", "", "", ""),
        ("AL", framework.slug, "2003", "prevention-2", "perhaps", "", "Bad level", "", "", "", ""),
    ]
    result = FindingResource().import_data(dataset(rows), dry_run=False, raise_errors=False)
    assert result.has_errors()
    messages = " ".join(str(e.error) for _n, errors in result.row_errors() for e in errors)
    assert "no-such" in messages and "Published" in messages and "perhaps" in messages
    assert not Finding.objects.filter(evidence__in=["Good row", "Bad indicator", "Bad level"]).exists()
    assert published.findings.filter(evidence="Published").count() == 0


def test_sitemap_lists_public_assessments_only(data):
    from monitoring.sitemaps import AssessmentSitemap

    items = list(AssessmentSitemap().items())
    assert {a.country.iso2 for a in items} == {"MD", "AM"}
    assert data not in items


def test_the_admin_imports_findings_in_the_background_all_or_nothing(client, curator, framework, assessor):
    """The admin's import (clearinghouse.admin_imports): a bad row is named and nothing is imported;
    the corrected file is imported by the worker (inline here)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.admin_imports import admin_import

    open_assessment(curator=curator, framework=framework, country="AL", cycle=2003)
    good = ("AL", framework.slug, "2003", "prevention-1", "partly", "", "Admin row", "high", "Report", "", "")
    bad = ("AL", framework.slug, "2003", "prevention-2", "perhaps", "", "Bad level", "", "", "", "")
    client.force_login(curator)

    def csv_file(rows):
        return SimpleUploadedFile(
            "findings.csv", dataset(rows).export("csv").encode(), content_type="text/csv"
        )

    _response, job = admin_import(client, "/admin/monitoring/finding", csv_file([good, bad]))
    assert (
        job.status == "invalid"
        and [e["row"] for e in job.errors] == [2]
        and "perhaps" in job.errors[0]["message"]
    )
    assert not Finding.objects.filter(evidence="Admin row").exists()
    _response, job = admin_import(client, "/admin/monitoring/finding", csv_file([good]))
    assert job.status == "done" and job.updated_count + job.created_count == 1
    assert Finding.objects.get(evidence="Admin row").level == "partly"
