"""Factories for the shared vocabulary and accounts; each app's tests add their own beside them."""

import factory
from django.contrib.auth.models import Group

from clearinghouse import roles
from clearinghouse.models import Country, Organisation, OrganisationKind, User

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.NGO
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="MD"))


class MissionFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"OSCE Test Mission {n}")
    slug = factory.Sequence(lambda n: f"osce-test-mission-{n}")
    kind = OrganisationKind.OSCE_FIELD_OPERATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            roles.sync_groups()
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


def make_user(role: str | None = None, **kwargs) -> User:
    return UserFactory(role=role, **kwargs)


def verified_login(client, user) -> None:
    """Signs `user` in as force_login does, with the session verified by their first confirmed device
    (as the code page would do): for users who have a device, like the demo's staff."""
    import django_otp
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = next(django_otp.devices_for_user(user), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
