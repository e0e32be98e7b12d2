"""Demo data for the fund: a round, proposals in every state for both demo missions, reviews, a
decision and reports. Built through the services so every event and version is written."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from clearinghouse.models import Country, Theme, User

from .choices import ProposalStatus
from .models import FundingRound, Proposal
from .services.proposals import message_post, proposal_save, proposal_transition
from .services.reports import report_review, report_submit
from .services.review import review_save
from .workflow import Action

# Actions that bring a fresh draft to each state (staff actions by the curator).
PATHS = {
    ProposalStatus.DRAFT: [],
    ProposalStatus.SUBMITTED: [Action.SUBMIT],
    ProposalStatus.CONSULTATION: [Action.SUBMIT, Action.START_CONSULTATION],
    ProposalStatus.REVISION_REQUESTED: [Action.SUBMIT, Action.START_CONSULTATION, Action.REQUEST_REVISION],
    ProposalStatus.UNDER_REVIEW: [Action.SUBMIT, Action.START_CONSULTATION, Action.SEND_TO_REVIEW],
    ProposalStatus.APPROVED: [Action.SUBMIT, Action.SEND_TO_REVIEW, Action.APPROVE],
    ProposalStatus.REJECTED: [Action.SUBMIT, Action.SEND_TO_REVIEW, Action.REJECT],
    ProposalStatus.DEFERRED: [Action.SUBMIT, Action.SEND_TO_REVIEW, Action.DEFER],
    ProposalStatus.IN_IMPLEMENTATION: [
        Action.SUBMIT,
        Action.SEND_TO_REVIEW,
        Action.APPROVE,
        Action.START_IMPLEMENTATION,
    ],
    ProposalStatus.COMPLETED: [
        Action.SUBMIT,
        Action.SEND_TO_REVIEW,
        Action.APPROVE,
        Action.START_IMPLEMENTATION,
    ],
    ProposalStatus.WITHDRAWN: [Action.SUBMIT, Action.WITHDRAW],
}
MISSION_ACTIONS = {Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW, Action.START_IMPLEMENTATION}

TOPICS = {
    "MD": [
        "Shelter support for returned victims in {place}",
        "Training of border police on victim identification",
        "Hotline for people at risk of trafficking",
    ],
    "AM": [
        "Legislative review of the anti-trafficking law",
        "Awareness raising in schools of {place}",
        "National referral mechanism: training of social workers",
    ],
}
PLACES = {"MD": "Chisinau and Balti", "AM": "Yerevan and Gyumri"}
PARTNERS = {
    "MD": "La Strada Moldova; Ministry of Labour and Social Protection",
    "AM": "Hope and Help NGO; Ministry of Labour and Social Affairs",
}


def _fields(iso2: str, index: int, status: str, start) -> dict:
    topic = TOPICS[iso2][index % len(TOPICS[iso2])].format(place=PLACES[iso2].split(" and ")[0])
    return {
        "title": f"{topic} ({status.replace('_', ' ')})",
        "summary": f"{topic}. A project of the field operation with national partners.",
        "objectives": "Strengthen national capacity to identify and assist victims of trafficking.",
        "activities": "Needs assessment; two training workshops; a handbook; a follow-up meeting.",
        "partners": PARTNERS[iso2],
        "beneficiaries": "Trafficked persons, at-risk groups, social workers and police officers.",
        "locations": PLACES[iso2],
        "start_date": start,
        "end_date": start + timedelta(days=240),
        "co_funding": Decimal("2000"),
        "co_funding_sources": "Host government in kind",
        "requested_amount": Decimal("10000") + index * 500,
        "urgent": index == 4,
        "urgent_justification": "A case before the courts needs witness protection now."
        if index == 4
        else "",
    }


def load(stdout) -> None:
    if Proposal.objects.filter(reference__startswith="ATPF-DEMO-").exists():
        stdout.write("Fund demo data already present.")
        return
    today = timezone.localdate()
    funding_round, _created = FundingRound.objects.get_or_create(
        title=f"{today.year} Q{(today.month - 1) // 3 + 1}",
        defaults={
            "opens": today - timedelta(days=30),
            "closes": today + timedelta(days=30),
            "decision_date": today + timedelta(days=45),
            "envelope": Decimal("200000"),
            "weight_impact": 2,
        },
    )
    FundingRound.objects.get_or_create(
        title=f"{today.year} next quarter",
        defaults={
            "opens": today + timedelta(days=31),
            "closes": today + timedelta(days=120),
            "decision_date": today + timedelta(days=135),
            "envelope": Decimal("150000"),
        },
    )
    curator = User.objects.get(username="curator")
    reviewer = User.objects.get(username="reviewer")
    officers = {
        "MD": User.objects.get(username="officer-moldova"),
        "AM": User.objects.get(username="officer-yerevan"),
    }
    themes = list(Theme.objects.filter(parent__isnull=False)[:3]) or list(Theme.objects.all()[:2])
    created = 0
    for iso2, officer in officers.items():
        country = Country.objects.get(iso2=iso2)
        for index, status in enumerate(PATHS):
            start = today + timedelta(days=30 - index * 20)
            proposal = proposal_save(
                user=officer,
                fields=_fields(iso2, index, status, start),
                countries=[country],
                themes=themes[: 1 + index % 2],
                budget_lines=[
                    {
                        "category": "events",
                        "description": "Training workshops",
                        "quantity": Decimal("2"),
                        "unit_cost": Decimal("4500"),
                    },
                    {
                        "category": "publications",
                        "description": "Handbook printing",
                        "quantity": Decimal("500"),
                        "unit_cost": Decimal("8"),
                    },
                    {
                        "category": "staff",
                        "description": "National expert",
                        "quantity": Decimal("30"),
                        "unit_cost": Decimal("150"),
                    },
                ],
            )
            proposal.reference = f"ATPF-DEMO-{iso2}-{index + 1:02d}"
            proposal.save(update_fields=["reference"])
            for action in PATHS[status]:
                actor = officer if action in MISSION_ACTIONS else curator
                note = {
                    Action.REQUEST_REVISION: "Please add indicators for the short-term results.",
                    Action.REJECT: "Duplicates an IOM project in the same region.",
                }.get(action, "")
                proposal_transition(
                    proposal=proposal,
                    user=actor,
                    action=action,
                    note=note,
                    conditions="Interim report after four months." if action == Action.APPROVE else "",
                )
                if proposal.status == ProposalStatus.UNDER_REVIEW:
                    review_save(
                        proposal=proposal,
                        user=reviewer,
                        scores={"impact": 4, "partners": 5, "cooperation": 3, "networking": None},
                        recommendation="approve",
                        comment="Concrete, with strong national partners.",
                    )
            if status == ProposalStatus.CONSULTATION:
                message_post(proposal=proposal, user=curator, body="Could the training include prosecutors?")
                message_post(proposal=proposal, user=officer, body="Yes, the Prosecutor's Office has agreed.")
                message_post(
                    proposal=proposal, user=curator, body="Good fit for the next round.", internal=True
                )
            if status == ProposalStatus.COMPLETED:
                for report in proposal.reports.order_by("due_date"):
                    spending = {line.pk: line.total for line in proposal.budget_lines.all()}
                    report_submit(
                        report=report,
                        user=officer,
                        narrative="Activities held as planned.",
                        spending=spending,
                    )
                    report_review(report=report, user=curator, accept=True)
            created += 1
    stdout.write(
        f"Fund demo: {created} proposals in every state for both demo missions, round {funding_round}."
    )
