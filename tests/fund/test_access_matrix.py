"""Every fund URL x every role answers as tests/fund/matrix_entries.py says, with the security headers
of the project-wide matrix; and every fund URL pattern has a row."""

import pytest

from fund.urls import urlpatterns
from tests.security.matrix import ROLES
from tests.security.test_permission_matrix import answer, header_problems, matches

from .matrix_entries import FUND_HIDDEN, FUND_MATRIX, fund_world

pytestmark = pytest.mark.django_db


def test_every_fund_pattern_has_a_row():
    assert {f"fund:{p.name}" for p in urlpatterns} == set(FUND_MATRIX)


@pytest.fixture
def users(request):
    names = {"expert": "expert_user"}
    return {
        role: None if role == "anonymous" else request.getfixturevalue(names.get(role, role))
        for role in ROLES
    }


@pytest.mark.parametrize("role", ROLES)
def test_fund_matrix(role, client, users, officer_a, curator, media_root):
    world = fund_world(officer_a, curator)
    failures = []
    for name, rule in [*FUND_MATRIX.items(), *FUND_HIDDEN]:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        url, response = answer(client, rule, world)
        expected = rule.expect[role]
        if not matches(expected, response):
            failures.append(
                f"{name} {rule.method.upper()} {url}: expected {expected}, got {response.status_code}"
            )
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            failures += [f"{name} {url}: {problem}" for problem in header_problems(response)]
    assert not failures, f"role {role}:\n" + "\n".join(failures)
