import pytest

from programmes.models import Programme

from .matrix import ROLES


@pytest.fixture
def world(seeded, users, media_root, settings, tmp_path):
    from tests.events.matrix_entries import events_world
    from tests.fund.matrix_entries import fund_world
    from tests.library.matrix_entries import library_world
    from tests.monitoring.matrix_entries import monitoring_world
    from tests.portal.matrix_entries import portal_world
    from tests.roster.matrix_entries import roster_world

    settings.ROSTER_PRIVATE_ROOT = tmp_path / "private"

    programme = Programme.objects.get(slug="odihr-anti-trafficking-contact-point-programme")
    draft = Programme.objects.create(title="Unpublished plan", slug="unpublished-plan", summary="x")
    world = {"programme": programme, "outline": programme.outlines.first(), "draft_programme": draft}
    world.update(fund_world(users["officer_a"], users["curator"]))
    world.update(library_world(users["curator"]))
    world.update(portal_world(users))
    world.update(roster_world(users))
    world.update(events_world(users))
    world.update(monitoring_world(users))
    return world


@pytest.fixture
def users(request):
    return {
        role: (None if role == "anonymous" else request.getfixturevalue(fixture_name(role))) for role in ROLES
    }


def fixture_name(role: str) -> str:
    return {"expert": "expert_user"}.get(role, role)
