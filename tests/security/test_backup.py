"""A restore reproduces every row and every uploaded file of the backup."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from clearinghouse.models import Organisation
from programmes.importer import import_document

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.db_table] = sorted(model.objects.values_list(), key=repr)
    return rows


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_backup_and_restore_round_trip(settings, tmp_path, seed_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "library").mkdir(parents=True)
    (settings.MEDIA_ROOT / "library" / "report.pdf").write_bytes(b"%PDF-1.4 test bytes")
    (settings.MEDIA_ROOT / "private").mkdir()
    (settings.MEDIA_ROOT / "private" / "cv.docx").write_bytes(b"PK\x03\x04 private bytes")
    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
    before_rows, before_files = snapshot(), files(settings.MEDIA_ROOT)

    call_command("backup", "--to", str(tmp_path / "backups"), stdout=StringIO())
    [folder] = list((tmp_path / "backups").iterdir())

    # Damage: rows deleted and changed, a file removed, a stray file added.
    Organisation.objects.filter(slug="unicef").update(name="Changed")
    apps.get_model("programmes", "ProjectOutline").objects.all().delete()
    (settings.MEDIA_ROOT / "library" / "report.pdf").unlink()
    (settings.MEDIA_ROOT / "stray.txt").write_text("x")
    assert snapshot() != before_rows

    call_command("restore", str(folder), "--yes", stdout=StringIO())
    assert files(settings.MEDIA_ROOT) == before_files
    assert snapshot() == before_rows


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore", str(tmp_path), "--yes")
