import pytest

from programmes.models import Programme

from .matrix import ROLES


@pytest.fixture
def world(seeded):
    programme = Programme.objects.get(slug="odihr-anti-trafficking-contact-point-programme")
    draft = Programme.objects.create(title="Unpublished plan", slug="unpublished-plan", summary="x")
    return {"programme": programme, "outline": programme.outlines.first(), "draft_programme": draft}


@pytest.fixture
def users(request):
    return {
        role: (None if role == "anonymous" else request.getfixturevalue(fixture_name(role))) for role in ROLES
    }


def fixture_name(role: str) -> str:
    return {"expert": "expert_user"}.get(role, role)
