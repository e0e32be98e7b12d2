"""Curation in the admin: the workflow actions, upload checks (acceptance 6), import preview,
history; the workflow table itself."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearinghouse.errors import TransitionNotAllowed
from library import services
from library.models import Document, DocumentStatus
from tests.admin_imports import admin_import
from tests.html import select, text

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
