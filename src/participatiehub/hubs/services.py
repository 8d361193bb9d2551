"""Writes for hubs. Each function is one transaction; status history is append-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.geo.models import Municipality, Region, RegionMembership

from .constants import TRANSITIONS, Agreement, Domain, HubStatus, LegalForm, ParticipationForm
from .models import CoalitionMember, DesignChoices, Hub, HubMunicipality, HubStatusChange

#: Fields a coordinator or the programme office may edit with hub_update().
EDITABLE_FIELDS = ("name", "summary", "contact_name", "contact_email", "contact_phone", "website", "visiting_address")

#: Statuses that need a complete coalition (two organisations or more, one lead applicant).
COALITION_REQUIRED = {HubStatus.DEVELOPING, HubStatus.OPERATIONAL}


def _touch(hub: Hub) -> None:
    """Mark the hub as changed (its cached public page and the overview follow updated_at)."""
    Hub.objects.filter(pk=hub.pk).update(updated_at=timezone.now())


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "hub"
    slug, n = base, 2
    while Hub.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def hub_create(
    *,
    actor,
    name: str,
    status: str = HubStatus.PREPARING,
    follows_region: Region | None = None,
    municipalities: Iterable[Municipality] | None = None,
    valid_from: dt.date | None = None,
    year: int | None = None,
    **details,
) -> Hub:
    """Register a hub. It covers the municipalities given, or those of the region it follows."""
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the hub a name."))
    if Hub.objects.filter(name__iexact=name).exists():
        raise ServiceError(_("A hub with this name already exists."))
    if status not in HubStatus.values:
        raise ServiceError(_("Unknown status."))
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    hub = Hub.objects.create(
        name=name, slug=_unique_slug(name), status=status, follows_region=follows_region, **details
    )
    HubStatusChange.objects.create(
        hub=hub, from_status="", to_status=status, changed_at=timezone.now(), changed_by=actor, note=_("Hub registered")
    )
    valid_from = valid_from or timezone.localdate()
    if municipalities is None and follows_region is not None:
        municipalities = municipalities_of_region(follows_region, year or valid_from.year)
    if municipalities:
        HubMunicipality.objects.bulk_create(
            HubMunicipality(hub=hub, municipality=m, valid_from=valid_from) for m in municipalities
        )
    return hub


def municipalities_of_region(region: Region, year: int) -> list[Municipality]:
    memberships = RegionMembership.objects.filter(region=region, year=year).select_related("municipality")
    found = [m.municipality for m in memberships]
    if not found:
        # Fall back to the newest year the region has members in.
        latest = RegionMembership.objects.filter(region=region).order_by("-year").values_list("year", flat=True).first()
        if latest is not None:
            found = [
                m.municipality
                for m in memberships.model.objects.filter(region=region, year=latest).select_related("municipality")
            ]
    return found


@transaction.atomic
def hub_update(*, actor, hub: Hub, expected_version: int, **changes) -> Hub:
    """Edit a hub's details. Refuses when someone saved the hub since ``expected_version`` was read."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if Hub.objects.filter(name__iexact=changes["name"]).exclude(pk=hub.pk).exists():
            raise ServiceError(_("A hub with this name already exists."))
    updated = Hub.objects.filter(pk=hub.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise ConcurrentEditError(
            _(
                "Someone else changed this hub while you were editing. Your changes were not saved. Reload the page and try again."
            )
        )
    hub.refresh_from_db()
    return hub


def coalition_problems(hub: Hub) -> list[str]:
    members = list(hub.coalition.all())
    problems = []
    if len(members) < 2:
        problems.append(_("The coalition needs at least two organisations."))
    if not any(m.is_lead for m in members):
        problems.append(_("The coalition has no lead applicant (penvoerder)."))
    return problems


@transaction.atomic
def hub_status_change(
    *, actor, hub: Hub, to_status: str, note: str = "", at: dt.datetime | None = None
) -> HubStatusChange:
    """Move a hub to another status, following the allowed transitions, and append it to the history."""
    locked = Hub.objects.select_for_update().get(pk=hub.pk)
    if to_status not in HubStatus.values:
        raise ServiceError(_("Unknown status."))
    if to_status == locked.status:
        raise ServiceError(_("The hub already has this status."))
    if to_status not in TRANSITIONS[locked.status]:
        raise ServiceError(
            _("A hub cannot go from “%(from)s” to “%(to)s”.")
            % {"from": HubStatus(locked.status).label, "to": HubStatus(to_status).label}
        )
    if to_status in COALITION_REQUIRED:
        problems = coalition_problems(locked)
        if problems:
            raise ServiceError(" ".join([_("First complete the coalition."), *problems]))
    change = HubStatusChange.objects.create(
        hub=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=at or timezone.now(),
        changed_by=actor,
        note=note.strip(),
    )
    Hub.objects.filter(pk=locked.pk).update(status=to_status, version=F("version") + 1, updated_at=timezone.now())
    hub.refresh_from_db()
    return change


@transaction.atomic
def hub_coverage_set(
    *,
    actor,
    hub: Hub,
    municipalities: Iterable[Municipality],
    valid_from: dt.date,
    follows_region: Region | None = None,
) -> dict[str, int]:
    """Set the municipalities a hub covers from ``valid_from`` on; history stays (end dates)."""
    wanted = {m.pk: m for m in municipalities}
    if not wanted:
        raise ServiceError(_("A hub covers at least one municipality."))
    current = list(HubMunicipality.objects.select_for_update().filter(hub=hub, valid_until__isnull=True))
    ended = 0
    for row in current:
        if row.municipality_id not in wanted:
            if row.valid_from >= valid_from:
                row.delete()
            else:
                row.valid_until = valid_from - dt.timedelta(days=1)
                row.save(update_fields=["valid_until"])
            ended += 1
    have = {row.municipality_id for row in current}
    new = [
        HubMunicipality(hub=hub, municipality=m, valid_from=valid_from) for pk, m in wanted.items() if pk not in have
    ]
    HubMunicipality.objects.bulk_create(new)
    Hub.objects.filter(pk=hub.pk).update(
        follows_region=follows_region, version=F("version") + 1, updated_at=timezone.now()
    )
    hub.refresh_from_db()
    return {"added": len(new), "ended": ended}


@transaction.atomic
def coalition_member_add(
    *, actor, hub: Hub, organisation, is_lead: bool = False, joined_on: dt.date | None = None
) -> CoalitionMember:
    if organisation.hub_id != hub.pk:
        raise ServiceError(_("Only organisations from the hub's own network can join its coalition."))
    if CoalitionMember.objects.filter(hub=hub, organisation=organisation).exists():
        raise ServiceError(_("This organisation is already part of the coalition."))
    if is_lead:
        CoalitionMember.objects.filter(hub=hub, is_lead=True).update(is_lead=False)
    member = CoalitionMember.objects.create(
        hub=hub, organisation=organisation, is_lead=is_lead, joined_on=joined_on or timezone.localdate()
    )
    _touch(hub)
    return member


@transaction.atomic
def coalition_lead_set(*, actor, hub: Hub, member: CoalitionMember) -> None:
    if member.hub_id != hub.pk:
        raise ServiceError(_("This organisation is not part of the coalition."))
    CoalitionMember.objects.filter(hub=hub, is_lead=True).update(is_lead=False)
    CoalitionMember.objects.filter(pk=member.pk).update(is_lead=True)
    _touch(hub)


@transaction.atomic
def coalition_member_remove(*, actor, hub: Hub, member: CoalitionMember) -> None:
    if member.hub_id != hub.pk:
        raise ServiceError(_("This organisation is not part of the coalition."))
    if hub.status in COALITION_REQUIRED and (member.is_lead or hub.coalition.count() <= 2):
        raise ServiceError(
            _(
                "A developing or operational hub keeps at least two organisations and a lead applicant. Add another organisation or choose a new lead first."
            )
        )
    member.delete()
    _touch(hub)


def _check_choices(values: Iterable[str], allowed, label: str) -> list[str]:
    values = list(dict.fromkeys(values))
    bad = [v for v in values if v not in allowed.values]
    if bad:
        raise ServiceError(_("Unknown value for %(label)s: %(values)s") % {"label": label, "values": ", ".join(bad)})
    return values


@transaction.atomic
def design_choices_record(
    *,
    actor,
    hub: Hub,
    valid_from: dt.date,
    legal_form: str,
    domains: Iterable[str],
    participation_forms: Iterable[str],
    agreements: Iterable[str],
    themes: Iterable[str] = (),
    governance_note: str = "",
) -> DesignChoices:
    """Append a new dated version of the hub's design choices (older versions are kept as they were)."""
    if legal_form not in LegalForm.values:
        raise ServiceError(_("Choose a legal and governance form."))
    domains = _check_choices(domains, Domain, _("domains"))
    if not domains:
        raise ServiceError(_("Choose at least one domain."))
    _touch(hub)
    return DesignChoices.objects.create(
        hub=hub,
        valid_from=valid_from,
        legal_form=legal_form,
        governance_note=governance_note.strip(),
        domains=domains,
        participation_forms=_check_choices(participation_forms, ParticipationForm, _("participation forms")),
        agreements=_check_choices(agreements, Agreement, _("agreements")),
        themes=[t.strip() for t in themes if t and t.strip()],
        recorded_by=actor,
    )
