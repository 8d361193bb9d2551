from __future__ import annotations

from django.core.exceptions import ValidationError

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.network import services
from participatiehub.network.constants import Domain, OrganisationType, ParticipationForm, RelationKind
from participatiehub.network.models import ContactPerson, Organisation, OrganisationRelation
from tests.factories import ContactPersonFactory, OrganisationFactory, ParticipationBodyFactory

pytestmark = pytest.mark.django_db


def _create(hub, user, **extra):
    values = {"name": "Stichting Welzijn Zeist", "org_type": OrganisationType.WELFARE, "kvk_number": "12345678"}
    values.update(extra)
    return services.organisation_create(hub=hub, actor=user, **values)


def test_organisation_create_sets_domains_and_municipalities(hub, coordinator_user, zeist):
    organisation = _create(hub, coordinator_user, municipalities=[zeist], domains=[Domain.SUPPORT, Domain.CARE])
    assert organisation.hub == hub
    assert organisation.domain_support and organisation.domain_care and not organisation.domain_health
    assert list(organisation.municipalities.all()) == [zeist]
    assert organisation.version == 1


def test_organisation_create_rejects_bad_kvk(hub, coordinator_user):
    with pytest.raises(ValidationError):
        _create(hub, coordinator_user, kvk_number="1234")
    assert not Organisation.objects.exists()


def test_organisation_update_raises_version(hub, coordinator_user, utrecht):
    organisation = _create(hub, coordinator_user)
    updated = services.organisation_update(
        organisation=organisation,
        actor=coordinator_user,
        expected_version=1,
        name="Nieuwe naam",
        org_type=OrganisationType.GGD,
        municipalities=[utrecht],
        domains=[Domain.HEALTH],
    )
    assert updated.version == 2
    assert updated.name == "Nieuwe naam"
    assert updated.domain_health and not updated.domain_support
    assert list(updated.municipalities.all()) == [utrecht]


def test_organisation_update_conflict_does_not_overwrite(hub, coordinator_user, utrecht):
    organisation = _create(hub, coordinator_user)
    # Two people open the form at version 1; the first one saves.
    services.organisation_update(
        organisation=organisation, actor=coordinator_user, expected_version=1, name="Eerste", org_type="welfare"
    )
    stale = Organisation.objects.get(pk=organisation.pk)
    with pytest.raises(services.ConcurrentEditError):
        services.organisation_update(
            organisation=stale,
            actor=coordinator_user,
            expected_version=1,
            name="Tweede",
            org_type="ggd",
            municipalities=[utrecht],
        )
    organisation.refresh_from_db()
    assert organisation.name == "Eerste"
    assert organisation.version == 2
    assert not organisation.municipalities.exists()


def test_body_update_conflict(hub, coordinator_user):
    body = services.body_create(
        hub=hub, actor=coordinator_user, name="Adviesraad", form=ParticipationForm.CLIENT_COUNCIL
    )
    services.body_update(body=body, actor=coordinator_user, expected_version=1, name="A", form="client_council")
    with pytest.raises(services.ConcurrentEditError):
        services.body_update(body=body, actor=coordinator_user, expected_version=1, name="B", form="client_council")
    body.refresh_from_db()
    assert body.name == "A"


def test_body_cannot_use_organisation_of_other_hub(hub, other_hub, coordinator_user):
    foreign = OrganisationFactory(hub=other_hub)
    with pytest.raises(ValidationError):
        services.body_create(hub=hub, actor=coordinator_user, name="X", form="other", organisation=foreign)


def test_contact_writes_are_logged(hub, coordinator_user):
    organisation = OrganisationFactory(hub=hub)
    contact = services.contact_create(
        hub=hub, actor=coordinator_user, name="Anna de Vries", legal_basis="consent", organisation=organisation
    )
    services.contact_update(contact=contact, actor=coordinator_user, name="Anna de Vries-Jansen", legal_basis="consent")
    services.contact_delete(contact=contact, actor=coordinator_user)
    entries = list(ProcessingLogEntry.objects.order_by("id"))
    assert [e.activity for e in entries] == [
        "network.contacts.create",
        "network.contacts.update",
        "network.contacts.delete",
    ]
    assert [e.operation for e in entries] == ["write", "write", "delete"]
    assert {e.actor_id for e in entries} == {coordinator_user.pk}
    assert {e.hub_id for e in entries} == {hub.pk}
    assert all(e.purpose == "contact with the regional network" for e in entries)
    assert len({e.subject_pseudonym for e in entries}) == 1
    assert not ContactPerson.objects.exists()


def test_contact_of_other_hub_organisation_refused_and_not_logged(hub, other_hub, coordinator_user):
    foreign = OrganisationFactory(hub=other_hub)
    with pytest.raises(ValidationError):
        services.contact_create(hub=hub, actor=coordinator_user, name="X", legal_basis="consent", organisation=foreign)
    assert not ProcessingLogEntry.objects.exists()


def test_contacts_view_log_one_row_per_person(hub, coordinator_user):
    contacts = ContactPersonFactory.create_batch(3, hub=hub)
    services.contacts_view_log(actor=coordinator_user, hub=hub, contacts=contacts)
    assert ProcessingLogEntry.objects.filter(activity="network.contacts.view", operation="read").count() == 3


def test_relation_add_and_remove(hub, coordinator_user):
    a, b = OrganisationFactory(hub=hub), OrganisationFactory(hub=hub)
    relation = services.relation_add(hub=hub, actor=coordinator_user, source=a, target=b, kind=RelationKind.FUNDS)
    with pytest.raises(ValidationError):
        services.relation_add(hub=hub, actor=coordinator_user, source=a, target=b, kind=RelationKind.FUNDS)
    with pytest.raises(ValidationError):
        services.relation_add(hub=hub, actor=coordinator_user, source=a, target=a, kind=RelationKind.PARTNER)
    services.relation_remove(relation=relation, actor=coordinator_user)
    assert not OrganisationRelation.objects.exists()


def test_relation_across_hubs_refused(hub, other_hub, coordinator_user):
    a, b = OrganisationFactory(hub=hub), OrganisationFactory(hub=other_hub)
    with pytest.raises(ValidationError):
        services.relation_add(hub=hub, actor=coordinator_user, source=a, target=b, kind="partner")


def test_body_factory_still_works(hub):
    assert ParticipationBodyFactory(hub=hub).hub == hub


@pytest.mark.parametrize(
    ("service", "arguments", "message"),
    [
        (
            "organisation_create",
            {"name": "X", "org_type": "other", "colour": "red"},
            "unexpected keyword argument 'colour'",
        ),
        ("organisation_create", {"org_type": "other"}, "missing required keyword argument 'name'"),
        ("body_create", {"name": "X"}, "missing required keyword argument 'form'"),
        ("contact_create", {"name": "X", "legal_basis": "consent", "kvk_number": "1"}, "unexpected keyword argument"),
    ],
)
def test_services_refuse_unknown_and_missing_fields_as_a_signature_would(
    hub, coordinator_user, service, arguments, message
):
    with pytest.raises(TypeError, match=message):
        getattr(services, service)(hub=hub, actor=coordinator_user, **arguments)
    assert not Organisation.objects.exists() and not ContactPerson.objects.exists()
