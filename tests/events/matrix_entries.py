"""The events pillar's rows for the project-wide permission matrix (tests/security/matrix.py).

Public pages and feeds answer everyone. A registration's private pages answer whoever holds its
link (the key in the address is the credential, as e-mailed to a guest); a wrong key answers 404 to
everyone. Staff pages answer curators only (403 to everyone else signed in). `participant` is a
signed-in user without a role who registered with their account.
"""

from events.choices import EventStatus, RegistrationStatus
from tests.security.matrix import LOGIN, Rule, everyone, only, signed_in

CURATORS = ("curator", "superuser")


def events_world(users) -> dict:
    from .factories import make_event, make_registration

    open_event = make_event(slug="matrix-meeting", title="Matrix meeting", kind="meeting")
    held = make_event(
        slug="matrix-training",
        title="Matrix training",
        status=EventStatus.HELD,
        days=-5,
        invites_to_roster=True,
    )
    registration = make_registration(
        held,
        name="Matrix Participant",
        status=RegistrationStatus.ACCEPTED,
        attended=True,
        user=users["participant"],
        share_organisation=True,
        organisation_name="Matrix NGO",
    )
    # Holds a place at an upcoming event: erasing is refused (withdraw first), nothing changes.
    holding = make_registration(open_event, name="Matrix Holder", status=RegistrationStatus.ACCEPTED)
    return {
        "events_open": open_event,
        "events_held": held,
        "events_registration": registration,
        "events_holding": holding,
    }


def key_url(suffix=""):
    return lambda w: f"/events/registrations/{w['events_registration'].key}/{suffix}"


EVENTS_MATRIX: dict[str, Rule] = {
    # Public pages and feeds
    "events:event_list": Rule(lambda w: "/events/", everyone()),
    "events:calendar": Rule(lambda w: "/events/calendar/?month=2026-05", everyone()),
    "events:feed_ics": Rule(lambda w: "/events/feed.ics", everyone()),
    "events:feed_atom": Rule(lambda w: "/events/feed.atom", everyone()),
    "events:event_detail": Rule(lambda w: w["events_held"].get_absolute_url(), everyone()),
    "events:event_ics": Rule(lambda w: f"/events/{w['events_held'].slug}/calendar.ics", everyone()),
    "events:register": Rule(lambda w: f"/events/{w['events_open'].slug}/register/", everyone()),
    # The participant's own pages: whoever holds the private link
    "events:my_registrations": Rule(lambda w: "/events/me/", signed_in()),
    "events:registration": Rule(key_url(), everyone()),
    "events:feedback": Rule(key_url("feedback/"), everyone()),
    "events:certificate": Rule(key_url("certificate.pdf"), everyone()),
    # The event is held: withdrawing is refused with a message (302), nothing changes.
    "events:registration_withdraw": Rule(key_url("withdraw/"), everyone(302), method="post"),
    "events:registration_erase": Rule(
        lambda w: f"/events/registrations/{w['events_holding'].key}/erase/", everyone(302), method="post"
    ),
    # Staff (curators)
    "events:event_create": Rule(lambda w: "/events/new/", only(*CURATORS)),
    "events:event_edit": Rule(lambda w: f"/events/{w['events_held'].slug}/manage/edit/", only(*CURATORS)),
    "events:registrations_csv": Rule(
        lambda w: f"/events/{w['events_held'].slug}/manage/registrations.csv", only(*CURATORS)
    ),
    "events:manage": Rule(lambda w: f"/events/{w['events_held'].slug}/manage/", only(*CURATORS)),
    "events:event_action": Rule(
        lambda w: f"/events/{w['events_held'].slug}/manage/action/",
        only(*CURATORS, ok=302),
        method="post",
        data={"action": "no-such-action"},
    ),
    "events:registration_action": Rule(
        lambda w: f"/events/manage/registrations/{w['events_registration'].pk}/action/",
        only(*CURATORS, ok=302),
        method="post",
        data={"action": "no-such-action"},
    ),
    "events:attendance": Rule(
        lambda w: f"/events/{w['events_held'].slug}/manage/attendance/",
        only(*CURATORS, ok=302),
        method="post",
        data={"attended": ["not-a-number"]},
    ),
    "events:roster_invite": Rule(
        lambda w: f"/events/{w['events_open'].slug}/manage/roster-invitations/",
        only(*CURATORS, ok=302),
        method="post",
    ),
}

EVENTS_HIDDEN: list[tuple[str, Rule]] = [
    ("registration with a wrong key", Rule(lambda w: "/events/registrations/not-the-key/", everyone(404))),
    (
        "certificate with a wrong key",
        Rule(lambda w: "/events/registrations/not-the-key/certificate.pdf", everyone(404)),
    ),
    (
        "manage a missing event",
        Rule(lambda w: "/events/no-such-event/manage/", {**only(*CURATORS, ok=404), "anonymous": LOGIN}),
    ),
    (
        "edit a missing event",
        Rule(lambda w: "/events/no-such-event/manage/edit/", {**only(*CURATORS, ok=404), "anonymous": LOGIN}),
    ),
    (
        "registrations CSV of a missing event",
        Rule(
            lambda w: "/events/no-such-event/manage/registrations.csv",
            {**only(*CURATORS, ok=404), "anonymous": LOGIN},
        ),
    ),
    (
        "register for a held event",
        Rule(lambda w: f"/events/{w['events_held'].slug}/register/", everyone(302)),
    ),
]
