import pytest


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """CVs go to a temporary private directory in every roster test."""
    settings.ROSTER_PRIVATE_ROOT = tmp_path / "private"
    return settings.ROSTER_PRIVATE_ROOT
