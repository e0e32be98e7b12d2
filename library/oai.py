"""OAI-PMH 2.0 data provider for the library (http://www.openarchives.org/OAI/2.0/).

All six verbs; the oai_dc format; hierarchical sets (library.harvest); from/until at day or second
granularity, both inclusive, compared with datestamps kept in whole seconds; resumption tokens that
are a signed cursor on (datestamp, id) with the list's `until` fixed when the list began (so a
record changed meanwhile never shifts the others), expiring after a day; every protocol error
code; withdrawn and deleted documents are reported as deleted records (deletedRecord=persistent).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from clearinghouse.uploads import content_type_for

from . import harvest
from .models import Document, Licence, datestamp_now

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
NSMAP = {None: OAI_NS, "xsi": XSI_NS}
SCHEMA = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
}
TOKEN_SALT = "library.oai.resumption"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE = 24 * 60 * 60

VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def oai_identifier(pk: int) -> str:
    return f"oai:{settings.LIBRARY_OAI_REPOSITORY_ID}:library/{pk}"


def _document_id(identifier: str) -> int | None:
    prefix = f"oai:{settings.LIBRARY_OAI_REPOSITORY_ID}:library/"
    if not identifier.startswith(prefix):
        return None
    rest = identifier[len(prefix) :]
    return int(rest) if rest.isdigit() else None


def _parse_date(value: str, *, end: bool) -> tuple[datetime, str]:
    """A from/until value at either granularity; the end of a day is its last second (datestamps
    are whole seconds, so every bound is inclusive)."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007
            moment = time(23, 59, 59) if end else time.min
            return datetime.combine(day, moment, tzinfo=UTC), "day"
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "seconds"
    except ValueError as exc:
        raise OAIError("badArgument", f"Bad date: {value!r}.") from exc


def _bounds(query: dict) -> tuple[datetime | None, datetime | None]:
    start = until = None
    granularity_from = None
    if query.get("from"):
        start, granularity_from = _parse_date(query["from"], end=False)
    if query.get("until"):
        until, granularity_until = _parse_date(query["until"], end=True)
        if start is not None and granularity_from != granularity_until:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if start is not None and start > until:
            raise OAIError("badArgument", "from is later than until.")
    return start, until


class Provider:
    def __init__(self, request):
        self.request = request
        self.base_url = request.build_absolute_uri(reverse("oai"))
        self.root = etree.Element(_q(OAI_NS, "OAI-PMH"), nsmap=NSMAP)
        self.root.set(_q(XSI_NS, "schemaLocation"), SCHEMA)
        etree.SubElement(self.root, _q(OAI_NS, "responseDate")).text = _stamp(timezone.now())
        self.request_el = etree.SubElement(self.root, _q(OAI_NS, "request"))
        self.request_el.text = self.base_url

    def el(self, parent, tag: str, text: str | None = None, ns: str = OAI_NS, **attrs):
        node = etree.SubElement(parent, _q(ns, tag), **attrs)
        if text is not None:
            node.text = text
        return node

    def respond(self) -> bytes:
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        try:
            args = self.arguments(params)
            getattr(self, args["verb"])(args)
        except OAIError as error:
            for child in list(self.root)[2:]:
                self.root.remove(child)
            if error.code in ("badVerb", "badArgument"):
                self.request_el.attrib.clear()  # the protocol: no arguments echoed for these
            self.el(self.root, "error", error.message, code=error.code)
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def arguments(self, params) -> dict:
        verb = params.getlist("verb")
        if len(verb) != 1 or verb[0] not in VERBS:
            raise OAIError("badVerb", "Missing, repeated or illegal verb.")
        required, optional, exclusive = VERBS[verb[0]]
        args = {}
        for key in params:
            values = params.getlist(key)
            if len(values) > 1:
                raise OAIError("badArgument", f"Repeated argument: {key}.")
            args[key] = values[0]
        names = set(args) - {"verb"}
        if exclusive and exclusive in names:
            if names != {exclusive}:
                raise OAIError("badArgument", f"{exclusive} is an exclusive argument.")
        else:
            if required - names:
                raise OAIError(
                    "badArgument", "Missing argument: " + ", ".join(sorted(required - names)) + "."
                )
            if names - required - optional:
                raise OAIError(
                    "badArgument", "Illegal argument: " + ", ".join(sorted(names - required - optional)) + "."
                )
        for key, value in args.items():
            self.request_el.set(key, value)
        return args

    # --- verbs ----------------------------------------------------------------------------------

    def Identify(self, args):  # noqa: N802 - the protocol's verb names
        node = self.el(self.root, "Identify")
        self.el(node, "repositoryName", str(settings.SITE_NAME) + " – Library")
        self.el(node, "baseURL", self.base_url)
        self.el(node, "protocolVersion", "2.0")
        self.el(node, "adminEmail", settings.LIBRARY_OAI_ADMIN_EMAIL)
        earliest = harvest.earliest_datestamp()
        self.el(node, "earliestDatestamp", _stamp(earliest or datetime(2004, 1, 1, tzinfo=UTC)))
        self.el(node, "deletedRecord", "persistent")
        self.el(node, "granularity", "YYYY-MM-DDThh:mm:ssZ")
        description = self.el(node, "description")
        ident = etree.SubElement(description, _q(ID_NS, "oai-identifier"), nsmap={None: ID_NS})
        ident.set(
            _q(XSI_NS, "schemaLocation"), f"{ID_NS} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
        )
        for tag, text in (
            ("scheme", "oai"),
            ("repositoryIdentifier", settings.LIBRARY_OAI_REPOSITORY_ID),
            ("delimiter", ":"),
            ("sampleIdentifier", f"oai:{settings.LIBRARY_OAI_REPOSITORY_ID}:library/1"),
        ):
            self.el(ident, tag, text, ns=ID_NS)

    def ListMetadataFormats(self, args):  # noqa: N802
        if "identifier" in args:
            self.find(args["identifier"], metadata=False)
        node = self.el(self.root, "ListMetadataFormats")
        for prefix, (schema, namespace) in FORMATS.items():
            fmt = self.el(node, "metadataFormat")
            self.el(fmt, "metadataPrefix", prefix)
            self.el(fmt, "schema", schema)
            self.el(fmt, "metadataNamespace", namespace)

    def ListSets(self, args):  # noqa: N802
        if "resumptionToken" in args:
            raise OAIError("badResumptionToken", "The list of sets is complete in one response.")
        node = self.el(self.root, "ListSets")
        for spec, name in harvest.all_sets():
            item = self.el(node, "set")
            self.el(item, "setSpec", spec)
            self.el(item, "setName", name)

    def GetRecord(self, args):  # noqa: N802
        self.check_format(args["metadataPrefix"])
        found = self.find(args["identifier"], metadata=True)
        node = self.el(self.root, "GetRecord")
        self.record(node, found, with_metadata=True)

    def ListIdentifiers(self, args):  # noqa: N802
        self.list(args, with_metadata=False)

    def ListRecords(self, args):  # noqa: N802
        self.list(args, with_metadata=True)

    # --- helpers --------------------------------------------------------------------------------

    def check_format(self, prefix: str) -> None:
        if prefix not in FORMATS:
            raise OAIError("cannotDisseminateFormat", f"Unsupported metadata format: {prefix!r}.")

    def find(self, identifier: str, *, metadata: bool) -> harvest.Record:
        pk = _document_id(identifier)
        found = harvest.record(pk, metadata=metadata) if pk else None
        if found is None:
            raise OAIError("idDoesNotExist", f"Unknown identifier: {identifier!r}.")
        return found

    def list(self, args: dict, *, with_metadata: bool) -> None:
        if "resumptionToken" in args:
            state = self.resume(args)
        else:
            query = {k: v for k, v in args.items() if k in ("metadataPrefix", "from", "until", "set")}
            self.check_format(query["metadataPrefix"])
            start, until = _bounds(query)
            # The list's end is fixed now: what changes while it is harvested comes after it.
            now = datestamp_now()
            state = {
                "verb": args["verb"],
                "prefix": query["metadataPrefix"],
                "set": query.get("set") or None,
                "from": start.isoformat() if start else None,
                "until": min(until, now).isoformat() if until else now.isoformat(),
                "after": None,
                "cursor": 0,
            }
        start = datetime.fromisoformat(state["from"]) if state["from"] else None
        until = datetime.fromisoformat(state["until"])
        after = (datetime.fromisoformat(state["after"][0]), state["after"][1]) if state["after"] else None
        try:
            records, more = harvest.records_after(
                spec=state["set"],
                start=start,
                until=until,
                after=after,
                size=settings.LIBRARY_OAI_PAGE_SIZE,
                metadata=with_metadata,
            )
        except harvest.NoSuchSet as exc:
            raise OAIError("badArgument", f"No such set: {state['set']!r}.") from exc
        if not records:
            raise OAIError("noRecordsMatch", "No records match the request.")
        node = self.el(self.root, args["verb"])
        for found in records:
            if with_metadata:
                self.record(node, found, with_metadata=True)
            else:
                self.header(node, found)
        if more or state["cursor"]:
            total = harvest.list_size(spec=state["set"], start=start, until=until)
            attrs = {"completeListSize": str(total), "cursor": str(state["cursor"])}
            text = None
            if more:
                last = records[-1]
                text = signing.dumps(
                    {
                        **state,
                        "after": [last.datestamp.isoformat(), last.pk],
                        "cursor": state["cursor"] + len(records),
                    },
                    salt=TOKEN_SALT,
                    compress=True,
                )
                attrs["expirationDate"] = _stamp(timezone.now() + timedelta(seconds=TOKEN_MAX_AGE))
            self.el(node, "resumptionToken", text, **attrs)

    def resume(self, args: dict) -> dict:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature as exc:
            raise OAIError("badResumptionToken", "The resumption token is invalid or has expired.") from exc
        keys = {"verb", "prefix", "set", "from", "until", "after", "cursor"}
        if not isinstance(state, dict) or set(state) != keys:
            raise OAIError("badResumptionToken", "The resumption token is invalid.")
        if state["verb"] != args["verb"]:
            raise OAIError("badResumptionToken", "The resumption token belongs to another verb.")
        return state

    def header(self, parent, found: harvest.Record):
        node = self.el(parent, "header", **({"status": "deleted"} if found.deleted else {}))
        self.el(node, "identifier", oai_identifier(found.pk))
        self.el(node, "datestamp", _stamp(found.datestamp))
        for spec in found.set_specs:
            self.el(node, "setSpec", spec)
        return node

    def record(self, parent, found: harvest.Record, *, with_metadata: bool):
        node = self.el(parent, "record")
        self.header(node, found)
        if with_metadata and not found.deleted:
            metadata = self.el(node, "metadata")
            self.dublin_core(metadata, found.document)

    def dublin_core(self, parent, document: Document) -> None:
        dc = etree.SubElement(
            parent, _q(OAI_DC_NS, "dc"), nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
        )
        dc.set(_q(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

        def add(tag: str, text: str) -> None:
            if text:
                etree.SubElement(dc, _q(DC_NS, tag)).text = text

        add("title", document.title)
        for name in document.author_list:
            add("creator", name)
        for organisation in document.publishers.all():
            add("publisher", organisation.name)
        for theme in document.themes.all():
            add("subject", theme.name)
        add("description", document.summary)
        add("date", document.published_display)
        add("type", document.get_kind_display())
        add("type", "Text")
        for stored in document.files.all():
            add("format", content_type_for(stored.kind))
        add("identifier", self.request.build_absolute_uri(document.get_absolute_url()))
        if document.isbn:
            add("identifier", f"ISBN:{document.isbn}")
        if document.url:
            add("relation", document.url)
        add("language", document.language)
        for country in document.countries.all():
            add("coverage", country.name)
        if document.licence != Licence.UNKNOWN:
            add("rights", document.get_licence_display())


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def oai_pmh(request):
    """Public. The OAI-PMH 2.0 endpoint for harvesters (published records; withdrawn as deleted).
    Never from the page cache (no-store): every response carries a fresh responseDate, and a list's
    resumption token must see the records as they are now."""
    body = Provider(request).respond()
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
