"""Vocabularies of the fund: proposal states, preference criteria, budget categories, report kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CONSULTATION = "consultation", _("In consultation")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred to the next round")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Supported projects: the only states the public and the open-data exports ever see.
PUBLIC_STATUSES = (ProposalStatus.APPROVED, ProposalStatus.IN_IMPLEMENTATION, ProposalStatus.COMPLETED)
# The mission may edit the proposal's text only in these states.
EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.REVISION_REQUESTED)
# Waiting for the fund to act: shown in the staff inbox and counted against urgent deadlines.
PENDING_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.CONSULTATION,
    ProposalStatus.REVISION_REQUESTED,
    ProposalStatus.UNDER_REVIEW,
)
REVIEWABLE_STATUSES = (ProposalStatus.CONSULTATION, ProposalStatus.UNDER_REVIEW, ProposalStatus.DEFERRED)


class Criterion(models.TextChoices):
    """The fund's published preference criteria (seed: 'Preference will be given to projects that ...')."""

    IMPACT = "impact", _("Concrete impact and short-term results")
    PARTNERS = "partners", _("National partners and grassroots capacity")
    COOPERATION = "cooperation", _("Co-operation between State and NGO actors")
    NETWORKING = "networking", _("Regional networking and project development")


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff and experts")
    TRAVEL = "travel", _("Travel")
    EVENTS = "events", _("Meetings, trainings and events")
    ASSISTANCE = "assistance", _("Direct assistance to victims")
    PUBLICATIONS = "publications", _("Publications and awareness raising")
    EQUIPMENT = "equipment", _("Equipment and supplies")
    SERVICES = "services", _("Contracted services")
    OTHER = "other", _("Other")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REVISE = "revise", _("Approve after revision")
    DEFER = "defer", _("Defer")
    REJECT = "reject", _("Reject")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim report")
    FINAL = "final", _("Final report")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


class EvaluationRating(models.TextChoices):
    HIGHLY_SATISFACTORY = "highly_satisfactory", _("Highly satisfactory")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    PARTLY = "partly", _("Partly satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")
