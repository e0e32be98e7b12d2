"""Public programme pages: every section rendered, drafts hidden, filters, constant queries."""

import pytest
from django.urls import reverse

from programmes.models import Programme, ProjectOutline
from tests.html import main_text, select, texts

# The seed document holds six programmes (and their project outlines): the loops below run over them all.
SEED_PROGRAMMES = 6

pytestmark = pytest.mark.django_db


def test_home_shows_the_seed_programmes(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    programmes = Programme.objects.all()
    assert programmes.count() == SEED_PROGRAMMES
    body = main_text(response)
    for programme in programmes:
        assert programme.title in body


def test_programme_page_renders_every_section_and_outline(client, seeded):
    programmes = list(Programme.objects.all())
    assert len(programmes) == SEED_PROGRAMMES
    outlines_seen = 0
    for programme in programmes:
        response = client.get(programme.get_absolute_url())
        assert response.status_code == 200
        headings = texts(response, "main h2")
        sections = programme.sections()
        assert sections
        for label, _text in sections:
            assert str(label).capitalize() in headings
        links = {a.get("href") for a in select(response, "main a")}
        for outline in programme.outlines.all():
            assert outline.get_absolute_url() in links
            outlines_seen += 1
    assert outlines_seen == ProjectOutline.objects.count() > 0


def test_the_fund_programme_shows_its_preference_criteria(client, seeded):
    programme = Programme.objects.get(slug="odihr-anti-trafficking-project-fund")
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    assert "Preference will be given" in main_text(response)


def test_outline_page_renders_every_section(client, seeded):
    outlines = list(ProjectOutline.objects.all())
    assert outlines
    for outline in outlines:
        response = client.get(outline.get_absolute_url())
        assert response.status_code == 200
        headings = texts(response, "main h2")
        for label in ("Objectives", "Background", "Approach", "Timeframe"):
            assert label in headings
        assert " ".join(outline.scope.split()) in main_text(response)


def test_markdown_is_rendered_safely(client, seeded):
    programme = Programme.objects.first()
    programme.summary = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    programme.save()
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "<script>alert(1)</script>" in main_text(response)  # shown as text, escaped once
    assert not select(response, "main script") and not select(response, 'main a[href^="javascript:"]')
    assert "bold" in texts(response, "main strong")


def test_drafts_are_hidden(client, seeded):
    programme = Programme.objects.get(slug="odihr-anti-trafficking-contact-point-programme")
    outline = programme.outlines.first()
    programme.status = "draft"
    programme.save()
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert client.get(outline.get_absolute_url()).status_code == 404
    for url in (reverse("programmes:programme_list"), "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert programme.title not in response.content.decode()
        assert Programme.objects.published().first().title in main_text(response)


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
    assert "Enter a number" in main_text(response)


def test_list_query_count_is_constant(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/programmes/").status_code == 200
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
    assert "Программа контактного пункта" in main_text(response)
    assert select(response, "html")[0].get("lang") == "ru"


def test_country_and_region_pages(client, seeded):
    response = client.get("/countries/am/")
    assert response.status_code == 200
    assert "in the Caucasus" in main_text(response)
    countries = client.get("/countries/")
    assert countries.status_code == 200 and "Armenia" in main_text(countries)
    region = client.get("/regions/caucasus/")
    assert region.status_code == 200 and "Armenia" in main_text(region)
    assert client.get("/countries/zz/").status_code == 404
