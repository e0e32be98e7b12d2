"""Acceptance 5: the CSV import by django-import-export's own command: 1,000 rows succeed (with
history); a file with one bad row imports nothing and names the row and why."""

import csv

import pytest
from django.core.management import call_command

from library.models import Document

pytestmark = pytest.mark.django_db(transaction=False)
HEADER = [
    "title",
    "kind",
    "summary",
    "language",
    "published",
    "publisher",
    "authors",
    "countries",
    "themes",
    "url",
    "edition_of",
    "status",
]


def row(i: int, **changes) -> dict:
    values = {
        "title": f"Imported report {i}",
        "kind": "research",
        "summary": f"Summary {i}",
        "language": "en",
        "published": "2004" if i % 2 else "2005-03-01",
        "publisher": "OSCE Office for Democratic Institutions and Human Rights;United Nations Children's Fund",
        "authors": "Doe, Jane; Roe, Richard",
        "countries": "al;MD",
        "themes": "child-trafficking;victim-assistance",
        "url": "https://www.osce.org/odihr",
        "edition_of": "",
        "status": "published",
    }
    values.update(changes)
    return values


def write(path, rows) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run_import(path, capsys):
    code = 0
    try:
        call_command("import", "library.resources.DocumentResource", path, "--no-input")
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


def test_thousand_rows_import_with_history_and_editions(tmp_path, capsys):
    rows = [row(i) for i in range(1000)]
    rows.append(
        row(
            1000, title="Справочник по национальным механизмам", language="ru", edition_of="Imported report 0"
        )
    )
    path = write(tmp_path / "docs.csv", rows)
    code, err = run_import(path, capsys)
    assert code == 0, err
    assert "1001 new" in err
    assert Document.objects.count() == 1001
    document = Document.objects.get(title="Imported report 1")
    assert document.publication_year == 2004 and document.publication_date is None
    assert sorted(document.countries.values_list("iso2", flat=True)) == ["AL", "MD"]
    assert document.publishers.count() == 2 and document.themes.count() == 2
    assert document.author_list == ["Doe, Jane", "Roe, Richard"]
    record = document.history.first()
    assert record.history_change_reason == "Imported"
    assert record.countries.count() == 2 and record.publishers.count() == 2  # lists kept in history
    assert document.slug == "imported-report-1"
    assert Document.objects.get(title="Imported report 2").publication_date.isoformat() == "2005-03-01"
    russian = Document.objects.get(language="ru")
    assert russian.edition_of.title == "Imported report 0"
    assert russian.slug.startswith("spravochnik-po-natsionalnym")


def test_one_bad_row_imports_nothing_and_is_named(tmp_path, capsys):
    rows = [row(i) for i in range(20)]
    rows[6] = row(6, countries="AL;XX", kind="novel", published="last spring")
    rows[12] = row(12, themes="no-such-theme", publisher="Nobody Inc.", edition_of="Missing title")
    path = write(tmp_path / "bad.csv", rows)
    code, err = run_import(path, capsys)
    assert code == 1
    assert Document.objects.count() == 0
    assert "Row 7 (Imported report 6)" in err
    assert (
        "unknown country codes: XX" in err
        and "unknown kind 'novel'" in err
        and "neither a year nor a date" in err
    )
    assert "Row 13 (Imported report 12)" in err
    assert "unknown themes: no-such-theme" in err and "unknown publishers: Nobody Inc." in err
    assert "edition_of 'Missing title' names no document" in err


def test_reimport_updates_by_title_and_language(tmp_path, capsys):
    path = write(tmp_path / "one.csv", [row(1)])
    assert run_import(path, capsys)[0] == 0
    before = Document.objects.get().history.count()
    path = write(tmp_path / "one.csv", [row(1, summary="Changed")])
    assert run_import(path, capsys)[0] == 0
    document = Document.objects.get()
    assert document.summary == "Changed" and document.history.count() > before
    assert document.history.filter(summary="Summary 1").exists()


def test_export_round_trip():
    from library.resources import DocumentResource

    from .factories import DocumentFactory

    english = DocumentFactory(title="Handbook", authors="A; B")
    DocumentFactory(title="Руководство", language="ru", edition_of=english)
    dataset = DocumentResource().export()
    assert dataset.headers == HEADER
    exported = {r["title"]: r for r in dataset.dict}
    assert exported["Руководство"]["edition_of"] == "Handbook"
    assert exported["Handbook"]["published"] == "2004"
