"""Factories for the network tests that other apps do not need."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from participatiehub.network.constants import RelationKind
from participatiehub.network.models import OrganisationRelation
from tests.factories import HubFactory, OrganisationFactory


class OrganisationRelationFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationRelation

    hub = factory.SubFactory(HubFactory)
    source = factory.SubFactory(OrganisationFactory, hub=factory.SelfAttribute("..hub"))
    target = factory.SubFactory(OrganisationFactory, hub=factory.SelfAttribute("..hub"))
    kind = RelationKind.PARTNER
