"""Acceptance 3: OAI-PMH 2.0, every verb, error code and resumption-token path; every answer valid
against the official schemas (oai_support.oai validates each one)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from lxml import etree

from clearinghouse.models import Theme
from library.models import Document, DocumentKind, DocumentStatus
from library.oai import TOKEN_SALT

from .factories import DocumentFactory
from .oai_support import NS, error_code, identifier, oai

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    theme = Theme.objects.get(slug="child-trafficking")
    docs = [DocumentFactory(kind=DocumentKind.RESEARCH) for _ in range(5)]
    docs.append(
        DocumentFactory(kind=DocumentKind.HANDBOOK, themes=[theme], authors="Doe, Jane; Roe, Richard")
    )
    docs.append(DocumentFactory(status=DocumentStatus.WITHDRAWN))
    DocumentFactory(status=DocumentStatus.DRAFT)
    return docs


def test_identify(client, records):
    tree = oai(client, verb="Identify")
    assert error_code(tree) is None
    identify = tree.find("o:Identify", NS)
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai/"
    assert tree.find("o:request", NS).get("verb") == "Identify"


def test_responses_never_come_from_the_page_cache(client, records, settings, time_machine):
    """A harvester needs a fresh responseDate: OAI-PMH answers no-store, so the page cache keeps none."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    first = client.get("/oai/", {"verb": "Identify"})
    assert "no-store" in first["Cache-Control"]
    time_machine.shift(timedelta(seconds=5))
    second = client.get("/oai/", {"verb": "Identify"})
    dates = [etree.fromstring(r.content).findtext("o:responseDate", namespaces=NS) for r in (first, second)]
    assert dates[0] < dates[1]
    cache.clear()


def test_post_is_accepted(client, records):
    assert error_code(oai(client, method="post", verb="Identify")) is None


def test_list_metadata_formats(client, records):
    tree = oai(client, verb="ListMetadataFormats")
    assert [e.text for e in tree.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc"]
    tree = oai(client, verb="ListMetadataFormats", identifier=identifier(records[0]))
    assert error_code(tree) is None
    assert (
        error_code(oai(client, verb="ListMetadataFormats", identifier="oai:elsewhere:1")) == "idDoesNotExist"
    )


def test_list_sets(client, records):
    tree = oai(client, verb="ListSets")
    specs = [e.text for e in tree.iterfind(".//o:setSpec", NS)]
    assert "kind:handbook" in specs and "theme:protection:child-trafficking" in specs
    assert error_code(oai(client, verb="ListSets", resumptionToken="abc")) == "badResumptionToken"


def test_get_record_dublin_core(client, records):
    handbook = records[5]
    tree = oai(client, verb="GetRecord", identifier=identifier(handbook), metadataPrefix="oai_dc")
    record = tree.find("o:GetRecord/o:record", NS)
    assert record.findtext("o:header/o:identifier", namespaces=NS) == identifier(handbook)
    specs = [e.text for e in record.iterfind("o:header/o:setSpec", NS)]
    assert specs == ["kind:handbook", "theme:protection:child-trafficking"]
    dc = record.find("o:metadata/oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == handbook.title
    assert [c.text for c in dc.iterfind("dc:creator", NS)] == ["Doe, Jane", "Roe, Richard"]
    assert dc.findtext("dc:language", namespaces=NS) == "en"
    assert dc.findtext("dc:identifier", namespaces=NS).endswith(handbook.get_absolute_url())


def test_get_record_of_withdrawn_is_deleted_and_of_draft_unknown(client, records):
    withdrawn = records[6]
    tree = oai(client, verb="GetRecord", identifier=identifier(withdrawn), metadataPrefix="oai_dc")
    header = tree.find("o:GetRecord/o:record/o:header", NS)
    assert header.get("status") == "deleted"
    draft = Document.objects.get(status=DocumentStatus.DRAFT)
    tree = oai(client, verb="GetRecord", identifier=identifier(draft), metadataPrefix="oai_dc")
    assert error_code(tree) == "idDoesNotExist"


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_resumption_token_path(client, records, settings, verb):
    settings.LIBRARY_OAI_PAGE_SIZE = 3
    seen, token, rounds, metadata = [], None, 0, 0
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        tree = oai(client, verb=verb, **params)
        assert error_code(tree) is None
        seen += [e.text for e in tree.iterfind(".//o:header/o:identifier", NS)]
        metadata += len(tree.findall(".//o:metadata", NS))
        element = tree.find(f"o:{verb}/o:resumptionToken", NS)
        rounds += 1
        assert element is not None
        assert element.get("completeListSize") == "7"
        assert element.get("cursor") == str((rounds - 1) * 3)
        token = element.text
        if not token:  # the last response carries an empty token
            break
        assert element.get("expirationDate")
    assert rounds == 3
    assert sorted(seen) == sorted(identifier(d) for d in records)
    # ListRecords gives the metadata of every record but the deleted one; ListIdentifiers none.
    assert metadata == (6 if verb == "ListRecords" else 0)


def test_complete_list_in_one_response_has_no_token(client, records):
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert tree.find(".//o:resumptionToken", NS) is None


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2020-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "colour:blue"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:x:1"},
            "cannotDisseminateFormat",
        ),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:1"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "kind:newsletter"}, "noRecordsMatch"),
    ],
)
def test_error_codes(client, records, params, code):
    tree = oai(client, **params)
    assert error_code(tree) == code
    if code in ("badVerb", "badArgument"):
        assert not tree.find("o:request", NS).attrib  # the request element carries no arguments


def test_repeated_argument_is_bad(client, records):
    response = client.get("/oai/?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badVerb"
    response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_token_of_another_verb_or_malformed_is_bad(client, records, settings):
    settings.LIBRARY_OAI_PAGE_SIZE = 3
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.find(".//o:resumptionToken", NS).text
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) is None
    forged = signing.dumps({"verb": "ListRecords", "offset": 500}, salt=TOKEN_SALT)
    assert error_code(oai(client, verb="ListRecords", resumptionToken=forged)) == "badResumptionToken"


def test_sets_and_dates_select(client, records):
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="kind:handbook")
    assert [e.text for e in tree.iterfind(".//o:identifier", NS)] == [identifier(records[5])]
    tree = oai(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="theme:protection:child-trafficking"
    )
    assert [e.text for e in tree.iterfind(".//o:identifier", NS)] == [identifier(records[5])]
    old = records[0]
    Document.objects.filter(pk=old.pk).update(oai_datestamp=datetime(2010, 5, 1, 12, 0, tzinfo=UTC))
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2010-05-01")
    assert [e.text for e in tree.iterfind(".//o:identifier", NS)] == [identifier(old)]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2010-05-01T11:59:59Z")
    assert error_code(tree) == "noRecordsMatch"
    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
    assert identifier(old) not in [e.text for e in tree.iterfind(".//o:identifier", NS)]
    assert len(tree.findall(".//o:header", NS)) == 6
