import pytest

from .factories import make_assessor, make_framework, open_assessment


@pytest.fixture
def framework(curator):
    return make_framework(publish_as=curator, version="2004")


@pytest.fixture
def other_assessor(db):
    return make_assessor(username="assessor-b")


@pytest.fixture
def draft_assessment(curator, framework, assessor, reviewer_user):
    return open_assessment(curator=curator, framework=framework, assessors=[assessor], reviewer=reviewer_user)


@pytest.fixture
def reviewer_user(db):
    """The assessment's reviewer: a staff assessor who reviews this one."""
    return make_assessor(username="assessment-reviewer")
