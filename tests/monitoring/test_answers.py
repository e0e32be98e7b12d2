"""What answers a recommendation, declared from the other side: the officers of an implementing
mission (or curators) for an inventory activity, curators for an event. Linking shrinks the country
page's list of open recommendations that nothing answers; another mission's officer cannot link."""

import pytest

from events.choices import EventStatus
from monitoring.models import Recommendation
from monitoring.services import NotPermitted, ServiceError
from monitoring.services.recommendations import (
    activity_answers_set,
    event_answers_set,
    recommendation_save,
)
from tests.events.factories import make_event
from tests.portal.helpers import make_activity

from .factories import open_assessment
from .helpers import main, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def moldova(curator, framework, assessor):
    """Moldova 2004, published with two open recommendations; a draft 2005 with one more."""
    assessment = open_assessment(curator=curator, framework=framework, assessors=[assessor])
    for text_ in ("Fund shelters for victims", "Train judges"):
        recommendation_save(
            user=assessor, assessment=assessment, text=text_, priority="high", addressee="ngo"
        )
    from .factories import answer_all, publish

    answer_all(assessment, assessor)
    published = publish(assessment, assessor, curator)
    draft = open_assessment(curator=curator, framework=framework, cycle=2005, assessors=[assessor])
    recommendation_save(user=assessor, assessment=draft, text="Draft idea", priority="low", addressee="ngo")
    return published


@pytest.fixture
def shelters(moldova):
    return Recommendation.objects.get(text="Fund shelters for victims")


@pytest.fixture
def activity(mission_a):
    activity = make_activity("Shelter network of the mission")
    activity.implementers.set([mission_a])
    return activity


def open_list(client) -> list[str]:
    section = main(client.get("/countries/md/")).xpath('.//section[@id="assessment"]')[0]
    return [text(li).split(" (")[0] for li in section.xpath('.//ul[@id="open-recommendations"]/li')]


def answers_of(client, assessment, recommendation) -> str:
    page = main(client.get(assessment.get_absolute_url()))
    return text(page.xpath(f'.//article[@id="recommendation-{recommendation.pk}"]//ul[@class="answers"]')[0])


def test_the_implementing_mission_links_its_activity_and_the_open_list_shrinks(
    client, moldova, shelters, activity, officer_a
):
    assert open_list(client) == ["Fund shelters for victims", "Train judges"]
    client.force_login(officer_a)
    url = f"/monitoring/answers/activities/{activity.pk}/"
    form = main(client.get(url))
    labels = [text(label) for label in form.xpath('.//div[@id="id_recommendations"]//label')]
    # Open recommendations of published assessments only: the draft's is not offered.
    assert labels == ["Moldova 2004: Fund shelters for victims", "Moldova 2004: Train judges"]
    response = client.post(url, {"recommendations": [shelters.pk]})
    assert response.status_code == 302
    assert list(shelters.activities.all()) == [activity]
    client.logout()
    assert open_list(client) == ["Train judges"]
    assert "Shelter network of the mission" in answers_of(client, moldova, shelters)
    page = main(client.get(activity.get_absolute_url()))
    assert text(page.xpath('.//ul[@id="answers"]')[0]).startswith("Fund shelters for victims")
    assert not page.xpath('.//a[contains(@href, "/monitoring/answers/")]')  # the public sees no link


def test_another_missions_officer_cannot_link(client, moldova, shelters, activity, officer_b):
    client.force_login(officer_b)
    url = f"/monitoring/answers/activities/{activity.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"recommendations": [shelters.pk]}).status_code == 403
    with pytest.raises(NotPermitted):
        activity_answers_set(user=officer_b, activity=activity, recommendations=[shelters])
    assert not shelters.activities.exists()
    assert open_list(client) == ["Fund shelters for victims", "Train judges"]


def test_a_draft_assessments_recommendation_cannot_be_linked(client, moldova, activity, officer_a):
    draft = Recommendation.objects.get(text="Draft idea")
    with pytest.raises(ServiceError):
        activity_answers_set(user=officer_a, activity=activity, recommendations=[draft])
    client.force_login(officer_a)
    response = client.post(f"/monitoring/answers/activities/{activity.pk}/", {"recommendations": [draft.pk]})
    errors = main(response).xpath('.//div[@id="id_recommendations"]/ancestor::div[1]//ul[@class="errorlist"]')
    assert errors and "valid choice" in text(errors[0])
    assert not draft.activities.exists()


def test_curators_link_an_event_which_answers_unless_cancelled(client, moldova, shelters, curator, officer_a):
    event = make_event(slug="nrm-conference", title="Referral conference", status=EventStatus.HELD, days=-3)
    client.force_login(officer_a)  # no organiser of it
    assert client.get(f"/monitoring/answers/events/{event.slug}/").status_code == 403
    client.force_login(curator)
    work = main(client.get("/monitoring/work/"))
    assert "Referral conference" in text(work.xpath('.//ul[@id="event-answers"]')[0])
    response = client.post(f"/monitoring/answers/events/{event.slug}/", {"recommendations": [shelters.pk]})
    assert response.status_code == 302
    client.logout()
    assert open_list(client) == ["Train judges"]
    assert "Event: Referral conference" in answers_of(client, moldova, shelters)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    assert open_list(client) == ["Fund shelters for victims", "Train judges"]
    assert "Referral conference" not in answers_of(client, moldova, shelters)


def test_unlinking_reopens_and_keeps_others(client, moldova, shelters, activity, curator):
    train = Recommendation.objects.get(text="Train judges")
    activity_answers_set(user=curator, activity=activity, recommendations=[shelters, train])
    assert open_list(client) == ["Every open recommendation is being answered."]
    event = make_event(slug="judges-training", title="Judges", status=EventStatus.PLANNED)
    event_answers_set(user=curator, event=event, recommendations=[train])
    activity_answers_set(user=curator, activity=activity, recommendations=[train])
    assert open_list(client) == ["Fund shelters for victims"]
    assert list(train.events.all()) == [event]
    client.force_login(curator)  # unticking every box on the form clears the activity's links
    assert client.post(f"/monitoring/answers/activities/{activity.pk}/", {}).status_code == 302
    assert not activity.answers_recommendations.exists()
    assert list(train.events.all()) == [event]
