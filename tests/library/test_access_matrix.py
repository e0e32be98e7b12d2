"""Every library URL x every role answers as tests/library/matrix_entries.py says, with the security
headers of the project-wide matrix; and every library URL pattern has a row."""

import pytest

from library.urls import urlpatterns
from tests.security.matrix import ROLES
from tests.security.test_permission_matrix import answer, header_problems, matches

from .matrix_entries import LIBRARY_HIDDEN, LIBRARY_MATRIX, library_world

pytestmark = pytest.mark.django_db


def test_every_library_pattern_has_a_row():
    assert {f"library:{p.name}" for p in urlpatterns} | {"oai", "sitemap"} == set(LIBRARY_MATRIX)


@pytest.fixture
def users(request):
    names = {"expert": "expert_user"}
    return {
        role: None if role == "anonymous" else request.getfixturevalue(names.get(role, role))
        for role in ROLES
    }


@pytest.mark.parametrize("role", ROLES)
def test_library_matrix(role, client, users, curator, media_root):
    world = library_world(curator)
    failures = []
    for name, rule in [*LIBRARY_MATRIX.items(), *LIBRARY_HIDDEN]:
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
