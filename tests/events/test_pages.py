"""Public pages (list, filters, calendar, event page, registration form) in English and Russian,
the participant's private pages and the staff page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from clearinghouse.models import Country, Theme
from events.choices import EventKind, EventStatus, RegistrationStatus
from events.models import Registration
from tests.events.factories import make_event, make_registration
from tests.events.helpers import main_text, section_text, tree
from tests.html import main, select

pytestmark = pytest.mark.django_db
R = RegistrationStatus


@pytest.fixture
def events(db):
    now = timezone.now()
    upcoming = make_event(slug="soon-meeting", title="Soon meeting", kind=EventKind.MEETING, now=now, days=10)
    later = make_event(slug="later-training", title="Later training", now=now, days=40)
    past = make_event(
        slug="old-conference",
        title="Old conference",
        kind=EventKind.CONFERENCE,
        status=EventStatus.HELD,
        now=now,
        days=-40,
    )
    cancelled = make_event(
        slug="off-workshop",
        title="Off workshop",
        kind=EventKind.WORKSHOP,
        status=EventStatus.CANCELLED,
        now=now,
        days=5,
    )
    later.country = Country.objects.get(iso2="MD")
    later.save()
    past.themes.set(Theme.objects.filter(slug="media-and-awareness"))
    return {"upcoming": upcoming, "later": later, "past": past, "cancelled": cancelled}


def titles(response, heading_id):
    return [
        " ".join(a.text_content().split())
        for a in tree(response).xpath(f"//section[@aria-labelledby='{heading_id}']//h3/a")
    ]


def test_upcoming_first_soonest_first_then_past_and_cancelled(client, events):
    response = client.get("/events/")
    assert titles(response, "upcoming-title") == ["Soon meeting", "Later training"]
    assert titles(response, "past-title") == ["Off workshop", "Old conference"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=conference", ["Old conference"]),
        ("country=MD", ["Later training"]),
        ("theme=prevention", ["Old conference"]),  # a top-level theme includes its topics
        (f"year={timezone.now().year + 5}", []),
    ],
)
def test_filters(client, events, query, expected):
    response = client.get(f"/events/?{query}")
    assert titles(response, "upcoming-title") + titles(response, "past-title") == expected


def test_a_bad_filter_shows_the_error_and_keeps_the_value(client, events):
    response = client.get("/events/?year=abc")
    assert response.status_code == 200
    assert tree(response).xpath("//input[@name='year']/@value") == ["abc"]
    assert "There is a problem" in main_text(response)


def test_the_month_calendar_works_without_javascript(client):
    make_event(
        slug="may-event",
        title="May event",
        starts_at=datetime(2026, 5, 12, 9, tzinfo=UTC),
        ends_at=datetime(2026, 5, 13, 17, tzinfo=UTC),
    )
    response = client.get("/events/calendar/?month=2026-05")
    page = tree(response)
    cells = page.xpath("//table[contains(@class,'event-calendar')]//td[.//a[normalize-space()='May event']]")
    assert [c.xpath("string(.//span[@class='day'])") for c in cells] == ["12", "13"]
    assert page.xpath("//a[@rel='prev']/@href") == ["?month=2026-04"]
    assert page.xpath("//a[@rel='next']/@href") == ["?month=2026-06"]
    assert not page.xpath("//script")
    assert client.get("/events/calendar/?month=2026-13").status_code == 200  # a bad month: this month


def test_the_event_page_counts_and_lists_organisations_that_agreed_never_names(client, events):
    event = events["later"]
    make_registration(
        event,
        name="Visible Org Person",
        status=R.ACCEPTED,
        organisation_name="Shared NGO",
        share_organisation=True,
    )
    make_registration(
        event, name="Hidden Org Person", status=R.ACCEPTED, organisation_name="Private Ministry"
    )
    make_registration(event, name="Pending Person", organisation_name="Pending NGO", share_organisation=True)
    response = client.get(event.get_absolute_url())
    participation = section_text(response, "participation-title")
    assert "2 places confirmed" in participation and "Shared NGO" in participation
    page = main_text(response)
    for secret in (
        "Private Ministry",
        "Pending NGO",
        "Visible Org Person",
        "Hidden Org Person",
        "@example.org",
    ):
        assert secret not in page


def test_russian_event_page(client, events):
    event = events["later"]
    event.title_ru = "Поздний тренинг"
    event.save()
    response = client.get(f"/ru{event.get_absolute_url()}")
    assert tree(response).xpath("string(//main//h1)") == "Поздний тренинг"
    assert "Регистрация" in main_text(response)


def test_a_guest_registers_through_the_form(client, events, mailbox):
    event = events["later"]
    url = f"/events/{event.slug}/register/"
    bad = client.post(url, {"full_name": "Guest <b>Person</b>", "email": "not-an-address"})
    assert bad.status_code == 200
    form = tree(bad)
    assert form.xpath("//input[@name='full_name']/@value") == ["Guest <b>Person</b>"]
    assert "<b>Person</b>" not in bad.content.decode().split("<main")[1].replace("&lt;b&gt;", "")
    assert not Registration.objects.exists()
    response = client.post(
        url,
        {
            "full_name": "Guest Person",
            "email": "guest@example.org",
            "consent": "on",
            "consent_version": "events-2026-1",
        },
    )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(registration.get_absolute_url())
    page = client.get(registration.get_absolute_url())
    assert "Awaiting a decision" in main_text(page)
    assert "no-store" in page["Cache-Control"]


def test_registration_form_is_not_there_when_closed(client, events):
    response = client.get(f"/events/{events['past'].slug}/register/")
    assert response.status_code == 302


def test_the_participant_changes_and_withdraws_by_link(client, events):
    registration = make_registration(events["later"], name="Link Holder", status=R.ACCEPTED)
    url = registration.get_absolute_url()
    response = client.post(url, {"full_name": "Link Holder Changed", "email": registration.email})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.full_name == "Link Holder Changed"
    client.post(f"{url}withdraw/")
    registration.refresh_from_db()
    assert registration.status == R.WITHDRAWN
    client.post(f"{url}erase/")
    registration.refresh_from_db()
    assert registration.is_erased and client.get(url).status_code == 404


def test_feedback_and_certificate_after_a_held_training(client, participant):
    event = make_event(slug="held-training", title="Held training", status=EventStatus.HELD, days=-3)
    registration = make_registration(
        event, name="Ирина Тестова", status=R.ACCEPTED, attended=True, user=participant
    )
    client.force_login(participant)
    page = client.get(registration.get_absolute_url())
    assert "Give your feedback" in main_text(page) and "certificate" in main_text(page)
    bad = client.post(f"{registration.get_absolute_url()}feedback/", {"overall": "9", "comments": "Kept"})
    assert bad.status_code == 200 and "Kept" in tree(bad).xpath("string(//textarea[@name='comments'])")
    client.post(
        f"{registration.get_absolute_url()}feedback/", {"overall": "5", "content": "4", "organisation": "4"}
    )
    assert registration.__class__.objects.get(pk=registration.pk).feedback.overall == 5
    pdf = client.get(f"{registration.get_absolute_url()}certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Ирина Тестова" in text and "Held training" in text


def test_no_certificate_for_absentees_or_conferences(client):
    conference = make_event(
        slug="held-conference", kind=EventKind.CONFERENCE, status=EventStatus.HELD, days=-3
    )
    attendee = make_registration(conference, status=R.ACCEPTED, attended=True)
    assert client.get(f"{attendee.get_absolute_url()}certificate.pdf").status_code == 404
    training = make_event(slug="held-training-2", status=EventStatus.HELD, days=-3)
    absent = make_registration(training, status=R.ACCEPTED, attended=False)
    assert client.get(f"{absent.get_absolute_url()}certificate.pdf").status_code == 404


def test_staff_decide_record_attendance_and_read_feedback(client, curator, mailbox):
    event = make_event(slug="staff-event", title="Staff event", capacity=1)
    first = make_registration(event, name="First Guest")
    second = make_registration(event, name="Second Guest")
    client.force_login(curator)
    manage = f"/events/{event.slug}/manage/"
    assert "First Guest" in section_text(client.get(manage), "registrations-title")
    client.post(f"/events/manage/registrations/{first.pk}/action/", {"action": "accept"})
    response = client.post(
        f"/events/manage/registrations/{second.pk}/action/", {"action": "accept"}, follow=True
    )
    assert "Every place is taken" in main_text(response)
    client.post(f"/events/manage/registrations/{second.pk}/action/", {"action": "wait_list"})
    client.post(f"{manage}action/", {"action": "mark_held"})
    event.refresh_from_db()
    assert event.status == EventStatus.HELD
    client.post(f"{manage}attendance/", {"attended": [str(first.pk), str(second.pk)]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attended, second.status, second.attended) == (
        R.ACCEPTED,
        True,
        R.WAIT_LISTED,
        None,
    )
    response = client.post(f"{manage}action/", {"action": "cancel", "note": ""}, follow=True)
    assert "not possible" in main_text(response)


def test_my_registrations_lists_only_mine(client, participant, expert_user):
    event = make_event(slug="mine", title="Mine event")
    make_registration(event, user=participant, name="Pia Participant")
    make_registration(event, user=expert_user, name="Other Person")
    client.force_login(participant)
    response = client.get("/events/me/")
    assert "Mine event" in main_text(response)
    client.force_login(expert_user)
    assert len(tree(client.get("/events/me/")).xpath("//main//article")) == 1


def test_country_page_lists_the_countrys_events(client, events):
    response = client.get("/countries/md/")
    assert "Later training" in section_text(response, "country-events-title")
    assert "Soon meeting" not in section_text(response, "country-events-title")


def test_list_page_costs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for n in range(15):
        event = make_event(slug=f"many-{n}", days=n - 7)
        event.themes.set(Theme.objects.all()[:2])
    with django_assert_max_num_queries(20):
        assert client.get("/events/").status_code == 200


def test_times_are_shown_in_the_events_time_zone(client):
    start = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)  # 09:00 in Kyiv (UTC+2 in March)
    event = make_event(
        slug="kyiv", starts_at=start, ends_at=start + timedelta(hours=8), time_zone="Europe/Kyiv"
    )
    response = client.get(event.get_absolute_url())
    assert "4 March 2030, 09:00" in main_text(response)


def test_manage_page_links_to_the_recommendations_the_event_answers(client, curator):
    event = make_event(slug="answering-event", title="Answering event")
    client.force_login(curator)
    links = [a.get("href") for a in select(main(client.get(f"/events/{event.slug}/manage/")), "a")]
    declare = f"/monitoring/answers/events/{event.slug}/"
    assert declare in links
    assert client.get(declare).status_code == 200
