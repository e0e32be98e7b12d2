"""Services of the events pillar, split by sub-domain: events (status), registration (register,
change, accept / wait-list / decline / withdraw, attendance, erasure, reminders), feedback,
retention and roster invitations. Every error is a clearinghouse.errors.ServiceError."""

from clearinghouse.errors import NotPermitted, ServiceError, TransitionNotAllowed


class EventFull(ServiceError):
    """Every place is taken: put the registration on the wait list instead."""


class RegistrationClosed(ServiceError):
    """Registration for this event is not open."""


class AlreadyRegistered(ServiceError):
    """This e-mail address already holds a registration for the event."""


__all__ = [
    "AlreadyRegistered",
    "EventFull",
    "NotPermitted",
    "RegistrationClosed",
    "ServiceError",
    "TransitionNotAllowed",
]
