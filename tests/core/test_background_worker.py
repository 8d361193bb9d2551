"""core.selectors.background_worker_state: queued work that no worker picks up is noticed after a minute."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from participatiehub.core.selectors import WORKER_GRACE, WorkerState, background_worker_state
from participatiehub.core.tasks import send_email

pytestmark = pytest.mark.django_db


def _queued(*, waited: timedelta, **using) -> DBTaskResult:
    """A ready task as if queued `waited` ago (time shifted back on the stored row)."""
    result = send_email.using(**using).enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - waited)
    return DBTaskResult.objects.get(pk=result.id)


def test_nothing_queued_or_recently_queued_is_fine():
    assert background_worker_state() == WorkerState.OK
    _queued(waited=timedelta(seconds=30))
    assert background_worker_state() == WorkerState.OK


def test_a_task_waiting_more_than_a_minute_means_no_worker():
    _queued(waited=WORKER_GRACE + timedelta(seconds=1))
    assert background_worker_state() == WorkerState.ABSENT
    # The same row, seen from a moment just after it was queued, is still fine.
    assert background_worker_state(now=timezone.now() - WORKER_GRACE) == WorkerState.OK


def test_a_running_task_means_the_worker_is_busy():
    _queued(waited=timedelta(minutes=5))
    running = _queued(waited=timedelta(minutes=6))
    DBTaskResult.objects.filter(pk=running.pk).update(status="RUNNING", started_at=timezone.now())
    assert background_worker_state() == WorkerState.BUSY


def test_deferred_work_counts_from_its_run_after():
    now = timezone.now()
    _queued(waited=timedelta(hours=1), run_after=now + timedelta(minutes=10))  # a retry later on
    assert background_worker_state() == WorkerState.OK
    _queued(waited=timedelta(hours=1), run_after=now - timedelta(seconds=20))  # due 20 s ago
    assert background_worker_state() == WorkerState.OK
    _queued(waited=timedelta(hours=1), run_after=now - timedelta(minutes=2))  # due 2 minutes ago
    assert background_worker_state() == WorkerState.ABSENT


def test_finished_work_does_not_count(run_tasks):
    _queued(waited=timedelta(minutes=5))
    run_tasks()
    assert background_worker_state() == WorkerState.OK
