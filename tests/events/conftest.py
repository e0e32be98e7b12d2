import pytest

from .factories import make_event


@pytest.fixture
def open_event(db):
    """A training in a month, registration open, two places."""
    return make_event(slug="nrm-training", title="NRM training for police")
