"""Monitoring frameworks: a methodology in one version, its areas and its indicators."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.models import Theme

from ..choices import AnswerKind, FrameworkStatus


def _russian() -> bool:
    return (get_language() or "en").startswith("ru")


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=FrameworkStatus.PUBLISHED)

    def family_of(self, framework):
        """Every version of the same methodology (the same `family`)."""
        return self.filter(family=framework.family)


class Framework(models.Model):
    """A monitoring methodology in one version, e.g. "SEE RIGHTS methodology, 2004".

    Once published its indicators are frozen: a change makes a new version (see
    `monitoring.services.frameworks.framework_new_version`), whose indicators name the indicator of
    the earlier version they continue, so cycles assessed against either stay comparable.
    """

    title = models.CharField(_("title"), max_length=200)
    title_ru = models.CharField(_("title in Russian"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    family = models.SlugField(
        _("methodology"),
        max_length=100,
        help_text=_("Shared by every version of the same methodology, e.g. 'see-rights'."),
    )
    version = models.CharField(_("version"), max_length=40, help_text=_("E.g. '2004'."))
    description = models.TextField(_("description"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["family", "-version"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="monitoring_framework_version_unique"),
            models.CheckConstraint(
                condition=Q(status__in=FrameworkStatus.values), name="monitoring_framework_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:index") + f"?framework={self.slug}"

    @property
    def display_title(self) -> str:
        return self.title_ru if _russian() and self.title_ru else self.title

    @property
    def is_published(self) -> bool:
        return self.status == FrameworkStatus.PUBLISHED


class Area(models.Model):
    """A part of a framework, e.g. one of the four Ps (prevention, protection, prosecution, partnership)."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="areas"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The top-level theme this area corresponds to, if any."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="monitoring_area_code_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_ru if _russian() and self.name_ru else self.name


class Indicator(models.Model):
    """One question of a framework, the commitment it measures and the scale its answer uses."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="indicators"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("E.g. 'P1.2'; unique in the framework."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.TextField(_("question"))
    question_ru = models.TextField(_("question in Russian"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("How assessors answer it."))
    guidance_ru = models.TextField(_("guidance in Russian"), blank=True)
    commitment = models.TextField(_("commitment"), blank=True, help_text=_("The commitment it measures."))
    commitment_document = models.ForeignKey(
        "library.Document",
        verbose_name=_("document holding the commitment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    kind = models.CharField(
        _("answer scale"), max_length=10, choices=AnswerKind.choices, default=AnswerKind.LEVEL
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For numbers, e.g. 'cases'."))
    maps_from = models.ForeignKey(
        "self",
        verbose_name=_("continues the indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mapped_to",
        help_text=_("The indicator of the previous version this one continues (keeps trends comparable)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "area__order", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="monitoring_indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=AnswerKind.values), name="monitoring_indicator_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=AnswerKind.LEVEL) | ~Q(unit=""), name="monitoring_indicator_number_has_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_question[:80]}"

    def get_absolute_url(self) -> str:
        return reverse(
            "monitoring:indicator_detail", kwargs={"framework": self.framework.slug, "code": self.code}
        )

    @property
    def display_question(self) -> str:
        return self.question_ru if _russian() and self.question_ru else self.question

    @property
    def display_guidance(self) -> str:
        return self.guidance_ru if _russian() and self.guidance_ru else self.guidance
