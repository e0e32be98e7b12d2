import pytest


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run inline in tests."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _library_media(media_root):
    return media_root
