"""Reads for the open data API: public data only, through the apps' own public readers where they exist.

Every list read costs a fixed number of queries whatever the number of rows (tests/api/test_queries.py):
one for the page's rows, one for the total, and one per kind of related rows (prefetched for the page).
Nothing here reads a person's name, e-mail address or phone number, except the hub's official contact
point, which the public hub page shows as well.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from participatiehub.experience.constants import MIN_RESPONSES
from participatiehub.funding.models import Grant
from participatiehub.geo.models import Municipality, Region, RegionMembership
from participatiehub.hubs.models import CoalitionMember, Hub
from participatiehub.hubs.selectors import coverage_on
from participatiehub.learning.models import Lesson
from participatiehub.learning.selectors import published_lessons
from participatiehub.monitoring.models import Indicator, Snapshot, SnapshotValue, Source
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import Selection
from participatiehub.questions.selectors import public_questions
from participatiehub.trajectories.models import Recommendation, Trajectory

from .represent import Ready

# --- hubs ----------------------------------------------------------------------------------------


HUB_FIELDS = (
    "id",
    "slug",
    "name",
    "status",
    "summary",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "visiting_address",
    "follows_region_id",
    "follows_region__layer",
    "follows_region__code",
    "follows_region__name",
)


def hubs(*, status: str | None = None, municipality_code: str | None = None) -> QuerySet[Hub]:
    """Every hub by name; read a page of it as dictionaries of HUB_FIELDS (the region it follows
    included); its area and coalition come from :func:`hub_areas`."""
    qs = Hub.objects.order_by("name", "id")
    if status:
        qs = qs.filter(status=status)
    if municipality_code:
        today = timezone.localdate()
        qs = qs.filter(pk__in=coverage_on(today).filter(municipality__code=municipality_code).values("hub_id"))
    return qs


def hub_areas(ids: list[int]) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """Hub id → the municipalities it covers today (``code``, ``naam``; by name), and → its coalition
    (``organisatie``, ``penvoerder``; the lead first, then by name). Two queries, plain rows."""
    coverage: dict[int, list[dict]] = defaultdict(list)
    coalition: dict[int, list[dict]] = defaultdict(list)
    if not ids:
        return coverage, coalition
    for hub_id, code, name in (
        coverage_on(timezone.localdate())
        .filter(hub_id__in=ids)
        .order_by("municipality__name", "municipality__code", "id")
        .values_list("hub_id", "municipality__code", "municipality__name")
    ):
        coverage[hub_id].append({"code": code, "naam": name})
    for hub_id, name, is_lead in (
        CoalitionMember.objects.filter(hub_id__in=ids)
        .order_by("-is_lead", "organisation__name", "id")
        .values_list("hub_id", "organisation__name", "is_lead")
    ):
        coalition[hub_id].append({"organisatie": name, "penvoerder": is_lead})
    return coverage, coalition


@dataclass(frozen=True)
class HubHistory:
    design: object  # hubs.models.DesignChoices | None: the current design choices
    status_changes: list[dict]  # {"to_status", "changed_at"}, oldest first


def hub_history(hub_id: int) -> HubHistory:
    """A hub's current design choices (as hubs.selectors.current_design picks them from the history)
    and its status history, without who changed it. Two queries."""
    from participatiehub.hubs.models import DesignChoices, HubStatusChange
    from participatiehub.hubs.selectors import current_design

    shell = Hub(pk=hub_id)
    shell.design_history = list(DesignChoices.objects.filter(hub_id=hub_id).order_by("-valid_from", "-id"))
    changes = list(
        HubStatusChange.objects.filter(hub_id=hub_id).order_by("changed_at", "id").values("to_status", "changed_at")
    )
    return HubHistory(design=current_design(shell), status_changes=changes)


# --- geography -----------------------------------------------------------------------------------


MUNICIPALITY_FIELDS = ("id", "code", "name", "valid_from_year", "valid_until_year")


def municipalities(*, hub_slug: str | None = None) -> QuerySet[Municipality]:
    """Municipalities by CBS code; read a page of it as dictionaries of MUNICIPALITY_FIELDS."""
    qs = Municipality.objects.order_by("code")
    if hub_slug:
        qs = qs.filter(pk__in=coverage_on().filter(hub__slug=hub_slug).values("municipality_id"))
    return qs


def hubs_of_municipalities(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Municipality id → (slug, name) of the hubs that cover it today; one query."""
    result: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = (
        coverage_on()
        .filter(municipality_id__in=ids)
        .order_by("hub__name", "hub_id")
        .values_list("municipality_id", "hub__slug", "hub__name")
    )
    for municipality_id, slug, name in rows:
        if (slug, name) not in result[municipality_id]:
            result[municipality_id].append((slug, name))
    return result


def regions(*, layer: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.only("id", "layer", "code", "name").order_by("layer", "code", "id")
    if layer:
        qs = qs.filter(layer=layer)
    return qs


def membership_year(today: dt.date | None = None) -> int | None:
    """The latest year with region memberships up to this year (or the latest there is); one query."""
    year = (today or timezone.localdate()).year
    row = RegionMembership.objects.aggregate(upto=Max("year", filter=Q(year__lte=year)), latest=Max("year"))
    return row["upto"] or row["latest"]


def region_details(ids: list[int], year: int | None) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    """Region id → its municipalities' codes in ``year``, and → (slug, name) of the hubs that follow it.
    Two queries."""
    members: dict[int, list[str]] = defaultdict(list)
    if year is not None:
        for region_id, code in (
            RegionMembership.objects.filter(region_id__in=ids, year=year)
            .order_by("municipality__code")
            .values_list("region_id", "municipality__code")
        ):
            members[region_id].append(code)
    followers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for region_id, slug, name in (
        Hub.objects.filter(follows_region_id__in=ids)
        .order_by("name", "id")
        .values_list("follows_region_id", "slug", "name")
    ):
        followers[region_id].append((slug, name))
    return members, followers


# --- questions and their outcome ----------------------------------------------------------------


QUESTION_FIELDS = (
    "id",
    "title",
    "summary",
    "status",
    "hub__slug",
    "hub__name",
    "asking_organisation__name",
    "agreements",
    "themes",
    "promised_rung",
    "submitted_at",
    "decision_date",
)


def questions(*, hub_slug: str | None = None, status: str | None = None) -> QuerySet:
    """The public questions (questions.selectors.public_questions: no contact details), newest first;
    read a page of it as dictionaries of QUESTION_FIELDS."""
    return public_questions(hub=hub_slug, status=status)


def outcomes(question_ids: list[int]) -> dict[int, dict]:
    """Question id → the published outcome of its trajectory, for many questions in two queries.

    The same rules as the public question page (trajectories.selectors.public_chain): advice only once
    delivered, its document only when public, feedback only once published; no participants, no notes.
    A recommendation's answer is a dict (decision, reason, decided_on, decision_document_url) or None.
    """
    trajectories = Trajectory.objects.filter(question_id__in=question_ids).values_list(
        "question_id",
        "delivered_rung",
        "started_on",
        "advice__id",
        "advice__summary",
        "advice__what_participants_said",
        "advice__delivered_at",
        "advice__document_id",
        "advice__document__is_public",
        "feedback__id",
        "feedback__what_was_asked",
        "feedback__what_participants_said",
        "feedback__closing_words",
        "feedback__published_at",
    )
    result: dict[int, dict] = {}
    delivered: dict[int, dict] = {}  # advice id → its advice data
    for (
        question_id,
        delivered_rung,
        started_on,
        advice_id,
        summary,
        advice_said,
        delivered_at,
        document_id,
        document_public,
        feedback_id,
        asked,
        feedback_said,
        closing_words,
        published_at,
    ) in trajectories:
        advice = None
        if advice_id is not None and delivered_at is not None:
            advice = {
                "summary": summary,
                "what_participants_said": advice_said,
                "delivered_at": delivered_at,
                "document_url": reverse("trajectories:document", args=[document_id])
                if document_id is not None and document_public
                else "",
                "recommendations": [],
            }
            delivered[advice_id] = advice
        feedback = None
        if feedback_id is not None and published_at is not None:
            feedback = {
                "what_was_asked": asked,
                "what_participants_said": feedback_said,
                "closing_words": closing_words,
                "published_at": published_at,
            }
        result[question_id] = {
            "delivered_rung": delivered_rung,
            "started_on": started_on,
            "advice": advice,
            "feedback": feedback,
        }
    if delivered:
        for advice_id, number, text, response_id, decision, reason, decided_on, document_url in (
            Recommendation.objects.filter(advice_id__in=list(delivered))
            .order_by("advice_id", "number", "id")
            .values_list(
                "advice_id",
                "number",
                "text",
                "response__id",
                "response__decision",
                "response__reason",
                "response__decided_on",
                "response__decision_document_url",
            )
        ):
            response = (
                {
                    "decision": decision,
                    "reason": reason,
                    "decided_on": decided_on,
                    "decision_document_url": document_url,
                }
                if response_id is not None
                else None
            )
            delivered[advice_id]["recommendations"].append({"number": number, "text": text, "response": response})
    return result


# --- monitoring ---------------------------------------------------------------------------------


SNAPSHOT_FIELDS = ("id", "period", "version", "taken_at", "hub_status", "hub__slug", "hub__name")


def snapshots(*, hub_slug: str | None = None, period: str | None = None) -> QuerySet[Snapshot]:
    """Each hub's current figures per quarter, newest quarter first, then by hub name; read a page of
    it as dictionaries of SNAPSHOT_FIELDS."""
    qs = Snapshot.objects.filter(is_current=True).order_by("-period", "hub__name", "id")
    if hub_slug:
        qs = qs.filter(hub__slug=hub_slug)
    if period:
        qs = qs.filter(period=period)
    return qs


def public_figures_of(snapshot_ids: list[int]) -> dict[int, list[dict]]:
    """Snapshot id → its figures of every public indicator, in the catalogue's order, as FigureOut rows
    in their final form (``indicator``, ``naam``, ``eenheid``: text; ``waarde``: a float; ``basis``:
    an int; both None for a figure it lacks), marked :class:`api.represent.Ready`.

    Public indicators are the active ones marked public (as monitoring.selectors.public_indicators
    and the indicator definitions list). Figures from the participants' questionnaire rest on at least
    MIN_RESPONSES answers, as on the public figures page; below that the value is withheld (None).
    Two queries."""
    indicators = list(
        Indicator.objects.filter(is_active=True, is_public=True)
        .order_by("order", "code")
        .values_list("id", "code", "name", "unit", "source")
    )
    found: dict[tuple[int, int], tuple] = {}
    if indicators and snapshot_ids:
        source = {row[0]: row[4] for row in indicators}
        for snapshot_id, indicator_id, value, basis in (
            SnapshotValue.objects.filter(snapshot_id__in=snapshot_ids, indicator_id__in=list(source))
            .order_by()
            .values_list("snapshot_id", "indicator_id", "value", "basis")
        ):
            if (
                value is not None
                and source[indicator_id] == Source.QUESTIONNAIRE
                and (basis is None or basis < MIN_RESPONSES)
            ):
                value = None
            found[snapshot_id, indicator_id] = (float(value) if value is not None else None, basis)
    empty = (None, None)
    figures = {}
    for snapshot_id in snapshot_ids:
        row = Ready()
        for indicator_id, code, name, unit, _source in indicators:
            value, basis = found.get((snapshot_id, indicator_id), empty)
            row.append({"indicator": code, "naam": name, "eenheid": unit, "waarde": value, "basis": basis})
        figures[snapshot_id] = row
    return figures


# --- funding ------------------------------------------------------------------------------------


GRANT_FIELDS = (
    "number",
    "awarded_amount",
    "awarded_at",
    "starts_on",
    "ends_on",
    "status",
    "hub__slug",
    "hub__name",
    "line__code",
    "line__name",
    "application__title",
    "application__call__slug",
    "application__call__title",
)


def grants(*, hub_slug: str | None = None, status: str | None = None) -> QuerySet[Grant]:
    """Awarded grants (every grant is an awarded application), newest award first; read a page of it
    as dictionaries of GRANT_FIELDS. No applicant persons."""
    qs = Grant.objects.order_by("-awarded_at", "-id")
    if hub_slug:
        qs = qs.filter(hub__slug=hub_slug)
    if status:
        qs = qs.filter(status=status)
    return qs


# --- panels -------------------------------------------------------------------------------------


def published_selections(*, hub_slug: str | None = None) -> QuerySet[Selection]:
    """Finished selections whose transparency report is public, newest publication first; with the
    panel's size (a count, no names)."""
    qs = (
        Selection.objects.filter(published_at__isnull=False, status=SelectionStatus.DONE)
        .select_related("pool", "pool__hub")
        .only(
            "id",
            "public_id",
            "algorithm",
            "finished_at",
            "published_at",
            "pool__id",
            "pool__name",
            "pool__hub__id",
            "pool__hub__slug",
            "pool__hub__name",
        )
        .annotate(panel_size=Count("members", filter=Q(members__seated=True)))
        .order_by("-published_at", "-id")
    )
    if hub_slug:
        qs = qs.filter(pool__hub__slug=hub_slug)
    return qs


# --- learning -----------------------------------------------------------------------------------


def lessons(
    *, hub_slug: str | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Lesson]:
    """Published lessons (learning.selectors.published_lessons), newest first; without the author."""
    qs = published_lessons(start=start, end=end).defer("author", "tag_keys", "title_stems", "search_stems")
    if hub_slug:
        qs = qs.filter(hub__slug=hub_slug)
    return qs
