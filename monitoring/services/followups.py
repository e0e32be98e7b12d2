"""A published recommendation's follow-up: `recommendation_transition` is the only code that changes
its status, by monitoring.workflow.FOLLOW_UP_TABLE. Its event rows are the FollowUp rows (the
recommendation's follow-up history, shown on the public pages)."""

from django.db import transaction
from django.utils.translation import gettext as _

from clearinghouse.publishing import public_content_changed

from ..models import FollowUp, Recommendation
from ..permissions import recommendation_actor_roles
from ..workflow import FOLLOW_UP_TABLE, FollowUpAction
from . import TransitionNotAllowed


def recommendation_transition(
    *, user, recommendation: Recommendation, action: str, note: str = "", on
) -> FollowUp:
    """Records a follow-up at the status `action` names on the date `on`, or raises
    TransitionNotAllowed and changes nothing. Locks the row, checks the table and who may act (the
    assessment's reviewer or a curator, once the assessment is public), writes one FollowUp row, and
    sets the recommendation's status to its latest follow-up by date; the public pages are renewed."""
    with transaction.atomic():
        locked = (
            Recommendation.objects.select_for_update().select_related("assessment").get(pk=recommendation.pk)
        )
        move = FOLLOW_UP_TABLE.check(
            state=locked.status,
            action=action,
            roles=recommendation_actor_roles(user, locked),
            note=note,
            action_label=FollowUpAction(action).label if action in FollowUpAction.values else action,
            state_label=locked.get_status_display().lower(),
        )
        if not locked.assessment.is_public:
            raise TransitionNotAllowed(_("Follow-up is recorded only for published recommendations."))
        follow_up = FollowUp.objects.create(
            recommendation=locked, status=move.to, note=note or "", recorded_on=on, recorded_by=user
        )
        latest = locked.follow_ups.order_by("-recorded_on", "-pk").first()
        locked.status = latest.status
        locked.save(update_fields=["status"])
        public_content_changed()  # a published recommendation's status shows on the public pages
    recommendation.status = locked.status
    return follow_up
