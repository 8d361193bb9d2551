"""Demo data for monitoring: the snapshots of the last eight complete quarters of every hub, and one
correction, so the office sees trends and a version 2 with its reason.

The demo's network is written in one go (every organisation and body is "created" today), while its
questions, trajectories and grants are dated over 2024–2026. The network indicators count what was
created before a quarter's end, so first the network gets a history: each organisation and body gets a
creation moment between its hub's registration and today, most of them early (the network grows), never
after the first record that needs it (a coalition membership, a question it asked, a trajectory or
activity a body took part in, an application it partnered in).

The correction is a real one: a few organisations of the coordinator's hub are "recorded late". They are
dated into the quarter before the last one only after the snapshots were taken; the office's correction
of that quarter then counts them (``network_organisations`` goes up in version 2, version 1 stays).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import Min
from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment
from participatiehub.funding.models import ApplicationPartner
from participatiehub.hubs.models import CoalitionMember, Hub, HubStatusChange
from participatiehub.monitoring.models import QuarterFigures, Snapshot
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import snapshot_correct, snapshot_take
from participatiehub.network.models import Organisation, ParticipationBody
from participatiehub.questions.models import PolicyQuestion
from participatiehub.trajectories.models import Activity, Trajectory

QUARTERS = 8
LATE_ORGANISATIONS = 3
CORRECTION_REASON = (
    "{n} organisaties waren al lid van het netwerk, maar de hub heeft ze pas later vastgelegd. "
    "De cijfers van dit kwartaal zijn opnieuw berekend."
)
RECHECK_REASON = "De hub heeft zijn gegevens van dit kwartaal nagekeken. De cijfers zijn opnieuw berekend."


def registrations() -> dict[int, dt.datetime]:
    """hub id → the moment it was registered (its first status change; else its creation)."""
    first = dict(
        HubStatusChange.objects.order_by().values("hub_id").annotate(at=Min("changed_at")).values_list("hub_id", "at")
    )
    for hub_id, created in Hub.objects.values_list("pk", "created_at"):
        first.setdefault(hub_id, created)
    return first


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _latest_allowed() -> tuple[dict[int, dt.datetime], dict[int, dt.datetime]]:
    """The first moment each organisation and body was needed by another record (it existed by then)."""
    orgs: dict[int, dt.datetime] = {}
    bodies: dict[int, dt.datetime] = {}

    def keep(target: dict, key: int, moment: dt.datetime | None) -> None:
        if key is not None and moment is not None and (key not in target or moment < target[key]):
            target[key] = moment

    for org_id, joined in CoalitionMember.objects.exclude(joined_on=None).values_list("organisation_id", "joined_on"):
        keep(orgs, org_id, _start_of(joined))
    for org_id, at in (
        PolicyQuestion.objects.order_by()
        .values("asking_organisation_id")
        .annotate(at=Min("submitted_at"))
        .values_list("asking_organisation_id", "at")
    ):
        keep(orgs, org_id, at)
    for org_id, at in (
        ApplicationPartner.objects.order_by()
        .values("organisation_id")
        .annotate(at=Min("application__created_at"))
        .values_list("organisation_id", "at")
    ):
        keep(orgs, org_id, at)
    for body_id, at in (
        Trajectory.bodies.through.objects.order_by()
        .values("participationbody_id")
        .annotate(at=Min("trajectory__created_at"))
        .values_list("participationbody_id", "at")
    ):
        keep(bodies, body_id, at)
    for body_id, day in (
        Activity.bodies.through.objects.order_by()
        .values("participationbody_id")
        .annotate(day=Min("activity__held_on"))
        .values_list("participationbody_id", "day")
    ):
        keep(bodies, body_id, _start_of(day))
    return orgs, bodies


def network_history(rng: random.Random, *, hold_back: set[int] = frozenset(), buckets: int | None = None) -> int:
    """Date every organisation and body between its hub's registration and now (see the module's text).

    ``buckets``: at national scale, rows are dated in that many groups per hub (one UPDATE per group)
    instead of one by one. ``hold_back``: organisation ids to leave as they are (recorded late).
    Returns how many rows were dated."""
    now = timezone.now()
    start = registrations()
    needed = _latest_allowed() if buckets is None else ({}, {})
    dated = 0
    for model, limits, power in ((Organisation, needed[0], 2.0), (ParticipationBody, needed[1], 1.5)):
        per_hub: dict[int, list[int]] = defaultdict(list)
        for pk, hub_id in model.objects.order_by("pk").values_list("pk", "hub_id"):
            if pk not in hold_back:
                per_hub[hub_id].append(pk)
        for hub_id, ids in per_hub.items():
            first = min(start.get(hub_id, now), now)
            span = now - first
            if buckets is not None:
                size = max(1, -(-len(ids) // buckets))
                for k in range(0, len(ids), size):
                    moment = first + span * ((k // size) / buckets) ** power
                    dated += model.objects.filter(pk__in=ids[k : k + size]).update(created_at=moment)
                continue
            rows = []
            for pk in ids:
                moment = first + span * rng.random() ** power
                if pk in limits:
                    moment = min(moment, limits[pk])
                rows.append(model(pk=pk, created_at=moment))
            model.objects.bulk_update(rows, ["created_at"], batch_size=500)
            dated += len(rows)
    return dated


def _correction_hub(period: str) -> Hub | None:
    """The demo coordinator's hub (the showcase) if it has a snapshot of ``period``; else the first that has."""
    with_snapshot = Hub.objects.filter(snapshots__period=period).distinct()
    assignment = RoleAssignment.objects.filter(role=Role.HUB_COORDINATOR, hub__in=with_snapshot).order_by("pk").first()
    return assignment.hub if assignment else with_snapshot.order_by("name").first()


def demo_monitoring_build(*, office, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    quarters = Quarter.last_complete().back(QUARTERS)
    corrected = quarters[-2]
    showcase = RoleAssignment.objects.filter(role=Role.HUB_COORDINATOR, hub__isnull=False).order_by("pk").first()
    late: list[int] = []
    if showcase is not None:
        late = list(
            Organisation.objects.filter(
                hub_id=showcase.hub_id,
                coalitions__isnull=True,
                questions_asked__isnull=True,
                funding_partnerships__isnull=True,
            )
            .order_by("-pk")
            .values_list("pk", flat=True)[:LATE_ORGANISATIONS]
        )
    network_history(rng, hold_back=set(late))
    taken = sum(snapshot_take(quarter, actor=office) for quarter in quarters)
    counts = {"momentopnamen": taken, "kwartalen": len(quarters), "correcties": 0}
    hub = _correction_hub(str(corrected))
    if hub is None:
        return counts
    reason = RECHECK_REASON
    if late and hub.pk == showcase.hub_id:
        # Recorded late: they were in the network from halfway the quarter that is corrected.
        middle = corrected.start + (corrected.end - corrected.start) / 2
        Organisation.objects.filter(pk__in=late).update(created_at=middle)
        reason = CORRECTION_REASON.format(n=len(late))
    snapshot_correct(actor=office, hub=hub, quarter=corrected, reason=reason)
    counts["correcties"] = 1
    return counts


def wipe_monitoring() -> int:
    """Delete every snapshot (their figures go with them, and the quarters' rows); the catalogue stays.
    Returns how many."""
    count = Snapshot.objects.count()
    QuarterFigures.objects.all().delete()
    Snapshot.objects.all().delete()
    return count
