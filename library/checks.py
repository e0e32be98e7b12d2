"""System checks of the library's harvesting settings."""

import re

from django.conf import settings
from django.core.checks import Error, register

# The OAI-PMH 2.0 schema's pattern for adminEmail (emailType).
OAI_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")


@register()
def oai_admin_email(app_configs, **kwargs):
    if OAI_EMAIL.fullmatch(settings.LIBRARY_OAI_ADMIN_EMAIL or ""):
        return []
    return [
        Error(
            "LIBRARY_OAI_ADMIN_EMAIL is not an address OAI-PMH accepts (user@host.domain).",
            hint="Set LIBRARY_OAI_ADMIN_EMAIL to the address of the library's administrator.",
            id="library.E001",
        )
    ]
