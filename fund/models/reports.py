"""Implementation: interim and final reports with spending per budget line, and the evaluation."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse import roles

from ..choices import EvaluationRating, ReportKind, ReportStatus
from .proposals import MONEY, BudgetLine, Proposal


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ReportStatus.DUE, ReportStatus.CHANGES_REQUESTED])

    def visible_to(self, user):
        if roles.is_staff_member(user):
            return self
        if roles.is_officer(user):
            return self.filter(proposal__mission_id=user.organisation_id)
        return self.none()


class Report(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    narrative = models.TextField(
        _("narrative"), blank=True, help_text=_("What was done and what it achieved.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    staff_comment = models.TextField(_("fund's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("due reminder sent"), null=True, blank=True)
    overdue_reminder_sent_at = models.DateTimeField(_("overdue reminder sent"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="fund_report_kind"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="fund_report_status"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("fund:report_detail", kwargs={"pk": self.proposal_id, "report": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in (ReportStatus.DUE, ReportStatus.CHANGES_REQUESTED)


class ReportSpending(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spending")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("spent (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget_line__order", "budget_line__pk"]
        verbose_name = _("spending line")
        verbose_name_plural = _("spending lines")
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="fund_spending_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_spending_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.budget_line.description}"


class Evaluation(models.Model):
    """The fund's evaluation of a project, recorded by staff (internal)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.CharField(_("rating"), max_length=20, choices=EvaluationRating.choices)
    findings = models.TextField(_("findings"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=EvaluationRating.values), name="fund_evaluation_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference}: {self.get_rating_display()}"
