"""Django admin pages that show personal data write processing-log rows for what they show."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from .services import processing_log_write


class ProcessingLogAdminMixin:
    """Log every read of personal data in the admin: the list (one row per person shown on the page)
    and the change form (the person shown). Set ``log_subject_type`` and ``log_purpose``."""

    log_subject_type: str = ""
    log_purpose: str = ""

    def log_reads(self, request, objects: Iterable, *, activity: str) -> None:
        by_hub: dict[int | None, list[int]] = defaultdict(list)
        for obj in objects:
            by_hub[getattr(obj, "hub_id", None)].append(obj.pk)
        if not by_hub:
            return
        trace = secrets.token_hex(16)  # one trace for the page, however many hubs it spans
        with transaction.atomic():
            for hub_id, ids in by_hub.items():
                processing_log_write(
                    actor=request.user,
                    activity=activity,
                    purpose=self.log_purpose,
                    operation="read",
                    subject_type=self.log_subject_type,
                    subject_ids=ids,
                    hub_id=hub_id,
                    trace_id=trace,
                )

    def _activity(self, what: str) -> str:
        return f"admin {what} {self.model._meta.model_name}"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # Evaluates the page's rows once; the template then reads the same cached rows.
            self.log_reads(request, list(changelist.result_list), activity=self._activity("list"))
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self.log_reads(request, [obj], activity=self._activity("view"))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
