"""Background work (Django's tasks framework; the worker is `python manage.py db_worker`): reading a
library file's text into its pages and the document's search data. Queued by library.services."""

import logging

from django.db import transaction
from django.tasks import task

from .extraction import extract_pages
from .models import Document, DocumentFile, DocumentPage, ExtractionStatus
from .search import document_reindex

logger = logging.getLogger(__name__)


@task()
def extract_file_text(file_id: int) -> str:
    """Extracts a library file's text into the search index."""
    return file_extract(file_id=file_id)


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
