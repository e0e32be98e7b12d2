from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: the pages that join the pillars (home, countries, directory, inventory, search,
    saved searches, sitemap). It reads from the pillars; no pillar and nothing in the core imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal")
