"""A visitor searches the library, narrows the results by country and language, opens a document
and downloads its file."""

import re

import pytest

from clearinghouse import roles
from clearinghouse.models import Country
from library.services import file_add
from tests.factories import UserFactory
from tests.library.factories import DocumentFactory, make_docx, upload

pytestmark = pytest.mark.e2e

ANNEX = make_docx("Checklist for the first interview with a presumed victim")


@pytest.fixture
def catalogue(live, media_root, django_capture_on_commit_callbacks):
    moldova, ukraine = Country.objects.get(iso2="MD"), Country.objects.get(iso2="UA")
    curator = UserFactory(username="library-curator", role=roles.CURATOR, is_staff=True)
    wanted = DocumentFactory(
        title="Referral handbook for Moldova",
        slug="referral-handbook-moldova",
        summary="How to refer presumed victims of trafficking to assistance.",
        countries=[moldova],
    )
    DocumentFactory(
        title="Referral handbook for Ukraine",
        slug="referral-handbook-ukraine",
        summary="How to refer presumed victims of trafficking to assistance.",
        countries=[ukraine],
    )
    DocumentFactory(
        title="Referral handbook for Moldova, Russian edition",
        slug="referral-handbook-moldova-ru",
        summary="How to refer presumed victims of trafficking to assistance.",
        language="ru",
        countries=[moldova],
    )
    DocumentFactory(title="Labour inspection guide", slug="labour-inspection", summary="Inspections.")
    with django_capture_on_commit_callbacks(execute=True):
        file_add(user=curator, document=wanted, upload=upload("interview-checklist.docx", ANNEX))
    return live.url


def test_visitor_searches_filters_opens_and_downloads(catalogue, page, a11y):
    site = catalogue
    page.goto(site + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    page.wait_for_url(site + "/library/")
    a11y.check(page, "library")

    page.get_by_role("searchbox", name="Search the library").fill("referral")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/library/\?q=referral$"))
    results = page.get_by_role("region", name=re.compile("documents?$"))
    assert page.get_by_role("heading", level=2, name="3 documents").is_visible()
    a11y.check(page, "library-search")

    facets = page.get_by_role("complementary", name="Refine the results")
    facets.get_by_role("link", name="Moldova", exact=True).click()
    page.wait_for_url(re.compile(r"country=md"))
    assert page.get_by_role("heading", level=2, name="2 documents").is_visible()
    a11y.check(page)

    language = facets.locator("details:not(.library-filter)", has=page.get_by_text("Language", exact=True))
    if language.get_attribute("open") is None:
        language.locator("summary").click()
    language.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url(re.compile(r"language=en"))
    assert page.get_by_role("heading", level=2, name="1 document").is_visible()
    assert results.get_by_role("heading", level=3).all_inner_texts() == ["Referral handbook for Moldova"]
    # The chosen filters stay marked, and the search term is kept.
    assert facets.get_by_role("link", name="Moldova (remove filter)").is_visible()
    assert page.get_by_role("searchbox", name="Search the library").input_value() == "referral"
    a11y.check(page, "library-filtered")

    results.get_by_role("link", name="Referral handbook for Moldova").click()
    page.wait_for_url(site + "/library/referral-handbook-moldova/")
    assert page.get_by_role("heading", level=1, name="Referral handbook for Moldova").is_visible()
    a11y.check(page, "library-document")

    with page.expect_download() as arrived:
        page.get_by_role("link", name="interview-checklist.docx").click()
    download = arrived.value
    assert download.suggested_filename == "interview-checklist.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read() == ANNEX
    page.reload()
    assert page.get_by_text("1 download", exact=False).is_visible()  # the download was counted
