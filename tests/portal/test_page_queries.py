"""Public pages read a constant, small number of queries: each section of the country page is one
query, and what two sections share (every country, the outlines, the organisations) is read once."""

from io import StringIO

import pytest

from clearinghouse.models import ContactVisibility, Country, Region, Theme
from programmes.models import ProjectOutline
from tests.html import select, texts

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
