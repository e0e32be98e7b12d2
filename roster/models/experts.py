"""The expert roster: profiles (with consent), vetting and the log of who looked at a profile.

Personal-data models deliberately have no HistoricalRecords: erasure must leave no copy of a name,
e-mail or phone anywhere in the database; their audit trail is Django's admin log (who, when, which
fields), written by the services. Requests, shortlists, deployments, evaluations and vetting checks
keep a full history, without the free-text fields an erasure scrubs. Writes live in roster.services.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.choice_labels import ChoiceLabelsMixin
from clearinghouse.models import Country, Theme
from clearinghouse.uploads import MB, FileCheck

from ..choices import (
    CEFR,
    VALID_CONSENT_VERSIONS,
    ExpertStatus,
    Function,
    Language,
    VettingKind,
)
from ..storage import private_storage

CV_KINDS = frozenset({"pdf", "docx", "odt"})
CV_MAX_SIZE = 10 * MB
FRESH_DAYS = 365
ARCHIVE_DAYS = 730


def cv_path(instance, filename: str) -> str:
    # A random name: the file name the expert chose may contain their name.
    return f"roster/cv/{secrets.token_hex(16)}"


def new_code() -> str:
    return f"EX-{secrets.token_hex(6).upper()}"


class ExpertQuerySet(models.QuerySet):
    def on_roster(self):
        """Profiles that still exist as people: not erased."""
        return self.exclude(status=ExpertStatus.ERASED)

    def with_consent(self):
        return self.filter(
            consent_given_at__isnull=False,
            consent_withdrawn_at__isnull=True,
            consent_version__in=VALID_CONSENT_VERSIONS,
        )

    def matchable(self):
        """The pool matching looks at: on the roster, not declined, consent not withdrawn."""
        return (
            self.on_roster().exclude(status=ExpertStatus.DECLINED).filter(consent_withdrawn_at__isnull=True)
        )

    def with_profile(self):
        return self.select_related("nationality", "user").prefetch_related(
            "languages", "expertise__theme", "functions", "country_experience__country", "availability"
        )


class Expert(models.Model):
    """One expert's roster profile. Only the expert and roster staff (curators) ever see it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
    )
    code = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_code, help_text=_("Internal reference.")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nationality = models.ForeignKey(
        Country,
        verbose_name=_("nationality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Current employer or affiliation.")
    )
    bio = models.TextField(_("short biography"), max_length=3000, blank=True)
    cv = models.FileField(
        _("CV"),
        storage=private_storage,
        upload_to=cv_path,
        blank=True,
        validators=[FileCheck(kinds=CV_KINDS, max_size=CV_MAX_SIZE)],
        help_text=_("PDF, DOCX or ODT, up to 10 MB."),
    )
    years_experience = models.PositiveSmallIntegerField(_("years of professional experience"), default=0)
    media_outlet = models.CharField(
        _("media outlet"), max_length=200, blank=True, help_text=_("For media professionals.")
    )
    publication_languages = models.JSONField(
        _("languages of publication"), default=list, blank=True, help_text=_("For media professionals.")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=14, help_text=_("How many days' notice you need before a mission.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ExpertStatus.choices, default=ExpertStatus.APPLIED
    )
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("profile confirmed current"), default=timezone.now, help_text=_("Last time the expert confirmed.")
    )
    retention_notice_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        indexes = [
            models.Index(fields=["status", "consent_withdrawn_at"], name="roster_expert_status_idx"),
            # The admin's change list and the curators' expert list, in name order.
            models.Index(fields=["full_name", "id"], name="roster_expert_name_order"),
            # The admin's consent version filter reads its values through this index.
            models.Index(fields=["consent_version"], name="roster_expert_consent_version"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExpertStatus.values), name="roster_expert_status_valid"
            ),
            models.CheckConstraint(condition=Q(years_experience__lte=70), name="roster_expert_years_sane"),
            models.CheckConstraint(condition=Q(notice_days__lte=365), name="roster_expert_notice_sane"),
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="roster_expert_email_once",
                violation_error_message=_(
                    "A roster profile with this e-mail address already exists; please contact roster staff."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.code

    def get_absolute_url(self) -> str:
        return reverse("roster:expert_detail", kwargs={"pk": self.pk})

    @property
    def has_valid_consent(self) -> bool:
        return (
            self.consent_given_at is not None
            and self.consent_withdrawn_at is None
            and self.consent_version in VALID_CONSENT_VERSIONS
        )

    @property
    def is_fresh(self) -> bool:
        return self.confirmed_at >= timezone.now() - timedelta(days=FRESH_DAYS)

    @property
    def is_media_professional(self) -> bool:
        return any(f.function == Function.MEDIA_PROFESSIONAL for f in self.functions.all())


class ExpertLanguage(ChoiceLabelsMixin, models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, choices=Language.choices)
    level = models.PositiveSmallIntegerField(_("CEFR level"), choices=CEFR.choices)

    class Meta:
        ordering = ["-level", "language"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        indexes = [models.Index(fields=["language", "level"], name="roster_lang_level_idx")]
        constraints = [
            models.UniqueConstraint(fields=["expert", "language"], name="roster_language_once"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="roster_language_valid"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=6), name="roster_language_cefr"),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} {self.get_level_display()}"


class ExpertExpertise(models.Model):
    """A theme the expert declared; staff may verify it (verified expertise counts more)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="expertise")
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+")
    verified = models.BooleanField(_("verified by staff"), default=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["theme__order", "theme__name"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        constraints = [models.UniqueConstraint(fields=["expert", "theme"], name="roster_expertise_once")]

    def __str__(self) -> str:
        return str(self.theme)


class ExpertFunction(ChoiceLabelsMixin, models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="functions")
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)

    class Meta:
        ordering = ["function"]
        verbose_name = _("function")
        verbose_name_plural = _("functions")
        constraints = [
            models.UniqueConstraint(fields=["expert", "function"], name="roster_function_once"),
            models.CheckConstraint(condition=Q(function__in=Function.values), name="roster_function_valid"),
        ]

    def __str__(self) -> str:
        return self.get_function_display()


class CountryExperience(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="country_experience")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    years = models.PositiveSmallIntegerField(_("years"), default=1)

    class Meta:
        ordering = ["-years", "country__name"]
        verbose_name = _("country experience")
        verbose_name_plural = _("country experience")
        constraints = [
            models.UniqueConstraint(fields=["expert", "country"], name="roster_country_once"),
            models.CheckConstraint(condition=Q(years__lte=70), name="roster_country_years_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.years})"


class Availability(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="availability")
    starts_on = models.DateField(_("available from"))
    ends_on = models.DateField(_("available until"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="roster_avail_dates_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="roster_avail_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"


class VettingCheck(models.Model):
    """One dated item of the vetting checklist; all kinds must be done before activation."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="vetting_checks")
    kind = models.CharField(_("check"), max_length=12, choices=VettingKind.choices)
    completed_on = models.DateField(_("completed on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["note"])

    class Meta:
        ordering = ["kind"]
        verbose_name = _("vetting check")
        verbose_name_plural = _("vetting checks")
        constraints = [
            models.UniqueConstraint(fields=["expert", "kind"], name="roster_vetting_once"),
            models.CheckConstraint(
                condition=Q(kind__in=VettingKind.values), name="roster_vetting_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.completed_on})"


class ProfileView(models.Model):
    """Every time staff open an expert's profile or CV; the expert can read this log."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="profile_views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)
    what = models.CharField(_("what was viewed"), max_length=100)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")

    def __str__(self) -> str:
        return f"{self.what} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class VerifiedTraining(models.Model):
    """A training course the expert attended, verified by the events pillar's attendance record
    (recorded when the expert accepts the invitation sent after a qualifying training)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="trainings")
    event = models.ForeignKey(
        "events.Event", verbose_name=_("training"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The training's title when it was held.")
    )
    completed_on = models.DateField(_("completed on"))
    verified_at = models.DateTimeField(_("verified"), default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("verified training")
        verbose_name_plural = _("verified trainings")
        constraints = [models.UniqueConstraint(fields=["expert", "event"], name="roster_training_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on})"
