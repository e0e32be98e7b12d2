"""Reviews against the preference criteria and the decisions taken on proposals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import Criterion, DecisionOutcome, Recommendation
from .proposals import MONEY, Proposal

SCORE_FIELDS = {c.value: f"score_{c.value}" for c in Criterion}


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (weak) to 5 (strong); empty means not applicable."),
    )


def _score_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
        name=f"fund_review_{name}_range",
    )


class Review(models.Model):
    """One reviewer's scores of one proposal. A recused review counts for nothing."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fund_reviews"
    )
    score_impact = _score_field(Criterion.IMPACT.label)
    score_partners = _score_field(Criterion.PARTNERS.label)
    score_cooperation = _score_field(Criterion.COOPERATION.label)
    score_networking = _score_field(Criterion.NETWORKING.label)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    conflict_of_interest = models.BooleanField(_("I have a conflict of interest"), default=False)
    conflict_note = models.TextField(_("conflict of interest: details"), blank=True)
    recused = models.BooleanField(_("recused"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="fund_review_once"),
            models.CheckConstraint(
                condition=Q(recommendation__in=[*Recommendation.values, ""]),
                name="fund_review_recommendation",
            ),
            *[_score_check(name) for name in SCORE_FIELDS.values()],
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} / {self.reviewer}"

    def scores(self) -> dict[str, int | None]:
        return {criterion: getattr(self, field) for criterion, field in SCORE_FIELDS.items()}

    def weighted_score(self, weights: dict[str, int]) -> float | None:
        """Weighted mean of the scores given; n/a criteria are left out of numerator and denominator."""
        given = [(weights.get(c, 1), s) for c, s in self.scores().items() if s is not None]
        total_weight = sum(w for w, _s in given)
        if self.recused or not total_weight:
            return None
        return round(sum(w * s for w, s in given) / total_weight, 2)


class Decision(models.Model):
    """What the fund decided, with the amount, conditions and reasons the mission is told."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(_("approved amount (EUR)"), **MONEY, null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=DecisionOutcome.values), name="fund_decision_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="approved") | Q(amount__gte=0), name="fund_decision_approved_amount"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="rejected") | ~Q(reasons=""), name="fund_decision_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference}: {self.get_outcome_display()}"
