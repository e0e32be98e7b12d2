"""The shared vocabulary loaded by data migrations."""

import pytest

from clearinghouse.models import Country, Organisation, OrganisationKind, Region, Theme

pytestmark = pytest.mark.django_db


def test_the_57_participating_states_with_iso_codes():
    countries = Country.objects.participating()
    assert countries.count() == 57
    assert Country.objects.get(iso2="MD").iso3 == "MDA"
    assert Country.objects.get(iso2="MN").region.slug == "central-asia"
    assert all(len(c.iso2) == 2 and c.iso2.isupper() for c in countries)
    assert not Region.objects.filter(countries__isnull=True).exists()


def test_two_level_theme_taxonomy():
    top = {t.slug for t in Theme.objects.top_level()}
    assert top == {"prevention", "protection", "prosecution", "partnership"}
    nrm = Theme.objects.get(slug="national-referral-mechanisms")
    assert nrm.parent.slug == "protection"
    assert not Theme.objects.filter(parent__parent__isnull=False).exists(), "only two levels"


@pytest.mark.parametrize(
    ("acronym_or_name", "kind"),
    [
        ("UNICEF", OrganisationKind.INTERNATIONAL),
        ("UNOHCHR", OrganisationKind.INTERNATIONAL),
        ("SPMU", OrganisationKind.OSCE_INSTITUTION),
        ("Anti-Slavery International", OrganisationKind.NGO),
        ("La Strada International", OrganisationKind.NGO),
        ("Internews", OrganisationKind.MEDIA),
        ("BBC", OrganisationKind.MEDIA),
        ("CAHTEH", OrganisationKind.INTERNATIONAL),
        ("Council of Europe", OrganisationKind.INTERNATIONAL),
    ],
)
def test_organisations_named_in_the_seed(acronym_or_name, kind):
    from django.db.models import Q

    organisation = Organisation.objects.get(Q(acronym=acronym_or_name) | Q(name=acronym_or_name))
    assert organisation.kind == kind


def test_field_missions_exist_for_the_demo():
    missions = Organisation.objects.field_missions()
    assert missions.filter(slug="osce-mission-to-moldova", country__iso2="MD").exists()
    assert missions.filter(slug="osce-office-in-yerevan", country__iso2="AM").exists()


def test_russian_names_fall_back_to_english():
    from django.utils import translation

    moldova = Country.objects.get(iso2="MD")
    with translation.override("ru"):
        assert str(moldova) == "Молдова"
        moldova.name_ru = ""
        assert str(moldova) == "Moldova"
    with translation.override("en"):
        assert str(Country.objects.get(iso2="MD")) == "Moldova"


def test_database_refuses_a_lower_case_country_code():
    from django.db import IntegrityError

    region = Region.objects.first()
    with pytest.raises(IntegrityError):
        Country.objects.create(iso2="zz", iso3="ZZZ", name="Nowhere", region=region)
