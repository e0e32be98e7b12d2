"""Private storage for proposal attachments and reports: no URL, outside the public media tree.
Files are served only through fund.views.files (access check, attachment, nosniff)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from clearinghouse.storage import PrivateObjectStorageMixin


@deconstructible
class FundPrivateStorage(PrivateObjectStorageMixin, FileSystemStorage):
    """MEDIA_ROOT/private/fund by default (FUND_PRIVATE_ROOT overrides); read on every use so tests
    can point MEDIA_ROOT elsewhere. base_url is None: these files have no public address."""

    object_prefix = "fund"  # the key prefix on object storage (MEDIA_STORAGE=s3)

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT) / "private" / "fund"
        return Path(getattr(settings, "FUND_PRIVATE_ROOT", None) or default)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = FundPrivateStorage()
