"""The computed indicators: one function per catalogue code, each over all hubs at once.

``compute(quarter, hub_ids)`` gives every active indicator's figure per hub: the computed ones (source
"records") from the hubs' own records through the functions below, the self-reported ones through the
scan's and the questionnaire's selectors. Each function runs a fixed number of grouped queries whatever
the number of hubs (``tests/monitoring/test_indicators.py`` counts them); figures several indicators
share (the answers, the payments) are read once per ``compute`` call through the :class:`Context`.

As of a quarter:
- "in the quarter" counts records dated in [quarter.start, quarter.end): the quarter in Dutch time;
- "at the quarter's end" counts records created before quarter.end, so a past quarter can be computed
  again from today's records;
- days between two moments are calendar days in Europe/Amsterdam (as the influence figures count them).

A figure is ``(value, basis)``: ``basis`` is the number of cases a median or share rests on (None for
plain counts and sums of money). A median or share without any case is ``(None, 0)``, never 0.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from participatiehub.experience import selectors as experience_selectors
from participatiehub.funding.constants import AdvanceStatus
from participatiehub.funding.models import AdvancePayment, Grant
from participatiehub.hubs.models import Hub, HubMunicipality
from participatiehub.network.models import Organisation, ParticipationBody
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import PopulationShare, SelectedMember, Selection
from participatiehub.questions.constants import LADDER_ORDER, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.scans import selectors as scan_selectors
from participatiehub.trajectories.constants import Decision
from participatiehub.trajectories.models import Advice, Feedback, Response

from .constants import CENTS, ONE_DECIMAL, QUESTIONNAIRE_MONTHS
from .models import Indicator, Source
from .periods import Quarter

Figure = tuple[Decimal | None, int | None]
Figures = dict[int, Figure]

ZERO = Decimal("0")
NO_CASES: Figure = (None, 0)
NONE_COUNTED: Figure = (ZERO, None)


@dataclass(frozen=True)
class Computation:
    code: str
    function: Callable[[Context], Figures]
    #: The figure of a hub the function returns nothing for.
    empty: Figure


#: code → computation; the catalogue's computed indicators (source "records") use these codes.
COMPUTED: dict[str, Computation] = {}


def computed(code: str, *, empty: Figure = NO_CASES):
    def register(function: Callable[[Context], Figures]) -> Callable[[Context], Figures]:
        COMPUTED[code] = Computation(code, function, empty)
        return function

    return register


# --- helpers ---------------------------------------------------------------------------------------


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _count(n: int) -> Figure:
    return (Decimal(n), None)


def _share(part: int, whole: int) -> Figure:
    """Percent with one decimal (half up); ``(None, 0)`` without cases."""
    if not whole:
        return NO_CASES
    return ((Decimal(100) * part / whole).quantize(Decimal(ONE_DECIMAL), ROUND_HALF_UP), whole)


def _median(values: list[int | float]) -> Figure:
    if not values:
        return NO_CASES
    return (Decimal(str(statistics.median(values))).quantize(Decimal(ONE_DECIMAL), ROUND_HALF_UP), len(values))


def _mean(values: list[float]) -> Figure:
    if not values:
        return NO_CASES
    return (Decimal(str(sum(values) / len(values))).quantize(Decimal(ONE_DECIMAL), ROUND_HALF_UP), len(values))


def _euro(amount) -> Decimal:
    return Decimal(amount or 0).quantize(Decimal(CENTS), ROUND_HALF_UP)


class Context:
    """The quarter and the hubs one ``compute`` call is for, with what several indicators share."""

    def __init__(self, quarter: Quarter, hub_ids: list[int]):
        self.quarter = quarter
        self.hub_ids = hub_ids
        self.start = quarter.start
        self.end = quarter.end

    def scope(self, queryset: QuerySet, field: str = "hub_id") -> QuerySet:
        return queryset.filter(**{f"{field}__in": self.hub_ids}).order_by()

    def in_quarter(self, field: str) -> dict:
        return {f"{field}__gte": self.start, f"{field}__lt": self.end}

    @cached_property
    def status_counts(self) -> dict[tuple[int, str], int]:
        """(hub id, status) → questions that reached the status in the quarter (once per question)."""
        rows = (
            self.scope(QuestionStatusChange.objects, "question__hub_id")
            .filter(
                to_status__in=[QuestionStatus.ACCEPTED, QuestionStatus.DECLINED, QuestionStatus.ANSWERED],
                **self.in_quarter("changed_at"),
            )
            .values("question__hub_id", "to_status")
            .annotate(n=Count("question_id", distinct=True))
        )
        return {(r["question__hub_id"], r["to_status"]): r["n"] for r in rows}

    @cached_property
    def responses(self) -> dict[int, dict[str, int]]:
        """hub id → counts of the answers to recommendations given (recorded) in the quarter."""
        rows = (
            self.scope(Response.objects, "recommendation__advice__trajectory__hub_id")
            .filter(**self.in_quarter("recorded_at"))
            .values("recommendation__advice__trajectory__hub_id", "decision")
            .annotate(n=Count("pk"), with_reason=Count("pk", filter=~Q(reason="")))
        )
        result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in rows:
            counts = result[r["recommendation__advice__trajectory__hub_id"]]
            counts[r["decision"]] += r["n"]
            counts["total"] += r["n"]
            counts["with_reason"] += r["with_reason"]
        return result

    @cached_property
    def paid(self) -> dict[int, tuple[Decimal, int]]:
        """hub id → (sum, number) of the payments made before the quarter's end."""
        rows = (
            self.scope(AdvancePayment.objects, "grant__hub_id")
            .filter(status=AdvanceStatus.PAID, paid_at__lt=self.end)
            .values("grant__hub_id")
            .annotate(total=Sum("amount"), n=Count("pk"))
        )
        return {r["grant__hub_id"]: (_euro(r["total"]), r["n"]) for r in rows}

    @cached_property
    def scan_scores(self) -> dict[int, dict[str, Decimal]]:
        return _dimension_scores(self.quarter.year)

    @cached_property
    def questionnaire_shares(self) -> dict[int, dict[str, tuple[Decimal, int]]]:
        start = self.quarter.back(QUESTIONNAIRE_MONTHS // 3)[0].start
        return _item_shares(start, self.end)


def _per_hub(rows: Iterable[dict], key: str, value: Callable[[dict], Figure]) -> Figures:
    return {r[key]: value(r) for r in rows}


# --- the self-reported sources (the scan's and the questionnaire's selectors) ----------------------


def _dimension_scores(year: int) -> dict[int, dict[str, Decimal]]:
    return scan_selectors.dimension_scores(year)


def _item_shares(start: dt.datetime, end: dt.datetime) -> dict[int, dict[str, tuple[Decimal, int]]]:
    return experience_selectors.item_shares(start, end)


# --- coverage and network, at the quarter's end ----------------------------------------------------


@computed("municipalities_covered", empty=NONE_COUNTED)
def municipalities_covered(ctx: Context) -> Figures:
    """Municipalities the hub covers on the quarter's last day: ``HubMunicipality.valid_from`` on or
    before that day and ``valid_until`` empty or on or after it; each municipality once.

    Population is not counted: the geography holds no number of inhabitants per municipality."""
    last_day = ctx.quarter.last_day
    rows = (
        ctx.scope(HubMunicipality.objects)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=last_day), valid_from__lte=last_day)
        .values("hub_id")
        .annotate(n=Count("municipality_id", distinct=True))
    )
    return _per_hub(rows, "hub_id", lambda r: _count(r["n"]))


@computed("network_organisations", empty=NONE_COUNTED)
def network_organisations(ctx: Context) -> Figures:
    """Organisations in the hub's network created (``created_at``) before the quarter's end."""
    rows = ctx.scope(Organisation.objects).filter(created_at__lt=ctx.end).values("hub_id").annotate(n=Count("pk"))
    return _per_hub(rows, "hub_id", lambda r: _count(r["n"]))


@computed("network_bodies", empty=NONE_COUNTED)
def network_bodies(ctx: Context) -> Figures:
    """Participation bodies in the hub's network created before the quarter's end, of every form."""
    rows = ctx.scope(ParticipationBody.objects).filter(created_at__lt=ctx.end).values("hub_id").annotate(n=Count("pk"))
    return _per_hub(rows, "hub_id", lambda r: _count(r["n"]))


@computed("network_forms", empty=NONE_COUNTED)
def network_forms(ctx: Context) -> Figures:
    """Distinct forms of participation (``ParticipationBody.form``, "other" included) among the bodies
    created before the quarter's end."""
    rows = (
        ctx.scope(ParticipationBody.objects)
        .filter(created_at__lt=ctx.end)
        .values("hub_id")
        .annotate(n=Count("form", distinct=True))
    )
    return _per_hub(rows, "hub_id", lambda r: _count(r["n"]))


@computed("network_domains", empty=NONE_COUNTED)
def network_domains(ctx: Context) -> Figures:
    """How many of the three domains (health, care, support) the network works in, 0–3: a domain counts
    when at least one organisation or participation body created before the quarter's end has it ticked."""
    domains: dict[int, set[str]] = defaultdict(set)
    for model in (Organisation, ParticipationBody):
        rows = (
            ctx.scope(model.objects)
            .filter(created_at__lt=ctx.end)
            .values("hub_id")
            .annotate(
                health=Count("pk", filter=Q(domain_health=True)),
                care=Count("pk", filter=Q(domain_care=True)),
                support=Count("pk", filter=Q(domain_support=True)),
            )
        )
        for r in rows:
            domains[r["hub_id"]].update(d for d in ("health", "care", "support") if r[d])
    return {hub_id: _count(len(found)) for hub_id, found in domains.items()}


# --- questions in the quarter --------------------------------------------------------------------


@computed("questions_received", empty=NONE_COUNTED)
def questions_received(ctx: Context) -> Figures:
    """Questions submitted (``PolicyQuestion.submitted_at``) in the quarter, whatever became of them."""
    rows = (
        ctx.scope(PolicyQuestion.objects)
        .filter(**ctx.in_quarter("submitted_at"))
        .values("hub_id")
        .annotate(n=Count("pk"))
    )
    return _per_hub(rows, "hub_id", lambda r: _count(r["n"]))


def _reached(ctx: Context, status: str) -> Figures:
    return {hub_id: _count(n) for (hub_id, to), n in ctx.status_counts.items() if to == status}


@computed("questions_accepted", empty=NONE_COUNTED)
def questions_accepted(ctx: Context) -> Figures:
    """Questions with a status change to "accepted" dated in the quarter (each question once)."""
    return _reached(ctx, QuestionStatus.ACCEPTED)


@computed("questions_declined", empty=NONE_COUNTED)
def questions_declined(ctx: Context) -> Figures:
    """Questions with a status change to "declined" dated in the quarter (each question once)."""
    return _reached(ctx, QuestionStatus.DECLINED)


@computed("questions_answered", empty=NONE_COUNTED)
def questions_answered(ctx: Context) -> Figures:
    """Questions that reached "answered" in the quarter: the decision-maker answered the last
    recommendation of the advice (the platform then moves the question to "answered")."""
    return _reached(ctx, QuestionStatus.ANSWERED)


# --- lead times ------------------------------------------------------------------------------------


@computed("days_to_advice")
def days_to_advice(ctx: Context) -> Figures:
    """Median calendar days from the question's ``submitted_at`` to ``Advice.delivered_at``, over the
    advice delivered in the quarter; basis = the number of advice. ``(None, 0)`` without advice."""
    rows = (
        ctx.scope(Advice.objects, "trajectory__hub_id")
        .filter(**ctx.in_quarter("delivered_at"))
        .values("trajectory__hub_id", "delivered_at", "trajectory__question__submitted_at")
    )
    days: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        days[r["trajectory__hub_id"]].append(
            (_local_date(r["delivered_at"]) - _local_date(r["trajectory__question__submitted_at"])).days
        )
    return {hub_id: _median(values) for hub_id, values in days.items()}


@computed("days_to_answer")
def days_to_answer(ctx: Context) -> Figures:
    """Median calendar days from ``Advice.delivered_at`` to the answer, over the questions that reached
    "answered" in the quarter; the answer's moment is that status change (when the last recommendation
    got its answer). Basis = the number of such questions; ``(None, 0)`` without any."""
    rows = (
        ctx.scope(QuestionStatusChange.objects, "question__hub_id")
        .filter(to_status=QuestionStatus.ANSWERED, **ctx.in_quarter("changed_at"))
        .exclude(question__trajectory__advice__delivered_at__isnull=True)
        .order_by("changed_at", "pk")
        .values("question_id", "question__hub_id", "changed_at", "question__trajectory__advice__delivered_at")
    )
    latest = {r["question_id"]: r for r in rows}  # a question answered twice counts once, at the last time
    days: dict[int, list[int]] = defaultdict(list)
    for r in latest.values():
        delivered = _local_date(r["question__trajectory__advice__delivered_at"])
        days[r["question__hub_id"]].append((_local_date(r["changed_at"]) - delivered).days)
    return {hub_id: _median(values) for hub_id, values in days.items()}


# --- what participation led to ---------------------------------------------------------------------


@computed("rung_kept")
def rung_kept(ctx: Context) -> Figures:
    """Share of the trajectories finished in the quarter (feedback published, ``Feedback.published_at``)
    whose delivered rung of the ladder is at least the promised one (``LADDER_ORDER``). Only trajectories
    with both rungs recorded count; basis = their number."""
    rows = (
        ctx.scope(Feedback.objects, "trajectory__hub_id")
        .filter(**ctx.in_quarter("published_at"))
        .filter(trajectory__delivered_rung__in=LADDER_ORDER, trajectory__question__promised_rung__in=LADDER_ORDER)
        .values("trajectory__hub_id", "trajectory__delivered_rung", "trajectory__question__promised_rung")
    )
    kept: dict[int, list[bool]] = defaultdict(list)
    for r in rows:
        delivered = LADDER_ORDER.index(r["trajectory__delivered_rung"])
        promised = LADDER_ORDER.index(r["trajectory__question__promised_rung"])
        kept[r["trajectory__hub_id"]].append(delivered >= promised)
    return {hub_id: _share(sum(values), len(values)) for hub_id, values in kept.items()}


def _decision_share(ctx: Context, decision: str) -> Figures:
    return {hub_id: _share(counts.get(decision, 0), counts["total"]) for hub_id, counts in ctx.responses.items()}


@computed("recommendations_adopted")
def recommendations_adopted(ctx: Context) -> Figures:
    """Of the answers to recommendations given in the quarter (``Response.recorded_at``: when the answer
    was given on the platform; changing it later does not move it), the share "adopted"; basis = answers."""
    return _decision_share(ctx, Decision.ADOPTED)


@computed("recommendations_partly_adopted")
def recommendations_partly_adopted(ctx: Context) -> Figures:
    """Of the answers to recommendations given in the quarter, the share "partly adopted"."""
    return _decision_share(ctx, Decision.PARTLY_ADOPTED)


@computed("recommendations_not_adopted")
def recommendations_not_adopted(ctx: Context) -> Figures:
    """Of the answers to recommendations given in the quarter, the share "not adopted"."""
    return _decision_share(ctx, Decision.NOT_ADOPTED)


@computed("answers_with_reason")
def answers_with_reason(ctx: Context) -> Figures:
    """Of the answers to recommendations given in the quarter, the share with a reason filled in (a
    reason is required unless the recommendation was adopted); basis = answers."""
    return {hub_id: _share(counts["with_reason"], counts["total"]) for hub_id, counts in ctx.responses.items()}


@computed("feedback_on_time")
def feedback_on_time(ctx: Context) -> Figures:
    """Of the feedback published in the quarter, the share published within the hub's
    ``feedback_window_weeks`` after the answer (the question's last status change to "answered"), by
    calendar day: on the window's last day still counts. Basis = feedback with a known answer."""
    answered_at = (
        QuestionStatusChange.objects.filter(
            question_id=OuterRef("trajectory__question_id"), to_status=QuestionStatus.ANSWERED
        )
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )
    rows = (
        ctx.scope(Feedback.objects, "trajectory__hub_id")
        .filter(**ctx.in_quarter("published_at"))
        .annotate(answered_at=Subquery(answered_at))
        .filter(answered_at__isnull=False)
        .values("trajectory__hub_id", "published_at", "answered_at", "trajectory__hub__feedback_window_weeks")
    )
    on_time: dict[int, list[bool]] = defaultdict(list)
    for r in rows:
        window_end = _local_date(r["answered_at"]) + dt.timedelta(weeks=r["trajectory__hub__feedback_window_weeks"])
        on_time[r["trajectory__hub_id"]].append(_local_date(r["published_at"]) <= window_end)
    return {hub_id: _share(sum(values), len(values)) for hub_id, values in on_time.items()}


# --- panels ----------------------------------------------------------------------------------------


def _selection_deviation(result: dict, categories: list[str], seated: list[str], shares: list[tuple]) -> float | None:
    """Mean absolute difference (percentage points) between the seated panel's share and the population
    share, over every (category, value) of the pool's categories that has a population share."""
    attributes = (result or {}).get("attributes", {})
    if not seated:
        return None
    differences = []
    for category, value, share in shares:
        if category not in categories:
            continue
        in_panel = sum(1 for p in seated if str(attributes.get(p, {}).get(category, "")).strip() == value)
        differences.append(abs(100 * in_panel / len(seated) - float(share) * 100))
    return sum(differences) / len(differences) if differences else None


@computed("panel_deviation")
def panel_deviation(ctx: Context) -> Figures:
    """For each selection by lot finished (``Selection.finished_at``, status done) in the quarter: the mean
    absolute difference between the seated panel's composition and the pool's population shares, in
    percentage points (as the transparency report's table shows them: panel % vs population %), over every
    category and value with a population share. The hub's figure is the mean over its selections; basis =
    the selections that could be compared (a seated panel and population shares). Three queries."""
    selections = list(
        ctx.scope(Selection.objects, "pool__hub_id")
        .filter(status=SelectionStatus.DONE, **ctx.in_quarter("finished_at"))
        .values("pk", "pool_id", "pool__hub_id", "pool__categories", "result")
    )
    if not selections:
        return {}
    seated: dict[int, list[str]] = defaultdict(list)
    for selection_id, pseudonym in SelectedMember.objects.filter(
        selection_id__in=[s["pk"] for s in selections], seated=True
    ).values_list("selection_id", "pseudonym"):
        seated[selection_id].append(pseudonym)
    shares: dict[int, list[tuple]] = defaultdict(list)
    for pool_id, category, value, share in PopulationShare.objects.filter(
        pool_id__in={s["pool_id"] for s in selections}
    ).values_list("pool_id", "category", "value", "share"):
        shares[pool_id].append((category, value, share))
    deviations: dict[int, list[float]] = defaultdict(list)
    for s in selections:
        deviation = _selection_deviation(s["result"], s["pool__categories"], seated[s["pk"]], shares[s["pool_id"]])
        if deviation is not None:
            deviations[s["pool__hub_id"]].append(deviation)
    return {hub_id: _mean(values) for hub_id, values in deviations.items()}


# --- money, cumulative to the quarter's end --------------------------------------------------------


@computed("grants_awarded", empty=(ZERO, 0))
def grants_awarded(ctx: Context) -> Figures:
    """Sum of ``Grant.awarded_amount`` of the grants awarded (``awarded_at``) before the quarter's end, in
    euros; basis = the number of grants."""
    rows = (
        ctx.scope(Grant.objects)
        .filter(awarded_at__lt=ctx.end)
        .values("hub_id")
        .annotate(total=Sum("awarded_amount"), n=Count("pk"))
    )
    return _per_hub(rows, "hub_id", lambda r: (_euro(r["total"]), r["n"]))


@computed("grants_paid", empty=(ZERO, 0))
def grants_paid(ctx: Context) -> Figures:
    """Sum of the payments made (``AdvancePayment`` paid, ``paid_at`` before the quarter's end: advances
    and a balance after settlement), in euros; basis = the number of payments. Reclaims are not deducted."""
    return {hub_id: (total, n) for hub_id, (total, n) in ctx.paid.items()}


@computed("cost_per_trajectory")
def cost_per_trajectory(ctx: Context) -> Figures:
    """The amount paid up to the quarter's end (as ``grants_paid``) divided by the trajectories finished up
    to then (feedback published before the quarter's end), in euros; basis = those trajectories.
    ``(None, 0)`` while no trajectory has finished."""
    rows = (
        ctx.scope(Feedback.objects, "trajectory__hub_id")
        .filter(published_at__lt=ctx.end)
        .values("trajectory__hub_id")
        .annotate(n=Count("pk"))
    )
    result = {}
    for r in rows:
        total, _payments = ctx.paid.get(r["trajectory__hub_id"], (ZERO, 0))
        result[r["trajectory__hub_id"]] = (_euro(total / r["n"]), r["n"])
    return result


# --- all figures -----------------------------------------------------------------------------------


def compute(quarter: Quarter, hub_ids: list[int] | None = None) -> dict[int, dict[str, Figure]]:
    """hub id → indicator code → (value, basis) for every active indicator, for ``quarter``.

    Computed indicators come from the functions above; scan indicators from the hub's submitted scan of
    the quarter's year (``scans.selectors.dimension_scores``; basis None); questionnaire indicators from
    the answers of the 12 months ending with the quarter (``experience.selectors.item_shares``; basis =
    the number of answers). A hub without a figure gets ``(None, …)`` for shares, medians and
    self-reported figures and 0 for counts and sums. An active computed indicator whose code has no
    function here is left out. The number of queries does not depend on the number of hubs.
    """
    hubs = list(Hub.objects.values_list("pk", flat=True)) if hub_ids is None else list(hub_ids)
    if not hubs:
        return {}
    ctx = Context(quarter, hubs)
    result: dict[int, dict[str, Figure]] = {hub_id: {} for hub_id in hubs}
    for code, source, key in Indicator.objects.filter(is_active=True).values_list("code", "source", "source_key"):
        if source == Source.RECORDS:
            computation = COMPUTED.get(code)
            if computation is None:
                continue
            figures = computation.function(ctx)
            for hub_id in hubs:
                result[hub_id][code] = figures.get(hub_id, computation.empty)
        elif source == Source.SCAN:
            for hub_id in hubs:
                score = ctx.scan_scores.get(hub_id, {}).get(key)
                result[hub_id][code] = (score, None)
        elif source == Source.QUESTIONNAIRE:
            for hub_id in hubs:
                share = ctx.questionnaire_shares.get(hub_id, {}).get(key)
                result[hub_id][code] = share if share is not None else (None, None)
    return result
