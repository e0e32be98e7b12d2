from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClearinghouseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clearinghouse"
    verbose_name = _("Clearinghouse")

    def ready(self) -> None:
        from . import checks, roles, security  # noqa: F401  (security connects the sign-in loggers)

        post_migrate.connect(roles.sync_groups, dispatch_uid="clearinghouse_sync_groups")
        register_directory_box()
        # The page cache is renewed explicitly, after the commit, by the services and admin pages that
        # change public content (clearinghouse.admin.HistoryImportExportAdmin, the pillars' services);
        # private writes (a profile view, digest bookkeeping) leave the public copies alone.


def register_directory_box() -> None:
    """The core's own box in the work queue: directory contacts due for their yearly check."""
    from django.urls import reverse

    from . import roles
    from .models import Contact
    from .work_queue import Box, register

    register(
        Box(
            key="directory.verification",
            group="directory",
            label=_("Directory contacts due for their yearly check"),
            items=lambda today: Contact.objects.stale(today=today),
            url=lambda today: reverse("admin:clearinghouse_contact_changelist") + "?verification=due",
            may_see=roles.is_curator,
            order=50,
        )
    )
