"""Background tasks of the programme reports (django-tasks). The body is ``generation.report_generate``."""

from __future__ import annotations

from django_tasks import task

from . import generation


@task()
def generate_programme_report(report_id: int) -> str:
    """Make the four files of a waiting report; progress is saved per step, a failure loses nothing."""
    return str(generation.report_generate(report_id))
