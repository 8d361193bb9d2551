"""One selection per pool at a time, and a run whose worker stopped is marked failed so the pool is free again."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

import datetime as dt
import io
import time

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

import fairlot as engine
import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.panels import services, tasks
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import SelectedMember, Selection
from tests.panels.test_pools_support import coord, coord_client, hub, lottery, small_pool  # noqa: F401

pytestmark = pytest.mark.django_db

ALREADY = "Er loopt al een loting voor deze pool"


def _running(pool, coord, *, heartbeat_minutes_ago: float) -> Selection:
    """A selection a worker claimed, whose last sign of life was ``heartbeat_minutes_ago``."""
    selection = services.selection_start(pool=pool, actor=coord, seed="1")
    Selection.objects.filter(pk=selection.pk).update(
        status=SelectionStatus.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=heartbeat_minutes_ago),
    )
    return selection


def test_a_second_start_on_the_same_pool_is_refused(hub, coord):
    pool = small_pool(hub)
    services.selection_start(pool=pool, actor=coord, seed="1")
    with pytest.raises(ServiceError) as exc:
        services.selection_start(pool=pool, actor=coord, seed="2")
    assert ALREADY in " ".join(str(m) for m in exc.value.messages)
    assert Selection.objects.filter(pool=pool).count() == 1


def test_the_database_refuses_a_second_active_run_even_past_the_check(hub, coord, monkeypatch):
    """Two requests that both passed the 'is one running?' check: the constraint refuses the second."""
    pool = small_pool(hub)
    services.selection_start(pool=pool, actor=coord, seed="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Selection.objects.create(pool=pool, seed="2", status=SelectionStatus.RUNNING)
    # The service turns that refusal into the Dutch message (the check is skipped here on purpose).
    real_filter = Selection.objects.filter

    class NoneActive:
        def exists(self):
            return False

    monkeypatch.setattr(
        Selection.objects,
        "filter",
        lambda *a, **kw: NoneActive() if "status__in" in kw else real_filter(*a, **kw),
    )
    with pytest.raises(ServiceError) as exc:
        services.selection_start(pool=pool, actor=coord, seed="3")
    assert ALREADY in " ".join(str(m) for m in exc.value.messages)
    monkeypatch.undo()
    assert Selection.objects.filter(pool=pool).count() == 1


def test_starting_twice_through_the_page_shows_the_message(coord_client, hub):
    pool = small_pool(hub)
    url = reverse("panels:selection_create", args=[hub.slug, pool.pk])
    data = {"seed": "12345", "algorithm": "leximin", "panel_count": 10}
    assert coord_client.post(url, data).status_code == 302
    second = coord_client.post(url, data)
    assert second.status_code == 200
    assert ALREADY in second.content.decode()
    assert Selection.objects.filter(pool=pool).count() == 1
    # The start page says so before anyone fills in the form, with a link to the running selection.
    page = coord_client.get(url).content.decode()
    running = Selection.objects.get(pool=pool)
    assert ALREADY in page and reverse("panels:selection_detail", args=[hub.slug, running.pk]) in page


def test_a_run_without_sign_of_life_is_marked_failed_and_can_start_again(coord_client, hub, coord, lottery, settings):
    settings.SELECTION_STALE_MINUTES = 10
    pool = small_pool(hub)
    stuck = _running(pool, coord, heartbeat_minutes_ago=11)
    page = coord_client.get(reverse("panels:pool_detail", args=[hub.slug, pool.pk]))
    assert page.status_code == 200
    stuck.refresh_from_db()
    assert stuck.status == SelectionStatus.FAILED
    assert stuck.error.startswith("De loting is gestopt") and "10 minuten" in stuck.error
    detail = coord_client.get(reverse("panels:selection_detail", args=[hub.slug, stuck.pk])).content.decode()
    assert stuck.error in detail and reverse("panels:selection_create", args=[hub.slug, pool.pk]) in detail
    again = lottery(pool, coord, seed="opnieuw")
    assert again.status == SelectionStatus.DONE, again.error


def test_a_live_run_with_a_fresh_heartbeat_stays_running(coord_client, hub, coord, settings):
    settings.SELECTION_STALE_MINUTES = 10
    pool = small_pool(hub)
    live = _running(pool, coord, heartbeat_minutes_ago=2)
    for name, pk in (("pool_detail", pool.pk), ("selection_detail", live.pk), ("selection_progress", live.pk)):
        assert coord_client.get(reverse(f"panels:{name}", args=[hub.slug, pk])).status_code == 200
    live.refresh_from_db()
    assert live.status == SelectionStatus.RUNNING and live.error == ""
    with pytest.raises(ServiceError):
        services.selection_start(pool=pool, actor=coord, seed="2")


def test_the_progress_poll_notices_a_stopped_run_and_reloads_the_page(coord_client, hub, coord, settings):
    settings.SELECTION_STALE_MINUTES = 10
    stuck = _running(small_pool(hub), coord, heartbeat_minutes_ago=11)
    response = coord_client.get(reverse("panels:selection_progress", args=[hub.slug, stuck.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    stuck.refresh_from_db()
    assert stuck.status == SelectionStatus.FAILED


def test_the_command_marks_only_stopped_runs(hub, coord, settings):
    settings.SELECTION_STALE_MINUTES = 10
    stuck = _running(small_pool(hub), coord, heartbeat_minutes_ago=11)
    live = _running(small_pool(hub), coord, heartbeat_minutes_ago=1)
    queued = services.selection_start(pool=small_pool(hub), actor=coord, seed="1")
    out = io.StringIO()
    call_command("selections_fail_stale", stdout=out)
    assert out.getvalue().startswith("1 ")
    statuses = {s.pk: s.status for s in Selection.objects.all()}
    assert statuses == {
        stuck.pk: SelectionStatus.FAILED,
        live.pk: SelectionStatus.RUNNING,
        queued.pk: SelectionStatus.QUEUED,
    }


def test_a_run_marked_stopped_while_it_worked_stores_nothing(hub, coord, lottery, monkeypatch):
    """The worker was only slow: its late outcome must not overwrite 'failed' or fill the pool's panel."""
    real_select = engine.select

    def slow_then_marked_stopped(*args, **kwargs):
        Selection.objects.update(status=SelectionStatus.FAILED, error="gestopt")
        return real_select(*args, **kwargs)

    monkeypatch.setattr(engine, "select", slow_then_marked_stopped)
    selection = lottery(small_pool(hub), coord)
    assert selection.status == SelectionStatus.FAILED and selection.error == "gestopt"
    assert selection.result is None
    assert not SelectedMember.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_while_the_engine_is_busy(hub, coord, monkeypatch):
    """One long solve without progress still shows signs of life (from the heartbeat thread)."""
    monkeypatch.setattr(tasks, "HEARTBEAT_SECONDS", 0.05)
    seen = []
    real_select = engine.select

    def long_solve(*args, **kwargs):
        started = Selection.objects.get().heartbeat_at
        time.sleep(0.6)
        seen.append((started, Selection.objects.get().heartbeat_at))
        return real_select(*args, **kwargs)

    monkeypatch.setattr(engine, "select", long_solve)
    selection = services.selection_start(pool=small_pool(hub), actor=coord, seed="1")
    assert tasks.selection_run(selection.pk) == SelectionStatus.DONE
    (started, later), *_ = seen
    assert started is not None and later > started
