"""What a programme report says: read once from every app below, as plain data the PDF and DOCX both draw.

Every free text (a hub's description, a question, an advice, a recommendation, an answer, a lesson) is a
:class:`FreeText`; the public version replaces its ``shown`` text by the redacted one. Structured data
(names of hubs and organisations, statuses, figures, dates) is taken as it is; names of persons held in
structured fields (contact persons, who answered) are never put in the report.

A fixed number of queries whatever the number of hubs: each block reads its rows in bulk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from participatiehub.funding import charts as funding_charts
from participatiehub.funding.selectors_budget import budget_dashboard
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import CoalitionMember, Hub, HubMunicipality
from participatiehub.learning.selectors import published_lessons
from participatiehub.monitoring import charts as monitoring_charts
from participatiehub.monitoring import selectors as monitoring
from participatiehub.monitoring.models import Unit
from participatiehub.monitoring.templatetags.monitoring import Numbers, quarter_label
from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.models import PolicyQuestion
from participatiehub.trajectories.constants import Decision
from participatiehub.trajectories.models import Recommendation, Trajectory

from .constants import CHARTED_INDICATORS, ObjectKind
from .periods import Period


@dataclass
class FreeText:
    """A free text of the report; ``shown`` is what the file prints (the redacted text in the public one)."""

    kind: str
    pk: int
    field: str
    where: str
    text: str
    shown: str | None = None

    def __str__(self) -> str:
        return self.text if self.shown is None else self.shown

    def __bool__(self) -> bool:
        return bool(self.text and self.text.strip())


@dataclass
class FigureRow:
    name: str
    definition: str
    median: str
    low: str
    high: str
    hubs: int


@dataclass
class National:
    quarter: str  # the last quarter of the period with snapshots ("" when none)
    rows: list[FigureRow]
    trend_labels: list[str]
    trend_rows: list[tuple[str, list[str]]]  # indicator name, the median per quarter
    charts: list[SafeString]
    hubs_by_status: list[tuple[str, int]]


@dataclass
class LineRow:
    name: str
    budget: str
    committed: str
    advanced: str
    settled: str
    remaining: str


@dataclass
class Funding:
    as_of: dt.date
    lines: list[LineRow]
    total: LineRow
    chart: SafeString


@dataclass
class Outcome:
    number: int
    text: FreeText
    decision: str  # "" while unanswered
    reason: FreeText | None
    decided_on: dt.date | None


@dataclass
class QuestionEntry:
    pk: int
    title: FreeText
    summary: FreeText
    status: str
    submitted_on: dt.date
    advice: FreeText | None
    outcomes: list[Outcome]


@dataclass
class HubPage:
    pk: int
    name: str
    status: str
    region: str
    municipalities: list[str]
    coalition: list[tuple[str, bool]]  # organisation, lead applicant
    summary: FreeText
    questions: list[QuestionEntry]
    figures: list[tuple[str, str, str]]  # indicator, the hub's figure, the national median


@dataclass
class InfluenceRow:
    hub: str
    question: FreeText
    outcome: Outcome


@dataclass
class Influence:
    counts: list[tuple[str, int]]  # decision label, number of recommendations answered in the period
    unanswered: int
    rows: list[InfluenceRow]


@dataclass
class LessonEntry:
    pk: int
    hub: str
    published_on: dt.date | None
    title: FreeText
    parts: list[tuple[str, FreeText]]  # heading, text


@dataclass
class ReportContent:
    period: str
    starts_on: dt.date
    ends_on: dt.date
    national: National
    funding: Funding
    hubs: list[HubPage]
    influence: Influence
    lessons: list[LessonEntry]
    texts: list[FreeText] = field(default_factory=list)

    def data_version(self) -> str:
        """A hash of every figure and text in the report: the same data gives the same version."""

        def default(value):
            return str(value)

        data = dataclasses.asdict(self)
        data.pop("texts", None)
        _strip_shown(data)
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=default, ensure_ascii=False).encode())
        return digest.hexdigest()[:32]


def _strip_shown(value) -> None:
    """Leave the redaction out of the data version (it has its own)."""
    if isinstance(value, dict):
        value.pop("shown", None)
        for item in value.values():
            _strip_shown(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strip_shown(item)


class _Texts:
    def __init__(self):
        self.all: list[FreeText] = []

    def __call__(self, kind: str, pk: int, name: str, where: str, text: str) -> FreeText:
        found = FreeText(kind=kind, pk=pk, field=name, where=where, text=text or "")
        self.all.append(found)
        return found


def collect(period: Period, *, today: dt.date | None = None) -> ReportContent:
    """Read everything the report shows for ``period``."""
    today = today or timezone.localdate()
    texts = _Texts()
    numbers = Numbers()
    available = set(monitoring.snapshot_quarters())
    in_period = [q for q in period.quarters if q in available]
    quarter = in_period[-1] if in_period else None
    indicators = monitoring.catalogue(active_only=True)
    data = monitoring.figures(period.quarters) if quarter else None
    hubs = list(Hub.objects.select_related("follows_region").order_by("name"))
    national = _national(period, quarter, indicators, data, hubs, numbers)
    funding = _funding(min(period.ends_on, today), numbers)
    pages, influence = _hubs_and_influence(period, quarter, indicators, data, hubs, texts, numbers)
    lessons = _lessons(period, texts)
    return ReportContent(
        period=str(period),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        national=national,
        funding=funding,
        hubs=pages,
        influence=influence,
        lessons=lessons,
        texts=texts.all,
    )


def _national(period, quarter, indicators, data, hubs, numbers) -> National:
    statuses = data.statuses.get(str(quarter), {}) if data else {}
    counted = Counter(statuses.get(h.pk) or h.status for h in hubs)
    by_status = [(str(label), counted[value]) for value, label in HubStatus.choices if counted[value]]
    if data is None:
        return National("", [], [], [], [], by_status)
    rows, trend_rows, charts = [], [], []
    labels = [quarter_label(q) for q in period.quarters]
    for n, indicator in enumerate(indicators):
        stats = data.stats(quarter, indicator.pk)
        rows.append(
            FigureRow(
                name=indicator.name,
                definition=indicator.definition,
                median=numbers.figure(stats.median, indicator.unit),
                low=numbers.figure(stats.low, indicator.unit),
                high=numbers.figure(stats.high, indicator.unit),
                hubs=stats.count,
            )
        )
        series = [data.stats(q, indicator.pk) for q in period.quarters]
        trend_rows.append((indicator.name, [numbers.figure(s.median, indicator.unit) for s in series]))
        if n < CHARTED_INDICATORS and len(labels) > 1:
            svg = monitoring_charts.trend_svg(
                chart_id=f"trend-{indicator.code}",
                title=_("Trend of “%(indicator)s”: national median with the lowest and highest hub")
                % {"indicator": indicator.name},
                description=_("%(first)s to %(last)s. The table gives the same figures.")
                % {"first": labels[0], "last": labels[-1]},
                labels=labels,
                median=[s.median for s in series],
                low=[s.low for s in series],
                high=[s.high for s in series],
                fmt=lambda v, unit=indicator.unit: numbers.figure(v, unit),
                legend=(_("median"), _("lowest to highest hub")),
            )
            if svg:
                charts.append(svg)
    return National(quarter_label(quarter), rows, labels, trend_rows, charts, by_status)


def _funding(as_of: dt.date, numbers: Numbers) -> Funding:
    dashboard = budget_dashboard(today=as_of)

    def row(figures, name: str) -> LineRow:
        def euro(value: Decimal) -> str:
            return numbers.figure(value, Unit.EURO)

        return LineRow(
            name=name,
            budget=euro(figures.budget),
            committed=euro(figures.committed),
            advanced=euro(figures.advanced),
            settled=euro(figures.settled),
            remaining=euro(figures.remaining),
        )

    lines = [row(f, f.label) for f in dashboard.lines]
    chart = funding_charts.bar_chart_svg(
        chart_id="funding-lines",
        title=_("Budget and commitments per programme line"),
        description=_(
            "Per line the budget, what is committed and what is paid in advances. The table gives the same amounts."
        ),
        categories=[f.label for f in dashboard.lines],
        series=[
            funding_charts.Series(_("budget"), [f.budget for f in dashboard.lines]),
            funding_charts.Series(_("committed"), [f.committed for f in dashboard.lines]),
            funding_charts.Series(_("advances paid"), [f.advanced for f in dashboard.lines]),
        ],
    )
    return Funding(as_of=as_of, lines=lines, total=row(dashboard.total, _("Total")), chart=chart or mark_safe(""))


def _questions_in_period(period: Period):
    start, end = period.first.start, period.last.end
    return (
        PolicyQuestion.objects.filter(submitted_at__lt=end)
        .exclude(status=QuestionStatus.DECLINED)
        .filter(
            Q(submitted_at__gte=start)
            | Q(trajectory__advice__delivered_at__gte=start, trajectory__advice__delivered_at__lt=end)
            | Q(
                trajectory__advice__recommendations__response__decided_on__gte=period.starts_on,
                trajectory__advice__recommendations__response__decided_on__lte=period.ends_on,
            )
            | ~Q(status__in=[QuestionStatus.CLOSED, QuestionStatus.FEEDBACK_GIVEN])
        )
        .distinct()
        .order_by("hub_id", "submitted_at", "id")
    )


def _hubs_and_influence(period, quarter, indicators, data, hubs, texts, numbers):
    statuses = data.statuses.get(str(quarter), {}) if data else {}
    municipalities = defaultdict(list)
    for hub_id, name in (
        HubMunicipality.objects.filter(valid_from__lte=period.ends_on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.ends_on))
        .order_by("municipality__name")
        .values_list("hub_id", "municipality__name")
    ):
        municipalities[hub_id].append(name)
    coalition = defaultdict(list)
    for member in (
        CoalitionMember.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=period.ends_on))
        .select_related("organisation")
        .order_by("-is_lead", "organisation__name")
    ):
        coalition[member.hub_id].append((member.organisation.name, member.is_lead))

    recommendations = Prefetch(
        "trajectory__advice__recommendations",
        queryset=Recommendation.objects.select_related("response").order_by("number", "id"),
    )
    questions = defaultdict(list)
    influence_rows: list[InfluenceRow] = []
    counts: Counter = Counter()
    unanswered = 0
    hub_names = {h.pk: h.name for h in hubs}
    trajectories = Trajectory.objects.select_related("advice")
    for question in _questions_in_period(period).prefetch_related(
        Prefetch("trajectory", queryset=trajectories), recommendations
    ):
        where = _("%(hub)s, question %(id)s") % {"hub": hub_names.get(question.hub_id, ""), "id": question.pk}
        title = texts(ObjectKind.QUESTION, question.pk, "title", where, question.title)
        summary = texts(ObjectKind.QUESTION, question.pk, "summary", where, question.summary)
        trajectory = _one(question, "trajectory")
        advice = _one(trajectory, "advice") if trajectory else None
        outcomes = []
        advice_text = None
        if advice is not None:
            advice_text = texts(ObjectKind.ADVICE, advice.pk, "summary", where, advice.summary)
            for rec in advice.recommendations.all():
                rec_where = _("%(where)s, recommendation %(number)s") % {"where": where, "number": rec.number}
                response = _one(rec, "response")
                outcome = Outcome(
                    number=rec.number,
                    text=texts(ObjectKind.RECOMMENDATION, rec.pk, "text", rec_where, rec.text),
                    decision=str(Decision(response.decision).label) if response else "",
                    reason=texts(ObjectKind.RESPONSE, response.pk, "reason", rec_where, response.reason)
                    if response and response.reason
                    else None,
                    decided_on=response.decided_on if response else None,
                )
                outcomes.append(outcome)
                if response and period.starts_on <= response.decided_on <= period.ends_on:
                    counts[response.decision] += 1
                    influence_rows.append(InfluenceRow(hub_names.get(question.hub_id, ""), title, outcome))
                elif response is None:
                    unanswered += 1
        questions[question.hub_id].append(
            QuestionEntry(
                pk=question.pk,
                title=title,
                summary=summary,
                status=str(QuestionStatus(question.status).label),
                submitted_on=timezone.localdate(question.submitted_at),
                advice=advice_text,
                outcomes=outcomes,
            )
        )
    pages = []
    for hub in hubs:
        figures = []
        if data is not None:
            own = data.of(quarter, hub.pk)
            for indicator in indicators:
                figures.append(
                    (
                        indicator.name,
                        numbers.figure(own.get(indicator.pk), indicator.unit),
                        numbers.figure(data.stats(quarter, indicator.pk).median, indicator.unit),
                    )
                )
        pages.append(
            HubPage(
                pk=hub.pk,
                name=hub.name,
                status=str(HubStatus(statuses.get(hub.pk) or hub.status).label),
                region=hub.follows_region.name if hub.follows_region else "",
                municipalities=municipalities.get(hub.pk, []),
                coalition=coalition.get(hub.pk, []),
                summary=texts(ObjectKind.HUB, hub.pk, "summary", hub.name, hub.summary),
                questions=questions.get(hub.pk, []),
                figures=figures,
            )
        )
    influence = Influence(
        counts=[(str(label), counts[value]) for value, label in Decision.choices],
        unanswered=unanswered,
        rows=influence_rows,
    )
    return pages, influence


def _one(obj, name: str):
    """A one-to-one relation that may be missing (None instead of an exception)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _lessons(period: Period, texts) -> list[LessonEntry]:
    found = []
    headings = (
        ("context", _("Situation")),
        ("tried", _("What was tried")),
        ("worked", _("What worked")),
        ("did_not_work", _("What did not work")),
        ("advice", _("Advice to other hubs")),
    )
    for lesson in published_lessons(start=period.starts_on, end=period.ends_on):
        where = _("lesson %(id)s") % {"id": lesson.pk}
        parts = [
            (str(heading), texts(ObjectKind.LESSON, lesson.pk, name, where, getattr(lesson, name, "") or ""))
            for name, heading in headings
        ]
        found.append(
            LessonEntry(
                pk=lesson.pk,
                hub=lesson.hub.name,
                published_on=timezone.localdate(lesson.published_at) if lesson.published_at else None,
                title=texts(ObjectKind.LESSON, lesson.pk, "title", where, lesson.title),
                parts=[(h, t) for h, t in parts if t],
            )
        )
    return found
