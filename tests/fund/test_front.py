"""/fund/: the fund's front door, in both languages: who may apply and how, the preference criteria,
the current round with its deadline and days left, the urgent track, totals, the latest supported
projects and the open data."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from fund.choices import ProposalStatus
from fund.services.rounds import round_current
from tests.html import main_text, select

from .factories import advance, make_proposal, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported(officer_a, curator, funding_round):
    proposal = make_proposal(officer_a, title="Shelter hotline in Chisinau")
    return advance(proposal, ProposalStatus.APPROVED, officer=officer_a, staff=curator)


def test_front_page_shows_the_open_round_with_its_deadline_and_days_left(client, supported, funding_round):
    today = timezone.localdate()
    response = client.get("/fund/")
    assert response.status_code == 200
    text = main_text(response)
    days_left = (funding_round.closes - today).days
    assert f"Round {funding_round.title} is open for proposals until" in text
    assert funding_round.closes.strftime("%-d %B %Y") in text
    assert f"{days_left} days left" in text
    assert "Preference is given to projects that" in text
    assert "include national partners and strengthen grassroots capacities" in text
    assert "Urgent track" in text and "within 5 working days" in text
    assert "1 project in 1 countries" in text
    latest = [a.text_content() for a in select(response, "main .fund-latest a")]
    assert latest == ["Shelter hotline in Chisinau"]
    links = {a.get("href") for a in select(response, "main a")}
    assert {"/fund/projects.csv", "/fund/projects.json", "/fund/iati.xml", "/fund/projects/"} <= links


def test_front_page_in_russian(client, supported, funding_round):
    response = client.get("/ru/fund/")
    translation.activate("en")
    assert response.status_code == 200
    text = main_text(response)
    assert "Фонд проектов по борьбе с торговлей людьми" in text
    assert f"Раунд {funding_round.title} принимает предложения до" in text
    assert "Критерии предпочтения" in text


def test_without_an_open_round_the_next_one_is_announced(client, db):
    today = timezone.localdate()
    make_round(
        title="Later",
        opens=today + timedelta(days=10),
        closes=today + timedelta(days=40),
        decision_date=today + timedelta(days=50),
    )
    text = main_text(client.get("/fund/"))
    assert "The next round, Later, opens on" in text and "It opens in 10 days." in text


def test_without_any_round_the_page_says_so(client, db):
    assert "No round is open or announced at the moment." in main_text(client.get("/fund/"))


def test_current_round_is_the_open_one_else_the_next_to_open(db):
    today = timezone.localdate()
    later = make_round(
        title="Next",
        opens=today + timedelta(days=5),
        closes=today + timedelta(days=30),
        decision_date=today + timedelta(days=40),
    )
    assert round_current(today=today) == later
    open_now = make_round()
    assert round_current(today=today) == open_now
    assert round_current(today=open_now.closes + timedelta(days=1)) is None


def test_front_page_makes_a_constant_number_of_queries(
    client, officer_a, curator, funding_round, django_assert_max_num_queries
):
    for n in range(7):
        proposal = make_proposal(officer_a, title=f"Project {n}")
        advance(proposal, ProposalStatus.APPROVED, officer=officer_a, staff=curator)
    with django_assert_max_num_queries(6):
        response = client.get("/fund/")
    assert len(select(response, "main .fund-latest li")) == 5
