"""The one helper every private download uses (clearinghouse.storage.private_file_response): always
an attachment, never sniffed, never cached; a missing stored file answers 404."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404

from clearinghouse.storage import private_file_response

PRIVATE = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


def _stored(tmp_path, name="a1b2c3.pdf", body=b"%PDF-1.4 test"):
    storage = FileSystemStorage(location=tmp_path)
    if body is not None:
        storage.save(name, ContentFile(body))
    return SimpleNamespace(storage=storage, name=name)


def test_a_stored_file_is_a_private_attachment(tmp_path, settings):
    settings.FILE_SERVE_ACCEL = "off"
    response = private_file_response(
        _stored(tmp_path), filename="cv-EX-1.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == 'attachment; filename="cv-EX-1.pdf"'
    assert {name: response[name] for name in PRIVATE} == PRIVATE
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_content_made_on_the_fly_is_a_private_attachment():
    response = private_file_response(
        filename="roster-EX-1.json", content_type="application/json", content="{}"
    )
    assert response["Content-Disposition"] == 'attachment; filename="roster-EX-1.json"'
    assert {name: response[name] for name in PRIVATE} == PRIVATE
    assert response.content == b"{}"


@pytest.mark.parametrize("accel", ["off", "nginx"])
def test_a_missing_stored_file_answers_404(tmp_path, settings, accel):
    settings.FILE_SERVE_ACCEL = accel
    settings.FILE_SERVE_ACCEL_PREFIX = "/protected/"
    with pytest.raises(Http404):
        private_file_response(_stored(tmp_path, body=None), filename="x.pdf", content_type="application/pdf")


def test_an_accelerated_download_keeps_the_private_headers(tmp_path, settings):
    settings.FILE_SERVE_ACCEL = "nginx"
    settings.FILE_SERVE_ACCEL_PREFIX = "/protected/"
    response = private_file_response(_stored(tmp_path), filename="x.pdf", content_type="application/pdf")
    assert response["X-Accel-Redirect"] == "/protected/media/a1b2c3.pdf"
    assert {name: response[name] for name in PRIVATE} == PRIVATE
