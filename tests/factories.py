"""Factories shared by all test modules (one per model that other apps need)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region, RegionMembership
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import Hub, HubMunicipality
from participatiehub.network.constants import OrganisationType, ParticipationForm
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody

SQUARE = {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]}


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("demo-wachtwoord-123")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")  # 6 characters, however many tests run
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    lat = 52.05
    lon = 5.05
    geometry = SQUARE


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("layer", "code")

    layer = Layer.ZORGKANTOORREGIO
    code = factory.Sequence(lambda n: f"ZK{90 + n}")
    name = factory.Sequence(lambda n: f"Regio {n}")


class RegionMembershipFactory(DjangoModelFactory):
    class Meta:
        model = RegionMembership

    region = factory.SubFactory(RegionFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    layer = factory.SelfAttribute("region.layer")
    year = 2025


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Participatiehub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    status = HubStatus.DEVELOPING
    summary = "Wij brengen inwoners en beslissers samen."
    contact_name = "Kwartiermaker"
    contact_email = factory.Sequence(lambda n: f"hub{n}@example.nl")


class HubMunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = HubMunicipality

    hub = factory.SubFactory(HubFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    valid_from = dt.date(2024, 1, 1)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    org_type = OrganisationType.WELFARE
    domain_support = True


class ParticipationBodyFactory(DjangoModelFactory):
    class Meta:
        model = ParticipationBody

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Adviesraad {n}")
    form = ParticipationForm.SOCIAL_DOMAIN_ADVISORY_COUNCIL


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    hub = factory.SubFactory(HubFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"contact{n}@example.nl")
    legal_basis = "legitimate_interest"


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.PROGRAMME_OFFICE


def coordinator(hub: Hub, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.HUB_COORDINATOR, hub=hub)
    return user


def programme_officer(**kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.PROGRAMME_OFFICE)
    return user


def decision_maker(organisation: Organisation, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.DECISION_MAKER, organisation=organisation)
    return user


def evaluator(**kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.EVALUATOR)
    return user
