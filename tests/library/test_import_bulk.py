"""The bulk path of the CSV import: a constant number of queries whatever the number of rows, the
same slugs, lists and history as row by row, and a title twice in one file still makes one
document (the later row wins)."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Document
from library.resources import DocumentResource

from .test_import import HEADER, row

pytestmark = pytest.mark.django_db(transaction=False)


def dataset(rows) -> tablib.Dataset:
    data = tablib.Dataset(headers=HEADER)
    for values in rows:
        data.append([values[c] for c in HEADER])
    return data


def run(rows):
    result = DocumentResource().import_data(dataset(rows), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    return result


def queries(rows) -> int:
    with CaptureQueriesContext(connection) as context:
        run(rows)
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_rows():
    few = queries([row(i, title=f"First file {i}") for i in range(20)])
    many = queries([row(i, title=f"Second file {i}") for i in range(300)])
    assert many == few
    assert Document.objects.count() == 320


def test_same_title_in_two_languages_gets_two_addresses_and_history_with_lists():
    Document.objects.create(title="Handbook", slug="handbook", kind="handbook")
    run([row(1, title="Handbook", language="ru"), row(2, title="Handbook", language="fr")])
    slugs = sorted(Document.objects.filter(title="Handbook").values_list("slug", flat=True))
    assert slugs == ["handbook", "handbook-2", "handbook-3"]
    imported = Document.objects.get(title="Handbook", language="ru")
    record = imported.history.get()
    assert record.history_type == "+" and record.history_change_reason == "Imported"
    assert sorted(record.countries.values_list("country__iso2", flat=True)) == ["AL", "MD"]
    assert record.themes.count() == 2 and record.publishers.count() == 2


def test_a_title_twice_in_one_file_makes_one_document_with_the_later_values():
    run([row(1, title="Twice", summary="Earlier"), row(2, title="Twice", summary="Later", countries="GE")])
    document = Document.objects.get(title="Twice")
    assert document.summary == "Later"
    assert list(document.countries.values_list("iso2", flat=True)) == ["GE"]


def test_reimport_replaces_the_lists_and_records_a_change():
    run([row(1, title="Listed")])
    run([row(1, title="Listed", countries="GE", themes="victim-assistance")])
    document = Document.objects.get(title="Listed")
    assert list(document.countries.values_list("iso2", flat=True)) == ["GE"]
    assert list(document.themes.values_list("slug", flat=True)) == ["victim-assistance"]
    latest = document.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert list(latest.countries.values_list("country__iso2", flat=True)) == ["GE"]
