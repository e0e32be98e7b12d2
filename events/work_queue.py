"""The events pillar's box in the curator's work queue (clearinghouse.work_queue)."""

from django.utils.translation import gettext_lazy as _

from clearinghouse.work_queue import Box, admin_list, register

from .choices import RegistrationStatus
from .models import Registration
from .permissions import can_manage_events


def register_boxes() -> None:
    register(
        Box(
            key="events.registrations",
            group="events",
            label=_("Event registrations waiting for a decision"),
            items=lambda today: Registration.objects.filter(status=RegistrationStatus.PENDING),
            url=lambda today: admin_list(Registration, status__exact=RegistrationStatus.PENDING),
            may_see=can_manage_events,
            order=70,
        )
    )
