"""Who may do what with events. Each predicate states its rule; views enforce them and services
repeat the rules that protect personal data. A registration that is not the user's own answers 404."""

import secrets

from clearinghouse import roles

from .choices import EventKind, RegistrationStatus


def can_manage_events(user) -> bool:
    """Curators (and superusers) run events: registrations, attendance, status, feedback results."""
    return roles.is_curator(user)


def can_register(user) -> bool:
    """Anyone may register, with an account or as a guest; office staff and officers too."""
    return True


def can_view_registration(user, registration, *, key: str = "") -> bool:
    """The person registered (their account, or the holder of their private link) and events staff."""
    if can_manage_events(user):
        return True
    if key and secrets.compare_digest(str(key), registration.key):
        return True
    return registration.user_id is not None and registration.user_id == getattr(user, "pk", None)


def can_change_registration(registration) -> bool:
    """Details may be changed while the registration still holds or waits for a place and the event
    has not taken place."""
    return (
        not registration.is_erased
        and registration.status
        in (RegistrationStatus.PENDING, RegistrationStatus.WAIT_LISTED, RegistrationStatus.ACCEPTED)
        and not registration.event.is_over
        and not registration.event.is_cancelled
    )


def can_withdraw_registration(registration) -> bool:
    """A place held or awaited can be given up until the event takes place (or is cancelled)."""
    return can_change_registration(registration)


def can_erase_registration(registration) -> bool:
    """A participant erases their data once the event is over, cancelled, or their registration
    no longer holds a place (before that, they withdraw)."""
    if registration.is_erased:
        return False
    event = registration.event
    return (
        event.is_over
        or event.is_cancelled
        or registration.status in (RegistrationStatus.DECLINED, RegistrationStatus.WITHDRAWN)
    )


def can_give_feedback(registration) -> bool:
    """Attendees give feedback once, after the event."""
    return (
        registration.attended is True
        and registration.event.is_over
        and not registration.is_erased
        and not hasattr(registration, "feedback")
    )


def can_download_certificate(registration) -> bool:
    """Attendees of a training course get a certificate once the training is held."""
    return (
        registration.attended is True
        and registration.event.kind == EventKind.TRAINING
        and registration.event.is_over
        and not registration.is_erased
    )


def can_invite_to_roster(user, event) -> bool:
    """Curators invite the attendees of a qualifying training, once it is held."""
    return can_manage_events(user) and event.invites_to_roster and event.is_over
