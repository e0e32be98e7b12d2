"""No folder of uploads is served by address: private files (proposal attachments, CVs) live outside
MEDIA_ROOT and, like library files, are sent only by views that check access, with DEBUG on or off.
Issue 13, findings 2 and 3, and acceptance 2."""

import importlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from .matrix import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings, request):
    """The URL configuration as built with DEBUG on or off (it is read when the module loads)."""
    import clearinghouse.urls

    settings.DEBUG = request.param
    clear_url_caches()
    importlib.reload(clearinghouse.urls)
    yield request.param
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(clearinghouse.urls)


@pytest.fixture
def files_world(seeded, users, media_root, settings):
    """Every kind of uploaded file, stored where the settings put them by default."""
    from tests.fund.matrix_entries import fund_world
    from tests.library.matrix_entries import library_world
    from tests.roster.matrix_entries import roster_world

    settings.FUND_PRIVATE_ROOT = None
    settings.ROSTER_PRIVATE_ROOT = None
    world = fund_world(users["officer_a"], users["curator"])
    world.update(library_world(users["curator"]))
    world.update(roster_world(users))
    from library.models import DocumentFile
    from tests.library.factories import make_pdf

    world["library_withdrawn_file"] = DocumentFile.objects.create(
        document=world["library_withdrawn"], file=SimpleUploadedFile("c.pdf", make_pdf(["Withdrawn"]))
    )
    return world


def hostile_paths(world) -> list[str]:
    attachment = world["fund_attachment"].file.name
    cv = world["roster_expert"].cv.name
    paths = [
        f"/media/private/fund/{attachment}",
        f"/media/private/roster/{cv}",
        f"/media/fund/{attachment}",
        f"/media/roster/{cv}",
        f"/media/{attachment}",
        f"/media/{cv}",
        "/media/private/",
        "/media/",
    ]
    for key in ("library_draft_file", "library_withdrawn_file", "library_file"):
        paths.append(f"/media/{world[key].file.name}")
    return paths


@pytest.mark.parametrize("debug_urls", [True, False], indirect=True, ids=["debug", "production"])
@pytest.mark.parametrize("role", ROLES)
def test_no_upload_answers_under_media(client, files_world, users, role, debug_urls):
    if users[role] is not None:
        client.force_login(users[role])
    answers = {path: client.get(path).status_code for path in hostile_paths(files_world)}
    assert all(status != 200 for status in answers.values()), answers


def test_private_files_live_outside_media_root(files_world, settings):
    media = Path(settings.MEDIA_ROOT).resolve()
    for stored in (files_world["fund_attachment"].file, files_world["roster_expert"].cv):
        path = Path(stored.path).resolve()
        assert path.exists()
        assert not path.is_relative_to(media), path


@pytest.mark.parametrize("role", ROLES)
def test_library_files_answer_only_through_the_checked_view(client, files_world, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    assert client.get(files_world["library_file"].get_absolute_url()).status_code == 200
    assert client.get(files_world["library_withdrawn_file"].get_absolute_url()).status_code == 410
    draft = client.get(files_world["library_draft_file"].get_absolute_url()).status_code
    assert draft == (200 if role in ("curator", "superuser") else 404)


@pytest.mark.parametrize(
    ("mode", "header"), [("nginx", "X-Accel-Redirect"), ("apache", "X-Sendfile")], ids=["nginx", "apache"]
)
def test_the_proxy_can_send_the_file_after_the_check(client, files_world, users, settings, mode, header):
    settings.FILE_SERVE_ACCEL = mode
    settings.FILE_SERVE_ACCEL_PREFIX = "/_files/"
    client.force_login(users["officer_a"])
    attachment = files_world["fund_attachment"]
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""
    if mode == "nginx":
        assert response[header] == f"/_files/fund/{attachment.file.name}"
    else:
        assert response[header] == str(Path(attachment.file.path))
    public = client.get(files_world["library_file"].get_absolute_url())
    assert public[header].endswith(files_world["library_file"].file.name)
    client.force_login(users["officer_b"])
    refused = client.get(attachment.get_absolute_url())
    assert refused.status_code == 404 and header not in refused


def test_existing_private_files_move_out_of_media_root(settings, tmp_path):
    """Files kept under MEDIA_ROOT/private by earlier versions are moved to the private folders by
    `manage.py move_private_files`; stored names stay the same."""
    from django.core.management import call_command

    from fund.storage import private_storage as fund_storage
    from roster.storage import private_storage as roster_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.FUND_PRIVATE_ROOT = settings.ROSTER_PRIVATE_ROOT = None
    old_fund = tmp_path / "media" / "private" / "fund" / "proposals" / "1" / "plan.pdf"
    old_cv = tmp_path / "media" / "private" / "roster" / "roster" / "cv" / "x.pdf"
    for path, body in ((old_fund, b"%PDF plan"), (old_cv, b"%PDF cv")):
        path.parent.mkdir(parents=True)
        path.write_bytes(body)
    call_command("move_private_files", verbosity=0)
    assert fund_storage.open("proposals/1/plan.pdf").read() == b"%PDF plan"
    assert roster_storage.open("roster/cv/x.pdf").read() == b"%PDF cv"
    assert not (tmp_path / "media" / "private").exists()
