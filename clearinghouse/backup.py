"""Backup and restore of the database and the uploaded files.

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore --clean`; SQLite
(development) is copied with SQLite's online backup API. Uploaded files go into tar archives beside
the dump: MEDIA_ROOT (media.tar.gz) and each pillar's private folder kept outside it (by default
PRIVATE_ROOT/roster and PRIVATE_ROOT/fund, or ROSTER_PRIVATE_ROOT, FUND_PRIVATE_ROOT:
roster-private.tar.gz, fund-private.tar.gz). A backup is a folder: db.dump or
db.sqlite3, the archives, manifest.json. With MEDIA_STORAGE=s3 the files live in the bucket, which
is backed up by the bucket's own versioning; the archives then hold only what is on local disk.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from .storage import pillar_root


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} is not installed: install the PostgreSQL client tools.")
    return path


def _pg_env(db: dict) -> dict[str, str]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


# Folders of uploaded files other than MEDIA_ROOT: archive name -> (pillar, setting naming the folder).
PRIVATE_ROOTS = {
    "roster-private": ("roster", "ROSTER_PRIVATE_ROOT"),
    "fund-private": ("fund", "FUND_PRIVATE_ROOT"),
}


def file_roots() -> dict[str, Path]:
    """Every local folder of uploaded files, by archive name: MEDIA_ROOT, and each private folder
    that lies outside it (inside it, it is already in media.tar.gz)."""
    media = Path(settings.MEDIA_ROOT)
    roots = {"media": media}
    for name, (pillar, setting) in PRIVATE_ROOTS.items():
        root = pillar_root(pillar, setting)
        if not root.resolve().is_relative_to(media.resolve()):
            roots[name] = root
    return roots


def backup(target: Path, *, alias: str = "default") -> Path:
    """Writes a new backup folder under `target` and returns it."""
    db = connections[alias].settings_dict
    folder = Path(target) / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True)
    if connections[alias].vendor == "postgresql":
        subprocess.run(  # noqa: S603  (arguments come from settings, never from users)
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / "db.dump"),
                *_pg_args(db),
                db["NAME"],
            ],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
        database = "db.dump"
    else:
        connections[alias].close()
        name = str(db["NAME"])
        with (
            sqlite3.connect(name, uri=name.startswith("file:")) as source,
            sqlite3.connect(folder / "db.sqlite3") as copy,
        ):
            source.backup(copy)
        database = "db.sqlite3"
    for name, root in file_roots().items():
        with tarfile.open(folder / f"{name}.tar.gz", "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname=".")
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "vendor": connections[alias].vendor,
        "database": database,
        "files": sorted(file_roots()),
        "media_storage": getattr(settings, "MEDIA_STORAGE", "local"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder: Path, *, alias: str = "default") -> None:
    """Replaces the database and MEDIA_ROOT with the backup's."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    db = connections[alias].settings_dict
    connections[alias].close()
    if manifest["vendor"] != connections[alias].vendor:
        raise ValueError(
            f"This backup is of a {manifest['vendor']} database, not {connections[alias].vendor}."
        )
    if manifest["vendor"] == "postgresql":
        subprocess.run(  # noqa: S603  (arguments come from settings, never from users)
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                *_pg_args(db),
                str(folder / "db.dump"),
            ],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
    else:
        name = str(db["NAME"])
        with (
            sqlite3.connect(folder / "db.sqlite3") as source,
            sqlite3.connect(name, uri=name.startswith("file:")) as live,
        ):
            source.backup(live)
    roots = file_roots()
    # Archive names from the manifest (backups older than the private archives hold media only);
    # each is unpacked into the folder that its setting names now.
    names = manifest.get("files", ["media"])
    for name in sorted(names, key=lambda n: n != "media"):  # MEDIA_ROOT first: the others may be in it
        if name != "media" and name not in PRIVATE_ROOTS:
            raise ValueError(f"The manifest names an unknown archive: {name}.")
        root = roots.get(name)
        if root is None:  # that private folder now lies inside MEDIA_ROOT
            root = pillar_root(*PRIVATE_ROOTS[name])
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        with tarfile.open(folder / f"{name}.tar.gz", "r:gz") as archive:
            archive.extractall(root, filter="data")
