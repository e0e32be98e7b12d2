"""The task worker's side of the admin's imports (clearinghouse.imports): reading the stored file,
checking every row with a dry run, importing it through the model's import resource, recording
progress and the result on the job, and telling the curator. Run by clearinghouse.tasks."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

import tablib
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.results import RowResult
from simple_history.models import HistoricalRecords

from .models import ImportJob, ImportJobStatus
from .publishing import public_content_changed

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 500
# Formats accepted: file-name extension -> import-export format.
FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
# The job's resource when the model's admin makes it on the fly (no dotted path imports it).
ADMIN_RESOURCE = "admin"


def dataset_read(data: bytes, file_format: str) -> tablib.Dataset:
    """The rows of an uploaded file; ValidationError when it cannot be read as that format."""
    try:
        if file_format == "csv":
            text = data.decode("utf-8-sig")
            dataset = FORMATS["csv"]().create_dataset(text)
        else:
            dataset = FORMATS[file_format]().create_dataset(data)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The file is not UTF-8 text: save the spreadsheet as CSV UTF-8."), code="encoding"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - tablib and openpyxl raise many kinds for a damaged file
        raise ValidationError(
            _("The file cannot be read as %(format)s.") % {"format": file_format.upper()}, code="unreadable"
        ) from exc
    return dataset


@contextmanager
def acting_as(user):
    """History records written meanwhile name this user, as when the user saves in the admin."""

    @dataclass
    class _Request:
        user: object

    previous = getattr(HistoricalRecords.context, "request", None)  # the upload's own request
    HistoricalRecords.context.request = _Request(user=user)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous


def _resource_class(job: ImportJob):
    if job.resource != ADMIN_RESOURCE:
        return import_string(job.resource)
    from django.contrib.admin import site

    return site._registry[apps.get_model(job.model)].get_import_resource_classes(None)[0]


class Progress:
    """Counts the rows the resource has processed and writes the count on the job every
    `every` rows or seconds. The import runs in one transaction, so the count goes through a
    connection of its own that commits at once. SQLite has one writer at a time (the import's
    transaction): there the job shows its progress only when a phase ends."""

    def __init__(self, job_id: int, *, every_rows: int = 200, every_seconds: float = 1.0):
        self.job_id, self.every_rows, self.every_seconds = job_id, every_rows, every_seconds
        self.done, self.last = 0, time.monotonic()
        self.side = None

    def track(self, resource) -> None:
        original = resource.import_row

        def import_row(row, instance_loader, **kwargs):
            result = original(row, instance_loader, **kwargs)
            self.done += 1
            if self.done % self.every_rows == 0 or time.monotonic() - self.last > self.every_seconds:
                self.write()
            return result

        resource.import_row = import_row

    def write(self) -> None:
        self.last = time.monotonic()
        if connection.vendor == "sqlite":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET rows_done = LEAST(%s, total_rows) WHERE id = %s",  # noqa: S608
                [self.done, self.job_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _errors(result) -> list[dict]:
    """Every error of an import result, with its row number (None: the whole file)."""
    errors = [{"row": None, "message": str(e.error)} for e in result.base_errors]
    for number, row_errors in result.row_errors():
        errors += [{"row": e.number or number, "message": str(e.error)} for e in row_errors]
    for invalid in result.invalid_rows:
        messages = [
            f"{field}: {' '.join(str(m) for m in msgs)}"
            if field != "__all__"
            else " ".join(str(m) for m in msgs)
            for field, msgs in invalid.error_dict.items()
        ]
        errors.append({"row": invalid.number, "message": "; ".join(messages)})
    return sorted(errors, key=lambda e: e["row"] or 0)


def _import(job: ImportJob, *, dry_run: bool) -> tuple[object, list[dict]]:
    with job.file.open("rb") as handle:
        dataset = dataset_read(handle.read(), job.file_format)
    dataset.headers = [str(h or "").strip() for h in dataset.headers or []]
    resource = _resource_class(job)()
    progress = Progress(job.pk)
    progress.track(resource)
    try:
        with acting_as(job.user):
            result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, raise_errors=False)
    finally:
        progress.close()
    return result, _errors(result)


def _counts(result, errors: list[dict]) -> dict:
    totals = result.totals
    return {
        "created_count": totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        "updated_count": totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        "unchanged_count": totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
        "error_count": len({e["row"] for e in errors}),
        "errors": errors[:MAX_STORED_ERRORS],
    }


def import_job_check(*, job_id: int) -> str:
    """The worker checks every row with a dry run (rolled back): ready, or the rows' errors."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id, status=ImportJobStatus.CHECKING).first()
    if job is None:
        return "gone"
    ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now(), rows_done=0)
    job.started_at = timezone.now()
    try:
        result, errors = _import(job, dry_run=True)
    except Exception as exc:  # noqa: BLE001 - recorded on the job for the curator, never retried
        logger.exception("Import %s: the check failed", job.pk)
        result, errors = None, [{"row": None, "message": str(exc) or type(exc).__name__}]
    status = ImportJobStatus.INVALID if errors else ImportJobStatus.READY
    fields = _counts(result, errors) if result is not None else {"errors": errors, "error_count": 1}
    ImportJob.objects.filter(pk=job.pk).update(status=status, rows_done=0, started_at=None, **fields)
    if errors:
        _file_discard(job)
    if errors:
        job.refresh_from_db()
        transaction.on_commit(lambda: _notify(job))
    return status


def import_job_run(*, job_id: int) -> str:
    """The worker imports a confirmed file: every row in one transaction, or none."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id, status=ImportJobStatus.QUEUED).first()
    if job is None:
        return "gone"
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now(), rows_done=0
    )
    try:
        result, errors = _import(job, dry_run=False)
    except Exception as exc:  # noqa: BLE001 - recorded on the job for the curator, never retried
        logger.exception("Import %s failed", job.pk)
        result, errors = None, [{"row": None, "message": str(exc) or type(exc).__name__}]
    if errors:
        fields = {"status": ImportJobStatus.FAILED, "rows_done": 0}
        fields.update(_counts(result, errors) if result is not None else {"errors": errors, "error_count": 1})
    else:
        fields = {"status": ImportJobStatus.DONE, "rows_done": job.total_rows, **_counts(result, errors)}
        _admin_log(job, result)
        public_content_changed()
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)
    _file_discard(job)
    job.refresh_from_db()
    transaction.on_commit(lambda: _notify(job))
    return job.status


def _file_discard(job: ImportJob) -> None:
    """A finished job keeps its counts and errors, not the uploaded file (which may hold personal
    data, experts' for one): nothing needs it any more."""
    if job.file:
        job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(file="")


def _admin_log(job: ImportJob, result) -> None:
    """Models without a change history (experts' profiles) keep who imported what in the admin log,
    as import-export's in-request import did: one entry per created or changed record."""
    model = apps.get_model(job.model)
    if hasattr(model, "history"):
        return
    for import_type, flag in ((RowResult.IMPORT_TYPE_NEW, ADDITION), (RowResult.IMPORT_TYPE_UPDATE, CHANGE)):
        ids = [row.object_id for row in result.rows if row.import_type == import_type and row.object_id]
        if ids:
            LogEntry.objects.log_actions(
                job.user.pk,
                model._default_manager.filter(pk__in=ids),
                flag,
                change_message=[{"changed" if flag == CHANGE else "added": {}}],
            )


def _notify(job: ImportJob) -> None:
    """The result by e-mail to the curator who uploaded the file."""
    if not job.user.email:
        return
    lines = [
        _("Your import of %(file)s (%(model)s): %(status)s.")
        % {"file": job.file_name, "model": job.model, "status": job.get_status_display()},
        "",
        _(
            "Rows: %(total)s. Created: %(created)s. Updated: %(updated)s. Unchanged: %(unchanged)s. Rows with errors: %(errors)s."
        )
        % {
            "total": job.total_rows,
            "created": job.created_count,
            "updated": job.updated_count,
            "unchanged": job.unchanged_count,
            "errors": job.error_count,
        },
    ]
    if job.errors:
        lines += ["", _("Errors (nothing was imported):")]
        lines += [(_("Row %(row)s: %(message)s") % e if e["row"] else e["message"]) for e in job.errors[:50]]
    lines += ["", f"{settings.SITE_URL.rstrip('/')}{job.get_absolute_url()}"]
    send_mail(
        _("Import %(status)s: %(file)s")
        % {"status": job.get_status_display().lower(), "file": job.file_name},
        "\n".join(lines),
        None,
        [job.user.email],
    )
