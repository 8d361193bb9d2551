import datetime as dt

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.hubs import services
from participatiehub.hubs.constants import TRANSITIONS, HubStatus
from participatiehub.hubs.models import CoalitionMember, DesignChoices, HubMunicipality, HubStatusChange
from tests.factories import (
    HubFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    RegionMembershipFactory,
    programme_officer,
)

pytestmark = pytest.mark.django_db


def _with_coalition(hub):
    a, b = OrganisationFactory(hub=hub), OrganisationFactory(hub=hub)
    services.coalition_member_add(actor=None, hub=hub, organisation=a, is_lead=True)
    services.coalition_member_add(actor=None, hub=hub, organisation=b)
    return hub


def test_hub_create_follows_region_and_starts_history():
    region = RegionFactory()
    members = [RegionMembershipFactory(region=region, year=2025).municipality for _ in range(3)]
    actor = programme_officer()
    hub = services.hub_create(
        actor=actor, name="Participatiehub Test", follows_region=region, valid_from=dt.date(2025, 1, 1)
    )
    assert hub.slug == "participatiehub-test"
    assert set(HubMunicipality.objects.filter(hub=hub).values_list("municipality", flat=True)) == {
        m.pk for m in members
    }
    history = list(hub.status_changes.all())
    assert [(h.from_status, h.to_status, h.changed_by) for h in history] == [("", HubStatus.PREPARING, actor)]


def test_hub_create_refuses_duplicate_name_and_changes_nothing():
    HubFactory(name="Hub Noord")
    with pytest.raises(ServiceError, match="bestaat al|already exists"):
        services.hub_create(actor=None, name="hub noord")
    assert HubStatusChange.objects.count() == 0


@pytest.mark.parametrize("from_status", HubStatus.values)
@pytest.mark.parametrize("to_status", HubStatus.values)
def test_status_transitions_follow_the_table(from_status, to_status):
    hub = _with_coalition(HubFactory(status=from_status))
    allowed = to_status in TRANSITIONS[from_status]
    if allowed:
        services.hub_status_change(actor=None, hub=hub, to_status=to_status, note="  reden ")
        assert hub.status == to_status
        change = hub.status_changes.get()
        assert (change.from_status, change.to_status, change.note) == (from_status, to_status, "reden")
    else:
        with pytest.raises(ServiceError):
            services.hub_status_change(actor=None, hub=hub, to_status=to_status)
        hub.refresh_from_db()
        assert hub.status == from_status
        assert not hub.status_changes.exists()


def test_developing_needs_a_complete_coalition():
    hub = HubFactory(status=HubStatus.FORMING_COALITION)
    with pytest.raises(ServiceError, match="coalitie|coalition"):
        services.hub_status_change(actor=None, hub=hub, to_status=HubStatus.DEVELOPING)
    services.coalition_member_add(actor=None, hub=hub, organisation=OrganisationFactory(hub=hub))
    with pytest.raises(ServiceError):
        services.hub_status_change(actor=None, hub=hub, to_status=HubStatus.DEVELOPING)
    services.coalition_member_add(actor=None, hub=hub, organisation=OrganisationFactory(hub=hub), is_lead=True)
    services.hub_status_change(actor=None, hub=hub, to_status=HubStatus.DEVELOPING)
    assert hub.status == HubStatus.DEVELOPING


def test_coalition_has_one_lead_and_only_own_organisations():
    hub = HubFactory(status=HubStatus.PREPARING)
    a, b = OrganisationFactory(hub=hub), OrganisationFactory(hub=hub)
    services.coalition_member_add(actor=None, hub=hub, organisation=a, is_lead=True)
    member_b = services.coalition_member_add(actor=None, hub=hub, organisation=b, is_lead=True)
    assert list(CoalitionMember.objects.filter(hub=hub, is_lead=True)) == [member_b]
    with pytest.raises(ServiceError):
        services.coalition_member_add(actor=None, hub=hub, organisation=OrganisationFactory())
    with pytest.raises(ServiceError):
        services.coalition_member_add(actor=None, hub=hub, organisation=a)


def test_operational_hub_cannot_drop_below_two_members():
    hub = _with_coalition(HubFactory(status=HubStatus.OPERATIONAL))
    member = hub.coalition.filter(is_lead=False).get()
    with pytest.raises(ServiceError):
        services.coalition_member_remove(actor=None, hub=hub, member=member)
    assert hub.coalition.count() == 2


def test_hub_update_refuses_a_stale_version():
    hub = HubFactory()
    services.hub_update(actor=None, hub=hub, expected_version=1, summary="Eerste")
    assert hub.version == 2
    with pytest.raises(ConcurrentEditError):
        services.hub_update(actor=None, hub=hub, expected_version=1, summary="Tweede")
    hub.refresh_from_db()
    assert hub.summary == "Eerste"


def test_coverage_change_keeps_history():
    hub = HubFactory()
    a, b, c = MunicipalityFactory(), MunicipalityFactory(), MunicipalityFactory()
    services.hub_coverage_set(actor=None, hub=hub, municipalities=[a, b], valid_from=dt.date(2024, 1, 1))
    result = services.hub_coverage_set(actor=None, hub=hub, municipalities=[b, c], valid_from=dt.date(2025, 1, 1))
    assert result == {"added": 1, "ended": 1}
    ended = HubMunicipality.objects.get(hub=hub, municipality=a)
    assert ended.valid_until == dt.date(2024, 12, 31)
    with pytest.raises(ServiceError):
        services.hub_coverage_set(actor=None, hub=hub, municipalities=[], valid_from=dt.date(2025, 1, 1))


def test_design_choices_are_appended_versions():
    hub = HubFactory()
    first = services.design_choices_record(
        actor=None,
        hub=hub,
        valid_from=dt.date(2024, 3, 1),
        legal_form="none",
        domains=["health"],
        participation_forms=["citizens_panel"],
        agreements=["iza_azwa"],
        themes=["eenzaamheid", " "],
    )
    services.design_choices_record(
        actor=None,
        hub=hub,
        valid_from=dt.date(2025, 3, 1),
        legal_form="foundation",
        domains=["health", "support"],
        participation_forms=[],
        agreements=["wozo"],
    )
    assert DesignChoices.objects.filter(hub=hub).count() == 2
    first.refresh_from_db()
    assert first.legal_form == "none" and first.themes == ["eenzaamheid"]
    with pytest.raises(ServiceError):
        services.design_choices_record(
            actor=None,
            hub=hub,
            valid_from=dt.date(2025, 3, 1),
            legal_form="none",
            domains=["nonsense"],
            participation_forms=[],
            agreements=[],
        )
    assert DesignChoices.objects.filter(hub=hub).count() == 2
