"""System checks of the core's settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104 - names compared, not bound


@register(deploy=True)
def site_url_check(app_configs, **kwargs):
    """SITE_URL makes the absolute links of what leaves without a request (e-mails, digests): in
    production it must be the public https address, never the development default."""
    if settings.DEBUG:
        return []
    address = urlsplit(settings.SITE_URL or "")
    if address.scheme == "https" and (address.hostname or "") not in LOCAL_HOSTS:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: production needs the portal's public https address.",
            hint="Set SITE_URL, e.g. https://clearinghouse.example.org",
            id="clearinghouse.E016",
        )
    ]
