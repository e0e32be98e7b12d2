"""Library services: the publication workflow, files and their text, downloads.

Every status change of a document goes through `document_transition`; a file's text is queued for
extraction by `file_add` / `files_saved` and refreshed by `file_remove`, never by a model's save()."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clearinghouse.errors import NotPermitted
from clearinghouse.publishing import public_content_changed
from clearinghouse.workflow import record_event

from . import permissions
from .models import Document, DocumentFile, DocumentStatus, ExtractionStatus
from .search import document_reindex
from .tasks import document_text_refresh, extract_file_text, file_extract
from .workflow import TABLE, Action

__all__ = ["document_text_refresh", "file_extract"]


def document_transition(*, user, document: Document, action: str, reason: str = "") -> Document:
    """Moves a document along the workflow table (curators only), or raises TransitionNotAllowed and
    changes nothing. Locks the row, records one event, stamps the first publication, reindexes; the
    public pages start afresh after the commit."""
    label = Action(action).label if action in Action.values else action
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        move = TABLE.check(
            state=locked.status,
            action=action,
            roles=permissions.actor_roles(user, locked),
            note=reason,
            action_label=label,
            state_label=locked.get_status_display().lower(),
        )
        from_state = locked.status
        locked.status = move.to
        if move.to == DocumentStatus.PUBLISHED and not locked.first_published:
            locked.first_published = timezone.now()
        if action == Action.WITHDRAW:
            locked.withdrawal_reason = reason
        elif action == Action.REINSTATE:
            locked.withdrawal_reason = ""
        locked._change_reason = str(label)
        locked.save()
        record_event(locked, action=action, from_state=from_state, to_state=move.to, user=user, note=reason)
        document_reindex(document_ids=[locked.pk])
        public_content_changed()
    for name in ("status", "first_published", "withdrawal_reason", "updated"):
        setattr(document, name, getattr(locked, name))
    return document


def files_saved(*, files) -> None:
    """New uploads (saved by file_add or the admin's inline) have their text read in the background."""
    for stored in files:
        DocumentFile.objects.filter(pk=stored.pk).update(extraction=ExtractionStatus.PENDING)
        stored.extraction = ExtractionStatus.PENDING
        transaction.on_commit(lambda pk=stored.pk: extract_file_text.enqueue(pk))


def file_add(*, user, document: Document, upload, label: str = "") -> DocumentFile:
    """Adds a checked file to a document; its text is extracted in the background."""
    if not permissions.can_curate(user):
        raise NotPermitted
    with transaction.atomic():
        stored = DocumentFile(document=document, file=upload, label=label)
        stored.full_clean(exclude=["document"])
        stored.save()
        files_saved(files=[stored])
        if document.is_public:
            public_content_changed()
    return stored


def file_remove(*, user, stored: DocumentFile) -> None:
    """Deletes a file; its document's text is read again without it after the commit."""
    if not permissions.can_curate(user):
        raise NotPermitted
    with transaction.atomic():
        document = stored.document
        stored.delete()
        files_removed(document=document)
        if document.is_public:
            public_content_changed()


def files_removed(*, document: Document) -> None:
    """After files of `document` were deleted (here or in the admin): refresh its text on commit."""
    transaction.on_commit(lambda: document_text_refresh(document=document))


def file_download_count(*, stored: DocumentFile) -> None:
    DocumentFile.objects.filter(pk=stored.pk).update(downloads=F("downloads") + 1)
