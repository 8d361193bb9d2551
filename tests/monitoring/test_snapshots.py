"""Snapshots: taken once per hub and quarter, never changed; a correction is a new version with its reason."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import data_version
from participatiehub.hubs.constants import HubStatus
from participatiehub.monitoring.constants import SNAPSHOTS_VERSION
from participatiehub.monitoring.indicators import compute
from participatiehub.monitoring.models import Indicator, Snapshot, SnapshotValue
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import hub_statuses, snapshot_correct, snapshot_take
from tests.factories import HubFactory, coordinator, programme_officer

from . import factories as f
from .conftest import Q1


def _stored(snapshot) -> dict:
    return {v.indicator.code: (v.value, v.basis) for v in snapshot.values.select_related("indicator")}


def test_a_snapshot_stores_every_active_figure_with_the_hubs_status(scenario):
    office = programme_officer()
    assert snapshot_take(Q1, actor=office) == 2
    snapshot = Snapshot.objects.get(hub=scenario.busy, period="2025-Q1")
    assert (snapshot.version, snapshot.is_current, snapshot.taken_by, snapshot.reason) == (1, True, office, "")
    assert snapshot.hub_status == HubStatus.OPERATIONAL
    assert _stored(snapshot) == compute(Q1, [scenario.busy.pk])[scenario.busy.pk]
    assert snapshot.values.count() == Indicator.objects.filter(is_active=True).count()
    assert _stored(snapshot)["questions_received"] == (Decimal("2.00"), None)
    assert _stored(snapshot)["days_to_advice"] == (Decimal("59.00"), 3)
    assert _stored(Snapshot.objects.get(hub=scenario.empty))["days_to_advice"] == (None, 0)


def test_taking_again_is_idempotent(scenario):
    assert snapshot_take(Q1) == 2
    assert snapshot_take(Q1) == 0
    assert snapshot_take(Q1, hub_ids=[scenario.busy.pk]) == 0
    assert Snapshot.objects.count() == 2
    late = HubFactory()
    f.history(late, (HubStatus.PREPARING, f.at(2025, 3, 1)))
    assert snapshot_take(Q1) == 1  # only the hub that had none


def test_changing_records_afterwards_leaves_the_snapshot_unchanged(scenario):
    snapshot_take(Q1)
    snapshot = Snapshot.objects.get(hub=scenario.busy, period="2025-Q1")
    before = _stored(snapshot)
    taken_at = snapshot.taken_at
    f.question(scenario.busy, f.at(2025, 2, 1))
    f.organisation(scenario.busy, f.at(2025, 2, 1))
    assert compute(Q1, [scenario.busy.pk])[scenario.busy.pk]["questions_received"] == (Decimal(3), None)
    assert snapshot_take(Q1) == 0
    snapshot.refresh_from_db()
    assert _stored(snapshot) == before
    assert snapshot.taken_at == taken_at


def test_a_correction_is_a_new_version_with_its_reason(scenario):
    office = programme_officer()
    snapshot_take(Q1)
    first = Snapshot.objects.get(hub=scenario.busy)
    f.question(scenario.busy, f.at(2025, 2, 1))  # entered late
    before = data_version(SNAPSHOTS_VERSION)
    second = snapshot_correct(
        actor=office, hub=scenario.busy, quarter=Q1, reason="  Een vraagstuk was te laat ingevoerd. "
    )
    assert data_version(SNAPSHOTS_VERSION) != before
    assert (second.version, second.is_current, second.reason) == (2, True, "Een vraagstuk was te laat ingevoerd.")
    assert second.taken_by == office and second.hub_status == HubStatus.OPERATIONAL
    first.refresh_from_db()
    assert first.is_current is False
    assert _stored(first)["questions_received"] == (Decimal("2.00"), None)
    assert _stored(second)["questions_received"] == (Decimal("3.00"), None)
    third = snapshot_correct(actor=office, hub=scenario.busy, quarter=Q1, reason="Nog een keer.")
    assert third.version == 3
    assert list(Snapshot.objects.filter(hub=scenario.busy, is_current=True)) == [third]
    assert Snapshot.objects.filter(hub=scenario.busy).count() == 3
    # The other hub's snapshot is untouched.
    assert Snapshot.objects.get(hub=scenario.empty).version == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_needs_a_reason(scenario, reason):
    snapshot_take(Q1)
    with pytest.raises(ServiceError, match="reason"):
        snapshot_correct(actor=programme_officer(), hub=scenario.busy, quarter=Q1, reason=reason)
    assert Snapshot.objects.filter(hub=scenario.busy).count() == 1


def test_only_the_programme_office_corrects(scenario):
    snapshot_take(Q1)
    with pytest.raises(PermissionDenied):
        snapshot_correct(actor=coordinator(scenario.busy), hub=scenario.busy, quarter=Q1, reason="Fout.")
    with pytest.raises(PermissionDenied):
        snapshot_correct(actor=None, hub=scenario.busy, quarter=Q1, reason="Fout.")
    assert Snapshot.objects.filter(hub=scenario.busy).count() == 1


def test_a_correction_needs_a_snapshot_to_correct(scenario):
    with pytest.raises(ServiceError, match="Take the snapshot first"):
        snapshot_correct(actor=programme_officer(), hub=scenario.busy, quarter=Q1, reason="Fout.")
    assert not Snapshot.objects.exists()


def test_no_snapshot_of_a_quarter_that_has_not_ended(db):
    HubFactory()
    with pytest.raises(ServiceError, match="has not ended yet"):
        snapshot_take(Quarter.current())
    assert not Snapshot.objects.exists()


def test_a_stopped_hub_keeps_its_history_and_gets_no_snapshots_after_it_stopped(db):
    stopped_before = HubFactory(slug="gestopt")
    f.history(stopped_before, (HubStatus.PREPARING, f.at(2024, 1, 2)), (HubStatus.STOPPED, f.at(2024, 11, 15)))
    stopped_during = HubFactory(slug="stopt")
    f.history(stopped_during, (HubStatus.DEVELOPING, f.at(2024, 1, 2)), (HubStatus.STOPPED, f.at(2025, 2, 1)))
    not_yet = HubFactory(slug="nieuw")
    f.history(not_yet, (HubStatus.PREPARING, f.at(2025, 4, 1, 0, 0)))  # registered at 00:00 on 1 April
    restarted = HubFactory(slug="herstart")
    f.history(
        restarted,
        (HubStatus.PREPARING, f.at(2024, 1, 2)),
        (HubStatus.STOPPED, f.at(2024, 3, 1)),
        (HubStatus.PREPARING, f.at(2025, 3, 31, 23, 59)),
    )
    assert hub_statuses(Q1) == {stopped_during.pk: HubStatus.STOPPED, restarted.pk: HubStatus.PREPARING}
    assert snapshot_take(Q1) == 2
    # Its last quarter before stopping: the snapshot of 2024-Q4 says "stopped"; it stays after later runs.
    assert snapshot_take(Quarter(2024, 4)) == 2
    assert Snapshot.objects.get(hub=stopped_before, period="2024-Q4").hub_status == HubStatus.STOPPED
    assert Snapshot.objects.get(hub=stopped_during, period="2025-Q1").hub_status == HubStatus.STOPPED
    assert not Snapshot.objects.filter(hub=not_yet).exists()
    assert not Snapshot.objects.filter(hub=restarted, period="2024-Q4").exists()  # stopped all that quarter
    assert snapshot_take(Quarter(2025, 2)) == 2  # not_yet and restarted; the stopped ones no more
    assert set(Snapshot.objects.filter(period="2025-Q2").values_list("hub__slug", flat=True)) == {"nieuw", "herstart"}


def test_a_hub_without_recorded_history_counts_from_its_creation(db):
    hub = HubFactory(status=HubStatus.OPERATIONAL)
    f.created(hub, f.at(2025, 2, 1))
    later = HubFactory()
    f.created(later, f.at(2025, 4, 1, 0, 0))
    assert hub_statuses(Q1) == {hub.pk: HubStatus.OPERATIONAL}


def test_snapshot_take_bumps_the_data_version_only_when_it_took_one(scenario):
    before = data_version(SNAPSHOTS_VERSION)
    snapshot_take(Q1)
    after = data_version(SNAPSHOTS_VERSION)
    assert after != before
    snapshot_take(Q1)
    assert data_version(SNAPSHOTS_VERSION) == after


def test_deleting_a_snapshot_takes_its_values(scenario):
    snapshot_take(Q1)
    Snapshot.objects.all().delete()
    assert not SnapshotValue.objects.exists()


def test_the_demo_takes_eight_quarters_for_every_hub_and_one_real_correction(regions):
    from io import StringIO

    from django.core.management import call_command

    from participatiehub.demo.monitoring import wipe_monitoring
    from participatiehub.hubs.models import Hub
    from participatiehub.network.models import Organisation
    from tests.core.conftest import REGION_CODES

    out = StringIO()
    call_command(
        "demo",
        stdout=out,
        regions=",".join(REGION_CODES),
        min_organisations=25,
        max_organisations=30,
        min_bodies=15,
        max_bodies=16,
        without_panels=True,
    )
    assert "Monitoring: momentopnamen: 24, kwartalen: 8, correcties: 1." in out.getvalue()
    quarters = [str(q) for q in Quarter.last_complete().back(8)]
    hubs = Hub.objects.count()
    assert Snapshot.objects.filter(is_current=True).count() == hubs * 8
    assert set(Snapshot.objects.values_list("period", flat=True)) == set(quarters)
    # The network grew: created between the hub's registration and now, fewer at the first quarter's end.
    assert not Organisation.objects.filter(created_at__gt=timezone.now()).exists()
    first = SnapshotValue.objects.filter(
        snapshot__period=quarters[0], indicator__code="network_organisations", snapshot__is_current=True
    )
    last = SnapshotValue.objects.filter(
        snapshot__period=quarters[-1], indicator__code="network_organisations", snapshot__is_current=True
    )
    assert sum(v.value for v in first) < sum(v.value for v in last)
    corrected = Snapshot.objects.get(version=2)
    assert corrected.period == quarters[-2] and "pas later vastgelegd" in corrected.reason
    earlier = Snapshot.objects.get(hub=corrected.hub, period=corrected.period, version=1)
    assert earlier.is_current is False

    def organisations(snapshot):
        return snapshot.values.get(indicator__code="network_organisations").value

    assert organisations(corrected) == organisations(earlier) + 3
    assert wipe_monitoring() == hubs * 8 + 1
    assert not Snapshot.objects.exists() and not SnapshotValue.objects.exists()


def test_a_hub_another_run_took_meanwhile_is_skipped(scenario, monkeypatch):
    from participatiehub.monitoring import services

    real = services.compute

    def racing(quarter, hub_ids):
        figures = real(quarter, hub_ids)
        # Another run stores the busy hub's snapshot while this one computes.
        Snapshot.objects.create(hub=scenario.busy, period="2025-Q1", taken_at=timezone.now(), hub_status="rival")
        return figures

    monkeypatch.setattr(services, "compute", racing)
    assert snapshot_take(Q1) == 1
    assert Snapshot.objects.get(hub=scenario.busy).hub_status == "rival"
    assert not SnapshotValue.objects.filter(snapshot__hub=scenario.busy).exists()
    assert SnapshotValue.objects.filter(snapshot__hub=scenario.empty).exists()


def test_taking_snapshots_of_30_hubs_takes_as_many_queries_as_of_3(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hubs = HubFactory.create_batch(30)
    for hub in hubs:
        f.history(hub, (HubStatus.PREPARING, f.at(2024, 6, 1)))
        f.question(hub, f.at(2025, 2, 1))

    def queries(quarter, selected) -> tuple[int, int]:
        """(queries, INSERT batches of figures): SQLite splits a bulk insert by its parameter limit."""
        with CaptureQueriesContext(connection) as captured:
            assert snapshot_take(quarter, hub_ids=[h.pk for h in selected]) == len(selected)
        batches = sum('INSERT INTO "monitoring_snapshotvalue"' in q["sql"] for q in captured.captured_queries)
        return len(captured.captured_queries) - batches, batches

    few, few_batches = queries(Q1, hubs[:3])
    many, many_batches = queries(Quarter(2024, 4), hubs)
    assert few == many
    rows = 30 * Indicator.objects.filter(is_active=True).count()
    assert few_batches == 1 and many_batches <= 1 + rows * 4 // 999
