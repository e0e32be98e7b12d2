"""Text extraction through the database task backend and its worker (`manage.py db_worker`)."""

import pytest
from django.core.management import call_command

from library.models import DocumentFile
from library.services import file_add

from .factories import DocumentFactory, make_pdf, upload

pytestmark = pytest.mark.django_db


def test_upload_queues_extraction_and_the_worker_runs_it(
    settings, curator, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from django_tasks_db.models import DBTaskResult

    document = DocumentFactory(title="Queued report")
    with django_capture_on_commit_callbacks(execute=True):
        file_add(user=curator, document=document, upload=upload("q.pdf", make_pdf(["Queued words here"])))
    stored = DocumentFile.objects.get()
    assert stored.extraction == "pending" and DBTaskResult.objects.count() == 1
    # The worker recycles its database connections between tasks; inside the test's transaction it
    # must keep the one connection the test runs in.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda **kwargs: None
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    stored.refresh_from_db()
    assert stored.extraction == "done" and stored.page_count == 1
    document.refresh_from_db()
    assert "Queued words here" in document.file_text


def test_damaged_file_is_recorded_as_failed(curator, django_capture_on_commit_callbacks, caplog):
    from library.services import file_extract

    document = DocumentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        stored = file_add(user=curator, document=document, upload=upload("ok.pdf", make_pdf(["x"])))
    stored.file.save("ok.pdf", upload("ok.pdf", b"%PDF-1.4 broken"), save=False)
    DocumentFile.objects.filter(pk=stored.pk).update(file=stored.file.name)
    assert file_extract(file_id=stored.pk) in ("failed", "empty")
