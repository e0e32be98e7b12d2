"""Backup and restore of the database and the uploaded files.

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore --clean`; SQLite
(development) is copied with SQLite's online backup API. Uploaded files (MEDIA_ROOT) go into a tar
archive beside the dump. A backup is a folder: db.dump or db.sqlite3, media.tar.gz, manifest.json.
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
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "vendor": connections[alias].vendor,
        "database": database,
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
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        archive.extractall(media, filter="data")
