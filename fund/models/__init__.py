"""Models of the Anti-Trafficking Project Fund, split by sub-domain."""

from .proposals import (
    BudgetLine,
    FundingRound,
    Message,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalVersion,
)
from .reports import Evaluation, Report, ReportSpending
from .review import Decision, Review

__all__ = [
    "BudgetLine",
    "Decision",
    "Evaluation",
    "FundingRound",
    "Message",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalVersion",
    "Report",
    "ReportSpending",
    "Review",
]
