"""programmes.demo: the inventory and directory demo data and Russian titles load twice without duplicates."""

import io

import pytest
from django.utils import translation

from clearinghouse.models import Contact, Country
from programmes import demo
from programmes.models import Activity, Programme

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_gives_russian_titles(seeded):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Activity.objects.count() == len(demo.ACTIVITIES)
    assert Contact.objects.count() == len(demo.CONTACTS)
    programme = Programme.objects.get(slug="odihr-anti-trafficking-project-fund")
    with translation.override("ru"):
        assert programme.display_title == demo.PROGRAMME_TITLES_RU[programme.slug]
        assert Country.objects.get(iso2="MD").display_situation_summary.startswith("Молдова")
    with translation.override("en"):
        assert programme.display_title == "ODIHR Anti-Trafficking Project Fund"
