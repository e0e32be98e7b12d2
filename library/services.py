"""Library services: the publication workflow, files and their text, downloads, deletion, and the
harvest datestamp that moves whenever what harvesters receive about a document changes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from . import permissions
from .extraction import extract_pages
from .models import (
    DeletedRecord,
    Document,
    DocumentFile,
    DocumentPage,
    DocumentStatus,
    ExtractionStatus,
    datestamp_now,
)
from .search import document_reindex

logger = logging.getLogger(__name__)

# The publication workflow: action -> (states it starts from, state it leads to, label).
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "submit": (frozenset({DocumentStatus.DRAFT}), DocumentStatus.REVIEW, _("Submit for review")),
    "return": (frozenset({DocumentStatus.REVIEW}), DocumentStatus.DRAFT, _("Return to draft")),
    "publish": (
        frozenset({DocumentStatus.DRAFT, DocumentStatus.REVIEW}),
        DocumentStatus.PUBLISHED,
        _("Publish"),
    ),
    "withdraw": (frozenset({DocumentStatus.PUBLISHED}), DocumentStatus.WITHDRAWN, _("Withdraw")),
    "reinstate": (frozenset({DocumentStatus.WITHDRAWN}), DocumentStatus.PUBLISHED, _("Publish again")),
}


def document_transition(*, user, document: Document, action: str, reason: str = "") -> Document:
    """Moves a document along the workflow; curators only. Raises ValidationError when the action
    does not apply to the document's state."""
    if not permissions.can_curate(user):
        raise PermissionDenied
    sources, target, _label = TRANSITIONS[action]
    if document.status not in sources:
        raise ValidationError(
            _("“%(title)s” is %(status)s; it cannot be changed that way.")
            % {"title": document.title, "status": document.get_status_display().lower()},
            code="bad_transition",
        )
    document.status = target
    if action == "withdraw":
        document.withdrawal_reason = reason
    elif action == "reinstate":
        document.withdrawal_reason = ""
    document._change_reason = str(_label)
    document.save()
    document_datestamp_bump(document_ids=[document.pk])
    document_reindex(document_ids=[document.pk])
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
        raise PermissionDenied
    with transaction.atomic():
        tombstone = None
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
    return tombstone


def file_extract(*, file_id: int) -> str:
    """Reads one file's text into its pages and refreshes the document's search data. Run by the
    background task; safe to run again."""
    try:
        stored = DocumentFile.objects.select_related("document").get(pk=file_id)
    except DocumentFile.DoesNotExist:
        return "missing"
    try:
        with stored.file.open("rb") as handle:
            data = handle.read()
        pages = extract_pages(data, stored.kind)
        status = ExtractionStatus.DONE if any(pages) else ExtractionStatus.EMPTY
    except Exception:  # noqa: BLE001 - a damaged file is recorded, never retried forever
        logger.exception("Text extraction failed for library file %s", file_id)
        pages, status = [], ExtractionStatus.FAILED
    with transaction.atomic():
        DocumentPage.objects.filter(file=stored).delete()
        DocumentPage.objects.bulk_create(
            [DocumentPage(file=stored, number=n, text=text) for n, text in enumerate(pages, start=1)],
            batch_size=500,
        )
        DocumentFile.objects.filter(pk=stored.pk).update(extraction=status, page_count=len(pages))
        document_text_refresh(document=stored.document)
    return status


def document_text_refresh(*, document: Document) -> None:
    """The document's file text is the text of all its files' pages, in order."""
    texts = DocumentPage.objects.filter(file__document=document).order_by("file__order", "file", "number")
    text = "\n".join(texts.values_list("text", flat=True))
    Document.objects.filter(pk=document.pk).update(file_text=text)
    document_reindex(document_ids=[document.pk])


def file_add(*, user, document: Document, upload, label: str = "") -> DocumentFile:
    """Adds a checked file to a document; its text is extracted in the background."""
    if not permissions.can_curate(user):
        raise PermissionDenied
    stored = DocumentFile(document=document, file=upload, label=label)
    stored.full_clean(exclude=["document"])
    stored.save()
    document_datestamp_bump(document_ids=[document.pk])
    return stored


def file_download_count(*, stored: DocumentFile) -> None:
    DocumentFile.objects.filter(pk=stored.pk).update(downloads=F("downloads") + 1)
