"""The document page: metadata, files and downloads, editions, related programmes, citations,
JSON-LD and citation_* meta tags."""

import json
import re

import pytest

from clearinghouse.models import Organisation, Theme
from library.models import DocumentFile

from .factories import DocumentFactory, make_docx, make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def handbook(curator, django_capture_on_commit_callbacks):
    from library.services import file_add

    document = DocumentFactory(
        title="National Referral Mechanisms handbook",
        slug="nrm-handbook",
        kind="handbook",
        authors="Doe, Jane; Richard Roe",
        isbn="92-9234-111-5",
        publishers=[Organisation.objects.get(slug="osce-odihr")],
        themes=[Theme.objects.get(slug="national-referral-mechanisms")],
        summary="A practical handbook </script><script>alert(1)</script>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        file_add(
            user=curator,
            document=document,
            upload=upload("handbook.pdf", make_pdf(["One", "Two"])),
            label="Full text",
        )
        file_add(user=curator, document=document, upload=upload("annex.docx", make_docx("Annex text")))
    return document


def test_page_shows_metadata_files_and_formats(client, handbook):
    response = client.get("/library/nrm-handbook/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Full text" in text and "PDF" in text and "DOCX" in text and "2 pages" in text
    assert "OSCE Office for Democratic Institutions and Human Rights" in text
    assert "92-9234-111-5" in text


def test_citation_meta_tags_and_json_ld(client, handbook):
    response = client.get("/library/nrm-handbook/")
    text = response.content.decode()
    assert '<meta name="citation_title" content="National Referral Mechanisms handbook">' in text
    assert text.count('name="citation_author"') == 2
    assert '<meta name="citation_publication_date" content="2004">' in text
    assert 'name="citation_pdf_url" content="http://testserver/library/nrm-handbook/files/' in text
    nonce = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', text, re.S)
    assert nonce and nonce.group(1) in response["Content-Security-Policy"]
    data = json.loads(nonce.group(2))
    assert data["@type"] == "Book" and data["isbn"] == "92-9234-111-5"
    assert data["author"][0] == {"@type": "Person", "name": "Doe, Jane"}
    assert "</script><script>" not in nonce.group(2)  # the summary cannot break out


@pytest.mark.parametrize(
    ("style", "content_type", "expected"),
    [
        (
            "bibtex",
            "application/x-bibtex",
            ["@book{", "author = {Doe, Jane and Richard Roe}", "year = {2004}", "isbn = {92-9234-111-5}"],
        ),
        (
            "ris",
            "application/x-research-info-systems",
            ["TY  - BOOK", "AU  - Doe, Jane", "PY  - 2004", "SN  - 92-9234-111-5", "ER  -"],
        ),
        (
            "csl-json",
            "application/vnd.citationstyles.csl+json",
            ['"type": "book"', '"family": "Doe"', '"date-parts"'],
        ),
    ],
)
def test_citation_exports(client, handbook, style, content_type, expected):
    response = client.get(f"/library/nrm-handbook/cite/{style}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    for fragment in expected:
        assert fragment in body
    if style == "csl-json":
        assert json.loads(body)[0]["title"] == handbook.title


def test_unknown_citation_style_is_404(client, handbook):
    assert client.get("/library/nrm-handbook/cite/marc/").status_code == 404


def test_download_is_counted_and_typed_by_content(client, handbook):
    stored = handbook.files.get(kind="pdf")
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.get(handbook.files.get(kind="docx").get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    stored.refresh_from_db()
    assert stored.downloads == 1
    assert DocumentFile.objects.get(kind="docx").downloads == 1


def test_files_of_drafts_are_not_public(client, handbook):
    handbook.status = "draft"
    handbook.save()
    assert client.get(handbook.files.first().get_absolute_url()).status_code == 404


def test_language_editions_link_each_other(client):
    english = DocumentFactory(title="Handbook", slug="handbook-en")
    russian = DocumentFactory(title="Руководство", slug="handbook-ru", language="ru", edition_of=english)
    german = DocumentFactory(title="Handbuch", slug="handbook-de", language="de", edition_of=english)
    DocumentFactory(
        title="Draft edition", slug="handbook-fr", language="fr", edition_of=english, status="draft"
    )
    assert set(client.get("/library/handbook-en/").context["editions"]) == {russian, german}
    assert set(client.get("/library/handbook-ru/").context["editions"]) == {english, german}
    assert 'hreflang="ru"' in client.get("/library/handbook-en/").content.decode()


def test_related_programmes_and_outlines(client, seeded):
    from programmes.models import Programme

    programme = Programme.objects.published().first()
    draft = Programme.objects.create(title="Draft programme", slug="draft-programme")
    document = DocumentFactory(title="Report")
    document.programmes.set([programme, draft])
    text = client.get(document.get_absolute_url()).content.decode()
    assert programme.get_absolute_url() in text and "Draft programme" not in text


def test_text_extraction_of_office_files(handbook):
    docx = handbook.files.get(kind="docx")
    assert docx.extraction == "done" and docx.pages.get().text == "Annex text"
    handbook.refresh_from_db()
    assert "Annex text" in handbook.file_text and "Two" in handbook.file_text


@pytest.mark.parametrize(
    ("kind", "parts", "expected"),
    [
        (
            "docx",
            {
                "word/document.xml": '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Refer</w:t></w:r><w:r><w:t>ral</w:t></w:r></w:p><w:p><w:r><w:t>mechanism</w:t></w:r></w:p></w:body></w:document>'
            },
            "Referral mechanism",
        ),
        (
            "pptx",
            {
                "ppt/slides/slide2.xml": '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>Second</a:t></a:r></a:p></p:sld>',
                "ppt/slides/slide1.xml": '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>First</a:t></a:r></a:p></p:sld>',
            },
            "First Second",
        ),
        (
            "xlsx",
            {"xl/sharedStrings.xml": '<sst xmlns="x"><si><t>Victims</t></si><si><t>assisted</t></si></sst>'},
            "Victims assisted",
        ),
        (
            "odt",
            {
                "content.xml": '<office:document-content xmlns:office="o" xmlns:text="t"><text:h>Title</text:h><text:p>Body</text:p></office:document-content>'
            },
            "Title Body",
        ),
        (
            "docx",
            {
                "word/document.xml": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><d><p>&e;safe</p></d>'
            },
            "&e;safe",
        ),  # never resolved
    ],
)
def test_office_text_extraction(kind, parts, expected):
    import io
    import zipfile

    from library.extraction import extract_pages

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    assert extract_pages(buffer.getvalue(), kind) == [expected]


def test_json_ld_links_translations(client):
    english = DocumentFactory(title="Handbook", slug="ld-en")
    DocumentFactory(title="Руководство", slug="ld-ru", language="ru", edition_of=english)

    def ld(slug):
        text = client.get(f"/library/{slug}/").content.decode()
        return json.loads(
            re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', text, re.S).group(1)
        )

    assert ld("ld-en")["workTranslation"][0]["inLanguage"] == "ru"
    assert ld("ld-ru")["translationOfWork"][0]["url"].endswith("/library/ld-en/")
