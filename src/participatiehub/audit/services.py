"""Writing the processing log. Call inside the transaction of the operation it records."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings

from .models import ProcessingLogEntry


def pseudonym(kind: str, pk: int | str) -> str:
    """A stable pseudonym for a data subject that does not reveal the database id."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{pk}".encode()).hexdigest()
    return digest[:32]


def processing_log_write(
    *,
    actor,
    activity: str,
    purpose: str,
    operation: str,
    subject_type: str,
    subject_ids: Iterable[int] = (),
    hub_id: int | None = None,
    trace_id: str | None = None,
    object_count: int = 0,
) -> list[ProcessingLogEntry]:
    """Record that ``actor`` processed personal data of the given subjects.

    One row per subject (so a subject's own history can be queried); a read of a whole list
    of subjects (an export) writes one row with ``object_count`` when no subject ids are given.
    """
    trace = trace_id or secrets.token_hex(16)
    ids = list(subject_ids)
    user = actor if getattr(actor, "is_authenticated", False) else None
    rows = [
        ProcessingLogEntry(
            trace_id=trace,
            span_id=secrets.token_hex(8),
            actor=user,
            activity=activity,
            purpose=purpose,
            operation=operation,
            hub_id=hub_id,
            subject_type=subject_type,
            subject_pseudonym=pseudonym(subject_type, pk),
        )
        for pk in ids
    ] or [
        ProcessingLogEntry(
            trace_id=trace,
            span_id=secrets.token_hex(8),
            actor=user,
            activity=activity,
            purpose=purpose,
            operation=operation,
            hub_id=hub_id,
            subject_type=subject_type,
            object_count=object_count,
        )
    ]
    return ProcessingLogEntry.objects.bulk_create(rows)
