"""Reads for the questionnaire: the invitation behind a link, and the figures per trajectory and per hub.

Figures are shown only from ``MIN_RESPONSES`` answers. A hub's own figures on its dashboard combine only
the trajectories that reach that number themselves: otherwise the answers of a trajectory with one or two
answers could be worked out by subtracting the shown trajectories from the hub's total. Every function
here runs a fixed number of queries, however many trajectories or answers there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q

from participatiehub.trajectories.models import Trajectory

from .constants import ITEMS, MIN_RESPONSES, POSITIVE, Answer
from .models import Invitation, QuestionnaireResponse
from .services import token_hash


def invitation_for_token(token: str) -> Invitation | None:
    """The sent invitation with this link's token (None for an unknown or malformed link)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=token_hash(token), sent_at__isnull=False)
        .select_related("trajectory__question", "trajectory__hub")
        .first()
    )


def _percent(positive: int, answered: int) -> Decimal | None:
    if not answered:
        return None
    return (Decimal(positive * 100) / Decimal(answered)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _counts() -> dict:
    """Aggregates per item: positive answers, answers with an opinion, "don't know"; and the number of answers."""
    values = {"total": Count("pk")}
    for code, _label in ITEMS:
        values[f"{code}_pos"] = Count("pk", filter=Q(**{f"{code}__in": POSITIVE}))
        values[f"{code}_ans"] = Count("pk", filter=~Q(**{code: Answer.DONT_KNOW}))
    return values


def item_shares(start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, tuple[Decimal, int]]]:
    """Per hub id, per item code: (percent positive 0–100 with one decimal, number of answers with an
    opinion), over the answers that came in in [start, end) (an answer keeps its day: midnight, Dutch time).

    A hub appears only when at least ``MIN_RESPONSES`` answers came in within the window. An item that
    none of them had an opinion on (all "don't know") is left out of that hub's dict. One query."""
    rows = (
        QuestionnaireResponse.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values("hub_id")
        .annotate(**_counts())
        .filter(total__gte=MIN_RESPONSES)
    )
    shares: dict[int, dict[str, tuple[Decimal, int]]] = {}
    for row in rows:
        items = {}
        for code, _label in ITEMS:
            answered = row[f"{code}_ans"]
            if answered:
                items[code] = (_percent(row[f"{code}_pos"], answered), answered)
        shares[row["hub_id"]] = items
    return shares


# --- pages ------------------------------------------------------------------------------------------


@dataclass
class ItemFigure:
    code: str
    label: str
    positive: int
    answered: int  # with an opinion (not "don't know")
    dont_know: int
    share: Decimal | None  # percent positive of ``answered``


@dataclass
class Figures:
    """The figures of a set of answers; ``shown`` is False below ``MIN_RESPONSES`` (then items is empty)."""

    responses: int
    items: list[ItemFigure] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_RESPONSES


def _figures(totals: dict) -> Figures:
    figures = Figures(responses=totals.get("total", 0))
    if not figures.shown:
        return figures
    for code, label in ITEMS:
        positive, answered = totals[f"{code}_pos"], totals[f"{code}_ans"]
        figures.items.append(
            ItemFigure(
                code=code,
                label=str(label),
                positive=positive,
                answered=answered,
                dont_know=figures.responses - answered,
                share=_percent(positive, answered),
            )
        )
    return figures


def _invitation_counts() -> dict:
    sent = Q(sent_at__isnull=False)
    waiting = Q(sent_at__isnull=True, cancelled=False)
    return {
        "invited": Count("pk", filter=sent),
        "answered": Count("pk", filter=Q(used=True)),
        "waiting": Count("pk", filter=waiting),
        "sends_on": Min("send_after", filter=waiting),
        "open_until": Max("expires_at", filter=sent),
    }


@dataclass
class TrajectoryRow:
    trajectory: Trajectory
    invited: int  # invitations sent
    answered: int  # invitations used (= answers)
    figures: Figures
    waiting: int = 0  # invitations still to be sent
    sends_on: dt.datetime | None = None  # when the first of those goes out
    open_until: dt.datetime | None = None  # the last link's end


@dataclass
class HubOverview:
    figures: Figures  # the trajectories with at least MIN_RESPONSES answers, together
    rows: list[TrajectoryRow]
    #: answers of trajectories below the threshold: counted here, left out of the hub's figures
    not_counted: int

    @property
    def min_responses(self) -> int:
        return MIN_RESPONSES


def hub_overview(hub) -> HubOverview | None:
    """The hub's questionnaire: per trajectory invitations and answers, and the hub's figures. None when the
    hub has no invitations and no answers. Three queries."""
    per_trajectory = {
        row["trajectory_id"]: row
        for row in QuestionnaireResponse.objects.filter(hub=hub)
        .order_by()
        .values("trajectory_id")
        .annotate(**_counts())
    }
    invitations = {
        row["trajectory_id"]: row
        for row in Invitation.objects.filter(trajectory__hub=hub, cancelled=False)
        .order_by()
        .values("trajectory_id")
        .annotate(**_invitation_counts())
    }
    ids = set(per_trajectory) | set(invitations)
    if not ids:
        return None
    trajectories = Trajectory.objects.filter(pk__in=ids, hub=hub).select_related("question").order_by("-pk")
    rows, combined, not_counted = [], defaultdict(int), 0
    for trajectory in trajectories:
        totals = per_trajectory.get(trajectory.pk, {})
        invited = invitations.get(trajectory.pk, {})
        figures = _figures(totals)
        if figures.shown:
            for key, value in totals.items():
                if key != "trajectory_id":
                    combined[key] += value
        else:
            not_counted += figures.responses
        rows.append(
            TrajectoryRow(
                trajectory=trajectory,
                invited=invited.get("invited", 0),
                answered=invited.get("answered", 0),
                figures=figures,
                waiting=invited.get("waiting", 0),
                sends_on=invited.get("sends_on"),
                open_until=invited.get("open_until"),
            )
        )
    return HubOverview(figures=_figures(dict(combined)), rows=rows, not_counted=not_counted)


@dataclass
class TrajectoryResults:
    trajectory: Trajectory
    invited: int
    answered: int
    waiting: int
    sends_on: dt.datetime | None
    open_until: dt.datetime | None
    figures: Figures
    #: per item: [(answer label, count)] in the scale's order (only when the figures are shown)
    distribution: list[tuple[ItemFigure, list[tuple[str, int]]]]
    #: the open comments, without dates, in alphabetical order (only when shown and asked for)
    comments: list[str]

    @property
    def min_responses(self) -> int:
        return MIN_RESPONSES


def trajectory_results(trajectory: Trajectory, *, with_comments: bool) -> TrajectoryResults:
    """One trajectory's figures, the spread of the answers per item and (``with_comments``) the open
    comments, all only from ``MIN_RESPONSES`` answers. Four queries at most."""
    responses = QuestionnaireResponse.objects.filter(trajectory=trajectory).order_by()
    totals = responses.aggregate(**_counts())
    figures = _figures(totals)
    invited = Invitation.objects.filter(trajectory=trajectory, cancelled=False).aggregate(**_invitation_counts())
    distribution, comments = [], []
    if figures.shown:
        spread = {}
        for code, _label in ITEMS:
            spread.update({f"d_{code}_{value}": Count("pk", filter=Q(**{code: value})) for value in Answer.values})
        counts = responses.aggregate(**spread)
        for item in figures.items:
            distribution.append(
                (item, [(str(label), counts[f"d_{item.code}_{value}"]) for value, label in Answer.choices])
            )
        if with_comments:
            comments = sorted(
                c.strip() for c in responses.exclude(comment="").values_list("comment", flat=True) if c.strip()
            )
    return TrajectoryResults(
        trajectory=trajectory,
        invited=invited["invited"],
        answered=invited["answered"],
        waiting=invited["waiting"],
        sends_on=invited["sends_on"],
        open_until=invited["open_until"],
        figures=figures,
        distribution=distribution,
        comments=comments,
    )
