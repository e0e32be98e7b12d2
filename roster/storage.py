"""Private storage for CVs: MEDIA_ROOT/private/roster by default, with no URL. Files are served only through the
access-checked views in views_expert.py and views_staff.py (attachment, nosniff)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from clearinghouse.storage import PrivateObjectStorageMixin


@deconstructible
class PrivateStorage(PrivateObjectStorageMixin, FileSystemStorage):
    """MEDIA_ROOT/private/roster by default (ROSTER_PRIVATE_ROOT overrides); read on every use so
    tests (and deployments) can point it elsewhere."""

    object_prefix = "roster"  # the key prefix on object storage (MEDIA_STORAGE=s3)

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT) / "private" / "roster"
        return Path(getattr(settings, "ROSTER_PRIVATE_ROOT", None) or default)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()
