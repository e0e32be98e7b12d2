"""The permission matrix: every URL pattern the project resolves, with the answer each role gets.

A rule names how to build the URL from the test world's objects and the status each role expects.
`LOGIN` means a redirect to the sign-in page. Patterns under the admin site follow one rule of their
own (tests/security/test_permission_matrix.py::test_admin_urls_are_staff_only).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# `participant`: a signed-in user without any role (registered for an event with their account).
ROLES = (
    "anonymous",
    "officer_a",
    "officer_b",
    "expert",
    "reviewer",
    "curator",
    "superuser",
    "participant",
    "assessor",
)
LOGIN = "login"


@dataclass(frozen=True)
class Rule:
    url: Callable[[dict], str]
    expect: dict[str, int | str]
    method: str = "get"
    data: dict = field(default_factory=dict)


def everyone(code: int | str = 200) -> dict:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int | str = 200) -> dict:
    return {**everyone(code), "anonymous": LOGIN}


def only(*allowed: str, ok: int | str = 200, denied: int | str = 403, anonymous: int | str = LOGIN) -> dict:
    expect = {role: (ok if role in allowed else denied) for role in ROLES}
    expect["anonymous"] = ok if "anonymous" in allowed else anonymous
    return expect


def signed_in_redirect() -> dict:
    """Pages that send a signed-in user elsewhere (the sign-in page itself)."""
    return {**everyone(302), "anonymous": 200}


MATRIX: dict[str, Rule] = {
    # Site-wide and accounts
    "home": Rule(lambda w: "/", everyone()),
    "health": Rule(lambda w: "/healthz", everyone()),
    "set_language": Rule(lambda w: "/i18n/setlang/", everyone(302), method="post", data={"language": "ru"}),
    "login": Rule(lambda w: "/accounts/login/", signed_in_redirect()),
    "logout": Rule(lambda w: "/accounts/logout/", everyone(302), method="post"),
    "two_factor_verify": Rule(lambda w: "/accounts/two-factor/", {**signed_in(302), "anonymous": LOGIN}),
    "two_factor_setup": Rule(lambda w: "/accounts/two-factor/setup/", signed_in()),
    # Recovery codes need two-factor on and a verified session: without a device, to the set-up page.
    "two_factor_recovery": Rule(lambda w: "/accounts/two-factor/recovery/", signed_in(302)),
    "password_change": Rule(lambda w: "/accounts/password_change/", signed_in()),
    "password_change_done": Rule(lambda w: "/accounts/password_change/done/", signed_in()),
    "password_reset": Rule(lambda w: "/accounts/password_reset/", everyone()),
    "password_reset_done": Rule(lambda w: "/accounts/password_reset/done/", everyone()),
    "password_reset_confirm": Rule(lambda w: "/accounts/reset/MQ/bad-token/", everyone()),
    "password_reset_complete": Rule(lambda w: "/accounts/reset/done/", everyone()),
    # Country and region pages, organisations
    "country_list": Rule(lambda w: "/countries/", everyone()),
    "country_detail": Rule(lambda w: "/countries/md/", everyone()),
    "region_detail": Rule(lambda w: "/regions/caucasus/", everyone()),
    "organisation_detail": Rule(lambda w: "/directory/unicef/", everyone()),
    # Programmes: published pages public, drafts 404 for everyone on the public site
    "programmes:programme_list": Rule(lambda w: "/programmes/", everyone()),
    "programmes:programme_detail": Rule(lambda w: w["programme"].get_absolute_url(), everyone()),
    "programmes:outline_detail": Rule(lambda w: w["outline"].get_absolute_url(), everyone()),
}

# Extra rules for objects that must stay hidden: (description, rule).
HIDDEN: list[tuple[str, Rule]] = [
    ("draft programme", Rule(lambda w: f"/programmes/{w['draft_programme'].slug}/", everyone(404))),
]


# Each pillar keeps its rows beside its own tests; they join the one matrix here.
from tests.api.matrix_entries import API_HIDDEN, API_MATRIX  # noqa: E402
from tests.events.matrix_entries import EVENTS_HIDDEN, EVENTS_MATRIX  # noqa: E402
from tests.fund.matrix_entries import FUND_HIDDEN, FUND_MATRIX  # noqa: E402
from tests.library.matrix_entries import LIBRARY_HIDDEN, LIBRARY_MATRIX  # noqa: E402
from tests.monitoring.matrix_entries import MONITORING_HIDDEN, MONITORING_MATRIX  # noqa: E402
from tests.portal.matrix_entries import PORTAL_MATRIX  # noqa: E402
from tests.roster.matrix_entries import ROSTER_MATRIX  # noqa: E402

MATRIX.update(PORTAL_MATRIX)
MATRIX.update(FUND_MATRIX)
MATRIX.update(LIBRARY_MATRIX)
MATRIX.update(ROSTER_MATRIX)
MATRIX.update(EVENTS_MATRIX)
MATRIX.update(MONITORING_MATRIX)
MATRIX.update(API_MATRIX)
HIDDEN += FUND_HIDDEN + LIBRARY_HIDDEN + EVENTS_HIDDEN + MONITORING_HIDDEN + API_HIDDEN
