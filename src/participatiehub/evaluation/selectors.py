"""Reads of the evaluator export: a user's own exports only (the pseudonyms are made for them)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Export

LIST_LENGTH = 20


def exports_for_user(user) -> QuerySet[Export]:
    """The user's latest exports, newest first (one query)."""
    return Export.objects.filter(recipient=user).order_by("-created_at", "-pk")[:LIST_LENGTH]


def export_for_user(user, pk: int) -> Export | None:
    """One of the user's own exports; None for someone else's or an unknown id."""
    return Export.objects.filter(recipient=user, pk=pk).first()
