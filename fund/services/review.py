"""Reviews: scores per preference criterion (1-5 or n/a), conflicts of interest and recusal."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import REVIEWABLE_STATUSES
from ..models import Proposal, ProposalEvent, Review
from ..models.review import SCORE_FIELDS
from ..permissions import can_review
from . import NotAllowed


def review_save(
    *,
    proposal: Proposal,
    user,
    scores: dict[str, int | None],
    recommendation: str = "",
    comment: str = "",
    conflict_of_interest: bool = False,
    conflict_note: str = "",
    recused: bool = False,
) -> Review:
    """Creates or updates the user's review. A declared conflict forces recusal: the scores of a
    recused review are cleared and never counted."""
    if not can_review(user, proposal):
        raise NotAllowed(_("You may not review this proposal."))
    if proposal.status not in REVIEWABLE_STATUSES:
        raise NotAllowed(
            _("A proposal that is %(status)s cannot be reviewed.")
            % {"status": proposal.get_status_display().lower()}
        )
    if conflict_of_interest and not conflict_note.strip():
        raise NotAllowed(_("Describe the conflict of interest."))
    recused = recused or conflict_of_interest
    for criterion, value in scores.items():
        if criterion not in SCORE_FIELDS or (value is not None and not 1 <= int(value) <= 5):
            raise NotAllowed(_("Scores run from 1 to 5, or n/a."))
    with transaction.atomic():
        review, created = Review.objects.get_or_create(proposal=proposal, reviewer=user)
        for criterion, field in SCORE_FIELDS.items():
            setattr(review, field, None if recused else scores.get(criterion))
        review.recommendation = "" if recused else recommendation
        review.comment = comment
        review.conflict_of_interest = conflict_of_interest
        review.conflict_note = conflict_note
        review.recused = recused
        review.save()
        ProposalEvent.objects.create(
            proposal=proposal,
            actor=user,
            action="recused" if recused else ("review" if created else "review_updated"),
            from_status=proposal.status,
            to_status=proposal.status,
            internal=True,
        )
    return review
