"""Rounds, proposals and what belongs to a proposal: budget lines, attachments, versions, events,
messages."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clearinghouse import roles
from clearinghouse.models import Country, Organisation, Theme
from clearinghouse.uploads import MB, FileCheck

from ..choices import PENDING_STATUSES, PUBLIC_STATUSES, BudgetCategory, ProposalStatus
from ..storage import private_storage

MONEY = {"max_digits": 12, "decimal_places": 2}


class FundingRound(models.Model):
    """A quarterly round: proposals submitted in its window are decided on its decision date."""

    title = models.CharField(_("title"), max_length=120, unique=True, help_text=_("E.g. '2026 Q3'."))
    opens = models.DateField(_("submission window opens"))
    closes = models.DateField(_("submission window closes"))
    decision_date = models.DateField(_("decision date"))
    envelope = models.DecimalField(
        _("envelope (EUR)"), **MONEY, validators=[MinValueValidator(0)], help_text=_("Money available.")
    )
    weight_impact = models.PositiveSmallIntegerField(_("weight: concrete impact"), default=1)
    weight_partners = models.PositiveSmallIntegerField(_("weight: national partners"), default=1)
    weight_cooperation = models.PositiveSmallIntegerField(_("weight: State–NGO co-operation"), default=1)
    weight_networking = models.PositiveSmallIntegerField(_("weight: regional networking"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gte=F("opens")), name="fund_round_window_order"),
            models.CheckConstraint(
                condition=Q(decision_date__gte=F("closes")), name="fund_round_decision_after"
            ),
            models.CheckConstraint(condition=Q(envelope__gte=0), name="fund_round_envelope_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fund:round_detail", kwargs={"pk": self.pk})

    def weights(self) -> dict[str, int]:
        return {
            "impact": self.weight_impact,
            "partners": self.weight_partners,
            "cooperation": self.weight_cooperation,
            "networking": self.weight_networking,
        }


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Supported projects only (approved onwards): what the public list and exports show."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)

    def visible_to(self, user):
        """Staff see every proposal; an officer sees only their mission's; anyone else nothing."""
        if roles.is_staff_member(user):
            return self
        if roles.is_officer(user):
            return self.filter(mission_id=user.organisation_id)
        return self.none()

    def with_lists(self):
        return self.select_related("mission", "round").prefetch_related("countries", "themes")

    def created_with_token(self, user, token):
        """The proposal this user created from the form that carried `token` (none for no token)."""
        if token is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(form_token=token, created_by=user)

    def with_budget_total(self):
        line_total = ExpressionWrapper(
            F("budget_lines__quantity") * F("budget_lines__unit_cost"), output_field=DecimalField(**MONEY)
        )
        return self.annotate(budget_total_sum=Sum(line_total))


class Proposal(models.Model):
    """A field mission's request for money from the fund, from draft to completed project."""

    reference = models.CharField(
        _("reference"), max_length=30, unique=True, help_text=_("E.g. ATPF-2026-0007.")
    )
    mission = models.ForeignKey(
        Organisation,
        verbose_name=_("field mission"),
        on_delete=models.PROTECT,
        related_name="fund_proposals",
        limit_choices_to={"kind": "osce_field"},
    )
    round = models.ForeignKey(
        FundingRound,
        verbose_name=_("funding round"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    partners = models.TextField(
        _("local partners"), blank=True, help_text=_("National partners, NGOs and agencies involved.")
    )
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    locations = models.CharField(
        _("places of implementation"),
        max_length=255,
        blank=True,
        help_text=_("Towns or regions; hidden from the public when the project is marked sensitive."),
    )
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="+")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    co_funding = models.DecimalField(
        _("co-funding (EUR)"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    co_funding_sources = models.CharField(_("co-funding sources"), max_length=255, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount (EUR)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    urgent = models.BooleanField(
        _("urgent request"), default=False, help_text=_("Urgent requests are decided at once, not quarterly.")
    )
    urgent_justification = models.TextField(_("why it is urgent"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    decision_deadline = models.DateField(
        _("decision deadline"), null=True, blank=True, help_text=_("Urgent requests only.")
    )
    approved_amount = models.DecimalField(_("approved amount (EUR)"), **MONEY, null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Hides partners and places on public pages and exports.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    form_token = models.UUIDField(
        _("form token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The one-time token of the form that created it: a repeated POST finds this proposal."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="fund_proposal_status"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="fund_proposal_dates_order",
            ),
            models.CheckConstraint(condition=Q(co_funding__gte=0), name="fund_proposal_cofunding_positive"),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="fund_proposal_requested_positive",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="fund_proposal_approved_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "mission"]),
            # The public list's order: its first page is read from the index, not sorted afresh.
            models.Index(fields=["-decided_at", "reference"], name="fund_proposal_public_order"),
            # The admin's change list (newest first) and the staff's proposal list (last updated first).
            models.Index(fields=["-created_at", "-id"], name="fund_proposal_admin_order"),
            models.Index(fields=["-updated_at", "-id"], name="fund_proposal_updated_order"),
            # An officer's list (their mission's proposals, last updated first): any page read from the index.
            models.Index(fields=["mission", "-updated_at", "-id"], name="fund_proposal_mission_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("fund:proposal_detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("fund:project_detail", kwargs={"reference": self.reference})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def budget_total(self) -> Decimal:
        """Computed on the server from the stored lines, never taken from a form."""
        return sum((line.total for line in self.budget_lines.all()), Decimal("0"))


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_cost = models.DecimalField(_("unit cost (EUR)"), **MONEY, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=BudgetCategory.values), name="fund_budget_category"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="fund_budget_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="fund_budget_unit_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"

    @property
    def total(self) -> Decimal:
        return ((self.quantity or Decimal("0")) * (self.unit_cost or Decimal("0"))).quantize(Decimal("0.01"))


def attachment_path(instance, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        storage=private_storage,
        validators=[FileCheck(max_size=20 * MB)],
        help_text=_("PDF, DOCX, XLSX, PPTX or ODT, up to 20 MB."),
    )
    content_type = models.CharField(_("content type"), max_length=120, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fund:attachment_download", kwargs={"pk": self.proposal_id, "attachment": self.pk})


class ProposalVersion(models.Model):
    """What the mission sent at each submission: a JSON snapshot of the proposal and its budget."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="fund_version_unique")]

    def __str__(self) -> str:
        return f"{self.proposal.reference} v{self.number}"


class ProposalEventQuerySet(models.QuerySet):
    def for_user(self, user):
        """Missions see only the events meant for them; staff see all."""
        return self if roles.is_staff_member(user) else self.filter(internal=False)


class ProposalEvent(models.Model):
    """One row per transition and per notable act on a proposal: who, when, from, to, note."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    internal = models.BooleanField(_("internal"), default=False, help_text=_("Hidden from the mission."))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    history = HistoricalRecords()

    objects = ProposalEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    def __str__(self) -> str:
        return f"{self.proposal.reference}: {self.action}"

    @property
    def action_label(self) -> str:
        from ..workflow import Action

        labels = {
            **dict(Action.choices),
            "create": _("Draft created"),
            "review": _("Review"),
            "review_updated": _("Review updated"),
            "recused": _("Reviewer recused"),
            "evaluation": _("Evaluation recorded"),
            "sensitive": _("Marked sensitive"),
            "not_sensitive": _("No longer sensitive"),
            "interim_report_submitted": _("Interim report submitted"),
            "final_report_submitted": _("Final report submitted"),
            "interim_report_accepted": _("Interim report accepted"),
            "final_report_accepted": _("Final report accepted"),
            "interim_report_changes_requested": _("Changes requested to the interim report"),
            "final_report_changes_requested": _("Changes requested to the final report"),
        }
        return str(labels.get(self.action, self.action))


class MessageQuerySet(models.QuerySet):
    def for_user(self, user):
        """Internal staff notes never reach the mission."""
        return self if roles.is_staff_member(user) else self.filter(internal=False)


class Message(models.Model):
    """The consultation thread between the fund's staff and the mission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Staff only; the mission never sees it.")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.proposal.reference}: {self.body[:40]}"
