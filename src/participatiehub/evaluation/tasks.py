"""The background task that makes an evaluator export (django-tasks); ``services`` queues it."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def make_export(export_id: int) -> str:
    return str(services.export_make(export_id))
