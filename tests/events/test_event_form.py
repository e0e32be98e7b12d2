"""The curators' form for an event's details: /events/new/ and /events/<slug>/manage/edit/. Every field
of the model, times in the event's own time zone, clear errors that keep what was typed, the service
as the only writer (a new event starts planned), other roles refused."""

from datetime import UTC, datetime

import pytest

from clearinghouse.errors import NotPermitted, ServiceError
from clearinghouse.models import Country, Theme
from events.choices import EventStatus, RegistrationStatus
from events.models import Event, EventLog
from events.services.events import event_create, event_update
from tests.events.factories import make_event, make_registration
from tests.events.helpers import main_text, tree
from tests.factories import OrganisationFactory
from tests.library.factories import DocumentFactory

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def form_data(**changes) -> dict:
    data = {
        "kind": "training",
        "title": "Media training in Skopje",
        "title_ru": "Тренинг для СМИ в Скопье",
        "summary": "Reporting on trafficking without harming victims.",
        "summary_ru": "Как писать о торговле людьми, не причиняя вреда жертвам.",
        "audience": "Journalists and editors",
        "time_zone": "Europe/Skopje",
        "starts_at": "2027-03-10T09:30",
        "ends_at": "2027-03-11T17:00",
        "venue": "Hotel Continental",
        "city": "Skopje",
        "country": str(Country.objects.get(iso2="MK").pk),
        "countries": [str(Country.objects.get(iso2=c).pk) for c in ("MK", "AL")],
        "themes": [str(Theme.objects.get(slug="media-and-awareness").pk)],
        "working_languages": "English, Macedonian",
        "capacity": "25",
        "registration_opens": "2027-01-15T00:00",
        "registration_closes": "2027-03-01T23:59",
        "invites_to_roster": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def organisations():
    return OrganisationFactory(name="Skopje Training Office"), OrganisationFactory(
        name="Balkan Press Council"
    )


def test_curator_creates_an_event_with_every_field(client, curator, organisations):
    organiser, partner = organisations
    agenda = DocumentFactory(title="Training agenda")
    report = DocumentFactory(title="Training report")
    client.force_login(curator)
    page = client.get("/events/new/")
    assert page.status_code == 200
    labels = {" ".join(label.text_content().split()) for label in tree(page).xpath("//form//label")}
    assert {"Title *", "Title in Russian", "Starts *", "Time zone *", "Places"} <= labels
    response = client.post(
        "/events/new/",
        form_data(
            slug="media-training-skopje",
            organisers=[str(organiser.pk)],
            partners=[str(partner.pk)],
            materials=[str(agenda.pk)],
            report=str(report.pk),
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/events/media-training-skopje/manage/"
    event = Event.objects.get(slug="media-training-skopje")
    assert event.status == EventStatus.PLANNED
    # 09:30 in Skopje in March (UTC+1) is 08:30 UTC; 17:00 is 16:00 UTC.
    assert event.starts_at == datetime(2027, 3, 10, 8, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2027, 3, 11, 16, 0, tzinfo=UTC)
    assert event.registration_closes == datetime(2027, 3, 1, 22, 59, tzinfo=UTC)
    assert event.time_zone == "Europe/Skopje" and event.title_ru == "Тренинг для СМИ в Скопье"
    assert (event.capacity, event.city, event.country.iso2, event.invites_to_roster) == (
        25,
        "Skopje",
        "MK",
        True,
    )
    assert sorted(event.countries.values_list("iso2", flat=True)) == ["AL", "MK"]
    assert list(event.themes.values_list("slug", flat=True)) == ["media-and-awareness"]
    assert list(event.organisers.all()) == [organiser] and list(event.partners.all()) == [partner]
    assert list(event.materials.all()) == [agenda] and event.report == report
    log = EventLog.objects.get(event=event)
    assert (log.action, log.to_status, log.actor) == ("create", EventStatus.PLANNED, curator)
    assert event.history.first().history_user == curator
    public = client.get("/events/media-training-skopje/")
    assert "Media training in Skopje" in main_text(public)


def test_the_address_is_made_from_the_title_when_left_empty(client, curator):
    client.force_login(curator)
    client.post("/events/new/", form_data(title="Annual meeting"))
    client.post("/events/new/", form_data(title="Annual meeting"))
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["annual-meeting", "annual-meeting-2"]


def test_bad_input_shows_clear_errors_and_keeps_what_was_typed(client, curator):
    make_event(slug="taken")
    client.force_login(curator)
    response = client.post(
        "/events/new/",
        form_data(
            slug="taken",
            title="Kept <title>",
            starts_at="2027-03-11T09:00",
            ends_at="2027-03-10T09:00",
            registration_opens="2027-03-05T00:00",
            registration_closes="2027-03-01T00:00",
            capacity="0",
            city="",
            time_zone="Mars/Olympus",
        ),
    )
    assert response.status_code == 200
    assert not Event.objects.filter(title="Kept <title>").exists()
    summary = " ".join(tree(response).xpath("//div[@id='error-summary']")[0].text_content().split())
    assert "There is a problem" in summary
    assert "Time zone: Select a valid choice." in summary
    assert "Places: Ensure this value is greater than or equal to 1." in summary
    assert "Give the city, or mark the event as online." in summary
    page = tree(response)
    assert page.xpath("//input[@name='title']/@value") == ["Kept <title>"]
    assert page.xpath("//input[@name='starts_at']/@value") == ["2027-03-11T09:00"]
    assert page.xpath("//a[@href='#id_capacity']")


def test_dates_in_the_wrong_order_and_a_taken_address(client, curator):
    make_event(slug="taken")
    client.force_login(curator)
    response = client.post(
        "/events/new/",
        form_data(
            slug="taken",
            starts_at="2027-03-11T09:00",
            ends_at="2027-03-10T09:00",
            registration_opens="2027-03-05T00:00",
            registration_closes="2027-03-01T00:00",
        ),
    )
    summary = " ".join(tree(response).xpath("//div[@id='error-summary']")[0].text_content().split())
    assert "Ends: The event ends before it starts." in summary
    assert "Registration closes: Registration closes before it opens." in summary
    response = client.post("/events/new/", form_data(slug="taken"))
    summary = " ".join(tree(response).xpath("//div[@id='error-summary']")[0].text_content().split())
    assert "Address: An event with this address already exists." in summary
    response = client.post("/events/new/", form_data(slug="calendar"))
    assert "This address is used by a page of the site" in main_text(response)
    assert Event.objects.count() == 1


def test_online_events_need_no_place_but_others_do(client, curator):
    client.force_login(curator)
    response = client.post("/events/new/", form_data(city="", country="", venue=""))
    assert "Give the country, or mark the event as online." in main_text(response)
    response = client.post(
        "/events/new/", form_data(slug="webinar", kind="online", online="on", city="", country="", venue="")
    )
    assert response.status_code == 302
    assert Event.objects.get(slug="webinar").place == "Online"


@pytest.mark.parametrize("value", ["not a date", "0001-01-01T00:00", "99999-01-01T00:00", "2027-13-40T25:61"])
def test_impossible_dates_are_errors_not_crashes(client, curator, value):
    client.force_login(curator)
    response = client.post("/events/new/", form_data(starts_at=value, time_zone="Pacific/Kiritimati"))
    assert response.status_code == 200 and not Event.objects.exists()
    assert tree(response).xpath("//a[@href='#id_starts_at']")


def test_edit_shows_local_times_and_keeps_the_address_and_status(client, curator):
    event = make_event(slug="vienna-meeting", title="Vienna meeting", status=EventStatus.REGISTRATION_OPEN)
    Event.objects.filter(pk=event.pk).update(
        starts_at=datetime(2027, 6, 1, 7, 0, tzinfo=UTC), ends_at=datetime(2027, 6, 1, 15, 0, tzinfo=UTC)
    )
    client.force_login(curator)
    page = tree(client.get("/events/vienna-meeting/manage/edit/"))
    assert page.xpath("//input[@name='starts_at']/@value") == ["2027-06-01T09:00"]  # Vienna, summer: UTC+2
    assert not page.xpath("//input[@name='slug']")
    response = client.post(
        "/events/vienna-meeting/manage/edit/",
        form_data(
            title="Vienna meeting, revised",
            time_zone="Europe/Vienna",
            starts_at="2027-06-01T10:00",
            ends_at="2027-06-01T18:00",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Vienna meeting, revised" and event.slug == "vienna-meeting"
    assert event.status == EventStatus.REGISTRATION_OPEN
    assert event.starts_at == datetime(2027, 6, 1, 8, 0, tzinfo=UTC)


def test_more_places_move_the_wait_list_up_and_fewer_than_accepted_are_refused(curator, mailbox):
    event = make_event(slug="small", capacity=1)
    make_registration(event, name="First Person", status=R.ACCEPTED)
    waiting = make_registration(event, name="Second Person", status=R.WAIT_LISTED)
    with pytest.raises(ServiceError) as refused:
        event_update(user=curator, event=event, fields={"capacity": 0}, relations={})
    assert refused.value.field == "capacity"
    event_update(user=curator, event=event, fields={"capacity": 2}, relations={})
    waiting.refresh_from_db()
    assert waiting.status == R.ACCEPTED and event.capacity == 2


def test_the_service_refuses_other_roles(officer_a, expert_user, participant):
    for user in (officer_a, expert_user, participant, None):
        with pytest.raises(NotPermitted):
            event_create(user=user, fields={"title": "Sneaky"}, relations={})
    event = make_event(slug="kept")
    with pytest.raises(NotPermitted):
        event_update(user=officer_a, event=event, fields={"title": "Changed"}, relations={})
    event.refresh_from_db()
    assert event.title != "Changed" and not Event.objects.filter(title="Sneaky").exists()


def test_other_roles_cannot_post_the_forms(client, officer_a, expert_user, participant):
    event = make_event(slug="kept", title="Kept title")
    for user in (officer_a, expert_user, participant):
        client.force_login(user)
        assert client.post("/events/new/", form_data(slug="sneaky")).status_code == 403
        assert client.post("/events/kept/manage/edit/", form_data(title="Changed")).status_code == 403
    client.logout()
    assert client.post("/events/new/", form_data(slug="sneaky")).status_code == 302
    assert not Event.objects.filter(slug="sneaky").exists()
    event.refresh_from_db()
    assert event.title == "Kept title"


def test_the_form_in_russian(client, curator):
    client.force_login(curator)
    response = client.get("/ru/events/new/")
    assert "Новое мероприятие" in tree(response).xpath("//h1")[0].text_content()
    labels = " ".join(tree(response).xpath("//form//label/text()"))
    assert "Часовой пояс" in labels and "Начало" in labels
