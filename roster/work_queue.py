"""The roster's boxes in the curator's work queue (clearinghouse.work_queue)."""

from django.utils.translation import gettext_lazy as _

from clearinghouse.work_queue import Box, admin_list, register

from .choices import ExpertStatus, RequestStatus
from .models import Expert, ExpertRequest
from .permissions import can_manage_roster


def register_boxes() -> None:
    register(
        Box(
            key="roster.vetting",
            group="roster",
            label=_("Expert applications to vet"),
            items=lambda today: Expert.objects.filter(status=ExpertStatus.APPLIED),
            url=lambda today: admin_list(Expert, status__exact=ExpertStatus.APPLIED),
            may_see=can_manage_roster,
            order=20,
        )
    )
    register(
        Box(
            key="roster.requests",
            group="roster",
            label=_("Expert requests to answer"),
            items=lambda today: ExpertRequest.objects.filter(status=RequestStatus.OPEN),
            url=lambda today: admin_list(ExpertRequest, status__exact=RequestStatus.OPEN),
            may_see=can_manage_roster,
            order=21,
        )
    )
