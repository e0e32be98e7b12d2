"""The list of proposals for fund users (a mission's officers and the fund's staff).

Every signed-in fund user opens it often, and no cache stands in front of signed-in pages, so its
rows are cheap: one query reads only the columns shown (no model instances, none of the long texts);
each row's link (one reverse() for the page), status label and mission name are worked out in
Python; and the rendered rows are kept (FUND_LIST_ROWS_CACHE_SECONDS) under a digest of exactly the
values they show, the language and the time zone, so the template runs only for rows not seen yet. The rows are read from the database on
every request, so a kept copy is only ever used for the same data: any change, by save() or by a bulk
update, gives another key. Viewers with the same rows share a copy; a viewer gets only rows their own
query returned.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from clearinghouse.addresses import addresses
from clearinghouse.translation import in_interface_language

from ..choices import ProposalStatus
from ..models import Proposal, Report
from ..permissions import can_create_proposal
from ..work_queue import OPEN_ROUND, in_open_round, reviewed
from .access import fund_user_required

PAGE_SIZE = 50
COLUMNS = ("pk", "reference", "title", "urgent", "status", "requested_amount", "updated_at")
SHOWN = (*COLUMNS, "mission__name", "mission__name_ru")
ROWS_TEMPLATE = "fund/_proposal_rows.html"


def proposal_rows(values: list[dict]) -> list[dict]:
    """The rows of one page (the SHOWN values of each proposal) as the rows template shows them."""
    link = addresses("fund:proposal_detail", "pk")  # one reverse() for the page
    labels = {value: str(label) for value, label in ProposalStatus.choices}
    for row in values:
        row.update(
            url=link(row["pk"]),
            status_label=labels[row["status"]],
            mission=in_interface_language(row["mission__name"], row["mission__name_ru"]),
        )
    return values


def proposal_rows_html(proposals) -> str:
    """The table rows of one page of `proposals` (a queryset, ordered and sliced), rendered, or kept
    from an earlier page that showed the same values (see the module's docstring)."""
    values = list(proposals.values(*SHOWN))
    seconds = int(getattr(settings, "FUND_LIST_ROWS_CACHE_SECONDS", 0))
    if seconds <= 0:
        return render_to_string(ROWS_TEMPLATE, {"proposals": proposal_rows(values)})
    shown = repr((get_language(), timezone.get_current_timezone_name(), values))
    key = f"fund:proposal-rows:{hashlib.sha256(shown.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(ROWS_TEMPLATE, {"proposals": proposal_rows(values)})
        cache.set(key, html, seconds)
    return html


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
            "rows": proposal_rows_html(page.object_list),
            "page_obj": page,
            "reports_due": reports_due,
            "today": timezone.localdate(),
            "statuses": ProposalStatus.choices,
            "current_status": status,
            "can_create": can_create,
        },
    )
