"""Public pages read a constant, small number of queries: each section of the country page is one
query, and what two sections share (every country, the outlines, the organisations) is read once;
the monitoring section takes two (see monitoring.queries.country_summary), the gap list it replaces
none."""

from io import StringIO

import pytest

from clearinghouse import roles
from clearinghouse.models import ContactVisibility, Country, Region, Theme
from monitoring.choices import Level
from monitoring.services.recommendations import recommendation_save
from programmes.models import ProjectOutline
from tests.events.factories import make_event
from tests.factories import UserFactory
from tests.html import select, texts
from tests.library.factories import DocumentFactory
from tests.monitoring.factories import answer_all, make_assessor, make_framework, open_assessment, publish

from .helpers import make_activity, make_contact, make_org, make_supported_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded):
    from clearinghouse import demo as accounts_demo
    from fund import demo as fund_demo
    from library import demo as library_demo
    from programmes import demo as programmes_demo

    for module in (accounts_demo, programmes_demo, library_demo, fund_demo):
        module.load(StringIO())


def _count(client, path, django_assert_max_num_queries, most=10):
    with django_assert_max_num_queries(most) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_country_page_within_ten_queries_whatever_the_number_of_rows(
    client, demo, mission_a, django_assert_max_num_queries
):
    before = _count(client, "/countries/md/", django_assert_max_num_queries)
    for n in range(4):
        make_activity(f"More shelters {n}")
        org = make_org(f"Partner {n}")
        make_contact(org, f"Public Person {n}", ContactVisibility.PUBLIC)
        make_supported_project(mission_a, f"More support {n}", reference=f"ATPF-Q-{n}")
    assert _count(client, "/countries/md/", django_assert_max_num_queries) == before
    assert "Public Person 3" in " ".join(texts(client.get("/countries/md/"), "main"))


def _assess(framework, cycle, *, curator, assessor, recommendations=(), level=Level.PARTLY):
    """Moldova's published assessment of `cycle`: every finding answered, with `recommendations`."""
    assessment = open_assessment(curator=curator, framework=framework, cycle=cycle, assessors=[assessor])
    for text in recommendations:
        recommendation_save(
            user=assessor, assessment=assessment, text=text, priority="high", addressee="government"
        )
    answer_all(assessment, assessor, level=level)
    return publish(assessment, assessor, curator)


def test_country_page_with_an_assessment_within_ten_queries_whatever_the_number_of_rows(
    client, demo, mission_a, django_assert_max_num_queries
):
    """A published assessment (with a previous cycle, findings and open recommendations) takes the
    place of the gap list; more findings, recommendations, cycles, documents, activities, projects,
    events and contacts read no more queries."""
    curator = UserFactory(username="page-curator", role=roles.CURATOR, is_staff=True)
    assessor = make_assessor(username="page-assessor")
    framework = make_framework(publish_as=curator, per_area=1)
    _assess(framework, 2004, curator=curator, assessor=assessor, level=Level.NOT_IN_PLACE)
    _assess(framework, 2005, curator=curator, assessor=assessor, recommendations=["Train judges"])
    make_org("Moldovan Shelter").contacts.create(name="First Contact", visibility=ContactVisibility.PUBLIC)
    few = _count(client, "/countries/md/", django_assert_max_num_queries)

    # A newer version of the methodology with five indicators per area (more findings), more
    # recommendations, and more of everything else the page lists.
    bigger = make_framework(publish_as=curator, per_area=5)
    _assess(
        bigger,
        2006,
        curator=curator,
        assessor=assessor,
        level=Level.IN_PLACE,
        recommendations=[f"Recommendation {n}" for n in range(4)],
    )
    md = Country.objects.get(iso2="MD")
    for n in range(4):
        make_activity(f"More shelters {n}")
        make_supported_project(mission_a, f"More support {n}", reference=f"ATPF-Q-{n}")
        DocumentFactory(title=f"Moldova report {n}", countries=[md])
        make_event(country=md)
        org = make_org(f"Partner {n}")
        for m in range(3):
            make_contact(org, f"Public Person {n}{m}", ContactVisibility.PUBLIC)
    assert _count(client, "/countries/md/", django_assert_max_num_queries) == few

    response = client.get("/countries/md/")
    section = select(response, "main section#assessment")[0]
    assert [t for t in texts(section, "#assessment-areas tbody th")] == [
        "Prevention",
        "Protection",
        "Prosecution",
        "Partnership",
    ]
    assert texts(section, "#assessment-areas tbody td")[:3] == ["In place", "Partly in place", "Improved"]
    assert len(texts(section, "#open-recommendations li")) == 5
    main = " ".join(texts(response, "main"))
    assert "Public Person 32" in main and "Moldova report 3" in main and "More shelters 3" in main
    assert not select(response, "main ul.gap-themes")


def test_country_page_outlines_of_the_region_listed_but_only_the_countrys_cover_themes(client, seeded):
    """The outlines section names the region's outlines too; only the country's own outlines count
    as known efforts in the themes without one (the inventory rows)."""
    md = Country.objects.get(iso2="MD")
    gaps = texts(client.get("/countries/md/"), "main ul.gap-themes > li")
    first, second = [t for t in Theme.objects.filter(parent=None) if str(t) in gaps][:2]
    outlines = list(ProjectOutline.objects.visible()[:2])
    outlines[0].countries.set([md])
    outlines[0].regions.clear()
    outlines[0].themes.set([first])
    outlines[1].countries.clear()
    outlines[1].regions.set([Region.objects.get(pk=md.region_id)])
    outlines[1].themes.set([second])
    response = client.get("/countries/md/")
    section = " ".join(texts(response, 'main section[aria-labelledby="outlines-title"]'))
    assert outlines[0].display_title in section and outlines[1].display_title in section
    gaps = texts(response, "main ul.gap-themes > li")
    assert str(first) not in gaps and str(second) in gaps


def test_unknown_country_answers_404(client, seeded):
    assert client.get("/countries/zz/").status_code == 404


def test_country_page_organisations_are_the_countrys_own(client, seeded, mission_a):
    make_org("Moldovan Shelter", iso2="MD")
    make_org("Armenian Shelter", iso2="AM")
    implementer = make_org("Armenian Implementer", iso2="AM")
    make_activity("Cross-border work", countries=("MD",)).implementers.set([implementer])
    response = client.get("/countries/md/")
    names = texts(select(response, 'main section[aria-labelledby="organisations-title"]')[0], "h3 a")
    assert "Moldovan Shelter" in names
    assert "Armenian Shelter" not in names and "Armenian Implementer" not in names
