"""Requests from the field, shortlists (candidates), deployments and their evaluations. They keep
a full history, without the free-text fields an erasure scrubs. Writes live in roster.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.choice_labels import ChoiceLabelsMixin
from clearinghouse.models import Country, Organisation, Theme

from ..choices import (
    CEFR,
    CandidateStatus,
    Function,
    Language,
    Recommendation,
    RequestStatus,
)
from .experts import Expert


class ExpertRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Curators see every request; an officer sees their own mission's; nobody else any."""
        from clearinghouse import roles

        if roles.is_curator(user):
            return self
        if roles.is_officer(user):
            return self.filter(mission_id=user.organisation_id)
        return self.none()


class ExpertRequest(models.Model):
    """A request for expertise filed by a field mission (or by a curator on its behalf)."""

    mission = models.ForeignKey(
        Organisation, verbose_name=_("requesting mission"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    terms_of_reference = models.TextField(_("terms of reference"))
    required_themes = models.ManyToManyField(
        Theme, verbose_name=_("required expertise"), related_name="+", blank=True
    )
    desirable_themes = models.ManyToManyField(
        Theme, verbose_name=_("desirable expertise"), related_name="+", blank=True
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    weights = models.JSONField(_("matching weights"), default=dict, blank=True)
    weights_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    weights_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExpertRequestQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[required_themes, desirable_themes])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("expert request")
        verbose_name_plural = _("expert requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="roster_request_dates"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="roster_request_status"
            ),
            models.CheckConstraint(
                condition=Q(function="") | Q(function__in=Function.values), name="roster_request_function"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roster:request_detail", kwargs={"pk": self.pk})


class RequestLanguage(models.Model):
    request = models.ForeignKey(ExpertRequest, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, choices=Language.choices)
    min_level = models.PositiveSmallIntegerField(_("at least"), choices=CEFR.choices, default=CEFR.B2)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["request", "language"], name="roster_request_language_once"),
            models.CheckConstraint(
                condition=Q(min_level__gte=1, min_level__lte=6), name="roster_request_cefr"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ≥ {self.get_min_level_display()}"


class Candidate(ChoiceLabelsMixin, models.Model):
    """An expert on a request's shortlist, with the score, reasons and weights shown when added."""

    request = models.ForeignKey(ExpertRequest, on_delete=models.CASCADE, related_name="candidates")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="candidacies")
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.SHORTLISTED
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    near_miss = models.CharField(_("missed gate"), max_length=300, blank=True)
    reasons = models.JSONField(_("reasons"), default=list)
    weights = models.JSONField(_("weights used"), default=dict)
    shortlisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shortlisted_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["request", "expert"], name="roster_candidate_once"),
            models.CheckConstraint(
                condition=Q(status__in=CandidateStatus.values), name="roster_candidate_status"
            ),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="roster_candidate_score"),
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.expert.code}"

    @property
    def identity_released(self) -> bool:
        return self.status in (CandidateStatus.RELEASED, CandidateStatus.DEPLOYED)


class Deployment(models.Model):
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="deployment")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="roster_deployment_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.request} ({self.starts_on} – {self.ends_on})"

    @property
    def has_ended(self) -> bool:
        return self.ends_on <= timezone.localdate()


CRITERIA = (
    ("quality", _("Quality of work")),
    ("subject_expertise", _("Subject expertise")),
    ("communication", _("Communication and cultural sensitivity")),
    ("timeliness", _("Timeliness")),
)


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=[(i, str(i)) for i in range(1, 6)])


class Evaluation(models.Model):
    """The mission's evaluation after a deployment; the expert may read and answer it."""

    deployment = models.OneToOneField(Deployment, on_delete=models.CASCADE, related_name="evaluation")
    quality = _score_field(_("Quality of work"))
    subject_expertise = _score_field(_("Subject expertise"))
    communication = _score_field(_("Communication and cultural sensitivity"))
    timeliness = _score_field(_("Timeliness"))
    overall = models.FloatField(_("average"), help_text=_("Mean of the criteria; used for the track record."))
    recommendation = models.CharField(_("recommendation"), max_length=14, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expert_response = models.TextField(_("expert's response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["comment", "expert_response"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{n}__gte": 1, f"{n}__lte": 5}), name=f"roster_eval_{n}"
                )
                for n, _label in CRITERIA
            ],
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values), name="roster_eval_recommendation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deployment} – {self.overall:.1f}"

    def criteria(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in CRITERIA]
