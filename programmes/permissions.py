"""Who may do what with the office's programmes, outlines and inventory activities."""

from clearinghouse import roles

from .models import Activity, Programme, ProjectOutline, PublicationStatus
from .workflow import Actor


def can_curate(user) -> bool:
    """Curators (and superusers) edit programmes, outlines and activities and publish them."""
    return bool(user and getattr(user, "is_authenticated", False) and roles.is_curator(user))


def actor_roles(user, record=None) -> frozenset:
    """The workflow roles `user` holds for a programme, outline or activity (programmes.workflow)."""
    return frozenset({Actor.CURATOR}) if can_curate(user) else frozenset()


def can_view_programme(user, programme: Programme) -> bool:
    """Published programmes are public; drafts are for curators (in the admin) only."""
    return programme.status == PublicationStatus.PUBLISHED


def can_view_outline(user, outline: ProjectOutline) -> bool:
    """A published outline of a published programme is public."""
    return outline.status == PublicationStatus.PUBLISHED and can_view_programme(user, outline.programme)


def can_view_activity(user, activity: Activity) -> bool:
    """Published inventory activities are public."""
    return activity.status == PublicationStatus.PUBLISHED
