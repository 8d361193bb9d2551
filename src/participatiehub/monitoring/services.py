"""Writing snapshots: taking a quarter's figures once, and correcting them as a new version.

A snapshot never changes once taken: nothing here updates its figures. A correction recomputes the
figures now and stores them as the next version with its reason; the earlier version stays, marked as
no longer current (the only field that ever changes on a snapshot). Both bump ``SNAPSHOTS_VERSION``
and, in the same transaction, rewrite the quarter's row of :class:`QuarterFigures` (every hub's current
figures of that quarter in one row, which the national pages read).

Which hubs get a snapshot of a quarter: every hub that existed at the quarter's end (it has a status
change before ``quarter.end``; a hub without any history: created before it) and had not stopped before
the quarter began. A hub that stopped during the quarter gets that quarter's snapshot, with status
"stopped"; after that none, unless it starts again. Its earlier snapshots stay.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.accounts.rules import is_programme_office
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import data_version_bump
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import Hub, HubStatusChange

from .constants import SNAPSHOTS_VERSION
from .indicators import Figure, compute
from .models import Indicator, QuarterFigures, Snapshot, SnapshotValue
from .periods import Quarter
from .summary import summarise


def _check_ended(quarter: Quarter) -> None:
    if quarter.end > timezone.now():
        raise ServiceError(
            _("The quarter %(quarter)s has not ended yet. Figures can only be recorded for a past quarter.")
            % {"quarter": quarter}
        )


def hub_statuses(quarter: Quarter, hub_ids: list[int] | None = None) -> dict[int, str]:
    """hub id → the hub's status at the quarter's end, for the hubs that get a snapshot of it (two queries).

    The status is the last ``HubStatusChange`` before ``quarter.end``. A hub whose last change before the
    quarter began is "stopped" is left out, as is a hub that did not exist yet.
    """
    changes = HubStatusChange.objects.filter(changed_at__lt=quarter.end)
    hubs = Hub.objects.filter(created_at__lt=quarter.end)
    if hub_ids is not None:
        changes = changes.filter(hub_id__in=hub_ids)
        hubs = hubs.filter(pk__in=hub_ids)
    last: dict[int, tuple] = {}
    for hub_id, status, at in changes.order_by("changed_at", "pk").values_list("hub_id", "to_status", "changed_at"):
        last[hub_id] = (status, at)
    # Hubs without any recorded history (the platform writes one on registration): today's status.
    without_history = hubs.exclude(pk__in=HubStatusChange.objects.values("hub_id"))
    for hub_id, status in without_history.values_list("pk", "status"):
        last[hub_id] = (status, None)
    return {
        hub_id: status
        for hub_id, (status, at) in sorted(last.items())
        if not (status == HubStatus.STOPPED and at is not None and at < quarter.start)
    }


def _values(snapshot: Snapshot, figures: dict[str, Figure], indicators: dict[str, int]) -> list[SnapshotValue]:
    return [
        SnapshotValue(snapshot=snapshot, indicator_id=indicators[code], value=value, basis=basis)
        for code, (value, basis) in figures.items()
        if code in indicators
    ]


def quarter_figures_refresh(period: str) -> None:
    """Rewrite the row of ``period`` from its current snapshots; three queries plus the write.

    Call it inside the transaction that changed the snapshots: the row is locked first, so two runs that
    take snapshots of the same quarter at once write it one after the other, the later one seeing both."""
    with transaction.atomic():
        QuarterFigures.objects.bulk_create([QuarterFigures(period=period)], ignore_conflicts=True)
        row = QuarterFigures.objects.select_for_update().get(period=period)
        snapshots = list(
            Snapshot.objects.filter(is_current=True, period=period).values_list("pk", "hub_id", "hub_status").order_by()
        )
        values = (
            SnapshotValue.objects.filter(snapshot_id__in=[s[0] for s in snapshots])
            .values_list("snapshot_id", "indicator_id", "value")
            .order_by()
        )
        summary = summarise(snapshots, values)
        row.values, row.statuses, row.stats = summary["values"], summary["statuses"], summary["stats"]
        row.save()


def snapshot_take(quarter: Quarter, *, actor=None, hub_ids: list[int] | None = None) -> int:
    """Take the snapshot of ``quarter`` for every hub that has none yet; returns how many were taken.

    Idempotent: a hub with a snapshot of that quarter (any version) is skipped, also when another run
    takes it at the same moment. Only a quarter that has ended (a ServiceError otherwise). A fixed number
    of queries, however many hubs.
    """
    _check_ended(quarter)
    statuses = hub_statuses(quarter, hub_ids)
    period = str(quarter)
    done = set(Snapshot.objects.filter(period=period, hub_id__in=list(statuses)).values_list("hub_id", flat=True))
    todo = [hub_id for hub_id in statuses if hub_id not in done]
    if not todo:
        return 0
    figures = compute(quarter, todo)
    indicators = dict(Indicator.objects.filter(is_active=True).values_list("code", "pk"))
    now = timezone.now()
    with transaction.atomic():
        # A hub another run took meanwhile hits the unique key and is left out (ON CONFLICT DO NOTHING);
        # the rows of this run are the ones with its own moment.
        Snapshot.objects.bulk_create(
            [
                Snapshot(
                    hub_id=hub_id,
                    period=period,
                    version=1,
                    is_current=True,
                    taken_at=now,
                    taken_by=actor,
                    hub_status=statuses[hub_id],
                )
                for hub_id in todo
            ],
            ignore_conflicts=True,
        )
        taken = list(Snapshot.objects.filter(period=period, version=1, taken_at=now, hub_id__in=todo))
        SnapshotValue.objects.bulk_create(
            [value for s in taken for value in _values(s, figures[s.hub_id], indicators)], batch_size=2000
        )
        if taken:
            quarter_figures_refresh(period)
    if taken:
        data_version_bump(SNAPSHOTS_VERSION)
    return len(taken)


def snapshot_correct(*, actor, hub: Hub, quarter: Quarter, reason: str) -> Snapshot:
    """Recompute ``hub``'s figures of ``quarter`` now and store them as the next version with ``reason``.

    The programme office only. The earlier version stays, no longer current. Corrections of one hub
    wait for each other (the hub row is locked), so two never get the same version number.
    """
    if actor is None or not is_programme_office(actor):
        raise PermissionDenied(_("Only the programme office may correct figures."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the correction. It is shown with the figures."))
    _check_ended(quarter)
    period = str(quarter)
    figures = compute(quarter, [hub.pk])[hub.pk]
    status = hub_statuses(quarter, [hub.pk]).get(hub.pk)
    indicators = dict(Indicator.objects.filter(is_active=True).values_list("code", "pk"))
    with transaction.atomic():
        Hub.objects.select_for_update().filter(pk=hub.pk).first()
        current = Snapshot.objects.filter(hub=hub, period=period, is_current=True).first()
        if current is None:
            raise ServiceError(
                _("There are no figures of %(hub)s for %(quarter)s yet. Take the snapshot first.")
                % {"hub": hub.name, "quarter": period}
            )
        version = (Snapshot.objects.filter(hub=hub, period=period).aggregate(v=Max("version"))["v"] or 0) + 1
        Snapshot.objects.filter(pk=current.pk).update(is_current=False)
        snapshot = Snapshot.objects.create(
            hub=hub,
            period=period,
            version=version,
            is_current=True,
            taken_at=timezone.now(),
            taken_by=actor,
            reason=reason,
            hub_status=status or current.hub_status,
        )
        SnapshotValue.objects.bulk_create(_values(snapshot, figures, indicators))
        quarter_figures_refresh(period)
    data_version_bump(SNAPSHOTS_VERSION)
    return snapshot
