"""Public programme pages: every section rendered, drafts hidden, filters, constant queries."""

import pytest
from django.urls import reverse

from programmes.models import Programme, ProjectOutline

pytestmark = pytest.mark.django_db


def test_home_shows_the_seed_programmes(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for programme in Programme.objects.all():
        assert programme.title in body


def test_programme_page_renders_every_section_and_outline(client, seeded):
    for programme in Programme.objects.all():
        response = client.get(programme.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        for label, _text in programme.sections():
            assert f">{str(label).capitalize()}</h2>" in body
        assert "Preference will be given" in body or programme.slug != "odihr-anti-trafficking-project-fund"
        for outline in programme.outlines.all():
            assert outline.get_absolute_url() in body


def test_outline_page_renders_every_section(client, seeded):
    for outline in ProjectOutline.objects.all():
        response = client.get(outline.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        for label in ("Objectives", "Background", "Approach", "Timeframe"):
            assert f">{label}</h2>" in body
        assert outline.scope in body


def test_markdown_is_rendered_safely(client, seeded):
    programme = Programme.objects.first()
    programme.summary = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    programme.save()
    body = client.get(programme.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body
    assert 'href="javascript:' not in body
    assert "<strong>bold</strong>" in body


def test_drafts_are_hidden(client, seeded):
    programme = Programme.objects.get(slug="odihr-anti-trafficking-contact-point-programme")
    outline = programme.outlines.first()
    programme.status = "draft"
    programme.save()
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert client.get(outline.get_absolute_url()).status_code == 404
    assert programme.title not in client.get(reverse("programmes:programme_list")).content.decode()
    assert programme.title not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "theme=national-referral-mechanisms",
            {"anti-trafficking-commitments-technical-assistance-programme"},
        ),
        ("region=caucasus", {"odihr-anti-trafficking-contact-point-programme"}),
        ("year=2003", set()),
        ("q=journalists", {"anti-trafficking-awareness-raising-media-and-ngo-training-programme"}),
    ],
)
def test_programme_filters(client, seeded, query, expected):
    response = client.get(f"/programmes/?{query}")
    assert response.status_code == 200
    found = {p.slug for p in response.context["programmes"]}
    assert expected <= found
    if not expected:
        assert found == set()


def test_year_filter_rejects_bad_input_without_error(client, seeded):
    response = client.get("/programmes/?year=abc")
    assert response.status_code == 200
    assert "Enter a number" in response.content.decode()


def test_list_query_count_is_constant(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/programmes/")
    for n in range(30):
        Programme.objects.create(title=f"Extra {n}", slug=f"extra-{n}", status="published", summary="x")
    with django_assert_max_num_queries(8):
        response = client.get("/programmes/")
    assert len(response.context["programmes"]) == 20


def test_russian_interface_is_served_under_ru(client, seeded):
    programme = Programme.objects.first()
    programme.title_ru = "Программа контактного пункта"
    programme.save()
    response = client.get("/ru/programmes/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ru"
    assert "Программа контактного пункта" in response.content.decode()


def test_country_and_region_pages(client, seeded):
    response = client.get("/countries/am/")
    assert response.status_code == 200
    assert "in the Caucasus" in response.content.decode()
    assert client.get("/countries/").status_code == 200
    assert client.get("/regions/caucasus/").status_code == 200
    assert client.get("/countries/zz/").status_code == 404
