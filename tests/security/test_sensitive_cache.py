"""A project just marked sensitive: no copy of its public page made before the change outlives it, in
this process or (with a shared cache) any other. Issue 13, finding 7."""

import pytest
from django.core.cache import cache
from django.db import transaction
from lxml import html

from clearinghouse import page_cache
from fund.services.proposals import proposal_mark_sensitive
from tests.fund.factories import advance, make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def project(officer_a, curator):
    proposal = make_proposal(officer_a, title="Shelter project")
    return advance(proposal, "approved", officer=officer_a, staff=curator)


def test_a_copy_made_before_the_commit_is_dropped_after_it(
    cached, project, curator, django_capture_on_commit_callbacks
):
    """Another worker may store the page from the committed (old) rows between the save and the
    commit: the generation must move again once the change is visible to everyone."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        proposal_mark_sensitive(proposal=project, user=curator, sensitive=True)
        during = page_cache.generation()
    assert page_cache.generation() != during


def test_the_public_page_hides_the_places_at_once(
    cached, client, project, curator, django_capture_on_commit_callbacks
):
    url = project.get_public_url()
    before = html.fromstring(client.get(url).content).xpath("//main")[0].text_content()
    assert "secret-place-name" in before
    assert not getattr(client.get(url), "templates", None), "the second visit is answered from the copy"
    with django_capture_on_commit_callbacks(execute=True):
        proposal_mark_sensitive(proposal=project, user=curator, sensitive=True)
    after = html.fromstring(client.get(url).content).xpath("//main")[0].text_content()
    assert "secret-place-name" not in after and "secret-partner-name" not in after


def test_the_page_cache_is_off_by_default_for_several_workers_without_a_shared_cache():
    """Each worker would keep its own copies and generations: production keeps whole pages only
    with a shared cache, or a single worker."""
    import os
    import subprocess
    import sys

    def default_seconds(**env) -> int:
        environment = {
            **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PAGE_CACHE_SECONDS")},
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            "DJANGO_SETTINGS_MODULE": "clearinghouse.settings",
            **env,
        }
        code = "from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)"
        out = subprocess.run(
            [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
        )
        return int(out.stdout.strip())

    assert default_seconds(GUNICORN_WORKERS="4") == 0
    assert default_seconds(GUNICORN_WORKERS="1") == 60
    assert default_seconds(GUNICORN_WORKERS="4", REDIS_URL="redis://127.0.0.1:6379/0") == 60
