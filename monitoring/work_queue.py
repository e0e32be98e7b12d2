"""The monitoring pillar's box in the curator's work queue (clearinghouse.work_queue)."""

from django.utils.translation import gettext_lazy as _

from clearinghouse import roles
from clearinghouse.work_queue import Box, admin_list, register

from .choices import AssessmentStatus
from .models import Assessment


def register_boxes() -> None:
    register(
        Box(
            key="monitoring.review",
            group="monitoring",
            label=_("Country assessments in review"),
            items=lambda today: Assessment.objects.filter(status=AssessmentStatus.IN_REVIEW),
            url=lambda today: admin_list(Assessment, status__exact=AssessmentStatus.IN_REVIEW),
            may_see=roles.is_curator,
            order=60,
        )
    )
