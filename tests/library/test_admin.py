"""Curation in the admin: the workflow actions, upload checks (acceptance 6), import preview,
history; the workflow table itself."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearinghouse.errors import TransitionNotAllowed
from library import services
from library.models import Document, DocumentStatus
from tests.admin_imports import admin_import
from tests.html import main, select, text, texts

from .factories import DocumentFactory, make_pdf
from .test_import import row, write

pytestmark = pytest.mark.django_db

D, R, P, W = DocumentStatus.DRAFT, DocumentStatus.REVIEW, DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (D, "submit", R),
        (R, "return", D),
        (R, "publish", P),
        (D, "publish", P),
        (P, "withdraw", W),
        (W, "reinstate", P),
    ],
)
def test_allowed_transitions(curator, start, action, end):
    document = DocumentFactory(status=start)
    services.document_transition(user=curator, document=document, action=action, reason="Outdated")
    document.refresh_from_db()
    assert document.status == end
    assert document.history.first().history_change_reason
    if end == P:
        assert document.first_published is not None


@pytest.mark.parametrize(("start", "action"), [(D, "withdraw"), (P, "publish"), (W, "submit"), (P, "return")])
def test_refused_transitions(curator, start, action):
    with pytest.raises(TransitionNotAllowed):
        services.document_transition(user=curator, document=DocumentFactory(status=start), action=action)


@pytest.mark.parametrize("who", ["officer_a", "expert_user", "reviewer"])
def test_only_curators_move_documents(request, who):
    with pytest.raises(TransitionNotAllowed):
        services.document_transition(
            user=request.getfixturevalue(who), document=DocumentFactory(status=D), action="submit"
        )


def test_admin_action_publishes_and_reports_refusals(client, curator):
    draft = DocumentFactory(status=D, title="Draft one")
    published = DocumentFactory(status=P, title="Already out")
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_document_changelist"),
        {"action": "publish_documents", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == P
    text = response.content.decode()
    assert "1 documents changed" in text and "Already out" in text


def add_form(title: str, upload) -> dict:
    return {
        "title": title,
        "slug": "",
        "kind": "handbook",
        "language": "en",
        "licence": "unknown",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-file": upload,
        "files-0-label": "Full text",
        "files-0-order": "0",
    }


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "report.pdf",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            "not an accepted type",
        ),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 300, "not an accepted type"),
        ("setup.exe.pdf", make_pdf(["x"]), "hides another extension"),
    ],
)
def test_admin_refuses_disguised_uploads_with_a_clear_message(
    client, curator, media_root, name, data, message
):
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_document_add"), add_form("Refused", SimpleUploadedFile(name, data))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_admin_refuses_oversize_upload(client, curator, media_root, monkeypatch):
    from library.models import DocumentFile

    field = DocumentFile._meta.get_field("file")
    monkeypatch.setattr(field.validators[0], "max_size", 100)
    client.force_login(curator)
    response = client.post(
        reverse("admin:library_document_add"),
        add_form("Big", SimpleUploadedFile("big.pdf", make_pdf(["x" * 50]))),
    )
    assert "the limit is 100" in response.content.decode()
    assert not Document.objects.exists()


def test_admin_add_with_pdf_extracts_text_and_indexes(
    client, curator, media_root, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:library_document_add"),
            add_form(
                "Руководство по защите",
                SimpleUploadedFile("guide.pdf", make_pdf(["First", "Second page words"])),
            ),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.slug == "rukovodstvo-po-zashchite" and document.status == D
    assert document.files.get().page_count == 2
    assert "Second page words" in document.file_text


def test_admin_import_previews_without_saving(client, curator, tmp_path):
    """The upload is previewed and checked; nothing is saved before the curator confirms (the rest of
    the admin's import: tests/library/test_admin_import.py)."""
    client.force_login(curator)
    path = write(tmp_path / "preview.csv", [row(1), row(2)])
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("preview.csv", handle.read(), content_type="text/csv")
    response, job = admin_import(client, "/admin/library/document", upload, confirm=False)
    assert response.status_code == 302 and job.status == "ready"
    page = client.get(job.get_absolute_url())
    assert "Imported report 1" in text(select(page, "#import-preview")[0])
    assert select(page, "#import-confirm")
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "admin:library_document_changelist",
        "admin:library_document_add",
        "admin:library_collection_changelist",
        "admin:library_document_export",
    ],
)
def test_admin_pages_open(client, curator, url):
    DocumentFactory()
    client.force_login(curator)
    assert client.get(reverse(url)).status_code == 200


def test_admin_history_page(client, curator):
    document = DocumentFactory()
    client.force_login(curator)
    assert client.get(reverse("admin:library_document_history", args=[document.pk])).status_code == 200


def _get_counted(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _history_of(document):
    """The history page's records of `document`, as the admin reads them."""
    from django.contrib import admin

    model_admin = admin.site.get_model_admin(Document)
    records = model_admin.get_history_queryset(None, Document.history, "id", document.pk)
    return model_admin, records


def test_history_differences_of_many_to_many_fields_are_those_of_the_library(rf, curator):
    """The history page reads the many-to-many rows once; the differences it shows are the ones
    django-simple-history computes row by row."""
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin as LibraryAdmin

    from clearinghouse.models import Country, Theme

    themes = [Theme.objects.create(name=f"Theme {n}", slug=f"theme-{n}") for n in range(3)]
    document = DocumentFactory(title="Handbook")
    document.themes.add(themes[0])
    document.themes.add(themes[1], themes[2])
    document.countries.add(Country.objects.get(iso2="MD"))
    document.themes.remove(themes[0])
    document.title = "Handbook, second edition"
    document.save()
    themes[1].delete()  # a deleted theme shows as such in both

    request = rf.get("/")
    request.user = curator
    model_admin, records = _history_of(document)
    ours = list(records)
    theirs = list(_history_of(document)[1])
    model_admin.set_history_delta_changes(request, ours)
    LibraryAdmin(Document, admin.site).set_history_delta_changes(request, theirs)

    shown = [getattr(r, "history_delta_changes", None) for r in ours]
    assert shown == [getattr(r, "history_delta_changes", None) for r in theirs]
    assert {c["field"] for changes in shown if changes for c in changes} >= {"Themes", "Countries", "Title"}


def test_history_page_queries_do_not_grow_with_the_versions(client, superuser):
    from clearinghouse.models import Theme

    themes = list(Theme.objects.order_by("pk")[:8])
    few, many = DocumentFactory(), DocumentFactory()
    few.themes.add(themes[0])
    for theme in themes:
        many.themes.add(theme)
    assert many.history.count() > few.history.count() + 5
    client.force_login(superuser)
    client.get(reverse("admin:library_document_history", args=[few.pk]))  # the session's first request

    _response, few_queries = _get_counted(client, reverse("admin:library_document_history", args=[few.pk]))
    response, many_queries = _get_counted(client, reverse("admin:library_document_history", args=[many.pk]))

    assert many_queries == few_queries
    changes = texts(main(response), "#change-history td ul li")
    assert any(change.startswith("Themes:") and themes[7].name in change for change in changes)


def test_document_change_list_queries_do_not_grow_with_the_rows(client, superuser):
    client.force_login(superuser)
    DocumentFactory.create_batch(2)
    client.get(reverse("admin:library_document_changelist"))  # the session's first request
    _response, few = _get_counted(client, reverse("admin:library_document_changelist"))
    DocumentFactory.create_batch(30)
    response, many = _get_counted(client, reverse("admin:library_document_changelist"))

    assert many == few
    assert len(select(main(response), "#result_list tbody tr")) == 32


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the full-text index is PostgreSQL's")
def test_document_admin_search_uses_the_full_text_index_and_identifiers(client, superuser):
    wanted = DocumentFactory(title="Labour exploitation in agriculture", summary="Seasonal workers.")
    by_isbn = DocumentFactory(title="Handbook", summary="Guidance.", isbn="978-92-9234-123-4")
    DocumentFactory(title="Child protection", summary="Schools.")
    client.force_login(superuser)
    url = reverse("admin:library_document_changelist")

    found = texts(main(client.get(url, {"q": "exploited"})), "#result_list tbody th")
    assert found == [wanted.title]
    found = texts(main(client.get(url, {"q": "978-92-9234-123-4"})), "#result_list tbody th")
    assert found == [by_isbn.title]
