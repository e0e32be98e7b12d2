"""The admin's background import as a curator goes through it, with the task worker run inline:
upload (checked and previewed), the worker's check of every row, the confirmation, the worker's
import. See clearinghouse/imports.py; the library's tests cover each step and the browser journey
runs it with the real worker."""

from django.test import TestCase, override_settings

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def admin_import(client, base: str, upload, *, confirm: bool = True):
    """Imports `upload` through the admin's import of `base` ("/admin/<app>/<model>"); returns the
    response to the upload and the job (None when the upload was refused)."""
    from clearinghouse.models import ImportJob

    latest = ImportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with override_settings(TASKS=IMMEDIATE):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(f"{base}/import/", {"import_file": upload})
        job = ImportJob.objects.filter(pk__gt=latest).order_by("-pk").first()
        if job is not None and confirm and job.status == "ready":
            with TestCase.captureOnCommitCallbacks(execute=True):
                client.post(job.get_absolute_url())
            job.refresh_from_db()
    return response, job
