"""Curators edit, filter, search, import and export programmes in the admin, with history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from programmes.models import Programme
from tests.admin_imports import IMMEDIATE, admin_import

pytestmark = pytest.mark.django_db


def test_curator_lists_searches_and_filters(client, curator, seeded):
    client.force_login(curator)
    response = client.get("/admin/programmes/programme/?q=Fund")
    assert response.status_code == 200
    assert "ODIHR Anti-Trafficking Project Fund" in response.content.decode()
    assert "Standard Setting" not in response.content.decode()
    response = client.get("/admin/programmes/programme/?status__exact=draft")
    assert "0 programmes" in response.content.decode()
    response = client.get("/admin/programmes/projectoutline/?q=Caucasus")
    assert "in the Caucasus" in response.content.decode()


def test_curator_edits_and_history_records_it(client, curator, seeded):
    client.force_login(curator)
    programme = Programme.objects.get(slug="odihr-anti-trafficking-project-fund")
    url = f"/admin/programmes/programme/{programme.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for name in ("themes", "regions", "countries", "partners"):
        data[name] = [str(pk) for pk in data.get(name, [])]
    data["title_ru"] = "Фонд проектов по борьбе с торговлей людьми"
    data["additional_sections"] = "[]"
    data.update({"outlines-TOTAL_FORMS": "0", "outlines-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.title_ru == "Фонд проектов по борьбе с торговлей людьми"
    latest = programme.history.first()
    assert latest.history_user == curator
    history = client.get(f"/admin/programmes/programme/{programme.pk}/history/")
    assert history.status_code == 200


def test_curator_exports_and_imports(client, curator, seeded):
    client.force_login(curator)
    response = client.post(
        "/admin/programmes/programme/export/",
        {"format": "0", "export_items": [str(p.pk) for p in Programme.objects.all()], **_all_fields()},
    )
    assert response.status_code == 200
    csv = response.content.decode()
    assert "odihr-anti-trafficking-project-fund" in csv
    edited = csv.replace("OSCE region-wide", "OSCE-wide", 1)
    upload = SimpleUploadedFile("programmes.csv", edited.encode(), content_type="text/csv")
    response, job = admin_import(client, "/admin/programmes/programme", upload, confirm=False)
    assert response.status_code == 302 and job.status == "ready" and job.updated_count >= 1
    assert Programme.objects.filter(location="OSCE-wide").count() == 0, "the preview and check write nothing"
    with override_settings(TASKS=IMMEDIATE), TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(job.get_absolute_url()).status_code == 302
    changed = Programme.objects.get(location="OSCE-wide")
    assert changed.history.first().history_user == curator


def _all_fields():
    from programmes.resources import ProgrammeResource

    return {f"programmeresource_{field}": "on" for field in ProgrammeResource().get_export_order()}


@pytest.mark.parametrize("fixture", ["officer_a", "expert_user", "reviewer"])
def test_non_curators_cannot_enter_the_admin(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/programmes/programme/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]
