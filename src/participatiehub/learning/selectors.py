"""Reads for lessons: the published lessons (for the pages, the reports and the API), a hub's own lessons,
the Dutch full-text search with its filters, related lessons and the recent ones (ADR 0008).

Every list is one query (the hub joined); the search ranks in the database on both PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from participatiehub.geo.models import Region, RegionMembership
from participatiehub.hubs.models import Hub, HubMunicipality

from . import search as dutch
from .constants import RECENT_COUNT, RELATED_COUNT, TAG_KINDS, LessonStatus
from .models import Lesson

#: The columns a list of lessons shows (the long texts stay in the database).
LIST_FIELDS = (
    "id",
    "title",
    "status",
    "published_at",
    "updated_at",
    "participation_forms",
    "themes",
    "phase",
    "target_groups",
    "hub__id",
    "hub__name",
    "hub__slug",
)


def published_lessons(*, start: dt.date | None = None, end: dt.date | None = None, hub=None) -> QuerySet[Lesson]:
    """Published lessons, newest first, with their hub; ``start``/``end`` (dates, both included) bound the
    day of publication (local time), ``hub`` keeps one hub's."""
    lessons = Lesson.objects.filter(status=LessonStatus.PUBLISHED).select_related("hub")
    if start is not None:
        lessons = lessons.filter(published_at__date__gte=start)
    if end is not None:
        lessons = lessons.filter(published_at__date__lte=end)
    if hub is not None:
        lessons = lessons.filter(hub=hub)
    return lessons.order_by("-published_at", "-id")


def recent_lessons(*, hub=None, limit: int = RECENT_COUNT) -> list[Lesson]:
    """The newest published lessons (of one hub), for the overview and the hub page; one query."""
    return list(published_lessons(hub=hub).only(*LIST_FIELDS)[:limit])


def lessons_for_hub(hub: Hub) -> QuerySet[Lesson]:
    """All of a hub's lessons, drafts first, for its coordinators' list; one query."""
    return (
        Lesson.objects.filter(hub=hub)
        .select_related("hub")
        .only(*LIST_FIELDS, "version")
        .order_by(
            Case(When(status=LessonStatus.DRAFT, then=Value(0)), default=Value(1), output_field=IntegerField()),
            F("published_at").desc(nulls_last=True),
            "-updated_at",
            "-id",
        )
    )


def lesson_counts(hub: Hub) -> dict[str, int]:
    """Drafts and published lessons of a hub (for its dashboard)."""
    counts = dict.fromkeys(LessonStatus.values, 0)
    for status in Lesson.objects.filter(hub=hub).values_list("status", flat=True):
        counts[status] += 1
    return counts


def lesson_for_page(pk: int) -> Lesson:
    """A lesson with its hub (and the hub's region) and its trajectories' questions; 404 if unknown."""
    return get_object_or_404(
        Lesson.objects.select_related("hub", "hub__follows_region", "author")
        .defer("hub__follows_region__geometry", "hub__follows_region__svg_path", "search_vector")
        .prefetch_related("trajectories__question"),
        pk=pk,
    )


def tag_key(kind: str, value: str) -> str:
    """How a tag is written in ``Lesson.tag_keys``: " kind:value "."""
    return f" {kind}:{value} "


def tag_keys_of(lesson: Lesson) -> list[str]:
    """The tag words of a lesson, from its fields (the services store them in ``tag_keys``)."""
    keys = []
    for kind, (field, _choices) in TAG_KINDS.items():
        value = getattr(lesson, field)
        for item in value if isinstance(value, list) else [value] if value else []:
            keys.append(f"{kind}:{item}")
    return keys


# --- search -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the lesson index filters on; every field may be empty."""

    form: str = ""
    theme: str = ""
    phase: str = ""
    target: str = ""
    region: Region | None = None
    hub: Hub | None = None


def _filtered(lessons: QuerySet[Lesson], filters: Filters) -> QuerySet[Lesson]:
    for kind in TAG_KINDS:
        value = getattr(filters, kind)
        if value:
            lessons = lessons.filter(tag_keys__contains=tag_key(kind, value))
    if filters.hub is not None:
        lessons = lessons.filter(hub=filters.hub)
    if filters.region is not None:
        lessons = lessons.filter(hub_id__in=_hubs_in_region(filters.region))
    return lessons


def _hubs_in_region(region: Region) -> QuerySet:
    """The hubs that today cover a municipality of ``region`` (its latest year of members)."""
    today = timezone.localdate()
    year = RegionMembership.objects.filter(region=region, year__lte=today.year).order_by("-year").values("year")[:1]
    members = RegionMembership.objects.filter(region=region, year=year).values("municipality_id")
    return (
        HubMunicipality.objects.filter(municipality_id__in=members, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("hub_id")
    )


def search(query: str = "", *, filters: Filters | None = None) -> QuerySet[Lesson]:
    """Published lessons that hold every word of ``query`` (Dutch stems), best match first, filtered.

    Without words: the filtered published lessons, newest first. The result has ``rank`` (0 without a
    query). PostgreSQL ranks with ``ts_rank`` over the stored ``dutch`` vector (title weighs most); other
    databases count the query's stems in the stored stems, a stem in the title counting three times."""
    lessons = _filtered(
        published_lessons().only(*LIST_FIELDS, "context", "tried", "worked", "did_not_work", "advice"),
        filters or Filters(),
    )
    wanted = dutch.query_stems(query or "")
    if not wanted:
        return lessons.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgres(lessons, query)
    return _search_stems(lessons, wanted)


def _search_postgres(lessons: QuerySet[Lesson], query: str) -> QuerySet[Lesson]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    text_query = SearchQuery(query, config="dutch", search_type="websearch")
    return (
        lessons.filter(search_vector=text_query)
        .annotate(rank=SearchRank(F("search_vector"), text_query))
        .order_by("-rank", "-published_at", "-id")
    )


def _search_stems(lessons: QuerySet[Lesson], wanted: list[str]) -> QuerySet[Lesson]:
    condition = Q()
    score = Value(0.0, output_field=FloatField())
    for stem in wanted:
        needle = f" {stem} "
        condition &= Q(search_stems__contains=needle)
        score = (
            score
            + Case(When(title_stems__contains=needle, then=Value(3.0)), default=Value(0.0), output_field=FloatField())
            + Value(1.0, output_field=FloatField())
        )
    return lessons.filter(condition).annotate(rank=score).order_by("-rank", "-published_at", "-id")


def snippet(lesson: Lesson, query: str) -> list[dutch.Piece]:
    """A short piece of the lesson's text around the first word of ``query`` (or its start)."""
    return dutch.snippet([lesson.context, lesson.tried, lesson.worked, lesson.did_not_work, lesson.advice], query)


# --- related ------------------------------------------------------------------------------------------


def related_lessons(lesson: Lesson, *, limit: int = RELATED_COUNT) -> list[Lesson]:
    """Other published lessons that share tags with ``lesson``: most tags in common first, a shared theme
    counting double, then the newest. One query; none when the lesson has no tags."""
    keys = tag_keys_of(lesson)
    if not keys:
        return []
    shared = Value(0, output_field=IntegerField())
    any_shared = Q()
    for key in keys:
        weight = 2 if key.startswith("theme:") else 1
        needle = f" {key} "
        shared = shared + Case(
            When(tag_keys__contains=needle, then=Value(weight)), default=Value(0), output_field=IntegerField()
        )
        any_shared |= Q(tag_keys__contains=needle)
    return list(
        published_lessons()
        .exclude(pk=lesson.pk)
        .filter(any_shared)
        .only(*LIST_FIELDS)
        .annotate(shared=Coalesce(shared, 0))
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


def region_choices() -> QuerySet[Region]:
    """The provinces, for the region filter (one query)."""
    from participatiehub.geo.constants import Layer

    return Region.objects.filter(layer=Layer.PROVINCE).only("id", "code", "name").order_by("name")


def hubs_with_lessons() -> QuerySet[Hub]:
    """Hubs that have published a lesson, for the hub filter (one query)."""
    return (
        Hub.objects.filter(lessons__status=LessonStatus.PUBLISHED)
        .distinct()
        .only("id", "name", "slug")
        .order_by("name")
    )
