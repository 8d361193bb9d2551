"""Writes of the evaluator export: ask for one, try again, download; ``tasks`` makes it in the background.

Every step writes its row in the processing log (``audit``) in the same transaction, under the export's
trace id: asked for (who, purpose, version, tables), made (how many rows), downloaded.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ServiceError

from . import tasks
from .constants import ACTIVITY_DOWNLOAD, ACTIVITY_REQUEST, OPEN_STATUSES, SCHEMA_VERSION, STALE_MINUTES, ExportStatus
from .log import export_log
from .models import Export
from .pseudonyms import pseudonym_key
from .tables import TABLES

S = ExportStatus


def _enqueue(export_id: int) -> None:
    tasks.make_export.enqueue(export_id)


def export_request(*, actor, purpose: str) -> Export:
    """Ask for a new export for ``actor`` (who must be an evaluator: the view checks). It is made in the
    background. Refused while another export of the same person is still waiting or being made."""
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise ServiceError(_("Fill in what you need the data for."))
    try:
        pseudonym_key()
    except ImproperlyConfigured:
        raise ServiceError(
            _("The export has not been set up yet (the key for pseudonyms is missing). Contact the administrator.")
        ) from None
    with transaction.atomic():
        if Export.objects.select_for_update().filter(recipient=actor, status__in=OPEN_STATUSES).exists():
            raise ServiceError(_("An export is already being made for you. Wait until it is ready."))
        export = Export.objects.create(
            recipient=actor,
            purpose=purpose[:200],
            schema_version=SCHEMA_VERSION,
            tables=[table.name for table in TABLES],
            trace_id=secrets.token_hex(16),
        )
        export_log(export=export, actor=actor, activity=ACTIVITY_REQUEST, object_count=len(TABLES))
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def export_retry(*, export: Export, actor) -> Export:
    """Queue a failed export again (or one whose worker stopped: busy without a sign of life)."""
    stale = timezone.now() - timedelta(minutes=STALE_MINUTES)
    with transaction.atomic():
        claimed = (
            Export.objects.filter(pk=export.pk, recipient=actor)
            .filter(status=S.FAILED)
            .update(status=S.WAITING, error="", progress_text="", updated_at=timezone.now())
        ) or (
            Export.objects.filter(pk=export.pk, recipient=actor, status=S.BUSY, updated_at__lt=stale).update(
                status=S.WAITING, error="", progress_text="", updated_at=timezone.now()
            )
        )
        if not claimed:
            raise ServiceError(_("This export is ready or still being made. Reload the page."))
        transaction.on_commit(lambda: _enqueue(export.pk))
    export.refresh_from_db()
    return export


def export_download_log(*, export: Export, actor) -> None:
    with transaction.atomic():
        export_log(export=export, actor=actor, activity=ACTIVITY_DOWNLOAD, object_count=export.row_count)
