"""Fund test data built through the services, so events, versions and decisions are real."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from clearinghouse.models import Country, Theme
from fund.choices import ProposalStatus
from fund.demo import MISSION_ACTIONS, PATHS
from fund.models import FundingRound, Proposal
from fund.services.proposals import proposal_save, proposal_transition
from fund.workflow import Action
from tests.clock import quarter

LINES = [
    {
        "category": "events",
        "description": "Training workshops",
        "quantity": Decimal("2"),
        "unit_cost": Decimal("4500"),
    },
    {
        "category": "publications",
        "description": "Handbook",
        "quantity": Decimal("500"),
        "unit_cost": Decimal("8.50"),
    },
]  # total 13,250.00


def complete_fields(**overrides) -> dict:
    """A complete proposal for a project running from March to December of the current year."""
    year = timezone.localdate().year
    fields = {
        "title": "Shelter support for returned victims",
        "summary": "Direct assistance and reintegration support.",
        "objectives": "Strengthen the national referral mechanism.",
        "activities": "Needs assessment; trainings; a handbook.",
        "partners": "La Strada Moldova (secret-partner-name)",
        "beneficiaries": "Trafficked persons and social workers.",
        "locations": "Balti (secret-place-name)",
        "start_date": date(year, 3, 1),
        "end_date": date(year, 12, 31),
        "co_funding": Decimal("1000"),
        "co_funding_sources": "Host government",
        "requested_amount": Decimal("12000"),
        "urgent": False,
        "urgent_justification": "",
    }
    fields.update(overrides)
    return fields


def make_round(**kwargs) -> FundingRound:
    """The round of the current quarter (by the test's clock), decided a fortnight after it closes."""
    opens, closes = quarter(timezone.localdate())
    defaults = {
        "title": f"{opens.year} Q{(opens.month + 2) // 3}",
        "opens": opens,
        "closes": closes,
        "decision_date": closes + timedelta(days=15),
        "envelope": Decimal("50000"),
    }
    defaults.update(kwargs)
    return FundingRound.objects.create(**defaults)


def make_proposal(officer, *, countries=("MD",), **overrides) -> Proposal:
    """A complete draft of the officer's mission."""
    return proposal_save(
        user=officer,
        fields=complete_fields(**overrides),
        countries=list(Country.objects.filter(iso2__in=countries)),
        themes=list(Theme.objects.filter(Q(parent__isnull=True))[:1]),
        budget_lines=LINES,
    )


def advance(proposal: Proposal, status: str, *, officer, staff) -> Proposal:
    """Moves a fresh draft to `status` through the real workflow."""
    for action in PATHS[status]:
        actor = officer if action in MISSION_ACTIONS else staff
        proposal_transition(
            proposal=proposal,
            user=actor,
            action=action,
            note="Reasons given." if action in (Action.REJECT, Action.REQUEST_REVISION) else "",
        )
    if status == ProposalStatus.COMPLETED:
        proposal_transition(proposal=proposal, user=staff, action=Action.COMPLETE)
    proposal.refresh_from_db()
    assert proposal.status == status
    return proposal


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def days(n: int) -> timedelta:
    return timedelta(days=n)
