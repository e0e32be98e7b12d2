"""The public application form does not tell who is on the roster: known and unknown addresses get
the same answer, the address is confirmed by an e-mailed link before any account or profile exists,
and a known address is told by e-mail. Issue 13, finding 5."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from clearinghouse.models import User
from roster.models import Expert

from .factories import application_post, make_expert, pdf_bytes

pytestmark = pytest.mark.django_db

KNOWN = "known.expert@example.net"


def main_text(response) -> str:
    main = html.fromstring(response.content).xpath("//main")[0]
    return re.sub(r"\s+", " ", main.text_content()).strip()


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def known(db):
    expert = make_expert("Known Expert")
    Expert.objects.filter(pk=expert.pk).update(email=KNOWN)
    return expert


def test_known_and_unknown_addresses_get_the_same_answer(
    client, known, mailbox, django_capture_on_commit_callbacks
):
    answers = []
    for address in (KNOWN, "new.person@example.net"):
        data = application_post(email=address, username=f"user-{address[:3]}")
        data["cv"] = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("roster:apply"), data)
        answers.append((response.status_code, main_text(response).replace(address, "ADDRESS")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and "inbox" in answers[0][1]
    assert Expert.objects.count() == 1 and not User.objects.filter(email="new.person@example.net").exists()
    to_known, to_new = mailbox
    assert to_known.to == [KNOWN] and "already" in to_known.body and "/roster/apply/" not in to_known.body
    assert to_new.to == ["new.person@example.net"] and "/roster/apply/" in to_new.body


def test_the_emailed_link_opens_the_form_and_creates_the_account(
    client, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster:apply"), {"email": "lia.kvaratskhelia@example.net"})
    link = link_in(mailbox[0])
    form = client.get(link)
    assert form.status_code == 200
    (email_input,) = html.fromstring(form.content).xpath("//main//input[@name='email']")
    assert email_input.get("value") == "lia.kvaratskhelia@example.net"
    assert email_input.get("disabled") is not None
    data = application_post(email="someone.else@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, data)
    assert response.status_code == 302 and response.headers["Location"] == reverse("roster:me")
    expert = Expert.objects.get()
    assert expert.email == expert.user.email == "lia.kvaratskhelia@example.net", "the confirmed address"


@pytest.mark.parametrize("token", ["not-a-token", "bGlh:1tAbcd:forged"])
def test_a_forged_or_broken_link_creates_nothing(client, token):
    response = client.get(f"/roster/apply/{token}/")
    assert response.status_code == 200 and "no longer valid" in main_text(response)
    posted = client.post(f"/roster/apply/{token}/", application_post())
    assert posted.status_code == 200 and not User.objects.exists()


def test_an_old_link_has_expired(client, mailbox, settings, django_capture_on_commit_callbacks):
    import time
    from unittest import mock

    settings.ROSTER_APPLY_LINK_DAYS = 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster:apply"), {"email": "late@example.net"})
    link = link_in(mailbox[0])
    assert "no longer valid" not in main_text(client.get(link))
    with mock.patch("time.time", return_value=time.time() + 4 * 24 * 3600):
        response = client.get(link)
    assert "no longer valid" in main_text(response)
