"""Country assessments: one country, one framework, one cycle; their findings, sources, review
comments and the event log of their workflow."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse import roles
from clearinghouse.models import Country

from ..choices import EDITABLE_STATUSES, PUBLIC_STATUSES, AssessmentStatus, Confidence, Level
from .frameworks import Framework, Indicator


class AssessmentQuerySet(models.QuerySet):
    def public(self):
        """Published assessments and the earlier published ones they superseded: never a draft."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user):
        """The work list: curators see every assessment; assessors and reviewers only theirs."""
        if roles.is_curator(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(assessors=user) | Q(reviewer=user)).distinct()

    def for_cycle(self, framework, cycle):
        return self.public().filter(framework=framework, cycle=cycle)


class Assessment(models.Model):
    """One country assessed against one framework in one cycle (a year or round)."""

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="assessments"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), help_text=_("The year (or round) assessed."))
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The assessment its findings were carried forward from."),
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assessors"), blank=True, related_name="assessments_assigned"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="assessments_to_review",
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle", "country__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "framework", "cycle"], name="monitoring_assessment_unique_cycle"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="monitoring_assessment_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["framework", "cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.country} · {self.cycle} · {self.framework.display_title}"

    def get_absolute_url(self) -> str:
        """The public page; only public assessments have one (the work page is get_work_url)."""
        return reverse(
            "monitoring:assessment_detail",
            kwargs={"framework": self.framework.slug, "cycle": self.cycle, "iso2": self.country.iso2.lower()},
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def get_work_url(self) -> str:
        return reverse("monitoring:work_detail", kwargs={"pk": self.pk})


class FindingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(assessment__status__in=PUBLIC_STATUSES)

    def answered(self):
        """A level (no information included) or a number."""
        return self.filter(~Q(level="") | Q(value__isnull=False))


class Finding(models.Model):
    """The answer to one indicator in one assessment, with its evidence."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="findings"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="findings"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_ru = models.TextField(_("evidence in Russian"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices, blank=True)
    change_note = models.TextField(
        _("what changed since the previous cycle"), blank=True, help_text=_("Empty when nothing changed.")
    )
    carried_forward = models.BooleanField(
        _("carried forward"),
        default=False,
        help_text=_("Copied from the previous cycle and not yet confirmed by an assessor."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "indicator__area__order", "indicator__order", "indicator__code"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="monitoring_finding_unique"),
            models.CheckConstraint(
                condition=Q(level="") | Q(level__in=Level.values), name="monitoring_finding_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence="") | Q(confidence__in=Confidence.values),
                name="monitoring_finding_confidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.indicator.code}"

    @property
    def is_answered(self) -> bool:
        return bool(self.level) or self.value is not None


class FindingSource(models.Model):
    """Where a finding comes from: a library document, or a link, with the date of the information."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="sources")
    document = models.ForeignKey(
        "library.Document",
        verbose_name=_("library document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False) | ~Q(url="") | ~Q(title=""),
                name="monitoring_source_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or str(self.document)


class ReviewComment(models.Model):
    """A reviewer's comment on one finding, answered by the assessors. Never public."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.body[:60]


class AssessmentEvent(models.Model):
    """One row per workflow transition of an assessment: who, when, from, to, note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=AssessmentStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")

    def __str__(self) -> str:
        return f"{self.assessment}: {self.action}"

    @property
    def action_label(self) -> str:
        from ..workflow import Action

        labels = {**dict(Action.choices), "create": _("Assessment opened")}
        return str(labels.get(self.action, self.action))
