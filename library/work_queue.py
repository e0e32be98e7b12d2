"""The library's boxes in the curator's work queue (clearinghouse.work_queue)."""

from django.utils.translation import gettext_lazy as _

from clearinghouse.work_queue import Box, admin_list, register

from .models import Document, DocumentStatus, ExtractionStatus
from .permissions import can_curate


def register_boxes() -> None:
    register(
        Box(
            key="library.review",
            group="library",
            label=_("Documents in review"),
            items=lambda today: Document.objects.filter(status=DocumentStatus.REVIEW),
            url=lambda today: admin_list(Document, status__exact=DocumentStatus.REVIEW),
            may_see=can_curate,
            order=10,
        )
    )
    register(
        Box(
            key="library.extraction",
            group="library",
            label=_("Documents whose text extraction failed"),
            items=lambda today: Document.objects.filter(files__extraction=ExtractionStatus.FAILED).distinct(),
            url=lambda today: admin_list(Document, files__extraction__exact=ExtractionStatus.FAILED),
            may_see=can_curate,
            order=80,
        )
    )
