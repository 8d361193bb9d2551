"""The processing log rows of the evaluator export (``audit``), under the export's trace id."""

from __future__ import annotations

from participatiehub.audit.services import processing_log_write

from .constants import SUBJECT_TYPE
from .models import Export


def export_log(*, export: Export, actor, activity: str, object_count: int = 0) -> None:
    processing_log_write(
        actor=actor,
        activity=f"{activity} {export.schema_version}",
        purpose=export.purpose,
        operation="read",
        subject_type=SUBJECT_TYPE,
        trace_id=export.trace_id,
        object_count=object_count,
    )
