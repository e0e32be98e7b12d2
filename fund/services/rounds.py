"""Round dashboard figures and batch decisions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from ..choices import Criterion, ProposalStatus
from ..models import FundingRound, Proposal, Review
from ..models.review import SCORE_FIELDS
from ..workflow import Action
from . import FundError, ServiceError
from .proposals import proposal_transition

# Proposals that no longer ask for money from the round.
NOT_COUNTED = (ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED)


@dataclass
class RoundSummary:
    round: FundingRound
    proposals: list
    requested_total: Decimal
    approved_total: Decimal
    remaining: Decimal
    over_envelope: bool
    criterion_averages: list[tuple[str, float | None]]
    percent_requested: int = 0
    percent_approved: int = 0


def _percent(part: Decimal, whole: Decimal) -> int:
    return int(min(100, round(part / whole * 100))) if whole else 0


def round_summary(*, funding_round: FundingRound) -> RoundSummary:
    """Proposals of the round with their average scores; requested and approved totals against the
    envelope; each criterion's average over all non-recused reviews, n/a left out."""
    avg_fields = {
        f"avg_{c}": Avg(f"reviews__{f}", filter=Q(reviews__recused=False)) for c, f in SCORE_FIELDS.items()
    }
    proposals = list(
        Proposal.objects.filter(round=funding_round)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("mission")
        .prefetch_related("reviews")
        .annotate(review_count=Count("reviews", filter=Q(reviews__recused=False)), **avg_fields)
        .order_by("-urgent", "reference")
    )
    weights = funding_round.weights()
    for proposal in proposals:
        scored = [r.weighted_score(weights) for r in proposal.reviews.all()]
        scored = [s for s in scored if s is not None]
        proposal.weighted_average = round(sum(scored) / len(scored), 2) if scored else None
        proposal.criterion_scores = [getattr(proposal, f"avg_{c}") for c in SCORE_FIELDS]
    counted = [p for p in proposals if p.status not in NOT_COUNTED]
    requested = sum((p.requested_amount or Decimal("0") for p in counted), Decimal("0"))
    approved = sum((p.approved_amount or Decimal("0") for p in proposals if p.approved_amount), Decimal("0"))
    review_avgs = Review.objects.filter(proposal__round=funding_round, recused=False).aggregate(
        **{c: Avg(f) for c, f in SCORE_FIELDS.items()}
    )
    averages = [(str(Criterion(c).label), review_avgs[c]) for c in SCORE_FIELDS]
    envelope = funding_round.envelope
    return RoundSummary(
        round=funding_round,
        proposals=proposals,
        requested_total=requested,
        approved_total=approved,
        remaining=envelope - approved,
        over_envelope=requested > envelope,
        criterion_averages=averages,
        percent_requested=_percent(requested, envelope),
        percent_approved=_percent(approved, envelope),
    )


@dataclass
class BatchResult:
    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (proposal, message)


BATCH_ACTIONS = (Action.APPROVE, Action.DEFER, Action.REJECT)


def round_batch_decide(
    *, funding_round: FundingRound, user, proposal_ids, action: str, note: str = ""
) -> BatchResult:
    """Applies one decision to several proposals of the round; approval grants the amount requested.
    Each proposal goes through proposal_transition on its own, so one refusal stops none of the others."""
    if action not in BATCH_ACTIONS:
        raise FundError(_("Choose approve, defer or reject."))
    result = BatchResult()
    for proposal in Proposal.objects.filter(round=funding_round, pk__in=proposal_ids).order_by("reference"):
        try:
            proposal_transition(proposal=proposal, user=user, action=action, note=note)
        except ServiceError as exc:
            result.failed.append((proposal, str(exc)))
        else:
            result.done.append(proposal)
    return result


def funding_by(*, queryset, key: str) -> list[dict]:
    """Approved money grouped by `key` ('year' or 'country') for the public charts, largest bar 100%."""
    if key == "year":
        # The year of the decision; historic imports without one count in their start year.
        rows = (
            queryset.annotate(year=Coalesce(ExtractYear("decided_at"), ExtractYear("start_date")))
            .exclude(year__isnull=True)
            .values("year")
            .annotate(total=Sum("approved_amount"), count=Count("pk", distinct=True))
            .order_by("year")
        )
        data = [{"label": str(r["year"]), "total": r["total"] or 0, "count": r["count"]} for r in rows]
    else:
        rows = (
            queryset.values("countries__iso2", "countries__name")
            .exclude(countries__iso2=None)
            .annotate(total=Sum("approved_amount"), count=Count("pk", distinct=True))
            .order_by("-total", "countries__name")
        )
        data = [{"label": r["countries__name"], "total": r["total"] or 0, "count": r["count"]} for r in rows]
    top = max((row["total"] for row in data), default=0)
    for row in data:
        row["percent"] = _percent(Decimal(row["total"]), Decimal(top))
    return data


def round_current(*, today) -> FundingRound | None:
    """The round whose submission window is open on `today` (the one closing first when windows
    overlap), else the next one to open; None when no round is open or planned."""
    open_now = (
        FundingRound.objects.filter(opens__lte=today, closes__gte=today).order_by("closes", "pk").first()
    )
    if open_now is not None:
        return open_now
    return FundingRound.objects.filter(opens__gt=today).order_by("opens", "pk").first()
