"""Private storage for proposal attachments and reports: no URL, outside the public media tree.
Files are served only through fund.views.files (access check, attachment, nosniff)."""

from django.utils.deconstruct import deconstructible

from clearinghouse.storage import PillarPrivateStorage


@deconstructible
class FundPrivateStorage(PillarPrivateStorage):
    """MEDIA_ROOT/private/fund by default (FUND_PRIVATE_ROOT overrides)."""

    object_prefix = "fund"
    root_setting = "FUND_PRIVATE_ROOT"


private_storage = FundPrivateStorage()
