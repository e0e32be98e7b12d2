"""A restore reproduces every row of every table and every byte of every uploaded file of the
backup: MEDIA_ROOT and the private folders outside it (CVs). Runs on the suite's database, so on
PostgreSQL (pg_dump / pg_restore) and on SQLite (online backup) alike."""

import hashlib
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from clearinghouse.models import Organisation
from fund.storage import private_storage as fund_storage
from programmes.services.outlines import import_document
from roster.storage import private_storage as roster_storage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEMO_MODULES = [
    "clearinghouse.demo",
    "programmes.demo",
    "library.demo",
    "fund.demo",
    "roster.demo",
    "events.demo",
]


def snapshot() -> dict[str, list]:
    """Every row of every table in the database (Django's own tables too), in a stable order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from the schema)
            rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def files(*roots: Path) -> dict[str, str]:
    return {
        f"{root.name}/{p.relative_to(root)}": hashlib.sha256(p.read_bytes()).hexdigest()
        for root in roots
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def filled(settings, tmp_path, seed_path):
    """The seed document, every pillar's demo data, and uploaded files in each storage; the private
    folders lie outside MEDIA_ROOT, as by default (the CVs' moved by its own setting)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.FUND_PRIVATE_ROOT = None
    settings.ROSTER_PRIVATE_ROOT = tmp_path / "roster-private"
    if not Organisation.objects.exists():
        # An earlier transactional test emptied the tables and its serialized rollback did not reach
        # this connection (the browser tests' event loop gives it a fresh one): start from what a
        # migrated database holds, as the demo data expect.
        call_command("flush", "--noinput", stdout=StringIO())  # content types, permissions, groups
        importlib.import_module("clearinghouse.migrations.0002_vocabulary").load(django_apps, None)
    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
    for path in DEMO_MODULES:
        importlib.import_module(path).load(StringIO())
    default_storage.save("library/report.pdf", ContentFile(b"%PDF-1.4 public report bytes"))
    fund_storage.save("proposals/1/annex.pdf", ContentFile(b"%PDF-1.4 attachment \x00\xff bytes"))
    roster_storage.save("roster/cv/expert.pdf", ContentFile(b"%PDF-1.4 private CV bytes"))
    return settings.MEDIA_ROOT, settings.ROSTER_PRIVATE_ROOT, settings.PRIVATE_ROOT / "fund"


def test_backup_and_restore_round_trip(filled, tmp_path):
    media, cvs, fund = filled
    before_rows, before_files = snapshot(), files(media, cvs, fund)
    assert sum(len(rows) for rows in before_rows.values()) > 1000  # a real amount of data
    non_empty = {table for table, rows in before_rows.items() if rows}
    assert {
        "fund_proposal",
        "fund_proposalversion",
        "roster_expert",
        "library_document",
        "django_migrations",
    } <= non_empty
    assert len(before_files) == 3

    call_command("backup", "--to", str(tmp_path / "backups"), stdout=StringIO())
    [folder] = list((tmp_path / "backups").iterdir())
    assert {p.name for p in folder.iterdir()} >= {
        "manifest.json",
        "media.tar.gz",
        "roster-private.tar.gz",
        "fund-private.tar.gz",
    }

    # Damage: rows changed, deleted and added in several tables; files removed, changed and added.
    Organisation.objects.filter(slug="unicef").update(name="Changed")
    from fund.models import Proposal
    from programmes.models import ProjectOutline
    from roster.models import Expert

    ProjectOutline.objects.all().delete()
    Proposal.objects.filter(pk=Proposal.objects.order_by("pk").first().pk).delete()
    Expert.objects.filter(pk=Expert.objects.order_by("pk").first().pk).update(email="changed@example.org")
    Organisation.objects.create(name="Added after the backup", slug="added-after-the-backup", kind="ngo")
    (media / "library" / "report.pdf").unlink()
    (fund / "proposals" / "1" / "annex.pdf").write_bytes(b"overwritten")
    (cvs / "roster" / "cv" / "expert.pdf").unlink()
    (media / "stray.txt").write_text("x")
    (cvs / "stray.txt").write_text("x")
    (fund / "stray.txt").write_text("x")
    assert snapshot() != before_rows and files(media, cvs, fund) != before_files

    call_command("restore", str(folder), "--yes", stdout=StringIO())
    assert files(media, cvs, fund) == before_files
    after_rows = snapshot()
    assert after_rows.keys() == before_rows.keys()
    for table, rows in before_rows.items():
        assert after_rows[table] == rows, table
    # Sequences came back too: new rows do not collide with restored ones.
    Organisation.objects.create(name="New after the restore", slug="new-after-the-restore", kind="ngo")


def test_a_backup_without_private_archives_restores_its_media(settings, tmp_path):
    """Backups written before the private folders were archived hold media.tar.gz only."""
    import json

    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("library/old.pdf", ContentFile(b"%PDF old"))
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=StringIO())
    [folder] = list((tmp_path / "backups").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (settings.MEDIA_ROOT / "library" / "old.pdf").unlink()
    call_command("restore", str(folder), "--yes", stdout=StringIO())
    assert (settings.MEDIA_ROOT / "library" / "old.pdf").read_bytes() == b"%PDF old"


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore", str(tmp_path), "--yes")


def test_private_folders_inside_media_are_not_archived_twice(settings, tmp_path):
    from clearinghouse.backup import file_roots

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROSTER_PRIVATE_ROOT = tmp_path / "media" / "private" / "roster"
    settings.FUND_PRIVATE_ROOT = tmp_path / "media" / "private" / "fund"
    assert file_roots() == {"media": tmp_path / "media"}
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.ROSTER_PRIVATE_ROOT = settings.FUND_PRIVATE_ROOT = None  # the default: PRIVATE_ROOT/<pillar>
    assert file_roots() == {
        "media": tmp_path / "media",
        "roster-private": tmp_path / "private" / "roster",
        "fund-private": tmp_path / "private" / "fund",
    }
