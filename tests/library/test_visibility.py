"""Acceptance 1: only published documents are public; withdrawn ones keep a tombstone."""

import pytest
from lxml import etree

from library.models import DocumentStatus

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db

HIDDEN = [DocumentStatus.DRAFT, DocumentStatus.REVIEW, DocumentStatus.WITHDRAWN]


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.fixture
def documents():
    public = DocumentFactory(title="Published zanzibarite report", slug="published-one")
    hidden = {
        status: DocumentFactory(title=f"Hidden zanzibarite {status}", slug=f"hidden-{status}", status=status)
        for status in HIDDEN
    }
    return public, hidden


@pytest.mark.parametrize(
    "url",
    [
        "/library/",
        "/library/?q=zanzibarite",
        "/library/search/?q=zanzibarite",
        "/library/feed/",
        "/library/feed/?q=zanzibarite",
        "/ru/library/?q=zanzibarite",
        "/sitemap-library.xml",
    ],
)
def test_lists_search_feeds_and_sitemap_show_published_only(client, documents, url):
    public, hidden = documents
    text = body(client.get(url))
    assert public.slug in text
    for document in hidden.values():
        assert document.slug not in text and document.title not in text


def test_oai_has_no_record_of_drafts_and_reports_withdrawn_as_deleted(client, documents):
    public, hidden = documents
    tree = etree.fromstring(client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content)
    ns = {"o": "http://www.openarchives.org/OAI/2.0/"}
    identifiers = {
        h.findtext("o:identifier", namespaces=ns): h.get("status") for h in tree.iterfind(".//o:header", ns)
    }
    assert identifiers == {
        f"oai:clearinghouse.osce.org:library/{public.pk}": None,
        f"oai:clearinghouse.osce.org:library/{hidden['withdrawn'].pk}": "deleted",
    }
    withdrawn = tree.xpath("//o:record[o:header/@status='deleted']", namespaces=ns)[0]
    assert withdrawn.find("o:metadata", ns) is None


@pytest.mark.parametrize("status", [DocumentStatus.DRAFT, DocumentStatus.REVIEW])
def test_unpublished_pages_answer_404_to_public_and_other_roles(
    client, documents, status, officer_a, expert_user
):
    document = documents[1][status]
    assert client.get(document.get_absolute_url()).status_code == 404
    for user in (officer_a, expert_user):
        client.force_login(user)
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.get(f"{document.get_absolute_url()}cite/bibtex/").status_code == 404


def test_curator_previews_a_draft(client, documents, curator):
    document = documents[1][DocumentStatus.DRAFT]
    client.force_login(curator)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and "Preview for curators" in response.content.decode()


def test_withdrawn_page_is_a_tombstone(client, documents):
    document = documents[1][DocumentStatus.WITHDRAWN]
    document.withdrawal_reason = "Superseded by the 2005 edition."
    document.save()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 410
    text = response.content.decode()
    assert "has been withdrawn" in text and "Superseded by the 2005 edition." in text
    assert "cite/bibtex" not in text
