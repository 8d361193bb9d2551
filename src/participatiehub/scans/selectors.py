"""Reads for the participation scan, with a fixed number of queries per page. Scores: per dimension the
mean answer rescaled to 0–100 (the scale's lowest point → 0, its highest → 100), "not applicable" left
out, one decimal; a dimension without answers has no score. The national median of a round is taken
over its submitted responses (docs/scans.md)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Max, Min, Prefetch, Q

from participatiehub.accounts.selectors import roles_for_user

from .constants import ONE_DECIMAL, SCORE_MAX, ResponseStatus, VersionStatus
from .models import (
    Answer,
    AnswerScale,
    Dimension,
    DimensionComment,
    Question,
    ScalePoint,
    ScanResponse,
    ScanRound,
    ScanTemplate,
    TemplateVersion,
)

S = ResponseStatus


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- scores -------------------------------------------------------------------------------------


def _bounds(scale_ids) -> dict[int, tuple[int, int]]:
    rows = (
        ScalePoint.objects.filter(scale_id__in=set(scale_ids))
        .values("scale_id")
        .annotate(lo=Min("value"), hi=Max("value"))
    )
    return {r["scale_id"]: (r["lo"], r["hi"]) for r in rows}


def _scores_from_rows(rows) -> dict[int, dict[str, Decimal]]:
    """rows: dicts with ``key`` (a hub or response id), ``code``, ``scale_id`` and ``value`` (not null)."""
    rows = list(rows)
    bounds = _bounds(r["scale"] for r in rows) if rows else {}
    sums: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        lo, hi = bounds.get(row["scale"], (0, 0))
        if hi <= lo:
            continue
        sums[row["key"]][row["code"]].append(Decimal(row["value"] - lo) * SCORE_MAX / Decimal(hi - lo))
    return {
        key: {code: _one_decimal(sum(values) / len(values)) for code, values in by_code.items()}
        for key, by_code in sums.items()
    }


def _answer_rows(answers, key: str):
    return answers.filter(value__isnull=False, not_applicable=False).values(
        "value", scale=F("question__scale_id"), code=F("question__dimension__code"), key=F(key)
    )


def round_scores(scan_round_id: int) -> dict[int, dict[str, Decimal]]:
    """Per hub id, per dimension code: the score of the hub's submitted response in the round (2 queries)."""
    answers = Answer.objects.filter(response__scan_round_id=scan_round_id, response__status=S.SUBMITTED)
    return _scores_from_rows(_answer_rows(answers, "response__hub_id"))


def response_scores(response: ScanResponse) -> dict[str, Decimal]:
    """Per dimension code: the score of this response's answers (saved so far)."""
    rows = _answer_rows(Answer.objects.filter(response=response), "response_id")
    return _scores_from_rows(rows).get(response.pk, {})


def median_scores(hub_scores: dict[int, dict[str, Decimal]]) -> dict[str, Decimal]:
    """Per dimension code: the median over the hubs that have a score for it."""
    by_code: dict[str, list[Decimal]] = defaultdict(list)
    for scores in hub_scores.values():
        for code, value in scores.items():
            by_code[code].append(value)
    return {code: _one_decimal(Decimal(statistics.median(values))) for code, values in by_code.items()}


def latest_round_of_year(year: int) -> ScanRound | None:
    return ScanRound.objects.filter(year=year).order_by("-opened_at", "-pk").first()


def dimension_scores(year: int) -> dict[int, dict[str, Decimal]]:
    """Per hub id, per dimension code, the score 0–100 (one decimal) of the hub's SUBMITTED response in
    the scan round of ``year`` (the latest when there were several). Hubs without one are absent.
    Three queries, however many hubs."""
    scan_round = latest_round_of_year(year)
    if scan_round is None:
        return {}
    return round_scores(scan_round.pk)


def current_version() -> TemplateVersion | None:
    """The latest published template version."""
    return (
        TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .select_related("template")
        .first()
    )


def dimension_choices() -> list[tuple[str, str]]:
    """(code, name) of the dimensions of the current template version, in their order."""
    version = current_version()
    if version is None:
        return []
    return list(Dimension.objects.filter(template_version=version).order_by("order", "pk").values_list("code", "name"))


# --- templates ----------------------------------------------------------------------------------


def templates_for_office():
    versions = TemplateVersion.objects.annotate(
        round_count=Count("rounds", distinct=True), dimension_count=Count("dimensions", distinct=True)
    ).order_by("-number")
    return ScanTemplate.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("name")


def version_detail(pk: int) -> TemplateVersion | None:
    questions = Question.objects.select_related("scale").order_by("order", "pk")
    return (
        TemplateVersion.objects.select_related("template", "published_by")
        .prefetch_related(
            Prefetch(
                "dimensions", queryset=Dimension.objects.prefetch_related(Prefetch("questions", queryset=questions))
            ),
            Prefetch("scales", queryset=AnswerScale.objects.prefetch_related("points")),
            Prefetch("rounds", queryset=ScanRound.objects.order_by("-year")),
        )
        .filter(pk=pk)
        .first()
    )


def published_versions():
    return (
        TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("template")
        .order_by("template__name", "-number")
    )


# --- rounds -------------------------------------------------------------------------------------


def rounds_for_office():
    return ScanRound.objects.select_related("template_version", "template_version__template").annotate(
        response_count=Count("responses"),
        submitted_count=Count("responses", filter=Q(responses__status=S.SUBMITTED)),
    )


def round_detail(pk: int) -> ScanRound | None:
    return ScanRound.objects.select_related("template_version", "template_version__template").filter(pk=pk).first()


def round_responses(scan_round: ScanRound):
    """Every hub's response of the round, with who saved last and when it was last reminded (one query)."""
    return (
        ScanResponse.objects.filter(scan_round=scan_round)
        .select_related("hub", "last_saved_by")
        .annotate(last_reminder_at=Max("reminders__sent_at", filter=~Q(reminders__kind="invitation")))
        .order_by("hub__name")
    )


def status_counts(responses) -> list[tuple[str, str, int]]:
    counts = defaultdict(int)
    for response in responses:
        counts[response.status] += 1
    return [(status.value, status.label, counts[status.value]) for status in S]


def round_dimensions(scan_round: ScanRound) -> list[Dimension]:
    return list(Dimension.objects.filter(template_version_id=scan_round.template_version_id).order_by("order", "pk"))


# --- one response -------------------------------------------------------------------------------


def response_detail(pk: int) -> ScanResponse | None:
    return (
        ScanResponse.objects.select_related(
            "hub",
            "last_saved_by",
            "scan_round",
            "scan_round__template_version",
            "scan_round__template_version__template",
        )
        .filter(pk=pk)
        .first()
    )


def responses_for_user(user):
    """The responses of the hubs the user coordinates, newest round first."""
    hub_ids = roles_for_user(user).hub_ids
    return (
        ScanResponse.objects.filter(hub_id__in=hub_ids)
        .select_related("hub", "scan_round", "last_saved_by")
        .order_by("-scan_round__year", "-scan_round__opened_at", "hub__name")
    )


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    number: int


@dataclass
class DimensionBlock:
    dimension: Dimension
    questions: list[QuestionRow]
    comment: str


def response_blocks(response: ScanResponse) -> list[DimensionBlock]:
    """The response's dimensions with their questions (and scales' points), answers and comments."""
    questions = Question.objects.select_related("scale").prefetch_related("scale__points").order_by("order", "pk")
    dimensions = Dimension.objects.filter(template_version_id=response.scan_round.template_version_id).prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    answers = {a.question_id: a for a in Answer.objects.filter(response=response)}
    comments = dict(DimensionComment.objects.filter(response=response).values_list("dimension_id", "text"))
    blocks, number = [], 0
    for dimension in dimensions.order_by("order", "pk"):
        rows = []
        for question in dimension.questions.all():
            number += 1
            rows.append(QuestionRow(question, answers.get(question.pk), number))
        blocks.append(DimensionBlock(dimension, rows, comments.get(dimension.pk, "")))
    return blocks


@dataclass
class RadarRow:
    code: str
    name: str
    hub: Decimal | None
    median: Decimal | None
    previous: Decimal | None


@dataclass
class Comparison:
    rows: list[RadarRow]
    submitted_count: int
    previous_round: ScanRound | None
    has_previous: bool


def comparison(response: ScanResponse) -> Comparison:
    """The hub's scores against the national median of the round (submitted responses) and against the
    hub's own submitted response of the previous year's (latest) round."""
    scan_round = response.scan_round
    hub_scores = round_scores(scan_round.pk)
    own = hub_scores.get(response.hub_id) or response_scores(response)
    median = median_scores(hub_scores)
    previous_round = latest_round_of_year(scan_round.year - 1)
    previous = round_scores(previous_round.pk).get(response.hub_id, {}) if previous_round else {}
    rows = [
        RadarRow(d.code, d.name, own.get(d.code), median.get(d.code), previous.get(d.code))
        for d in round_dimensions(scan_round)
    ]
    return Comparison(rows, len(hub_scores), previous_round, bool(previous))


def response_events(response: ScanResponse):
    return response.events.select_related("by").order_by("-at", "-pk")


def round_score_table(scan_round: ScanRound):
    """(dimensions, rows) for the export: a row per hub with its status and scores (4 queries)."""
    dimensions = round_dimensions(scan_round)
    scores = round_scores(scan_round.pk)
    responses = list(round_responses(scan_round))
    return dimensions, [(r, scores.get(r.hub_id, {})) for r in responses], median_scores(scores)
