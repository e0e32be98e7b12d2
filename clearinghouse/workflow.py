"""The shared transition-table helper every pillar's `workflow.py` uses.

A workflow is ONE declarative table: (from state, action) -> Move(to, who may, note required).
Each pillar resolves the roles a user holds for one object (its `actor_roles(user, obj)`), and its
single `<noun>_transition` service calls `Table.check(...)` inside a transaction on the locked row,
then changes the state, records one event row and sends mail on commit.

Example::

    TABLE = Table({
        (S.DRAFT, Action.SUBMIT): Move(S.IN_REVIEW, {Actor.OWNER}),
        (S.IN_REVIEW, Action.REJECT): Move(S.DRAFT, {Actor.CURATOR}, note_required=True),
    })
    move = TABLE.check(state=obj.status, action=action, roles=actor_roles(user, obj), note=note)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from .errors import TransitionNotAllowed
from .models import WorkflowEvent


@dataclass(frozen=True)
class Move:
    """Where an action leads from one state, who may take it, and whether a note is required."""

    to: str
    actors: frozenset = field(default_factory=frozenset)
    note_required: bool = False

    def __post_init__(self):
        object.__setattr__(self, "actors", frozenset(self.actors))


class Table:
    """A transition table with the checks every `<noun>_transition` service makes."""

    def __init__(self, moves: dict[tuple[str, str], Move]):
        self.moves = dict(moves)

    def __iter__(self):
        return iter(self.moves.items())

    def get(self, state, action) -> Move | None:
        return self.moves.get((state, action))

    def states(self) -> set:
        return {s for s, _a in self.moves} | {m.to for m in self.moves.values()}

    def actions(self) -> list:
        seen = []
        for _s, a in self.moves:
            if a not in seen:
                seen.append(a)
        return seen

    def allowed_actions(self, *, state, roles: Iterable) -> list:
        """Actions the holder of `roles` may take from `state`, in table order (for buttons)."""
        held = frozenset(roles)
        return [a for (s, a), move in self.moves.items() if s == state and held & move.actors]

    def check(
        self, *, state, action, roles: Iterable, note: str = "", action_label=None, state_label=None
    ) -> Move:
        """The move for (state, action) when `roles` may take it and its note is given; else raises
        TransitionNotAllowed with a message that says why. Changes nothing."""
        label = str(action_label or action)
        move = self.moves.get((state, action))
        if move is None:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible from the state “%(state)s”.")
                % {"action": label, "state": str(state_label or state)}
            )
        if not (frozenset(roles) & move.actors):
            raise TransitionNotAllowed(_("You may not “%(action)s” here.") % {"action": label})
        if move.note_required and not (note or "").strip():
            raise TransitionNotAllowed(
                _("Give the reasons for “%(action)s”: a note is required.") % {"action": label}
            )
        return move


def record_event(obj, *, action, from_state, to_state, user=None, note: str = "") -> WorkflowEvent:
    """The one event row of a workflow step (for pillars without an event table of their own)."""
    return WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        action=str(action),
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        actor=user if getattr(user, "pk", None) else None,
        note=(note or "").strip(),
    )


def events_of(obj):
    """The workflow events of one record, oldest first."""
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor")
