"""The staff's CSV of an event's registrations: the columns staff need, cells a spreadsheet cannot run
as formulas, erased participants marked erased, curators only, never kept in a cache."""

import csv
import io

import pytest

from clearinghouse.models import Country
from events.choices import EventStatus, RegistrationStatus
from events.services.registration import erase_personal_data
from tests.events.factories import make_event, make_registration

pytestmark = pytest.mark.django_db
R = RegistrationStatus
URL = "/events/csv-training/manage/registrations.csv"


@pytest.fixture
def event():
    event = make_event(slug="csv-training", status=EventStatus.HELD, days=-3)
    make_registration(
        event,
        name="Ana Testova",
        email="ana@example.org",
        organisation_name='=HYPERLINK("http://evil.example")',
        position="Journalist",
        country=Country.objects.get(iso2="MD"),
        status=R.ACCEPTED,
        attended=True,
    )
    make_registration(event, name="Boris Waiting", email="boris@example.org", status=R.WAIT_LISTED)
    gone = make_registration(event, name="Erased Person", email="erased@example.org", status=R.ACCEPTED)
    erase_personal_data(event.registrations.filter(pk=gone.pk))
    make_registration(make_event(slug="other"), name="Other Event Person")
    return event


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_curator_downloads_the_registrations(client, curator, event):
    client.force_login(curator)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    table = rows(response)
    assert table[0] == [
        "Full name",
        "Organisation",
        "Role or position",
        "Country",
        "E-mail",
        "Status",
        "Attended",
        "Registered at (UTC)",
    ]
    ana, boris, erased = table[1:]
    assert ana[:7] == [
        "Ana Testova",
        '\'=HYPERLINK("http://evil.example")',
        "Journalist",
        "Moldova",
        "ana@example.org",
        "Accepted",
        "yes",
    ]
    assert ana[7].startswith("2026-11-18 ")
    assert boris[0] == "Boris Waiting" and boris[5] == "On the wait list" and boris[6] == ""
    assert erased[:6] == ["(erased)", "", "", "", "", "Accepted"]
    assert "Other Event Person" not in response.content.decode()


@pytest.mark.parametrize("role", ["officer_a", "expert_user", "participant", "reviewer", "assessor"])
def test_other_roles_are_refused(client, event, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 403 and b"Ana Testova" not in response.content


def test_anonymous_visitors_sign_in_first(client, event):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_in_russian(client, curator, event):
    client.force_login(curator)
    header = rows(client.get("/ru" + URL))[0]
    assert header[0] == "Полное имя" and header[4] == "Эл. почта"
