"""The fund's boxes in the work queue (clearinghouse.work_queue): proposals of the open round
waiting for consultation, review or a decision (the fund's staff list, which reviewers can open
too), and implementation reports due within a month or overdue (the admin)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clearinghouse import roles
from clearinghouse.work_queue import Box, admin_list, register

from .choices import ProposalStatus, ReportStatus
from .models import Proposal, Report, Review
from .permissions import can_decide

REPORTS_DUE_WITHIN_DAYS = 30
OPEN_ROUND = "open"


def in_open_round(queryset, today):
    """Proposals of the round whose submission window holds `today`."""
    return queryset.filter(round__opens__lte=today, round__closes__gte=today)


def reviewed(queryset):
    """Proposals with at least one review that counts (not recused)."""
    return queryset.filter(Exists(Review.objects.filter(proposal=OuterRef("pk"), recused=False)))


def _staff_list(**params) -> str:
    return f"{reverse('fund:proposal_list')}?{urlencode({**params, 'round': OPEN_ROUND})}"


def _waiting(status, today):
    return in_open_round(Proposal.objects.filter(status=status), today)


def register_boxes() -> None:
    register(
        Box(
            key="fund.consultation",
            group="fund",
            label=_("Proposals awaiting consultation (open round)"),
            items=lambda today: _waiting(ProposalStatus.SUBMITTED, today),
            url=lambda today: _staff_list(status=ProposalStatus.SUBMITTED),
            may_see=can_decide,
            order=30,
        )
    )
    register(
        Box(
            key="fund.review",
            group="fund",
            label=_("Proposals awaiting review (open round)"),
            items=lambda today: _waiting(ProposalStatus.UNDER_REVIEW, today),
            url=lambda today: _staff_list(status=ProposalStatus.UNDER_REVIEW),
            may_see=roles.is_staff_member,
            order=31,
        )
    )
    register(
        Box(
            key="fund.decision",
            group="fund",
            label=_("Reviewed proposals awaiting a decision (open round)"),
            items=lambda today: reviewed(_waiting(ProposalStatus.UNDER_REVIEW, today)),
            url=lambda today: _staff_list(status=ProposalStatus.UNDER_REVIEW, reviewed=1),
            may_see=can_decide,
            order=32,
        )
    )
    register(
        Box(
            key="fund.reports",
            group="fund",
            label=_("Implementation reports due within a month or overdue"),
            items=lambda today: Report.objects.open().filter(
                due_date__lte=today + timedelta(days=REPORTS_DUE_WITHIN_DAYS)
            ),
            url=lambda today: admin_list(
                Report,
                status__in=f"{ReportStatus.DUE},{ReportStatus.CHANGES_REQUESTED}",
                due_date__lte=(today + timedelta(days=REPORTS_DUE_WITHIN_DAYS)).isoformat(),
            ),
            may_see=roles.is_curator,
            order=40,
        )
    )
