"""``manage.py demo`` on a few regions: valid histories, coalitions, networks and demo log-ins."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.core.demo.users import DEMO_EMAILS, DEMO_PASSWORD
from participatiehub.geo.models import RegionMembership
from participatiehub.hubs.constants import TRANSITIONS, HubStatus
from participatiehub.hubs.models import Hub
from participatiehub.network.constants import OrganisationType
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody

from .conftest import REGION_CODES

SMALL = {
    "regions": ",".join(REGION_CODES),
    "min_organisations": 25,
    "max_organisations": 40,
    "min_bodies": 15,
    "max_bodies": 20,
}


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def history(hub):
    return list(hub.status_changes.order_by("changed_at", "id"))


@pytest.mark.django_db
def test_demo_builds_a_hub_per_region_with_valid_histories(regions):
    output = run_demo()
    hubs = list(Hub.objects.select_related("follows_region").order_by("name"))
    assert {h.follows_region.code for h in hubs} == set(REGION_CODES)
    for hub in hubs:
        assert hub.name == f"Participatiehub {hub.follows_region.name}"
        assert hub.contact_email and hub.website
        # Coverage follows the region, from a date in 2024.
        expected = set(
            RegionMembership.objects.filter(region=hub.follows_region).values_list("municipality_id", flat=True)
        )
        coverage = list(hub.coverage.all())
        assert {c.municipality_id for c in coverage} == expected
        assert all(c.valid_from.year == 2024 and c.valid_until is None for c in coverage)
        # The history starts with the registration, follows the allowed transitions and ends in the current status.
        changes = history(hub)
        assert changes[0].from_status == "" and changes[0].to_status == HubStatus.PREPARING
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in TRANSITIONS[before.to_status]
            assert after.changed_at > before.changed_at
        assert changes[-1].to_status == hub.status
        assert all(dt.date(2024, 1, 1) <= c.changed_at.date() <= dt.date(2026, 12, 31) for c in changes)
        # Developing and operational hubs have a complete coalition, formed before they started developing.
        members = list(hub.coalition.all())
        if hub.status in (HubStatus.DEVELOPING, HubStatus.OPERATIONAL):
            assert len(members) >= 2
        if any(c.to_status == HubStatus.DEVELOPING for c in changes):
            assert 2 <= len(members) <= 6
            assert sum(m.is_lead for m in members) == 1
            first_developing = next(c for c in changes if c.to_status == HubStatus.DEVELOPING).changed_at.date()
            assert all(m.joined_on <= first_developing for m in members)
        assert sum(m.is_lead for m in members) <= 1
        assert all(m.organisation.hub_id == hub.pk for m in members)
        # Design choices: 1 to 3 dated versions.
        versions = list(hub.design_versions.all())
        assert 1 <= len(versions) <= 3
        assert all(v.domains and v.themes and v.agreements for v in versions)
    assert "Demo klaar" in output


@pytest.mark.django_db
def test_demo_networks_are_realistic(regions):
    run_demo()
    for hub in Hub.objects.all():
        orgs = Organisation.objects.filter(hub=hub)
        municipalities = hub.coverage.count()
        assert 25 <= orgs.count() <= max(40, municipalities + 8)
        names = set(orgs.values_list("name", flat=True))
        for coverage in hub.coverage.select_related("municipality"):
            assert f"Gemeente {coverage.municipality.name}" in names
        assert orgs.filter(org_type=OrganisationType.HEALTH_INSURER).exists()
        assert orgs.filter(org_type=OrganisationType.GGD).exists()
        assert all(o.municipalities.exists() for o in orgs.prefetch_related("municipalities"))
        assert 15 <= ParticipationBody.objects.filter(hub=hub).count() <= 20
        assert ContactPerson.objects.filter(hub=hub).exists()
        assert hub.relations.exists()
    kvk = [k for k in Organisation.objects.values_list("kvk_number", flat=True) if k]
    assert len(kvk) == len(set(kvk)) and all(len(k) == 8 and k.isdigit() for k in kvk)
    assert not ContactPerson.objects.filter(legal_basis="").exists()
    assert ParticipationBody.objects.filter(name__startswith="Adviesraad Sociaal Domein").exists()


@pytest.mark.django_db
def test_demo_users_have_their_roles(regions):
    output = run_demo()
    assert set(User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True)) == set(DEMO_EMAILS)
    coordinator = RoleAssignment.objects.get(user__email="hubcoordinator@demo.example")
    assert coordinator.role == Role.HUB_COORDINATOR
    assert coordinator.hub.follows_region.code == "ZK23"
    assert coordinator.hub.status == HubStatus.OPERATIONAL
    decision = RoleAssignment.objects.get(user__email="beslisser@demo.example")
    assert decision.role == Role.DECISION_MAKER
    assert decision.organisation.name == "Gemeente Utrecht" and decision.organisation.hub_id == coordinator.hub_id
    assert RoleAssignment.objects.get(user__email="programmabureau@demo.example").role == Role.PROGRAMME_OFFICE
    assert RoleAssignment.objects.get(user__email="onderzoeker@demo.example").role == Role.EVALUATOR
    admin = User.objects.get(email="beheerder@demo.example")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output and "hubcoordinator@demo.example" in output


@pytest.mark.django_db
def test_demo_twice_does_not_duplicate_and_reset_reproduces(regions):
    run_demo()
    names_before = sorted(Organisation.objects.values_list("name", flat=True))
    statuses_before = dict(Hub.objects.values_list("name", "status"))
    output = run_demo()
    assert "Er is niets veranderd" in output
    assert Hub.objects.count() == len(REGION_CODES)
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_EMAILS)
    run_demo(reset=True)
    assert Hub.objects.count() == len(REGION_CODES)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == names_before
    assert dict(Hub.objects.values_list("name", "status")) == statuses_before


@pytest.mark.django_db
def test_demo_limits_the_number_of_hubs(regions):
    run_demo(regions="", hubs=2)
    assert Hub.objects.count() == 2
    assert Hub.objects.filter(follows_region__code="ZK23").exists()


@pytest.mark.django_db
def test_demo_without_regions_says_what_to_do(monkeypatch):
    def failing_import(name, *args, **kwargs):
        raise CommandError("Unknown command: 'import_regions'")

    monkeypatch.setattr("participatiehub.core.management.commands.demo.call_command", failing_import)
    with pytest.raises(CommandError, match="import_regions"):
        call_command("demo", stdout=StringIO())
    assert not Hub.objects.exists()
