"""The list of proposals for fund users (a mission's officers and the fund's staff).

Every signed-in fund user opens it often, and it is rendered afresh each time (no cache in front of
signed-in pages), so its rows are cheap: one query reads only the columns shown (no model instances,
none of the long texts), and each row's link, status label, mission name and date are worked out in
Python once per page rather than by the template per row.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone

from clearinghouse.translation import in_interface_language

from ..choices import ProposalStatus
from ..models import Proposal, Report
from ..permissions import can_create_proposal
from ..work_queue import OPEN_ROUND, in_open_round, reviewed
from .access import fund_user_required

PAGE_SIZE = 50
COLUMNS = ("pk", "reference", "title", "urgent", "status", "requested_amount", "updated_at")
# Stands for a proposal's primary key in its address, reversed once per page.
_ANY_PK = 987654321


def proposal_rows(proposals) -> list[dict]:
    """The rows of one page of `proposals` (a queryset, ordered and sliced), as the template shows them."""
    link = reverse("fund:proposal_detail", kwargs={"pk": _ANY_PK}).replace(str(_ANY_PK), "{}")
    labels = {value: str(label) for value, label in ProposalStatus.choices}
    days: dict = {}
    rows = []
    for row in proposals.values(*COLUMNS, "mission__name", "mission__name_ru"):
        day = timezone.localdate(row["updated_at"])
        if day not in days:
            days[day] = dateformat.format(day, "j M Y")
        row.update(
            url=link.format(row["pk"]),
            status_label=labels[row["status"]],
            mission=in_interface_language(row["mission__name"], row["mission__name_ru"]),
            updated=days[day],
        )
        rows.append(row)
    return rows


@fund_user_required
def proposal_list(request):
    """Fund users: officers see their mission's proposals, staff every proposal (the dashboard is
    richer); filtered by ?status=, ?round=open and ?reviewed=1 (the work queue's links)."""
    proposals = Proposal.objects.visible_to(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    # The work queue's links: proposals of the open round (?round=open), reviewed ones (?reviewed=1).
    if request.GET.get("round") == OPEN_ROUND:
        proposals = in_open_round(proposals, timezone.localdate())
    if request.GET.get("reviewed") == "1":
        proposals = reviewed(proposals)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = can_create_proposal(request.user)
    reports_due = (
        Report.objects.open()
        .filter(
            proposal__status=ProposalStatus.IN_IMPLEMENTATION,
            proposal__mission_id=request.user.organisation_id,
        )
        .select_related("proposal")
        .only("kind", "due_date", "status", "proposal__reference")
        if can_create
        else Report.objects.none()
    )
    return render(
        request,
        "fund/proposal_list.html",
        {
            "proposals": proposal_rows(page.object_list),
            "page_obj": page,
            "reports_due": reports_due,
            "today": timezone.localdate(),
            "statuses": ProposalStatus.choices,
            "current_status": status,
            "can_create": can_create,
        },
    )
