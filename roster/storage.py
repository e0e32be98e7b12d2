"""Private storage for CVs: no URL, outside the public media tree. Files are served only through the
access-checked views in roster/views/expert.py and roster/views/staff.py (attachment, nosniff)."""

from django.utils.deconstruct import deconstructible

from clearinghouse.storage import PillarPrivateStorage


@deconstructible
class PrivateStorage(PillarPrivateStorage):
    """MEDIA_ROOT/private/roster by default (ROSTER_PRIVATE_ROOT overrides)."""

    object_prefix = "roster"
    root_setting = "ROSTER_PRIVATE_ROOT"


private_storage = PrivateStorage()
