import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test.utils import override_settings
from django.utils import translation
from zeal import NPlusOneError

from clearinghouse import roles
from clearinghouse.models import Organisation

from .clock import FROZEN_NOW
from .factories import MissionFactory, UserFactory

# The N+1 guard (django-zeal, installed only by requirements-dev.txt): a request fails with
# zeal.NPlusOneError when the portal's code (a view, a template, a service or model method it calls)
# loads the same relation, deferred field or `.get()` row by row at one line. Every request a test makes
# runs in its own zeal context (zeal's middleware, outermost): the test client's, the WSGI application's
# (schemathesis) and the browser tests' live server thread's alike. Outside requests a test's own code
# calls the portal's for one object after another (assertions over several users, documents), which is
# not an N+1 of the portal, so the guard is on in requests only. Allowlist only a genuine false
# positive, with the reason: in ZEAL_ALLOWLIST (model and field), ZEAL_ALLOWED_PLACES (the code it
# happens in), or `zeal.zeal_ignore([...])` around a test's narrow step.
ZEAL_ALLOWLIST = [
    # Django's own session store reads the session by key (`.get()`) when a test signs in and again
    # when it saves: one session, not one per row.
    {"model": "sessions.Session", "field": "get()"},
    # Django's content-type cache fills with one get() per model the first time a process (or a
    # test, after a flush clears it) asks for each one: the admin's change pages name several models.
    {"model": "contenttypes.ContentType", "field": "get()"},
]
# Code whose queries per row are by design: an N+1 seen while a frame of this file (and function, when
# given) is on the stack does not fail the test. Each with its reason.
ZEAL_ALLOWED_PLACES = [
    # simple-history reads a saved document's excluded fields back to write its history record: one
    # query per save() of a row (an admin action saving each selected row), the price of the history.
    ("/simple_history/models.py", None),
    # The admin's import previews every row and writes it on its own (library.resources.
    # DocumentPreviewResource, by design: the preview shows each row's values before and after);
    # `manage.py import` and the confirmed bulk path write in batches.
    ("/import_export/resources.py", "import_row"),
    # A document's workflow step locks its row (select_for_update().get()) and records its event: a
    # write per row by design; the admin's bulk action runs one per selected document.
    ("/library/services.py", "document_transition"),
    # The same for a proposal's decision: a round's batch decision moves each proposal through its
    # own transition (locked row, event, e-mail), so that one refusal stops none of the others.
    ("/fund/services/proposals.py", "proposal_transition"),
    # And for an assessment's workflow step (locked row, event), run once per selected assessment.
    ("/monitoring/services/assessments.py", "assessment_transition"),
    # Deleting documents in the admin: each deletion writes the document's own tombstone
    # (update_or_create) and history, one after the other.
    ("/library/services.py", "document_delete"),
    # A model formset checks each submitted row's id against its queryset (Django's
    # ModelChoiceField.to_python, one query per row): the few budget lines of one proposal.
    ("/django/forms/models.py", "to_python"),
]
_n_plus_one_in_threads: list[str] = []


def _where_in_our_code() -> tuple[str, int, str] | None:
    """The innermost line outside the installed libraries and this file (the one zeal blames), or None
    when an allowed place is on the stack."""
    blamed = None
    frame = sys._getframe(1)
    while frame:
        code = frame.f_code
        if any(
            code.co_filename.endswith(path) and function in (None, code.co_name)
            for path, function in ZEAL_ALLOWED_PLACES
        ):
            return None
        if blamed is None and "site-packages" not in code.co_filename and code.co_filename != __file__:
            blamed = (code.co_filename, frame.f_lineno, code.co_name)
        frame = frame.f_back
    return blamed or ("?", 0, "?")


def _fail_on_n_plus_one(sender, exception, **kwargs):
    """zeal warns (ZEAL_RAISE off) and sends this signal; raise here unless an allowed place is on the
    stack."""
    where = _where_in_our_code()
    if where is None:
        return
    filename, lineno, function = where
    error = NPlusOneError(f"{exception} at {filename}:{lineno} in {function}")
    if threading.current_thread() is not threading.main_thread():
        # The live server answers a 500 the browser test may not notice: fail the test at teardown.
        _n_plus_one_in_threads.append(str(error))
    raise error


def pytest_configure(config):
    """What zeal's AppConfig.ready() does, without adding zeal to the production settings: patch the ORM
    once per process (each xdist worker), then turn the guard on for every request handler built later."""
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch
    from zeal.signals import nplusone_detected

    initialize_app_registry()
    patch()
    nplusone_detected.connect(_fail_on_n_plus_one)
    override_settings(
        MIDDLEWARE=["zeal.middleware.zeal_middleware", *settings.MIDDLEWARE],
        ZEAL_RAISE=False,
        ZEAL_ALLOWLIST=ZEAL_ALLOWLIST,
    ).enable()


@pytest.fixture(autouse=True)
def _no_n_plus_one():
    """A request of the live server's thread that met an N+1 answered a 500: fail its test here."""
    _n_plus_one_in_threads.clear()
    yield
    if _n_plus_one_in_threads:
        pytest.fail("\n".join(_n_plus_one_in_threads), pytrace=False)


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
