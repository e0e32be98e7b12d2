"""Recommendations of an assessment and their follow-up over time, with what answers them in the
other pillars (fund proposals, inventory activities, events). The links live here, on the monitoring side."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse.models import Theme
from events.models import Event
from fund.models import Proposal
from programmes.models import Activity, PublicationStatus

from ..choices import OPEN_FOLLOW_UP, PUBLIC_STATUSES, Addressee, FollowUpStatus, Priority
from .assessments import Assessment
from .frameworks import Indicator

# A proposal counts as an answer once its mission has submitted it and while it is alive; only
# supported projects (fund.choices.PUBLIC_STATUSES) are ever named on public pages.
ANSWERING_PROPOSAL_STATUSES = (
    "submitted",
    "consultation",
    "revision_requested",
    "under_review",
    "deferred",
    "approved",
    "in_implementation",
    "completed",
)
# An event answers once it is public (events.models.EventQuerySet.public) and not cancelled.
# (events.choices.EventStatus.CANCELLED, spelled out: a pillar imports only another pillar's models.)
EVENT_CANCELLED = "cancelled"


class RecommendationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(assessment__status__in=PUBLIC_STATUSES)

    def open(self):
        return self.filter(status__in=OPEN_FOLLOW_UP)

    def with_answer_flag(self):
        """`is_answered`: a live proposal (submitted or further), a published activity or a public event
        that is not cancelled answers it."""
        proposals = Proposal.objects.filter(
            answers_recommendations=OuterRef("pk"), status__in=ANSWERING_PROPOSAL_STATUSES
        )
        activities = Activity.objects.filter(
            answers_recommendations=OuterRef("pk"), status=PublicationStatus.PUBLISHED
        )
        events = (
            Event.objects.public()
            .filter(answers_recommendations=OuterRef("pk"))
            .exclude(status=EVENT_CANCELLED)
        )
        return self.annotate(is_answered=Exists(proposals) | Exists(activities) | Exists(events))

    def unanswered(self):
        return self.with_answer_flag().filter(is_answered=False)


class Recommendation(models.Model):
    """What an assessment recommends, to whom, and how it is followed up."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    text_ru = models.TextField(_("recommendation in Russian"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices)
    addressee_name = models.CharField(
        _("addressee"), max_length=255, blank=True, help_text=_("E.g. 'Ministry of Interior'.")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicators it concerns"), blank=True, related_name="recommendations"
    )
    status = models.CharField(
        _("follow-up status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    proposals = models.ManyToManyField(
        Proposal,
        verbose_name=_("fund proposals answering it"),
        blank=True,
        related_name="answers_recommendations",
    )
    activities = models.ManyToManyField(
        Activity,
        verbose_name=_("inventory activities answering it"),
        blank=True,
        related_name="answers_recommendations",
    )
    events = models.ManyToManyField(
        Event,
        verbose_name=_("events answering it"),
        blank=True,
        related_name="answers_recommendations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="monitoring_recommendation_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(addressee__in=Addressee.values), name="monitoring_recommendation_addressee_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="monitoring_recommendation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment.country.iso2} {self.assessment.cycle}: {self.display_text[:70]}"

    @property
    def display_text(self) -> str:
        if (get_language() or "en").startswith("ru") and self.text_ru:
            return self.text_ru
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FOLLOW_UP


class FollowUp(models.Model):
    """The follow-up status of a recommendation at one date: its history over time."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["recorded_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="monitoring_follow_up_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recorded_on}: {self.get_status_display()}"
