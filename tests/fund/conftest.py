import pytest

from .factories import make_proposal, make_round


@pytest.fixture
def funding_round(db):
    return make_round()


@pytest.fixture
def draft(officer_a, funding_round):
    """A complete draft of mission A (Moldova)."""
    return make_proposal(officer_a)
