"""Helpers of the OAI-PMH tests: every response is checked against the official schemas (the
protocol, oai_dc and oai-identifier, vendored in tests/schemas/oai-pmh-2.0/), offline."""

from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {
    "o": OAI,
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
SCHEMA = Path(settings.BASE_DIR) / "tests" / "schemas" / "oai-pmh-2.0" / "oai-pmh-with-formats.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def assert_valid(tree) -> None:
    checker = schema()
    assert checker.validate(tree), "\n".join(str(e) for e in checker.error_log)


def oai(client, method="get", **params):
    """One OAI-PMH request: a 200 XML answer in the protocol's namespace, valid against the schemas."""
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    tree = etree.fromstring(response.content)  # well-formed, or this raises
    assert tree.tag == f"{{{OAI}}}OAI-PMH"
    assert_valid(tree)
    return tree


def error_code(tree):
    error = tree.find("o:error", NS)
    return error.get("code") if error is not None else None


def identifier(document_or_pk) -> str:
    pk = getattr(document_or_pk, "pk", document_or_pk)
    return f"oai:{settings.LIBRARY_OAI_REPOSITORY_ID}:library/{pk}"


def identifiers(tree) -> list[str]:
    return [e.text for e in tree.iterfind(".//o:header/o:identifier", NS)]


def deleted(tree) -> set[str]:
    return {
        h.findtext("o:identifier", namespaces=NS)
        for h in tree.iterfind(".//o:header", NS)
        if h.get("status") == "deleted"
    }


def token_of(tree):
    return tree.find(".//o:resumptionToken", NS)


def harvest(client, verb="ListIdentifiers", between_pages=None, **params):
    """Every page of a list, following the resumption tokens; `between_pages(n)` runs after page n.
    Returns the trees of the pages."""
    pages = []
    args = {"metadataPrefix": "oai_dc", **params}
    while True:
        tree = oai(client, verb=verb, **args)
        pages.append(tree)
        element = token_of(tree)
        if element is None or not element.text:
            return pages
        if between_pages:
            between_pages(len(pages))
        args = {"resumptionToken": element.text}
