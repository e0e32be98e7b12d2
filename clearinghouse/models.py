"""Shared vocabulary of the clearinghouse: regions, countries, themes, organisations, users.

Every pillar refers to these rows; they are loaded by data migrations and curated in the admin.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .storage import PillarPrivateStorage
from .translation import translated


class TranslatedNameMixin:
    """Returns the Russian name under the Russian interface when curators have given one."""

    @property
    def display_name(self) -> str:
        return translated(self, "name")


class Region(TranslatedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("Its page's lastmod in the sitemap.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("region_detail", kwargs={"slug": self.slug})


class CountryQuerySet(models.QuerySet):
    def participating(self):
        return self.filter(osce_participating=True)


class Country(TranslatedNameMixin, models.Model):
    iso2 = models.CharField(
        _("ISO 3166-1 alpha-2"), max_length=2, unique=True, help_text=_("Upper case, e.g. MD.")
    )
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="countries"
    )
    osce_participating = models.BooleanField(_("OSCE participating State"), default=True)
    situation_summary = models.TextField(
        _("situation summary"), blank=True, help_text=_("Curated overview shown on the country page.")
    )
    situation_summary_ru = models.TextField(_("situation summary in Russian"), blank=True)
    updated = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("Its page's lastmod in the sitemap.")
    )
    history = HistoricalRecords()

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("country_detail", kwargs={"iso2": self.iso2.lower()})

    @property
    def display_situation_summary(self) -> str:
        return translated(self, "situation_summary")


class ThemeQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Theme(TranslatedNameMixin, models.Model):
    """Two levels: the '4 P' at the top, the seed's topics beneath them."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Empty for the four top-level themes (the '4 P')."),
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated words and phrases; imported text that contains one gets this theme."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="theme_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.split(",") if k.strip()]


class OrganisationKind(models.TextChoices):
    OSCE_FIELD_OPERATION = "osce_field", _("OSCE field operation")
    OSCE_INSTITUTION = "osce_institution", _("OSCE institution")
    GOVERNMENT = "government", _("Government body")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    DONOR = "donor", _("Donor")
    MEDIA = "media", _("Media")
    ACADEMIC = "academic", _("Academic or research institution")


class AntiTraffickingRole(models.TextChoices):
    NONE = "", _("No particular role")
    NATIONAL_COORDINATOR = "national_coordinator", _("National co-ordinator")
    NATIONAL_RAPPORTEUR = "national_rapporteur", _("National rapporteur")
    REFERRAL_BODY = "referral_body", _("Referral body")
    SHELTER = "shelter", _("Shelter")
    HOTLINE = "hotline", _("Hotline")
    POLICE_UNIT = "police_unit", _("Specialised police unit")


class OrganisationQuerySet(models.QuerySet):
    def field_missions(self):
        return self.filter(kind=OrganisationKind.OSCE_FIELD_OPERATION)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Where it is based; empty for international bodies."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    anti_trafficking_role = models.CharField(
        _("anti-trafficking role"), max_length=30, choices=AntiTraffickingRole.choices, blank=True, default=""
    )
    updated = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("Its page's lastmod in the sitemap.")
    )
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "name")

    def get_absolute_url(self) -> str:
        return reverse("organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_field_mission(self) -> bool:
        return self.kind == OrganisationKind.OSCE_FIELD_OPERATION


class User(AbstractUser):
    """A person who signs in. Belongs to at most one organisation (a field mission for officers)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")


class ContactVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    STAFF = "staff", _("Staff only")


def contact_visibilities(user) -> list[str]:
    """The contact visibilities `user` may see: public contacts for everyone, signed-in ones for
    users, staff-only ones for staff (ContactQuerySet.visible_to; also a join's condition)."""
    from . import roles

    if user is not None and user.is_authenticated:
        if roles.is_staff_member(user) or user.is_staff:
            return list(ContactVisibility.values)
        return [ContactVisibility.PUBLIC, ContactVisibility.SIGNED_IN]
    return [ContactVisibility.PUBLIC]


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public contacts for everyone; signed-in ones for users; staff-only ones for staff."""
        return self.filter(visibility__in=contact_visibilities(user))

    def stale(self, *, today=None):
        """Not verified for twelve months (or never)."""
        import datetime

        from django.utils import timezone

        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=365)
        return self.filter(models.Q(last_verified__isnull=True) | models.Q(last_verified__lt=cutoff))


class Contact(models.Model):
    """A person at an organisation of the directory."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("person"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=ContactVisibility.choices, default=ContactVisibility.STAFF
    )
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=ContactVisibility.values), name="contact_visibility_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


def _new_token() -> str:
    """Kept for migration 0003, which created the saved searches' table (now portal.SavedSearch)."""
    import secrets

    return secrets.token_urlsafe(32)


class WorkflowEvent(models.Model):
    """One row per workflow step of a pillar record that has no event table of its own (programmes,
    outlines, activities, library documents, roster candidates): who moved what, from which state to
    which, and why. Written only by the pillars' `<noun>_transition` services (clearinghouse.workflow
    .record_event); read-only everywhere else. The fund keeps its richer ProposalEvent rows."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("record"))
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    actor = models.ForeignKey(
        "clearinghouse.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="workflowevent_record")]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        return (
            f"{self.content_type.model} {self.object_id}: {self.action} ({self.from_state} → {self.to_state})"
        )


@deconstructible
class ImportStorage(PillarPrivateStorage):
    """Uploaded import files: PRIVATE_ROOT/imports (or the private bucket); no address, read only
    by the task worker."""

    object_prefix = "imports"


class ImportJobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking every row")
    READY = "ready", _("Ready to import")
    INVALID = "invalid", _("Rows with errors: nothing imported")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")


class ImportJobQuerySet(models.QuerySet):
    def of(self, user) -> ImportJobQuerySet:
        """The jobs a user may follow: their own."""
        return self.filter(user=user)


class ImportJob(models.Model):
    """A spreadsheet imported through the admin: checked, previewed, then written by the task worker
    through the model's import resource (the path `manage.py import` takes). Written only by
    clearinghouse.imports; every row or none is imported."""

    user = models.ForeignKey("clearinghouse.User", on_delete=models.CASCADE, related_name="import_jobs")
    model = models.CharField(_("model"), max_length=100, help_text=_("app_label.model_name"))
    resource = models.CharField(_("resource"), max_length=200, help_text=_("Dotted path of the resource"))
    file = models.FileField(
        _("file"),
        upload_to="%Y/%m/",
        storage=ImportStorage(),
        max_length=300,
        blank=True,
        help_text=_("Kept until the import is finished"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_('[{"row": n, "message": …}]')
    )
    preview = models.JSONField(_("preview"), default=dict, blank=True, help_text=_("Diff of the first rows"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportJobStatus.values), name="importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("total_rows")), name="importjob_progress_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.model}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:clearinghouse_importjob_change", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.INVALID, ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.total_rows) if self.total_rows else 0

    def seconds_left(self, now) -> int | None:
        """Time left at the pace so far; None before the first rows."""
        if not self.started_at or not self.rows_done or self.is_finished:
            return None
        elapsed = (now - self.started_at).total_seconds()
        return round(elapsed / self.rows_done * (self.total_rows - self.rows_done))
