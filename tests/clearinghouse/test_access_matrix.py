"""Every site-wide URL of the clearinghouse x every role answers as matrix_entries.py says, with the
security headers of the project-wide matrix; and every pattern of clearinghouse/site_urls.py has a row."""

import pytest

from clearinghouse.site_urls import urlpatterns
from tests.security.matrix import MATRIX, ROLES
from tests.security.test_permission_matrix import answer, header_problems, matches

from .matrix_entries import CLEARINGHOUSE_HIDDEN, CLEARINGHOUSE_MATRIX, clearinghouse_world

pytestmark = pytest.mark.django_db


def test_every_site_pattern_has_a_row():
    names = {p.name for p in urlpatterns}
    assert names <= set(CLEARINGHOUSE_MATRIX) | set(MATRIX)


@pytest.fixture
def users(request):
    names = {"expert": "expert_user"}
    return {
        role: None if role == "anonymous" else request.getfixturevalue(names.get(role, role))
        for role in ROLES
    }


@pytest.mark.parametrize("role", ROLES)
def test_clearinghouse_matrix(role, client, users):
    world = clearinghouse_world(users)
    failures = []
    for name, rule in [*CLEARINGHOUSE_MATRIX.items(), *CLEARINGHOUSE_HIDDEN]:
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
