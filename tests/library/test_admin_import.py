"""Issue 21, acceptance 4 (without the browser): the admin's import of any size. The upload is
checked and its first rows previewed at once; the worker (inline here) checks every row, then, once
the curator confirms, imports the file through the command line's bulk path, history included; the
result is on the page and in the curator's mail. A file with one bad row imports nothing and names
the row. Only the curator who uploaded a file follows and confirms it."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clearinghouse.models import ImportJob, ImportJobStatus, Theme
from library.models import Document
from tests.factories import UserFactory
from tests.html import select, text

from .test_import import HEADER, row

pytestmark = pytest.mark.django_db(transaction=False)
IMPORT = reverse("admin:library_document_import")


def csv_upload(rows, name="documents.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def job_page(job):
    return reverse("admin:clearinghouse_importjob_change", args=[job.pk])


def upload(client, capture, rows_or_file):
    """Uploads a file; the worker's check runs once the request commits."""
    file = rows_or_file if isinstance(rows_or_file, SimpleUploadedFile) else csv_upload(rows_or_file)
    with capture(execute=True):
        response = client.post(IMPORT, {"import_file": file})
    return response


def confirm(client, capture, job):
    with capture(execute=True):
        return client.post(job_page(job))


def totals(response) -> dict[str, str]:
    return {
        text(r.cssselect("th")[0]): text(r.cssselect("td")[0]) for r in select(response, "#import-totals tr")
    }


def test_ten_thousand_rows_through_the_admin(client, curator, mailbox, django_capture_on_commit_callbacks):
    client.force_login(curator)
    response = upload(client, django_capture_on_commit_callbacks, [row(i) for i in range(10_000)])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_page(job)
    page = client.get(job_page(job))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY and job.total_rows == 10_000
    assert totals(page)["To create"] == "10000" and totals(page)["Rows with errors"] == "0"
    preview = select(page, "#import-preview tbody tr")
    assert len(preview) == 10 and "Imported report 0" in text(preview[0])
    assert select(page, "#import-confirm") and not select(page, 'meta[http-equiv="refresh"]')
    assert not Document.objects.exists(), "the preview and the check save nothing"

    response = confirm(client, django_capture_on_commit_callbacks, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.rows_done) == ("done", 10_000, 0, 10_000)
    assert Document.objects.count() == 10_000
    history = Document.history.filter(history_type="+")
    assert history.count() == 10_000 and set(history.values_list("history_user", flat=True)) == {curator.pk}
    assert Document.objects.filter(title="Imported report 9999").get().countries.count() == 2

    page = client.get(job_page(job))
    assert text(select(page, "#import-status")[0]).startswith("Imported")
    assert totals(page)["Created"] == "10000"
    assert [m.to for m in mailbox] == [[curator.email]]
    assert "Created: 10000" in mailbox[0].body and job_page(job) in mailbox[0].body


def test_one_bad_row_imports_nothing_and_is_named(
    client, curator, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    rows = [row(i) for i in range(1, 60)]
    rows[36] = row(37, kind="pamphlet")
    upload(client, django_capture_on_commit_callbacks, rows)
    job = ImportJob.objects.get()
    page = client.get(job_page(job))
    assert job.__class__.objects.get().status == ImportJobStatus.INVALID
    errors = select(page, "#import-errors tbody tr")
    assert len(errors) == 1
    assert text(errors[0].cssselect("td")[0]) == "37" and "unknown kind 'pamphlet'" in text(errors[0])
    assert not select(page, "#import-confirm")
    confirm(client, django_capture_on_commit_callbacks, job)  # refused: nothing to import
    assert ImportJob.objects.get().status == ImportJobStatus.INVALID
    assert not Document.objects.exists()
    assert "Row 37" in mailbox[0].body


def test_a_row_that_fails_when_imported_rolls_back_every_row(
    client, curator, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    rows = [row(i) for i in range(1, 40)]
    rows[-1] = row(39, themes="labour-exploitation")
    Theme.objects.get_or_create(slug="labour-exploitation", defaults={"name": "Labour exploitation"})
    upload(client, django_capture_on_commit_callbacks, rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.READY
    Theme.objects.filter(slug="labour-exploitation").delete()  # between the check and the import
    confirm(client, django_capture_on_commit_callbacks, job)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and [e["row"] for e in job.errors] == [39]
    assert not Document.objects.exists() and not Document.history.exists()


def test_updates_and_unchanged_rows_are_counted(
    client, curator, settings, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    upload(client, django_capture_on_commit_callbacks, [row(1), row(2)])
    confirm(client, django_capture_on_commit_callbacks, ImportJob.objects.get())
    upload(client, django_capture_on_commit_callbacks, [row(1, summary="New summary"), row(3)])
    job = ImportJob.objects.order_by("-pk").first()
    assert (job.created_count, job.updated_count) == (1, 1)
    confirm(client, django_capture_on_commit_callbacks, job)
    assert Document.objects.get(title="Imported report 1").summary == "New summary"
    assert Document.objects.count() == 3
    job.refresh_from_db()
    assert not job.file, "a finished import keeps no copy of the file"
    assert not list((settings.PRIVATE_ROOT / "imports").rglob("*.csv"))


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("empty.csv", b""), "is empty."),
        (SimpleUploadedFile("rows.txt", b"title,kind\nA,report\n"), "Upload a CSV (UTF-8) or XLSX file."),
        (SimpleUploadedFile("binary.csv", b"\x00\x01\x02 not text"), "not CSV text"),
        (SimpleUploadedFile("latin.csv", "title,kind\nRéseau,report\n".encode("latin-1")), "not UTF-8"),
        (SimpleUploadedFile("fake.xlsx", b"title,kind\nA,report\n"), "not an accepted type"),
        (SimpleUploadedFile("header.csv", b"title,kind\n"), "no rows"),
        (SimpleUploadedFile("other.csv", b"name,colour\nA,red\n"), "names none of the columns"),
    ],
)
def test_the_upload_is_checked(client, curator, file, message):
    client.force_login(curator)
    response = client.post(IMPORT, {"import_file": file})
    assert response.status_code == 200
    assert message in text(select(response, "#import-errors")[0])
    assert not ImportJob.objects.exists()


def test_an_xlsx_file_is_read_as_well(client, curator, django_capture_on_commit_callbacks):
    import tablib

    sheet = tablib.Dataset(headers=HEADER)
    for i in (1, 2, 3):
        sheet.append([row(i)[c] for c in HEADER])
    client.force_login(curator)
    upload(
        client, django_capture_on_commit_callbacks, SimpleUploadedFile("documents.xlsx", sheet.export("xlsx"))
    )
    job = ImportJob.objects.get()
    assert (job.file_format, job.status, job.total_rows, job.created_count) == ("xlsx", "ready", 3, 3)


def test_the_size_is_capped(client, curator, monkeypatch):
    monkeypatch.setattr("clearinghouse.imports.MAX_SIZE", 100)
    client.force_login(curator)
    response = client.post(IMPORT, {"import_file": csv_upload([row(1), row(2)])})
    assert "the limit is 100" in text(select(response, "#import-errors")[0])


def test_progress_page_refreshes_itself_without_javascript(client, curator):
    job = ImportJob.objects.create(
        user=curator,
        model="library.document",
        resource="library.resources.DocumentResource",
        file_name="big.csv",
        file_format="csv",
        status=ImportJobStatus.RUNNING,
        total_rows=10_000,
        rows_done=2_500,
        started_at=timezone.now() - timedelta(seconds=10),
    )
    client.force_login(curator)
    page = client.get(job_page(job))
    assert select(page, 'meta[http-equiv="refresh"]')[0].get("content") == "2"
    bar = select(page, "progress#import-progress-bar")[0]
    assert (bar.get("value"), bar.get("max")) == ("2500", "10000")
    progress = text(select(page, "#import-progress")[0])
    assert "2500 of 10000 rows" in progress and "time left: less than a minute" in progress
    assert not select(page, "script:not([src])"), "no inline script"


def test_the_list_shows_only_the_curators_own_imports(client, curator, django_capture_on_commit_callbacks):
    other = UserFactory(username="curator-2", role="curator", is_staff=True)
    client.force_login(other)
    upload(client, django_capture_on_commit_callbacks, [row(1)])
    theirs = ImportJob.objects.get()
    client.force_login(curator)
    upload(client, django_capture_on_commit_callbacks, [row(2)])
    mine = ImportJob.objects.exclude(pk=theirs.pk).get()
    listing = client.get(reverse("admin:clearinghouse_importjob_changelist"))
    names = [text(a) for a in select(listing, "#result_list tbody a")]
    assert names == ["documents.csv"] and select(listing, f'a[href="{job_page(mine)}"]')
    assert client.get(job_page(theirs)).status_code == 404
    confirm(client, django_capture_on_commit_callbacks, theirs)
    theirs.refresh_from_db()
    assert (
        theirs.status == ImportJobStatus.READY
        and not Document.objects.filter(title="Imported report 1").exists()
    )


def test_only_staff_who_may_add_and_change_documents_import(client, django_capture_on_commit_callbacks):
    staff = UserFactory(username="staff-without-rights", is_staff=True)
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"import_file": csv_upload([row(1)])}).status_code == 403
    assert not ImportJob.objects.exists()
    client.logout()
    assert client.get(IMPORT).status_code == 302  # to the admin's sign-in


def test_a_curator_who_lost_the_permission_cannot_confirm(
    client, curator, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    upload(client, django_capture_on_commit_callbacks, [row(1)])
    job = ImportJob.objects.get()
    curator.groups.clear()
    assert client.post(job_page(job)).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL (SQLite has one writer at a time)")
@pytest.mark.postgres
# serialized_rollback: its flush then skips post_migrate, whose recreated groups would collide with
# the next serialized-rollback test's restore (tests/security/test_backup.py) in the same worker.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_seen_while_the_import_transaction_runs(curator):
    """The worker's count goes through a connection of its own: other requests see it before the
    import's transaction ends, and it stays when that transaction rolls back."""
    from django.db import transaction

    from clearinghouse.import_worker import Progress

    job = ImportJob.objects.create(
        user=curator,
        model="library.document",
        resource="x",
        file_name="f.csv",
        file_format="csv",
        total_rows=100,
    )
    progress = Progress(job.pk)
    with transaction.atomic():
        Document.objects.create(title="Inside the import", slug="inside", kind="research")
        progress.done = 40
        progress.write()
        transaction.set_rollback(True)
    progress.close()
    job.refresh_from_db()
    assert job.rows_done == 40 and not Document.objects.filter(slug="inside").exists()
