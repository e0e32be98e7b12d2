"""The library import at scale: rows per second of django-import-export's import of a CSV file of
documents (checks, lists, history, search index), as a ratio to a plain bulk_create of the same
rows and lists (no checks, no history, no index), and the admin's import of the same rows (issue 21:
upload, check, confirmation, import in the worker). All run in a transaction that is rolled back,
so the benchmark database does not grow."""

from __future__ import annotations

import random
import time

from .harness import Figure


def rows(count: int, *, seed: int = 5) -> list[dict]:
    from clearinghouse.models import Country, Organisation, Theme
    from library.models import DocumentKind

    from .data import EN_GLUE, EN_TOPICS, PLACES_EN, Writer, _general_vocabulary

    rng = random.Random(seed)
    writer = Writer(rng, EN_TOPICS, EN_GLUE, PLACES_EN, _general_vocabulary()[0])
    countries = list(Country.objects.values_list("iso2", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    publishers = list(Organisation.objects.values_list("name", flat=True)[:40])
    out = []
    for i in range(count):
        focus = writer.focus(rng.sample(list(EN_TOPICS), 2))
        out.append(
            {
                "title": f"{writer.title(focus)} (import {i})",
                "kind": rng.choice(DocumentKind.values),
                "summary": writer.text(3, focus),
                "language": "en",
                "published": str(rng.randint(1995, 2026)),
                "publisher": ";".join(rng.sample(publishers, rng.randint(1, 2))),
                "authors": f"Author {rng.randint(1, 900)}; Author {rng.randint(1, 900)}",
                "countries": ";".join(rng.sample(countries, rng.randint(1, 3))),
                "themes": ";".join(rng.sample(themes, rng.randint(1, 3))),
                "url": "https://www.osce.org/odihr",
                "edition_of": "",
                "status": "published",
            }
        )
    return out


def _rolled_back(fn) -> float:
    from django.db import transaction

    start = time.perf_counter()
    with transaction.atomic():
        fn()
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def import_rows(data: list[dict]) -> None:
    import tablib

    from library.resources import COLUMNS, DocumentResource

    dataset = tablib.Dataset(headers=COLUMNS)
    for row in data:
        dataset.append([row[c] for c in COLUMNS])
    result = DocumentResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == len(data), result.totals


def admin_rows(data: list[dict]) -> dict[str, float]:
    """The admin's path, as a curator goes through it: the upload (checks and preview of the first
    rows), the worker's check of every row (a rolled-back dry run), the confirmation and the worker's
    import (the command line's bulk path), called inline as the worker would. Seconds per step."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings
    from django.urls import reverse

    from clearinghouse import import_worker, imports
    from clearinghouse.models import ImportJob, User
    from library.resources import COLUMNS, DocumentPreviewResource, DocumentResource

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(data)
    upload = SimpleUploadedFile("bench.csv", buffer.getvalue().encode(), content_type="text/csv")
    user = User.objects.create(username="bench-import-curator", email="curator@example.org", is_staff=True)
    reverse("admin:index")  # the worker loads the URLs once, not per import
    steps, start = {}, time.perf_counter()
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}):
        job = imports.import_job_create(
            user=user,
            model="library.document",
            resource_class=DocumentResource,
            preview_class=DocumentPreviewResource,
            upload=upload,
            columns=set(COLUMNS),
        )
        steps["upload"] = time.perf_counter() - start
        try:
            import_worker.import_job_check(job_id=job.pk)
            steps["check"] = time.perf_counter() - start - steps["upload"]
            imports.import_job_confirm(job=ImportJob.objects.get(pk=job.pk), user=user)
            import_worker.import_job_run(job_id=job.pk)
            steps["import"] = time.perf_counter() - start - steps["upload"] - steps["check"]
        finally:
            job.file.delete(save=False)
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == len(data), (job.status, job.errors[:3])
    return steps


def bulk_rows(data: list[dict]) -> None:
    """The physical limit: the same documents and lists with bulk_create, nothing else."""
    from clearinghouse.models import Country, Organisation, Theme
    from library.models import Document

    countries = dict(Country.objects.values_list("iso2", "pk"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    organisations = dict(Organisation.objects.values_list("name", "pk"))
    documents = Document.objects.bulk_create(
        [
            Document(
                title=row["title"],
                slug=f"bulk-{i}",
                kind=row["kind"],
                summary=row["summary"],
                language=row["language"],
                publication_year=int(row["published"]),
                authors=row["authors"],
                url=row["url"],
                status=row["status"],
            )
            for i, row in enumerate(data)
        ],
        batch_size=1000,
    )
    for field, column, names, split in (
        ("publishers", "organisation_id", organisations, "publisher"),
        ("countries", "country_id", countries, "countries"),
        ("themes", "theme_id", themes, "themes"),
    ):
        through = getattr(Document, field).through
        through.objects.bulk_create(
            [
                through(document_id=d.pk, **{column: names[name]})
                for d, row in zip(documents, data, strict=True)
                for name in row[split].split(";")
            ],
            batch_size=5000,
        )


def measure(database_url: str, size: dict) -> list[Figure]:
    count = size["import_rows"]
    data = rows(count)
    imported = _rolled_back(lambda: import_rows(data))
    bulk = _rolled_back(lambda: bulk_rows(data))
    rate, bulk_rate = count / imported, count / bulk
    steps: dict[str, float] = {}
    _rolled_back(lambda: steps.update(admin_rows(data)))
    admin = sum(steps.values())
    admin_rate, run_rate = count / admin, count / steps["import"]
    return [
        Figure(
            f"library import, {count:,} rows (django-import-export, history kept)",
            f"{rate:,.0f} rows/s ({imported:.1f} s; plain bulk_create of the same rows, without checks, "
            f"history or search index: {bulk_rate:,.0f} rows/s)",
            ">= 0.5 of bulk_create",
            f"{rate / bulk_rate:.2f} of bulk_create",
            rate / bulk_rate >= 0.5,
        ),
        Figure(
            f"admin import, {count:,} rows (upload, check of every row, confirmation, import by the worker)",
            f"{admin_rate:,.0f} rows/s ({admin:.1f} s: upload and preview {steps['upload']:.1f} s, check "
            f"{steps['check']:.1f} s, import {steps['import']:.1f} s = {run_rate:,.0f} rows/s, "
            f"{run_rate / bulk_rate:.2f} of bulk_create)",
            ">= 0.5 of bulk_create (the import after confirmation)",
            f"{admin_rate / bulk_rate:.2f} of bulk_create",
            run_rate / bulk_rate >= 0.5,
        ),
    ]
