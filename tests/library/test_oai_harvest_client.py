"""Acceptance 2 of issue 16: an independent OAI-PMH client (oaipmh-scythe) harvests the whole
repository through resumption tokens while curators edit, withdraw and delete records between its
pages. Nothing unchanged is lost or sent twice; an incremental harvest from the first response's
date brings the edited records and reports the withdrawn and the deleted ones as deleted. Every
response the client reads is checked against the official schemas."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx2
import pytest
from lxml import etree
from oaipmh_scythe import Scythe

from library import services
from library.models import Document, DocumentStatus

from .factories import DocumentFactory
from .oai_support import NS, assert_valid, identifier

pytestmark = pytest.mark.django_db
BASE = datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC)


class DjangoTransport(httpx2.BaseTransport):
    """An httpx transport that answers through the Django test client (same database transaction),
    validating every answer and running `before_request(n)` before the n-th request."""

    def __init__(self, client, before_request=None):
        self.client = client
        self.before_request = before_request
        self.requests = 0
        self.response_dates: list[str] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests += 1
        if self.before_request:
            self.before_request(self.requests)
        url = urlsplit(str(request.url))
        response = self.client.get(f"{url.path}?{url.query}")
        tree = etree.fromstring(response.content)
        assert_valid(tree)
        self.response_dates.append(tree.findtext("o:responseDate", namespaces=NS))
        return httpx2.Response(
            response.status_code, headers={"Content-Type": response["Content-Type"]}, content=response.content
        )


def scythe(transport) -> Scythe:
    harvester = Scythe("http://testserver/oai/")
    harvester._client = httpx2.Client(transport=transport)
    return harvester


@pytest.fixture
def repository(db):
    documents = [DocumentFactory(title=f"Record {n}") for n in range(14)]
    documents.append(DocumentFactory(title="Withdrawn long ago", status=DocumentStatus.WITHDRAWN))
    DocumentFactory(title="A draft", status=DocumentStatus.DRAFT)
    for n, document in enumerate(documents):
        Document.objects.filter(pk=document.pk).update(oai_datestamp=BASE + timedelta(minutes=n))
    return documents


def test_full_harvest_with_edits_between_pages(client, repository, curator, settings):
    settings.LIBRARY_OAI_PAGE_SIZE = 4
    edited, withdrawn, removed = repository[1], repository[6], repository[9]
    late_edit = repository[12]

    def curators_at_work(request_number):
        if request_number == 2:  # after page 1 (records 0-3): an edit of a harvested record
            edited.refresh_from_db()
            edited.title = "Record 1, corrected"
            edited.save()
        if request_number == 3:  # after page 2: a withdrawal and a deletion ahead of the cursor
            withdrawn.refresh_from_db()
            services.document_transition(user=curator, document=withdrawn, action="withdraw", reason="Out")
            services.document_delete(user=curator, document=Document.objects.get(pk=removed.pk))
        if request_number == 4:
            late_edit.refresh_from_db()
            late_edit.summary = "Changed while the harvester was on page 3."
            late_edit.save()

    transport = DjangoTransport(client, before_request=curators_at_work)
    with scythe(transport) as harvester:
        records = list(harvester.list_records(metadata_prefix="oai_dc"))
    assert transport.requests >= 4  # the list really came in pages
    seen = [r.header.identifier for r in records]
    changed = {identifier(d) for d in (edited, withdrawn, removed, late_edit)}
    unchanged = [identifier(d) for d in repository if identifier(d) not in changed]
    for name in unchanged:
        assert seen.count(name) == 1, name
    assert identifier(edited) in seen  # it was sent on page 1, before it changed
    by_id = {r.header.identifier: r for r in records}
    assert by_id[identifier(repository[-1])].deleted  # withdrawn before the harvest
    assert by_id[identifier(repository[0])].metadata["title"] == ["Record 0"]

    # The next, incremental harvest from the first response's date brings what changed meanwhile.
    since = transport.response_dates[0]
    follow_up = DjangoTransport(client)
    with scythe(follow_up) as harvester:
        later = {
            r.header.identifier: r for r in harvester.list_records(metadata_prefix="oai_dc", from_=since)
        }
    assert set(later) == changed
    assert later[identifier(edited)].metadata["title"] == ["Record 1, corrected"]
    assert later[identifier(withdrawn)].deleted
    assert later[identifier(removed)].deleted
    assert not later[identifier(late_edit)].deleted
    # ListIdentifiers and GetRecord agree: the deleted record persists.
    with scythe(DjangoTransport(client)) as harvester:
        headers = {h.identifier: h for h in harvester.list_identifiers(metadata_prefix="oai_dc")}
        assert headers[identifier(removed)].deleted and headers[identifier(withdrawn)].deleted
        assert harvester.get_record(identifier=identifier(removed), metadata_prefix="oai_dc").deleted
