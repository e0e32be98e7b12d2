"""Issue 16: citations that reference managers read as meant, checked with independent parsers:
bibtexparser (BibTeX), rispy (RIS), citeproc-py (CSL-JSON rendered for every kind of document), and
the page's schema.org JSON-LD (isbn only where schema.org defines it, on Book)."""

import json
import warnings
from datetime import date

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from lxml import html

from clearinghouse.models import Organisation
from library.models import DocumentKind

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publishers(db):
    return [Organisation.objects.get(slug="osce-odihr"), Organisation.objects.get(slug="la-strada")]


def cite(client, document, style):
    response = client.get(f"{document.get_absolute_url()}cite/{style}/")
    assert response.status_code == 200
    return response.content.decode()


def test_bibtex_url_is_verbatim(client, publishers):
    document = DocumentFactory(
        slug="c_s-1", title="Codes & rules_2004", authors="Doe, Jane", publishers=publishers
    )
    library = bibtexparser.parse_string(cite(client, document, "bibtex"))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.fields_dict["url"].value == "http://testserver/library/c_s-1/"
    assert entry.fields_dict["title"].value == r"Codes \& rules\_2004"  # text fields stay escaped


def test_ris_has_one_publisher_field(client, publishers):
    document = DocumentFactory(
        kind=DocumentKind.HANDBOOK, authors="Doe, Jane; Roe, Richard", publishers=publishers
    )
    text = cite(client, document, "ris")
    assert text.count("\nPB  - ") == 1
    (entry,) = rispy.loads(text)
    assert entry["publisher"] == (
        "La Strada International; OSCE Office for Democratic Institutions and Human Rights"
    )
    assert entry["authors"] == ["Doe, Jane", "Roe, Richard"]
    assert entry["urls"] == [f"http://testserver{document.get_absolute_url()}"]


def json_ld(client, document) -> dict:
    page = html.fromstring(client.get(document.get_absolute_url()).content)
    (script,) = page.xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


def test_isbn_only_on_books_in_json_ld(client):
    report = DocumentFactory(kind=DocumentKind.RESEARCH, isbn="92-9234-111-5")
    book = DocumentFactory(kind=DocumentKind.HANDBOOK, isbn="92-9234-112-3")
    data = json_ld(client, report)
    assert data["@type"] == "Report" and "isbn" not in data
    data = json_ld(client, book)
    assert data["@type"] == "Book" and data["isbn"] == "92-9234-112-3"


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_kind_renders_with_citeproc(client, publishers, kind):
    document = DocumentFactory(
        kind=kind,
        title=f"A {kind} on trafficking",
        authors="Doe, Jane; Richard Roe" if kind != DocumentKind.STANDARD else "",
        publishers=publishers,
        publication_date=date(2004, 6, 1),
        report_number="ODIHR-12" if kind == DocumentKind.RESEARCH else "",
        isbn="92-9234-111-5" if kind == DocumentKind.HANDBOOK else "",
    )
    items = json.loads(cite(client, document, "csl-json"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns about fields and types it does not know
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        bibliography.register(Citation([CitationItem(items[0]["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 1
    text = rendered[0]
    assert f"A {kind} on trafficking" in text
    assert "2004" in text
    assert ("Doe" in text) if kind != DocumentKind.STANDARD else ("OSCE Office" in text)
