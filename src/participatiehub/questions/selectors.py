"""Reads for policy questions, scoped by who asks and costing a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.hubs.constants import Agreement

from .constants import INBOX_OPEN, PUBLIC_STATUSES, LadderRung, QuestionStatus
from .models import PolicyQuestion, QuestionStatusChange

S = QuestionStatus

#: Fields the public may see. Contact person and e-mail are personal data and never leave the hub.
PUBLIC_FIELDS = (
    "id",
    "hub",
    "title",
    "summary",
    "background",
    "asking_organisation",
    "agreements",
    "themes",
    "promised_rung",
    "decision_body",
    "decision_date",
    "answer_due_date",
    "status",
    "submitted_at",
)
#: Short lists show fewer fields still.
PUBLIC_LIST_FIELDS = (
    "id",
    "hub",
    "hub__name",
    "hub__slug",
    "title",
    "summary",
    "asking_organisation",
    "asking_organisation__name",
    "agreements",
    "themes",
    "promised_rung",
    "decision_date",
    "status",
    "submitted_at",
)

#: What each rung of the participation ladder means, in one sentence (shown to participants beforehand).
RUNG_EXPLANATIONS = {
    LadderRung.INFORM: _("Participants are told what is going to happen. They do not give their opinion."),
    LadderRung.CONSULT: _("Participants are asked for their opinion. The decision-maker decides what to do with it."),
    LadderRung.ADVISE: _("Participants give advice. The decision-maker answers every recommendation and explains why."),
    LadderRung.COPRODUCE: _("Participants and the decision-maker work out the solution together."),
    LadderRung.CODECIDE: _("Participants decide together with the decision-maker. Their choice counts."),
}


def rung_explanation(rung: str) -> str:
    return str(RUNG_EXPLANATIONS.get(rung, ""))


# --- the hub's inbox -------------------------------------------------------------------------


def _open_first() -> Case:
    return Case(When(status__in=list(INBOX_OPEN), then=Value(0)), default=Value(1), output_field=IntegerField())


def _search(qs: QuerySet, q: str | None) -> QuerySet:
    """Every word must occur in the title, the summary or the asking organisation's name."""
    words = [w for w in (q or "").split() if len(w) > 1][:8]
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(asking_organisation__name__icontains=word)
        )
    return qs


def inbox_for_hub(hub, *, status: str | None = None, q: str | None = None) -> QuerySet[PolicyQuestion]:
    """Every question put to the hub, whoever sent it: waiting ones first, newest first."""
    qs = PolicyQuestion.objects.filter(hub=hub).select_related("asking_organisation")
    if status:
        qs = qs.filter(status=status)
    return _search(qs, q).annotate(waiting=_open_first()).order_by("waiting", "-submitted_at", "-id")


def inbox_counts(hub) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of the state machine; one query."""
    counts = dict(PolicyQuestion.objects.filter(hub=hub).values_list("status").annotate(n=Count("id")).order_by())
    return [(s.value, s.label, counts.get(s.value, 0)) for s in S]


def question_for_hub(hub, pk: int) -> PolicyQuestion | None:
    """One question of the hub with what the intake page shows (None when it is not in the hub)."""
    return (
        PolicyQuestion.objects.filter(hub=hub, pk=pk)
        .select_related("hub", "asking_organisation", "submitted_by")
        .prefetch_related("municipalities", _history_prefetch())
        .first()
    )


def _history_prefetch() -> Prefetch:
    return Prefetch(
        "status_changes",
        queryset=QuestionStatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
        to_attr="history",
    )


# --- the decision-maker's own questions ------------------------------------------------------


def questions_for_decision_maker(user) -> QuerySet[PolicyQuestion]:
    """The questions of the organisations the user decides for, in any status."""
    ids = roles_for_user(user).organisation_ids
    return (
        PolicyQuestion.objects.filter(asking_organisation_id__in=ids)
        .select_related("hub", "asking_organisation")
        .order_by("-submitted_at", "-id")
    )


def question_for_decision_maker(user, pk: int) -> PolicyQuestion | None:
    return (
        questions_for_decision_maker(user).filter(pk=pk).prefetch_related("municipalities", _history_prefetch()).first()
    )


# --- public ----------------------------------------------------------------------------------


def public_questions(
    *,
    hub: str | None = None,
    agreement: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[PolicyQuestion]:
    """Questions the hubs have taken on, for everyone. ``hub`` is the hub's slug. No contact details."""
    qs = PolicyQuestion.objects.filter(status__in=list(PUBLIC_STATUSES))
    if hub:
        qs = qs.filter(hub__slug=hub)
    if agreement and agreement in Agreement.values:
        # Agreements are stored as a JSON list of fixed codes; match the quoted code.
        qs = qs.filter(agreements__icontains=f'"{agreement}"')
    if theme:
        qs = qs.filter(themes__icontains=theme.strip())
    if status and status in PUBLIC_STATUSES:
        qs = qs.filter(status=status)
    return (
        _search(qs, q)
        .select_related("hub", "asking_organisation")
        .only(*PUBLIC_LIST_FIELDS)
        .order_by("-submitted_at", "-id")
    )


def public_question(pk: int) -> PolicyQuestion:
    """A question the public may see, with its hub, asker and municipalities; 404 otherwise."""
    question = (
        PolicyQuestion.objects.filter(pk=pk, status__in=list(PUBLIC_STATUSES))
        .select_related("hub", "asking_organisation")
        .only(*PUBLIC_FIELDS, "hub__name", "hub__slug", "asking_organisation__name")
        .prefetch_related("municipalities")
        .first()
    )
    if question is None:
        raise Http404
    return question


@dataclass
class TimelineEvent:
    date: dt.date | dt.datetime
    label: str
    kind: str
    detail: str = ""


#: The steps of the public timeline, by status. Declines and clarifications are never public.
PUBLIC_STEP_LABELS = {
    S.ACCEPTED: _("The hub accepted the question"),
    S.IN_PROGRESS: _("Participation started"),
    S.ADVICE_DELIVERED: _("Advice delivered to the decision-maker"),
    S.ANSWERED: _("The decision-maker answered the advice"),
    S.FEEDBACK_GIVEN: _("Feedback given to the participants"),
    S.CLOSED: _("Closed"),
}


def public_timeline(question: PolicyQuestion, chain: dict | None = None) -> list[TimelineEvent]:
    """From question to feedback, with dates: the public steps of the history and the published chain.

    Reasons in the history are never shown (declines and clarifications are not public at all).
    When the trajectory's public chain is there, it tells the participation, advice, answers and
    feedback (with the dates they really happened); the history adds asked, accepted, answered and closed.
    """
    chain_events = list(_get(chain, "timeline") or []) if chain else []
    from_history = set(PUBLIC_STEP_LABELS)
    if chain_events:
        from_history -= _CHAIN_COVERS
    events = [TimelineEvent(date=question.submitted_at, label=str(_("Question asked")), kind="submitted")]
    steps = (
        QuestionStatusChange.objects.filter(question=question, to_status__in=list(from_history))
        .order_by("changed_at", "id")
        .values_list("to_status", "changed_at")
    )
    seen = set()
    for to_status, changed_at in steps:
        if to_status not in seen:
            seen.add(to_status)
            events.append(TimelineEvent(date=changed_at, label=str(PUBLIC_STEP_LABELS[to_status]), kind=to_status))
    for event in chain_events:
        date = _get(event, "date")
        if date:
            events.append(
                TimelineEvent(date=date, label=str(_get(event, "title") or ""), kind=str(_get(event, "kind")))
            )
    events.sort(key=lambda e: (_as_date(e.date), _KIND_ORDER.get(e.kind, 5)))
    return events


#: Steps the trajectory's own timeline tells better (with the dates of the events themselves).
_CHAIN_COVERS = frozenset({S.IN_PROGRESS, S.ADVICE_DELIVERED, S.FEEDBACK_GIVEN})

_KIND_ORDER = {
    "submitted": 0,
    S.ACCEPTED: 1,
    S.IN_PROGRESS: 2,
    "started": 2,
    "activity": 3,
    S.ADVICE_DELIVERED: 4,
    "advice": 4,
    "answer": 5,
    S.ANSWERED: 6,
    S.FEEDBACK_GIVEN: 7,
    "feedback": 7,
    S.CLOSED: 8,
}


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _get(obj, name):
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


# --- similar questions -----------------------------------------------------------------------


@dataclass
class SimilarQuestion:
    question: PolicyQuestion
    score: float  # 0..1, higher is more alike
    shared: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.score >= 0.5:
            return str(_("Very alike"))
        if self.score >= 0.25:
            return str(_("Alike"))
        return str(_("A little alike"))


#: Common Dutch and English words of four letters or more that say nothing about the subject.
STOPWORDS = frozenset(
    """
    aan aldus alle alles altijd andere bent beter bijna daar daarom dank dat deze dezelfde dient
    doen door echter eens eigen enkele erg geen geweest haar hebben heeft hier hierbij hoe hoeveel
    hun iets jaar jullie kan kunnen maar meer mijn moet moeten naar niet niets nog onder ons onze
    ook over omdat samen sinds staat tegen toch tussen vanaf veel voor vooral waar waarom wanneer
    want welke werd wordt worden zich zijn zoals zodat zonder zouden zullen what when which with
    from that this have their there about into would could should these those were been being
    """.split()
)
#: How many of the hub's latest questions the SQLite fallback compares with.
FALLBACK_WINDOW = 500

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def significant_words(*texts: str) -> set[str]:
    """Lower-case words of four letters or more, without stop words."""
    words = set()
    for text in texts:
        words.update(w for w in _WORD.findall((text or "").lower()) if w not in STOPWORDS)
    return words


def _earlier_in_hub(question: PolicyQuestion) -> QuerySet[PolicyQuestion]:
    return (
        PolicyQuestion.objects.filter(hub_id=question.hub_id)
        .exclude(pk=question.pk)
        .filter(Q(submitted_at__lt=question.submitted_at) | Q(submitted_at=question.submitted_at, pk__lt=question.pk))
    )


def similar_questions(question: PolicyQuestion, limit: int = 5) -> list[SimilarQuestion]:
    """Earlier questions in the same hub that look like this one, most alike first.

    PostgreSQL: Dutch full-text search over title, summary and background, ranked.
    Other databases: overlap of significant words with the hub's latest questions, in Python.
    """
    words = significant_words(question.title, question.summary)
    if not words:
        return []
    if connection.vendor == "postgresql":
        scored = _similar_postgres(question, words, limit)
    else:
        scored = _similar_fallback(question, words, limit)
    if not scored:
        return []
    by_id = {
        q.pk: q
        for q in PolicyQuestion.objects.filter(pk__in=[pk for pk, _score, _shared in scored]).select_related(
            "asking_organisation"
        )
    }
    return [
        SimilarQuestion(question=by_id[pk], score=score, shared=shared) for pk, score, shared in scored if pk in by_id
    ]


def _similar_postgres(question: PolicyQuestion, words: set[str], limit: int) -> list[tuple[int, float, tuple]]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("summary", weight="B", config="dutch")
        + SearchVector("background", weight="C", config="dutch")
    )
    # websearch syntax: "a or b or c" matches any of the (stemmed, stop-word-free) words.
    query = SearchQuery(" or ".join(sorted(words)), search_type="websearch", config="dutch")
    rows = (
        _earlier_in_hub(question)
        .annotate(document=vector, rank=SearchRank(vector, query, normalization=32))
        .filter(document=query)
        .order_by("-rank", "-submitted_at")
        .values_list("pk", "rank", "title", "summary")[:limit]
    )
    result = []
    for pk, rank, title, summary in rows:
        shared = tuple(sorted(words & significant_words(title, summary)))
        # normalization 32 gives rank/(rank+1), in 0..1; stretch it so a strong match reaches 1.
        result.append((pk, min(1.0, float(rank) * 2), shared))
    return result


def _similar_fallback(question: PolicyQuestion, words: set[str], limit: int) -> list[tuple[int, float, tuple]]:
    candidates = (
        _earlier_in_hub(question)
        .order_by("-submitted_at", "-id")
        .values_list("pk", "title", "summary")[:FALLBACK_WINDOW]
    )
    needed = 2 if len(words) >= 4 else 1
    scored = []
    for pk, title, summary in candidates:
        other = significant_words(title, summary)
        shared = words & other
        if len(shared) < needed:
            continue
        score = len(shared) / len(words | other)  # Jaccard similarity
        scored.append((pk, min(1.0, score * 2), tuple(sorted(shared))))
    scored.sort(key=lambda row: -row[1])
    return scored[:limit]


# --- the trajectory chain ---------------------------------------------------------------------
# A question's trajectory lives in the trajectories app, which lies above questions: it hands over its
# two chain readers in TrajectoriesConfig.ready() (trajectories/contributions.py). Without them a question
# has no chain.

_chain_readers: dict[str, Callable[[PolicyQuestion], dict | None]] = {}


def chain_readers_register(
    *, public: Callable[[PolicyQuestion], dict | None], staff: Callable[[PolicyQuestion], dict | None]
) -> None:
    """How to read a question's chain from question to feedback: the published parts, and everything for staff."""
    _chain_readers.update(public=public, staff=staff)


def public_chain(question: PolicyQuestion) -> dict | None:
    reader = _chain_readers.get("public")
    return reader(question) if reader else None


def chain_for_staff(question: PolicyQuestion) -> dict | None:
    reader = _chain_readers.get("staff")
    return reader(question) if reader else None


def public_question_title(pk: int) -> str:
    """The title of a public question (one small query), or 404."""
    from django.http import Http404

    title = PolicyQuestion.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).values_list("title", flat=True).first()
    if title is None:
        raise Http404
    return title


def question_contact_details() -> list[tuple[str, str]]:
    """The asker's contact person and e-mail of every question: the redaction looks for them."""
    return list(PolicyQuestion.objects.order_by().values_list("contact_name", "contact_email"))
