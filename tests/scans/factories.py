"""Scan test data: the default template (seeded by migration 0002, re-seeded after a flush), rounds
and responses with answers, made through the services where the services are what is tested elsewhere."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps
from django.utils import timezone

from participatiehub.scans import services
from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import Answer, Question, ScanResponse, ScanRound, TemplateVersion

_seed = importlib.import_module("participatiehub.scans.migrations.0002_default_template")


def default_version() -> TemplateVersion:
    """The default template's first published version (seeded again when a flush removed it)."""
    _seed.seed(apps)
    return TemplateVersion.objects.get(template__name=_seed.TEMPLATE_NAME, number=1)


def open_round(*, year: int, office=None, version=None, deadline_days: int = 30, opens_on=None, **kwargs) -> ScanRound:
    now = timezone.now()
    return services.round_open(
        actor=office,
        year=year,
        template_version=version or default_version(),
        opens_on=opens_on or timezone.localdate(now) - dt.timedelta(days=1),
        deadline=now + dt.timedelta(days=deadline_days),
        **kwargs,
    )


def past_round(*, year: int, version=None) -> ScanRound:
    """A closed round of an earlier year (made directly: the service refuses a deadline in the past)."""
    version = version or default_version()
    scan_round = ScanRound.objects.create(
        year=year,
        template_version=version,
        opens_on=dt.date(year, 3, 1),
        deadline=timezone.make_aware(dt.datetime(year, 5, 1, 17, 0)),
        reminder_days=[14, 3],
        closed_at=timezone.make_aware(dt.datetime(year, 6, 1, 12, 0)),
    )
    return scan_round


def questions_of(scan_round: ScanRound) -> list[Question]:
    return list(
        Question.objects.filter(dimension__template_version_id=scan_round.template_version_id)
        .select_related("dimension")
        .order_by("dimension__order", "order", "pk")
    )


def answer_all(response: ScanResponse, value_for, *, submit: bool = True, actor=None) -> ScanResponse:
    """Store an answer for every question directly (``value_for(question)``: a value, "na" or None) and
    mark the response submitted (or draft)."""
    rows = []
    for question in questions_of(response.scan_round):
        value = value_for(question)
        if value is None:
            continue
        rows.append(
            Answer(
                response=response,
                question=question,
                value=None if value == "na" else value,
                not_applicable=value == "na",
            )
        )
    Answer.objects.bulk_create(rows)
    response.status = ResponseStatus.SUBMITTED if submit else ResponseStatus.DRAFT
    response.last_saved_at = timezone.now()
    response.last_saved_by = actor
    response.submitted_at = timezone.now() if submit else None
    response.save()
    return response


def response_of(scan_round: ScanRound, hub) -> ScanResponse:
    response, _created = ScanResponse.objects.get_or_create(scan_round=scan_round, hub=hub)
    return response
