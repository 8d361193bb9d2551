"""Reads shared by the apps: how the background work is doing."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

#: A ready task that waits longer than this means no worker picks up work.
WORKER_GRACE = timedelta(minutes=1)


class WorkerState:
    OK = "ok"
    BUSY = "busy"  # work waits, but a worker is running another (long) task
    ABSENT = "absent"  # work waits and nothing runs: no worker seems to be started


def background_worker_state(*, now: datetime | None = None) -> str:
    """Whether queued background work is being picked up (the database task backend's queue).

    A worker takes ready tasks within seconds, so a ready task that waited longer than
    ``WORKER_GRACE`` means the worker is busy with a long task or does not run at all."""
    limit = (now or timezone.now()) - WORKER_GRACE
    results = DBTaskResult.objects.all()
    overdue = results.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lte=limit) | Q(run_after__lte=limit)
    )
    if not overdue.exists():
        return WorkerState.OK
    if results.filter(status=TaskResultStatus.RUNNING).exists():
        return WorkerState.BUSY
    return WorkerState.ABSENT
