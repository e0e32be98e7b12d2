"""Public fields of supported projects, for the public pages and the open-data exports. Nothing here
reads reviews, messages, internal events, decisions' reasons or evaluations (only the dates at which
implementation started and ended); partners and places are dropped when a curator marked the project
sensitive."""

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone
from lxml import etree

from .choices import ProposalStatus
from .models import ProposalEvent

IATI_STATUS = {
    ProposalStatus.APPROVED: "1",  # pipeline/identification: approved, not yet started
    ProposalStatus.IN_IMPLEMENTATION: "2",
    ProposalStatus.COMPLETED: "4",  # closed
}
SDG_TARGETS = ("5.2", "8.7", "16.2")
DAC_SECTOR_HUMAN_RIGHTS = "15160"
CSV_FIELDS = [
    "reference",
    "title",
    "mission",
    "status",
    "countries",
    "themes",
    "start_date",
    "end_date",
    "actual_start_date",
    "actual_end_date",
    "approved_amount_eur",
    "co_funding_eur",
    "decided",
    "summary",
    "objectives",
    "partners",
    "locations",
    "url",
]


# When implementation actually started and ended: the workflow's events into those states.
IMPLEMENTATION_EVENTS = Prefetch(
    "events",
    queryset=ProposalEvent.objects.filter(
        to_status__in=[ProposalStatus.IN_IMPLEMENTATION, ProposalStatus.COMPLETED]
    ).only("proposal_id", "to_status", "created_at"),
    to_attr="implementation_events",
)


def actual_dates(proposal) -> tuple[date | None, date | None]:
    """The actual start and end days of a project (IMPLEMENTATION_EVENTS prefetched), when known."""
    events = getattr(proposal, "implementation_events", None)
    if events is None:
        events = IMPLEMENTATION_EVENTS.queryset.filter(proposal=proposal)
    started = [e.created_at for e in events if e.to_status == ProposalStatus.IN_IMPLEMENTATION]
    ended = [e.created_at for e in events if e.to_status == ProposalStatus.COMPLETED]
    start = min(started).date() if started else None
    end = max(ended).date() if ended else None
    return start, end


class NumbersEncoder(DjangoJSONEncoder):
    """Amounts (Decimal) as JSON numbers, not strings: whole euros as integers."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def json_dumps(data) -> str:
    return json.dumps(data, cls=NumbersEncoder, ensure_ascii=False, indent=1)


def public_record(proposal, *, url: str) -> dict:
    """The public fields of one supported project (countries/themes must be prefetched); `url` is
    the absolute address of its public page. Amounts are Decimals."""
    actual_start, actual_end = actual_dates(proposal)
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "mission": proposal.mission.name,
        "status": proposal.status,
        "countries": [c.iso2 for c in proposal.countries.all()],
        "themes": [t.slug for t in proposal.themes.all()],
        "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
        "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
        "actual_start_date": actual_start.isoformat() if actual_start else None,
        "actual_end_date": actual_end.isoformat() if actual_end else None,
        "approved_amount_eur": proposal.approved_amount,
        "co_funding_eur": proposal.co_funding,
        "decided": proposal.decided_at.date().isoformat() if proposal.decided_at else None,
        "summary": proposal.summary,
        "objectives": proposal.objectives,
        "partners": "" if proposal.sensitive else proposal.partners,
        "locations": "" if proposal.sensitive else proposal.locations,
        "url": url,
    }


def _text(parent, tag, text, **attrs):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    return element


def iati_document(projects) -> bytes:
    """IATI 2.03 activities, one per supported project, in the order the schema requires. The
    standard wants at least one activity: callers never pass an empty selection."""
    org_ref = settings.FUND_IATI_REPORTING_ORG_REF
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    for project in projects:
        activity = etree.SubElement(
            root,
            "iati-activity",
            {
                "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
                "{http://www.w3.org/XML/1998/namespace}lang": "en",
                "default-currency": "EUR",
            },
        )
        etree.SubElement(activity, "iati-identifier").text = f"{org_ref}-{project.reference}"
        _text(activity, "reporting-org", settings.FUND_IATI_REPORTING_ORG_NAME, ref=org_ref, type="40")
        _text(activity, "title", project.title)
        _text(activity, "description", project.summary or project.title, type="1")
        if project.objectives:
            _text(activity, "description", project.objectives, type="2")
        _text(
            activity,
            "participating-org",
            settings.FUND_IATI_REPORTING_ORG_NAME,
            ref=org_ref,
            role="1",
            type="40",
        )
        _text(activity, "participating-org", project.mission.name, role="4", type="40")
        etree.SubElement(activity, "activity-status", code=IATI_STATUS[project.status])
        # IATI activity dates: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
        actual_start, actual_end = actual_dates(project)
        for kind, day in (
            ("1", project.start_date),
            ("2", actual_start),
            ("3", project.end_date),
            ("4", actual_end),
        ):
            if day:
                etree.SubElement(activity, "activity-date", type=kind, iso_date=day.isoformat())
        countries = list(project.countries.all())
        for index, country in enumerate(countries):
            share = 100 // len(countries) + (100 % len(countries) if index == 0 else 0)
            etree.SubElement(activity, "recipient-country", code=country.iso2, percentage=str(share))
        etree.SubElement(activity, "sector", vocabulary="1", code=DAC_SECTOR_HUMAN_RIGHTS, percentage="100")
        for target in SDG_TARGETS:
            etree.SubElement(activity, "tag", vocabulary="3", code=target)
        value_date = (project.decided_at or project.updated_at).date().isoformat()
        if project.approved_amount is not None:
            start = project.start_date or (project.decided_at or project.updated_at).date()
            end = project.end_date or start
            budget = etree.SubElement(activity, "budget", type="1", status="2")
            etree.SubElement(budget, "period-start", iso_date=start.isoformat())
            etree.SubElement(budget, "period-end", iso_date=end.isoformat())
            etree.SubElement(budget, "value", currency="EUR", value_date=start.isoformat()).text = str(
                project.approved_amount
            )
            transaction = etree.SubElement(activity, "transaction")
            etree.SubElement(transaction, "transaction-type", code="2")
            etree.SubElement(transaction, "transaction-date", iso_date=value_date)
            etree.SubElement(transaction, "value", currency="EUR", value_date=value_date).text = str(
                project.approved_amount
            )
    for element in root.iter():
        for key in list(element.attrib):
            if "_" in key and not key.startswith("{"):
                element.attrib[key.replace("_", "-")] = element.attrib.pop(key)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
