import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _library_media(media_root):
    return media_root


@pytest.fixture
def facet_cache(settings):
    """Facet counts (and the sidebar) kept in the cache as in production, from an empty cache."""
    settings.LIBRARY_FACET_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
