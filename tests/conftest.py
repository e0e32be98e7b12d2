from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from clearinghouse import roles
from clearinghouse.models import Organisation

from .clock import FROZEN_NOW
from .factories import MissionFactory, UserFactory


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """Every test starts at FROZEN_NOW (tests/clock.py) and the clock ticks from there; a test may move it
    with the `time_machine` fixture or marker. Browser tests keep the real clock: the browser's is real,
    and session cookies must not look expired to it."""
    if request.node.get_closest_marker("e2e"):
        return
    machine = request.getfixturevalue("time_machine")
    if machine.traveller is None:
        machine.move_to(FROZEN_NOW)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: a request to /ru/ leaves Russian active
    in the thread, which would otherwise carry over to the next test in the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    """Fast hashing; staff two-factor and rate limits off, since tests sign in with force_login and
    send many requests from one address. tests/security turns both back on where it tests them.
    Private files go to the test's own folder, never to the checkout's private/."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    settings.RATELIMIT_ENABLE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mailbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def mission_a(db):
    return Organisation.objects.get(slug="osce-mission-to-moldova")


@pytest.fixture
def mission_b(db):
    return Organisation.objects.get(slug="osce-office-in-yerevan")


@pytest.fixture
def other_mission(db):
    return MissionFactory()


@pytest.fixture
def curator(db):
    return UserFactory(username="curator", role=roles.CURATOR, is_staff=True)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role=roles.REVIEWER)


@pytest.fixture
def officer_a(db, mission_a):
    return UserFactory(username="officer-a", role=roles.OFFICER, organisation=mission_a)


@pytest.fixture
def officer_b(db, mission_b):
    return UserFactory(username="officer-b", role=roles.OFFICER, organisation=mission_b)


@pytest.fixture
def expert_user(db):
    return UserFactory(username="expert", role=roles.EXPERT)


@pytest.fixture
def participant(db):
    """A signed-in user without any role (e.g. someone who registered for an event with an account)."""
    return UserFactory(username="participant", first_name="Pia", last_name="Participant")


@pytest.fixture
def assessor(db):
    """A staff assessor (monitoring); assigned per assessment by a curator."""
    return UserFactory(username="assessor", role=roles.ASSESSOR)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


SEED = "odihr-anti-trafficking-programmes-2004-2005.md"


@pytest.fixture
def seed_path():
    """The real seed document, kept in the repository (programmes/fixtures/)."""
    path = Path(settings.BASE_DIR) / "programmes" / "fixtures" / SEED
    assert path.exists(), f"The seed document is missing at {path}"
    return path


@pytest.fixture
def seeded(db, seed_path):
    """The seed document imported, as `make run` does."""
    from programmes.services.outlines import import_document

    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
