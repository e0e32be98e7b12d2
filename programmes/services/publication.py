"""Publishing programmes, project outlines and inventory activities."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from clearinghouse.publishing import public_content_changed
from clearinghouse.workflow import record_event

from .. import permissions
from ..workflow import TABLE, Action


def publication_transition(*, record: Model, user, action: str, note: str = "") -> Model:
    """Publishes or unpublishes a programme, outline or activity by the table (curators only), or
    raises TransitionNotAllowed and changes nothing. Locks the row, records one workflow event and a
    history record; the public pages start afresh after the commit."""
    label = Action(action).label if action in Action.values else action
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        move = TABLE.check(
            state=locked.status,
            action=action,
            roles=permissions.actor_roles(user, locked),
            note=note,
            action_label=label,
            state_label=locked.get_status_display().lower(),
        )
        from_state = locked.status
        locked.status = move.to
        locked._change_reason = str(label)
        locked.save()
        record_event(locked, action=action, from_state=from_state, to_state=move.to, user=user, note=note)
        public_content_changed()
    record.status = locked.status
    return record
