"""Private files (proposal attachments, reports, CVs) on local disk or on S3-compatible storage, and
how every uploaded file is sent once a view has checked access: `file_response` for any stored file,
`private_file_response` (the one helper every private download uses) for files and exports that
only their owner and staff may read.

On local disk each pillar keeps its own folder (fund/storage.py, roster/storage.py), under
PRIVATE_ROOT (outside MEDIA_ROOT) unless its own setting says otherwise. When
settings.STORAGES has a "private" storage (MEDIA_STORAGE=s3), the same storage objects hand every
operation to it instead, under a key prefix per pillar ("fund/...", "roster/..."). Either way a
private file has no address: `url()` raises, and files are read only by the access-checked views.
The choice is made on every call, so settings changed at run time (tests) take effect at once.
"""

import os
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

PRIVATE_ALIAS = "private"


class PrivateObjectStorageMixin:
    """Mixed into a FileSystemStorage: delegates to STORAGES["private"] when it is configured."""

    object_prefix = ""

    def _remote(self):
        return storages[PRIVATE_ALIAS] if PRIVATE_ALIAS in settings.STORAGES else None

    def _key(self, name: str) -> str:
        return f"{self.object_prefix}/{name}" if self.object_prefix else name

    def _unkey(self, key: str) -> str:
        prefix = f"{self.object_prefix}/" if self.object_prefix else ""
        return key[len(prefix) :] if prefix and key.startswith(prefix) else key

    def _open(self, name, mode="rb"):
        remote = self._remote()
        return remote.open(self._key(name), mode) if remote else super()._open(name, mode)

    def _save(self, name, content):
        remote = self._remote()
        if remote is None:
            return super()._save(name, content)
        return self._unkey(remote._save(self._key(name), content))

    def delete(self, name):
        remote = self._remote()
        return remote.delete(self._key(name)) if remote else super().delete(name)

    def exists(self, name):
        remote = self._remote()
        return remote.exists(self._key(name)) if remote else super().exists(name)

    def size(self, name):
        remote = self._remote()
        return remote.size(self._key(name)) if remote else super().size(name)

    def listdir(self, path):
        remote = self._remote()
        return remote.listdir(self._key(path)) if remote else super().listdir(path)

    def path(self, name):
        if self._remote() is not None:
            raise NotImplementedError("Private files on object storage have no local path.")
        return super().path(name)

    def get_modified_time(self, name):
        remote = self._remote()
        return remote.get_modified_time(self._key(name)) if remote else super().get_modified_time(name)

    def url(self, name):
        raise ValueError("Private files have no address: they are served by the access-checked views.")


class PillarPrivateStorage(PrivateObjectStorageMixin, FileSystemStorage):
    """A pillar's private folder, PRIVATE_ROOT/<object_prefix> unless the setting named by
    `root_setting` says otherwise; read on every use so tests (and deployments) can move it.
    base_url is None: these files have no public address."""

    root_setting = ""

    @property
    def base_location(self):
        return pillar_root(self.object_prefix, self.root_setting)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def pillar_root(name: str, setting: str) -> Path:
    """Where a pillar keeps its private files on local disk: its own setting, else PRIVATE_ROOT/<name>."""
    return Path(getattr(settings, setting, None) or Path(settings.PRIVATE_ROOT) / name)


def _local_path(storage, name: str) -> str | None:
    try:
        return storage.path(name)
    except NotImplementedError:  # object storage: no file on this machine
        return None


def file_response(stored, *, filename: str, content_type: str, as_attachment: bool = True) -> HttpResponse:
    """The stored file (a FieldFile) as the answer of a view that has checked access.

    FILE_SERVE_ACCEL "off" streams it from Python; "nginx" answers with X-Accel-Redirect to
    FILE_SERVE_ACCEL_PREFIX + <area>/<name> (area: "media" for library files, else the pillar's
    private folder: "fund", "roster"), which nginx maps to an `internal` location; "apache" answers
    with X-Sendfile and the file's path (mod_xsendfile). Files on object storage are always streamed.
    Raises FileNotFoundError when the file is missing."""
    storage = stored.storage
    mode = getattr(settings, "FILE_SERVE_ACCEL", "off")
    path = _local_path(storage, stored.name) if mode != "off" else None
    if path is None:
        return FileResponse(
            storage.open(stored.name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    if not os.path.isfile(path):
        raise FileNotFoundError(stored.name)
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    if mode == "nginx":
        area = getattr(storage, "object_prefix", "") or "media"
        prefix = settings.FILE_SERVE_ACCEL_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{area}/{quote(stored.name)}"
    else:
        response["X-Sendfile"] = path
    return response


# The headers of every private download: never rendered inline, never sniffed, never kept by a cache.
PRIVATE_DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


def private_file_response(
    stored=None, *, filename: str, content_type: str, content: bytes | str | None = None
) -> HttpResponse:
    """A private file as the download of a view that has checked access: a stored file (a FieldFile:
    proposal attachments, CVs), or `content` made on the fly (a data export). Always an attachment,
    with PRIVATE_DOWNLOAD_HEADERS; a stored file that is missing answers 404."""
    if stored is None:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        try:
            response = file_response(stored, filename=filename, content_type=content_type)
        except FileNotFoundError as exc:
            raise Http404 from exc
    for header, value in PRIVATE_DOWNLOAD_HEADERS.items():
        response[header] = value
    return response
