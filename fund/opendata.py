"""Public fields of supported projects, for the public pages and the open-data exports. Nothing here
reads reviews, messages, internal events, decisions' reasons or evaluations; partners and places are
dropped when a curator marked the project sensitive."""

from django.conf import settings
from django.utils import timezone
from lxml import etree

from .choices import ProposalStatus

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
    "approved_amount_eur",
    "co_funding_eur",
    "decided",
    "summary",
    "objectives",
    "partners",
    "locations",
    "url",
]


def public_record(proposal) -> dict:
    """The public fields of one supported project (countries/themes must be prefetched)."""
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "mission": proposal.mission.name,
        "status": proposal.status,
        "countries": [c.iso2 for c in proposal.countries.all()],
        "themes": [t.slug for t in proposal.themes.all()],
        "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
        "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
        "approved_amount_eur": str(proposal.approved_amount)
        if proposal.approved_amount is not None
        else None,
        "co_funding_eur": str(proposal.co_funding),
        "decided": proposal.decided_at.date().isoformat() if proposal.decided_at else None,
        "summary": proposal.summary,
        "objectives": proposal.objectives,
        "partners": "" if proposal.sensitive else proposal.partners,
        "locations": "" if proposal.sensitive else proposal.locations,
        "url": settings.SITE_URL.rstrip("/") + proposal.get_public_url(),
    }


def _text(parent, tag, text, **attrs):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    return element


def iati_document(projects) -> bytes:
    """IATI 2.03 activities, one per supported project, in the order the schema requires."""
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
        if project.start_date:
            etree.SubElement(activity, "activity-date", type="1", iso_date=project.start_date.isoformat())
        if project.end_date:
            etree.SubElement(activity, "activity-date", type="3", iso_date=project.end_date.isoformat())
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
