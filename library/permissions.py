"""Who may do what in the library."""

from clearinghouse import roles

from .models import Document, DocumentStatus
from .workflow import Actor


def can_curate(user) -> bool:
    """Curators (and superusers) manage documents, files, collections and the workflow."""
    return bool(user and user.is_authenticated and roles.is_curator(user))


def actor_roles(user, document: Document | None = None) -> frozenset:
    """The workflow roles `user` holds for documents (library.workflow.Actor)."""
    return frozenset({Actor.CURATOR}) if can_curate(user) else frozenset()


def can_view_document(user, document: Document) -> bool:
    """Published documents are public; withdrawn ones show a tombstone to everyone; drafts and those
    in review only to curators."""
    if document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
        return True
    return can_curate(user)
