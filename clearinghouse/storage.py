"""Private files (proposal attachments, reports, CVs) on local disk or on S3-compatible storage.

On local disk each pillar keeps its own folder (fund/storage.py, roster/storage.py). When
settings.STORAGES has a "private" storage (MEDIA_STORAGE=s3), the same storage objects hand every
operation to it instead, under a key prefix per pillar ("fund/...", "roster/..."). Either way a
private file has no address: `url()` raises, and files are read only by the access-checked views.
The choice is made on every call, so settings changed at run time (tests) take effect at once.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

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
    """A pillar's private folder, MEDIA_ROOT/private/<object_prefix> unless the setting named by
    `root_setting` says otherwise; read on every use so tests (and deployments) can move it.
    base_url is None: these files have no public address."""

    root_setting = ""

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT) / "private" / self.object_prefix
        return Path(getattr(settings, self.root_setting, None) or default)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None
