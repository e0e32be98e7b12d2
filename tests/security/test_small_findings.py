"""Issue 13, finding 9: HEAD is answered like GET, formsets have a ceiling whatever the management
form claims, and the library's feed sanitises summaries as the pages do."""

import re

import pytest
from lxml import etree, html

from tests.fund.factories import make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/library/",
        "/library/search/?q=handbook",
        "/library/feed/",
        "/programmes/",
        "/fund/projects/",
    ],
)
def test_head_is_answered_like_get(client, seeded, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_head_on_the_library_pages_and_files(client, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from library.models import Document, DocumentFile
    from tests.library.factories import make_pdf

    document = Document.objects.create(title="Handbook", slug="handbook", kind="handbook", status="published")
    stored = DocumentFile.objects.create(document=document, file=SimpleUploadedFile("a.pdf", make_pdf(["x"])))
    for path in (
        document.get_absolute_url(),
        stored.get_absolute_url(),
        f"{document.get_absolute_url()}cite/ris/",
    ):
        assert client.head(path).status_code == 200, path


def test_head_on_the_roster_match_count(client, officer_a):
    client.force_login(officer_a)
    assert (
        client.head("/roster/requests/match-count/?starts_on=2027-03-03&ends_on=2027-03-17").status_code
        == 200
    )


def test_a_huge_total_forms_count_does_not_build_a_huge_page(client, officer_a):
    make_round()
    client.force_login(officer_a)
    data = {
        "title": "x",
        "lines-TOTAL_FORMS": "5000",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "5000",
    }
    response = client.post("/fund/proposals/new/", data)
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    rows = [name for name in tree.xpath("//main//@name") if re.fullmatch(r"lines-\d+-description", name)]
    assert 0 < len(rows) <= 60, len(rows)
    assert len(response.content) < 400_000


@pytest.mark.parametrize(
    "prefix",
    ["lang", "country", "window"],
)
def test_roster_formsets_have_a_ceiling(client, prefix):
    from django.urls import reverse

    from roster.forms import CountryFormSet, LanguageFormSet, WindowFormSet

    formset_class = {"lang": LanguageFormSet, "country": CountryFormSet, "window": WindowFormSet}[prefix]
    formset = formset_class({f"{prefix}-TOTAL_FORMS": "5000", f"{prefix}-INITIAL_FORMS": "0"}, prefix=prefix)
    assert len(formset.forms) <= formset_class.max_num
    assert not formset.is_valid()
    assert reverse("roster:apply")


def test_the_feed_sends_summaries_sanitised_like_the_pages(client):
    from library.models import Document

    Document.objects.create(
        title="Handbook",
        slug="handbook",
        kind="handbook",
        status="published",
        summary='**Bold** <script>alert(1)</script><img src=x onerror="alert(2)"> [link](javascript:alert(3))',
    )
    response = client.get("/library/feed/")
    feed = etree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    (summary,) = feed.xpath("//atom:entry/atom:summary", namespaces=ns)
    fragment = html.fragment_fromstring(summary.text, create_parent="div")
    assert [element.tag for element in fragment.iter()] == ["div", "p", "strong"]
    assert fragment.xpath("string(.//strong)") == "Bold"
    # What was markup in the summary arrives as text only: no element, attribute or link of it.
    assert not fragment.xpath(".//@*[starts-with(name(), 'on')] | .//@href | .//@src")
