"""Recommendations: written by the assessors with the findings, followed up after publication."""

from django.db import transaction
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed

from ..choices import FollowUpStatus
from ..models import FollowUp, Recommendation
from ..permissions import (
    answers_as_event,
    can_declare_activity_answers,
    can_declare_event_answers,
    can_edit_findings,
    can_record_follow_up,
)
from . import NotPermitted, ServiceError
from .followups import recommendation_transition


def recommendation_save(
    *,
    user,
    assessment,
    recommendation: Recommendation | None = None,
    text: str,
    text_ru: str = "",
    priority: str,
    addressee: str,
    addressee_name: str = "",
    themes=(),
    indicators=(),
) -> Recommendation:
    """The assessors add or change a recommendation while the assessment is editable."""
    if not can_edit_findings(user, assessment):
        raise NotPermitted(
            _("Only the assessment's assessors write its recommendations, before publication.")
        )
    if not (text or "").strip():
        raise ServiceError(_("Write the recommendation."), field="text")
    if any(i.framework_id != assessment.framework_id for i in indicators):
        raise ServiceError(_("Choose indicators of this assessment's framework."), field="indicators")
    with transaction.atomic():
        recommendation = recommendation or Recommendation(assessment=assessment)
        recommendation.text = text.strip()
        recommendation.text_ru = (text_ru or "").strip()
        recommendation.priority = priority
        recommendation.addressee = addressee
        recommendation.addressee_name = addressee_name or ""
        recommendation.save()
        recommendation.themes.set(themes)
        recommendation.indicators.set(indicators)
        if assessment.is_public:
            public_content_changed()
    return recommendation


def recommendation_follow_up(
    *, user, recommendation: Recommendation, status: str, note: str = "", on
) -> FollowUp:
    """Records the follow-up status of a published recommendation at a date; the latest by date is
    its current status."""
    if not can_record_follow_up(user, recommendation):
        raise NotPermitted(_("Only curators and the reviewer record follow-up of published recommendations."))
    if status not in FollowUpStatus.values:
        raise ServiceError(_("Choose a follow-up status."), field="status")
    # The status changes only in the follow-up workflow (monitoring.workflow.FOLLOW_UP_TABLE).
    return recommendation_transition(
        user=user, recommendation=recommendation, action=status, note=note, on=on
    )


def _answers_set(*, subject, recommendations, is_public: bool) -> list[Recommendation]:
    """Sets the recommendations `subject` (an activity or an event) answers. Only recommendations of
    published assessments that are still open may be added; links already there may stay or go."""
    chosen = {getattr(r, "pk", r) for r in recommendations}
    with transaction.atomic():
        before = set(subject.answers_recommendations.values_list("pk", flat=True))
        added = chosen - before
        allowed = set(
            Recommendation.objects.public().open().filter(pk__in=added).values_list("pk", flat=True)
        )
        if added - allowed:
            raise ServiceError(
                _("Choose open recommendations of published assessments."), field="recommendations"
            )
        subject.answers_recommendations.set(chosen)
        if is_public and chosen != before:
            public_content_changed()  # the country pages' open lists and the assessment pages change
    return list(subject.answers_recommendations.all())


def activity_answers_set(*, user, activity, recommendations) -> list[Recommendation]:
    """Declares which recommendations an inventory activity answers (replacing what it declared)."""
    if not can_declare_activity_answers(user, activity):
        raise NotPermitted(
            _("Only curators and the officers of an implementing organisation declare what it answers.")
        )
    return _answers_set(
        subject=activity, recommendations=recommendations, is_public=activity.status == "published"
    )


def event_answers_set(*, user, event, recommendations) -> list[Recommendation]:
    """Declares which recommendations an event answers (replacing what it declared)."""
    if not can_declare_event_answers(user, event):
        raise NotPermitted(
            _("Only curators and the officers of an organising organisation declare what it answers.")
        )
    return _answers_set(subject=event, recommendations=recommendations, is_public=answers_as_event(event))
