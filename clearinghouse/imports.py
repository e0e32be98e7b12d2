"""Imports of any size through the admin: the uploaded file is checked and its first rows
previewed at once (here); every row is then checked by the task worker (`manage.py db_worker`), and
once the curator confirms, imported by the worker through the model's import resource, the one
`manage.py import <resource> FILE` runs (the library's writes in batches, history included): see
clearinghouse/import_worker.py. Every row or none: the resource imports the whole file in one
transaction, which any bad row rolls back. The worker records its progress on the job as it goes;
the curator follows it on a page that refreshes itself and gets the result by e-mail.

The core names no pillar: the admin hands over the resource classes, the job keeps the resource's
dotted path (or "admin" for a resource the admin makes on the fly) and the worker imports it again.
"""

from __future__ import annotations

import logging

import tablib
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.results import RowResult

from .errors import ServiceError
from .import_worker import ADMIN_RESOURCE, FORMATS, acting_as, dataset_read
from .models import ImportJob, ImportJobStatus
from .tasks import import_check, import_run
from .uploads import MB, FileCheck

logger = logging.getLogger(__name__)

MAX_SIZE = 20 * MB
MAX_ROWS = 200_000
PREVIEW_ROWS = 10


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:65536]


def upload_check(upload, *, columns: set[str]) -> tuple[str, bytes, tablib.Dataset]:
    """Checks an uploaded import file's size, format (from its content, not its name) and columns.
    Returns its format, bytes and rows; ValidationError names what is wrong."""
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_SIZE:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_SIZE)},
            code="too_large",
        )
    name = (upload.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in FORMATS:
        raise ValidationError(_("Upload a CSV (UTF-8) or XLSX file."), code="bad_format")
    if extension == "xlsx":
        FileCheck(kinds={"xlsx"}, max_size=MAX_SIZE)(upload)
    upload.seek(0)
    data = upload.read()
    if extension == "csv" and not _is_text(data):
        raise ValidationError(_("This file's content is not CSV text."), code="bad_type")
    dataset = dataset_read(data, extension)
    headers = [str(h or "").strip() for h in dataset.headers or []]
    if not len(dataset):
        raise ValidationError(_("The file has no rows below its header."), code="no_rows")
    if len(dataset) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(rows)s rows; the limit is %(limit)s.")
            % {"rows": len(dataset), "limit": MAX_ROWS},
            code="too_many_rows",
        )
    if not columns.intersection(headers):
        raise ValidationError(
            _("The first row names none of the columns: %(columns)s.")
            % {"columns": ", ".join(sorted(columns))},
            code="no_columns",
        )
    dataset.headers = headers
    return extension, data, dataset


def _preview(preview_class, dataset: tablib.Dataset, user) -> dict:
    """The diff of the file's first rows, from a dry run (rolled back)."""
    first = tablib.Dataset(*dataset[:PREVIEW_ROWS], headers=dataset.headers)
    with acting_as(user):
        result = preview_class().import_data(first, dry_run=True, use_transactions=True, raise_errors=False)
    rows = [
        {"number": number, "type": row.import_type, "diff": [str(v) for v in row.diff or []]}
        for number, row in enumerate(result.rows, start=1)
        if row.import_type
        in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP)
    ]
    return {"headers": [str(h) for h in result.diff_headers], "rows": rows}


def _resource_path(resource_class) -> str:
    """The resource's dotted path, or "admin" for one the model's admin makes on the fly."""
    path = f"{resource_class.__module__}.{resource_class.__qualname__}"
    try:
        return path if import_string(path) is resource_class else ADMIN_RESOURCE
    except ImportError:
        return ADMIN_RESOURCE


def import_job_create(
    *, user, model: str, resource_class, preview_class, upload, columns: set[str]
) -> ImportJob:
    """Checks the upload, previews its first rows and queues the check of every row."""
    file_format, data, dataset = upload_check(upload, columns=columns)
    job = ImportJob(
        user=user,
        model=model,
        resource=_resource_path(resource_class),
        file_name=(upload.name or "import")[-255:],
        file_format=file_format,
        total_rows=len(dataset),
        preview=_preview(preview_class, dataset, user),
    )
    job.file.save(f"import.{file_format}", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: import_check.enqueue(job.pk))
    return job


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """The curator confirms a checked file: the worker imports it."""
    if job.user_id != user.pk:
        raise ServiceError(_("Only the curator who uploaded the file may import it."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.READY).update(
        status=ImportJobStatus.QUEUED, rows_done=0
    )
    if not updated:
        raise ServiceError(
            _("This file cannot be imported now: %(status)s.") % {"status": job.get_status_display()}
        )
    transaction.on_commit(lambda: import_run.enqueue(job.pk))
    job.refresh_from_db()
    return job
