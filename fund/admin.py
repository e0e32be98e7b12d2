from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clearinghouse.admin import HistoryImportExportAdmin, LargeListMixin, ReadOnlyInline, RecordAdmin

from .models import (
    BudgetLine,
    Decision,
    Evaluation,
    FundingRound,
    Message,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalVersion,
    Report,
    ReportSpending,
    Review,
)
from .resources import FundingRoundResource, ProposalResource
from .services.proposals import proposal_mark_sensitive


class BudgetLineInline(ReadOnlyInline, admin.TabularInline):
    """Written with the proposal by the mission (fund.services.proposals.proposal_save)."""

    model = BudgetLine


class ReportInline(ReadOnlyInline, admin.TabularInline):
    """Scheduled, submitted and reviewed by fund.services.reports."""

    model = Report
    fields = ["kind", "due_date", "status", "submitted_at", "reminder_sent_at"]


@admin.register(FundingRound)
class FundingRoundAdmin(HistoryImportExportAdmin):
    resource_classes = [FundingRoundResource]
    list_display = ["title", "opens", "closes", "decision_date", "envelope"]
    list_filter = ["opens"]
    search_fields = ["title"]
    date_hierarchy = "opens"


@admin.register(Proposal)
class ProposalAdmin(LargeListMixin, HistoryImportExportAdmin):
    """Status changes belong to the workflow pages; the admin is for curation and historic imports."""

    resource_classes = [ProposalResource]
    list_display = [
        "reference",
        "title",
        "mission",
        "status",
        "urgent",
        "sensitive",
        "requested_amount",
        "approved_amount",
    ]
    list_filter = ["status", "urgent", "sensitive", "round", "mission", "countries", "themes"]
    search_fields = ["reference", "title", "summary", "partners"]
    autocomplete_fields = ["mission", "round", "countries", "themes"]
    # The status, the dates it sets and the money decided belong to the workflow (proposal_transition).
    readonly_fields = [
        "status",
        "approved_amount",
        "submitted_at",
        "decided_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [BudgetLineInline, ReportInline]
    actions = ["mark_sensitive", "mark_not_sensitive"]

    @admin.action(description=_("Mark sensitive (hide partners and places publicly)"))
    def mark_sensitive(self, request, queryset):
        for proposal in queryset:
            proposal_mark_sensitive(proposal=proposal, user=request.user, sensitive=True)

    @admin.action(description=_("Publish partners and places again"))
    def mark_not_sensitive(self, request, queryset):
        for proposal in queryset:
            proposal_mark_sensitive(proposal=proposal, user=request.user, sensitive=False)


@admin.register(BudgetLine)
class BudgetLineAdmin(RecordAdmin):
    """Written with the proposal by the mission; read-only here."""

    list_display = ["proposal", "category", "description", "quantity", "unit_cost"]
    list_filter = ["category"]
    search_fields = ["description", "proposal__reference"]


@admin.register(ProposalAttachment)
class ProposalAttachmentAdmin(RecordAdmin):
    list_display = ["title", "proposal", "content_type", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["title", "proposal__reference"]
    exclude = ["file"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, obj):
        """A private file has no address: the link goes to the access-checked download view."""
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name.rsplit("/", 1)[-1])


@admin.register(ProposalVersion)
class ProposalVersionAdmin(RecordAdmin):
    list_display = ["proposal", "number", "submitted_by", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["proposal__reference"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(RecordAdmin):
    list_display = ["proposal", "action", "from_status", "to_status", "actor", "internal", "created_at"]
    list_filter = ["action", "to_status", "internal"]
    search_fields = ["proposal__reference", "note"]


@admin.register(Message)
class MessageAdmin(RecordAdmin):
    """The consultation thread (fund.services.proposals.message_post); read-only here."""

    list_display = ["proposal", "author", "internal", "created_at"]
    list_filter = ["internal"]
    search_fields = ["proposal__reference", "body"]


@admin.register(Review)
class ReviewAdmin(RecordAdmin):
    """A reviewer's own scores (fund.services.review.review_save): nobody else edits them."""

    list_display = ["proposal", "reviewer", "recommendation", "conflict_of_interest", "recused"]
    list_filter = ["recommendation", "conflict_of_interest", "recused"]
    search_fields = ["proposal__reference", "comment"]


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    """Recorded by the workflow with its event (proposal_transition): read-only here."""

    list_display = ["proposal", "outcome", "amount", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["proposal__reference", "reasons", "conditions"]


class SpendingInline(ReadOnlyInline, admin.TabularInline):
    model = ReportSpending
    extra = 0


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    """Reports are submitted and reviewed through fund.services.reports: read-only here."""

    list_display = ["proposal", "kind", "due_date", "status", "reminder_sent_at", "overdue_reminder_sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["proposal__reference", "narrative"]
    inlines = [SpendingInline]


@admin.register(ReportSpending)
class ReportSpendingAdmin(RecordAdmin):
    list_display = ["report", "budget_line", "amount"]
    list_filter = ["report__kind"]
    search_fields = ["report__proposal__reference", "budget_line__description"]


@admin.register(Evaluation)
class EvaluationAdmin(RecordAdmin):
    """Recorded by fund.services.reports.evaluation_record: read-only here."""

    list_display = ["proposal", "rating", "evaluated_by", "evaluated_at"]
    list_filter = ["rating"]
    search_fields = ["proposal__reference", "findings"]
