"""Library services: the publication workflow, files and their text, downloads, deletion, and the
harvest datestamp that moves whenever what harvesters receive about a document changes.

Every status change of a document goes through `document_transition`; a file's text is queued for
extraction by `file_add` / `files_saved` and refreshed by `file_remove`, never by a model's save()."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from clearinghouse.errors import NotPermitted
from clearinghouse.publishing import public_content_changed
from clearinghouse.workflow import record_event

from . import permissions
from .models import DeletedRecord, Document, DocumentFile, DocumentStatus, ExtractionStatus, datestamp_now
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
        document_datestamp_bump(document_ids=[locked.pk])
        document_reindex(document_ids=[locked.pk])
        public_content_changed()
    locked.refresh_from_db(fields=["oai_datestamp"])
    for name in ("status", "first_published", "withdrawal_reason", "updated", "oai_datestamp"):
        setattr(document, name, getattr(locked, name))
    return document


def document_datestamp_bump(*, document_ids: Iterable[int] | QuerySet) -> int:
    """Moves the OAI-PMH datestamp of these documents to now: call it from whatever changes what
    harvesters receive about a document without saving it (publishers, themes and countries renamed,
    collections, files, status). Returns the number of documents moved."""
    return Document.objects.filter(pk__in=document_ids).update(oai_datestamp=datestamp_now())


def document_delete(*, user, document: Document) -> DeletedRecord | None:
    """Deletes a document; curators only. A document harvesters may have received (published at some
    time) leaves a tombstone, so OAI-PMH reports it as deleted for good."""
    from .harvest import tombstone_set_specs

    if not permissions.can_curate(user):
        raise NotPermitted
    with transaction.atomic():
        tombstone = None
        was_public = document.is_public
        if document.first_published or document.status in (
            DocumentStatus.PUBLISHED,
            DocumentStatus.WITHDRAWN,
        ):
            tombstone, _created = DeletedRecord.objects.update_or_create(
                document_id=document.pk,
                defaults={
                    "title": document.title[:500],
                    "datestamp": datestamp_now(),
                    "set_specs": tombstone_set_specs(document),
                    "deleted_by": user if getattr(user, "is_authenticated", False) else None,
                },
            )
        document.delete()
        if was_public:
            public_content_changed()
    return tombstone


def files_saved(*, files) -> None:
    """New uploads (saved by file_add or the admin's inline) have their text read in the background."""
    for stored in files:
        DocumentFile.objects.filter(pk=stored.pk).update(extraction=ExtractionStatus.PENDING)
        stored.extraction = ExtractionStatus.PENDING
        transaction.on_commit(lambda pk=stored.pk: extract_file_text.enqueue(pk))
    # Harvesters see the files' formats.
    document_datestamp_bump(document_ids={stored.document_id for stored in files})


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
    """After files of `document` were deleted (here or in the admin): its harvest datestamp moves (the
    formats harvesters see), its text is refreshed on commit."""
    document_datestamp_bump(document_ids=[document.pk])
    transaction.on_commit(lambda: document_text_refresh(document=document))


def file_download_count(*, stored: DocumentFile) -> None:
    DocumentFile.objects.filter(pk=stored.pk).update(downloads=F("downloads") + 1)
