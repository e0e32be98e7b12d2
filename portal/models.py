"""The portal's own records: saved searches (the table keeps its first name, clearinghouse_savedsearch)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearchKind(models.TextChoices):
    LIBRARY = "library", _("Library")
    INVENTORY = "inventory", _("Activity inventory")
    EVENTS = "events", _("Events")


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """A library, inventory or events search a signed-in user keeps; digests and an Atom feed follow it."""

    user = models.ForeignKey(
        "clearinghouse.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SavedSearchKind.choices)
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("query string"), max_length=1000, blank=True)
    token = models.CharField(_("feed token"), max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    seen_keys = models.JSONField(_("matches already sent"), default=list, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("Language of the digest e-mails.")
    )

    class Meta:
        db_table = "clearinghouse_savedsearch"
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SavedSearchKind.values), name="savedsearch_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name
