"""The proposal journey end to end in the browser: in English, in Russian, and without JavaScript."""

import pytest

from .fund_journey import ProposalJourney, fund_people

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(live, two_factor):
    return fund_people(live.url)


def test_proposal_from_draft_to_supported_project(people, pages, a11y):
    ProposalJourney(people, pages, a11y).run()


def test_proposal_journey_in_russian(people, pages, a11y):
    ProposalJourney(people, pages, a11y, language="ru").run()


def test_proposal_journey_without_javascript(people, pages, a11y):
    ProposalJourney(people, pages, a11y, javascript=False).run()
