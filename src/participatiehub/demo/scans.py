"""Demo data for the participation scan: the default template (seeded by the scans migration), last
year's round (closed, nearly every hub submitted) and this year's round (open, the deadline three weeks
ahead; some hubs submitted, some are busy, some have not started; the showcase hub's coordinator has a
draft). The answers follow a "maturity" per hub with a little noise per dimension, and this year a hub
has moved on a little, so the radar chart shows the hub against the median and against last year."""

from __future__ import annotations

import datetime as dt
import importlib
import random

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from participatiehub.core.models import OutgoingEmail
from participatiehub.scans import selectors, services
from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import Answer, DimensionComment, Question, ScanResponse, ScanRound

from .questions import demo_emails_deliver

#: How a dimension usually compares with a hub's overall maturity (networks first, influence later).
DIMENSION_OFFSET = {
    "vision": 0.3,
    "network": 0.6,
    "reach": -0.6,
    "methods": 0.0,
    "influence": -0.5,
    "feedback": -0.3,
    "continuity": -0.2,
}
COMMENTS = {
    "reach": "Jongeren en mensen met weinig geld bereiken we nog te weinig. We starten een pilot met het jongerenwerk.",
    "influence": "De wethouder vraagt ons nu vaker vooraf om advies. Bij de zorgverzekeraar lukt dat nog niet.",
    "network": "De coalitie is dit jaar uitgebreid met twee cliëntenraden.",
}


def _last_email() -> int:
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _version():
    version = selectors.current_version()
    if version is None:  # a flushed database: the migration's seed once more
        importlib.import_module("participatiehub.scans.migrations.0002_default_template").seed(apps)
        version = selectors.current_version()
    return version


def _answers(rng: random.Random, questions, level: float, *, share: float = 1.0) -> list[tuple[Question, int | None]]:
    """(question, value or None for "not applicable") for the first ``share`` of the questions."""
    chosen = questions[: max(1, round(len(questions) * share))]
    rows = []
    for question in chosen:
        if question.scale.allows_not_applicable and rng.random() < 0.04:
            rows.append((question, None))
            continue
        value = round(rng.gauss(level + DIMENSION_OFFSET.get(question.dimension.code, 0), 0.7))
        rows.append((question, min(5, max(1, value))))
    return rows


def _fill(response: ScanResponse, rows, *, status: str, saved_at: dt.datetime, by) -> int:
    Answer.objects.bulk_create(
        Answer(response=response, question=q, value=v, not_applicable=v is None) for q, v in rows
    )
    response.status = status
    response.last_saved_at = saved_at
    response.last_saved_by = by
    response.submitted_at = saved_at if status == ResponseStatus.SUBMITTED else None
    response.version += 1
    response.save()
    if status == ResponseStatus.SUBMITTED:
        response.events.create(kind="submitted", at=saved_at, by=by)
    return len(rows)


@transaction.atomic
def demo_scans_build(*, hubs, office, coordinator, showcase_hub, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 15)
    version = _version()
    questions = list(
        Question.objects.filter(dimension__template_version=version)
        .select_related("dimension", "scale")
        .order_by("dimension__order", "order", "pk")
    )
    now = timezone.now()
    today = timezone.localdate(now)
    year = today.year
    levels = {hub.pk: rng.uniform(2.0, 3.9) for hub in hubs}
    levels[showcase_hub.pk] = 3.1
    answers = 0
    # Last year's round: closed, every hub but one or two submitted.
    previous = ScanRound.objects.create(
        year=year - 1,
        template_version=version,
        opens_on=dt.date(year - 1, 9, 1),
        deadline=timezone.make_aware(dt.datetime(year - 1, 10, 31, 17, 0)),
        reminder_days=[14, 3],
        opened_by=office,
        closed_at=timezone.make_aware(dt.datetime(year - 1, 11, 30, 12, 0)),
        closed_by=office,
    )
    late = {hub.pk for hub in rng.sample(hubs, k=min(2, max(0, len(hubs) - 3)))} - {showcase_hub.pk}
    for hub in hubs:
        response = ScanResponse.objects.create(scan_round=previous, hub=hub)
        if hub.pk in late:
            continue
        saved = timezone.make_aware(dt.datetime(year - 1, 10, rng.randint(1, 30), rng.randint(9, 17), 0))
        answers += _fill(
            response,
            _answers(rng, questions, levels[hub.pk]),
            status=ResponseStatus.SUBMITTED,
            saved_at=saved,
            by=coordinator if hub.pk == showcase_hub.pk else None,
        )
    # This year's round: open, the deadline three weeks ahead; the hubs have moved on a little.
    first_email = _last_email()
    current = services.round_open(
        actor=office,
        year=year,
        template_version=version,
        opens_on=today - dt.timedelta(days=30),
        deadline=timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=21), dt.time(17, 0))),
        reminder_days=[14, 3],
        now=now,
    )
    # The invitations went out on the opening date: sent (to nobody: the demo's e-mail backend) and dated.
    opened = timezone.make_aware(dt.datetime.combine(current.opens_on, dt.time(9, 0)))
    ScanRound.objects.filter(pk=current.pk).update(opened_at=opened)
    invitations = OutgoingEmail.objects.filter(pk__gt=first_email).values_list("pk", flat=True)
    emails = demo_emails_deliver(dict.fromkeys(invitations, opened))
    others = [hub for hub in hubs if hub.pk != showcase_hub.pk]
    rng.shuffle(others)
    submitted = others[: len(others) // 2]
    busy = others[len(others) // 2 : len(others) // 2 + max(1, len(others) // 4)]
    for response in current.responses.select_related("hub"):
        hub, level = response.hub, levels.get(response.hub_id, 3.0) + 0.3
        saved = now - dt.timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 8))
        if hub in submitted:
            answers += _fill(
                response, _answers(rng, questions, level), status=ResponseStatus.SUBMITTED, saved_at=saved, by=None
            )
        elif hub in busy:
            answers += _fill(
                response,
                _answers(rng, questions, level, share=rng.uniform(0.3, 0.8)),
                status=ResponseStatus.DRAFT,
                saved_at=saved,
                by=None,
            )
        elif hub.pk == showcase_hub.pk:
            # The showcase coordinator is half-way: the first dimensions answered, a comment or two.
            answers += _fill(
                response,
                _answers(rng, questions, level, share=0.55),
                status=ResponseStatus.DRAFT,
                saved_at=now - dt.timedelta(days=2),
                by=coordinator,
            )
            for dimension in version.dimensions.filter(code__in=["network", "reach"]):
                DimensionComment.objects.create(response=response, dimension=dimension, text=COMMENTS[dimension.code])
    statuses = {status: 0 for status in ResponseStatus}
    for status in current.responses.values_list("status", flat=True):
        statuses[status] += 1
    return {
        "rondes": 2,
        "ingestuurd dit jaar": statuses[ResponseStatus.SUBMITTED],
        "concept dit jaar": statuses[ResponseStatus.DRAFT],
        "niet begonnen dit jaar": statuses[ResponseStatus.NOT_STARTED],
        "ingestuurd vorig jaar": previous.responses.filter(status=ResponseStatus.SUBMITTED).count(),
        "antwoorden": answers,
        "e-mails": emails,
    }


def wipe_scans() -> int:
    """Delete every round with its responses (for ``--reset``): responses protect their hub. The
    templates stay. Returns the number of responses deleted."""
    count = ScanResponse.objects.count()
    ScanRound.objects.all().delete()
    return count
