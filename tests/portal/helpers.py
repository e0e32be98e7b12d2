"""Test data for the site-wide pages: activities, contacts, supported projects, documents."""

import datetime
from decimal import Decimal

from clearinghouse.models import Contact, ContactVisibility, Country, Organisation, OrganisationKind, Theme
from fund.models import Proposal
from programmes.models import Activity, ActivityStatus, PublicationStatus


def make_activity(title="Shelter network", *, countries=("MD",), themes=(), published=True, **kwargs):
    activity = Activity.objects.create(
        title=title,
        status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
        activity_status=kwargs.pop("activity_status", ActivityStatus.IMPLEMENTATION),
        budget=kwargs.pop("budget", Decimal("1000")),
        **kwargs,
    )
    activity.countries.set(Country.objects.filter(iso2__in=countries))
    activity.themes.set(Theme.objects.filter(slug__in=themes))
    return activity


def make_contact(org, name, visibility, *, verified=None):
    return Contact.objects.create(
        organisation=org,
        name=name,
        position="Head of unit",
        email=f"{name.lower().replace(' ', '.')}@example.org",
        visibility=visibility,
        last_verified=verified or datetime.date.today(),
    )


def make_org(name="La Strada Test", *, iso2="MD", **kwargs):
    slug = name.lower().replace(" ", "-")
    return Organisation.objects.create(
        name=name,
        slug=slug,
        kind=kwargs.pop("kind", OrganisationKind.NGO),
        country=Country.objects.get(iso2=iso2),
        **kwargs,
    )


def make_supported_project(mission, title, *, status="in_implementation", countries=("MD",), reference=None):
    proposal = Proposal.objects.create(
        reference=reference or f"ATPF-T-{title[:8]}",
        mission=mission,
        title=title,
        summary="A project.",
        status=status,
        approved_amount=Decimal("5000"),
    )
    proposal.countries.set(Country.objects.filter(iso2__in=countries))
    return proposal


STAFF_ONLY = ContactVisibility.STAFF
