"""Reads for trajectories: the influence chain of one question, overdue answers, influence figures.

Every function here keeps a constant number of queries, whatever the number of activities,
recommendations or questions (see tests/trajectories/test_queries.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.hubs.constants import ParticipationForm
from participatiehub.questions.constants import LADDER_ORDER, LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange

from .constants import Decision
from .models import Activity, Advice, Feedback, Recommendation, Response, Trajectory, TrajectoryParticipant

#: Statuses in which a question's published parts may be shown to anyone.
_PUBLIC = {
    QuestionStatus.ACCEPTED,
    QuestionStatus.IN_PROGRESS,
    QuestionStatus.ADVICE_DELIVERED,
    QuestionStatus.ANSWERED,
    QuestionStatus.FEEDBACK_GIVEN,
    QuestionStatus.CLOSED,
}
#: Statuses a question only reaches after it was accepted (for "accepted, ever").
_AFTER_ACCEPTED = _PUBLIC


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _form_labels(values) -> list[str]:
    labels = dict(ParticipationForm.choices)
    return [str(labels.get(v, v)) for v in values or []]


def trajectory_for_question(question) -> Trajectory | None:
    """The question's trajectory with everything the chain shows, in a fixed number of queries."""
    return (
        Trajectory.objects.filter(question_id=question.pk)
        .select_related("hub", "advice", "advice__document", "feedback")
        .prefetch_related(
            "bodies",
            Prefetch("activities", queryset=Activity.objects.prefetch_related("bodies")),
            "documents",
            Prefetch(
                "advice__recommendations",
                queryset=Recommendation.objects.select_related("response", "response__responded_by"),
            ),
        )
        .first()
    )


def _advice(trajectory: Trajectory) -> Advice | None:
    try:
        return trajectory.advice
    except Advice.DoesNotExist:
        return None


def _feedback(trajectory: Trajectory) -> Feedback | None:
    try:
        return trajectory.feedback
    except Feedback.DoesNotExist:
        return None


def _response(recommendation: Recommendation) -> Response | None:
    try:
        return recommendation.response
    except Response.DoesNotExist:
        return None


def is_overdue(question, advice: Advice | None, recommendations: list, today: dt.date | None = None) -> bool:
    """Delivered advice whose answer date has passed while not every recommendation is answered."""
    if advice is None or not advice.is_delivered or not question.answer_due_date:
        return False
    if question.answer_due_date >= _today(today):
        return False
    return any(_response(r) is None for r in recommendations)


def _response_dict(response) -> dict | None:
    if response is None:
        return None
    return {
        "decision": response.decision,
        "decision_label": response.get_decision_display(),
        "reason": response.reason,
        "decided_on": response.decided_on,
        "decision_document_url": response.decision_document_url,
        "recorded_at": response.recorded_at,
    }


def _activity_dict(activity: Activity) -> dict:
    return {
        "pk": activity.pk,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": activity.title,
        "held_on": activity.held_on,
        "online": activity.online,
        "place": activity.place,
        "participant_count": activity.participant_count,
        "bodies": [b.name for b in activity.bodies.all()],
    }


def _document_url(document) -> str:
    return reverse("trajectories:document", args=[document.pk]) if document else ""


def _timeline(activities: list[dict], advice: dict | None, feedback: dict | None, started_on) -> list[dict]:
    events: list[dict] = []
    if started_on:
        events.append({"date": started_on, "kind": "started", "title": _("Participation started")})
    for activity in activities:
        events.append(
            {"date": activity["held_on"], "kind": "activity", "title": f"{activity['kind_label']}: {activity['title']}"}
        )
    if advice and advice["delivered_at"]:
        events.append({"date": _local_date(advice["delivered_at"]), "kind": "advice", "title": _("Advice delivered")})
        for rec in advice["recommendations"]:
            if rec["response"]:
                events.append(
                    {
                        "date": rec["response"]["decided_on"],
                        "kind": "answer",
                        "title": _("Answer to recommendation %(number)s: %(decision)s")
                        % {"number": rec["number"], "decision": rec["response"]["decision_label"]},
                    }
                )
    if feedback and feedback["published_at"]:
        events.append(
            {"date": _local_date(feedback["published_at"]), "kind": "feedback", "title": _("Feedback published")}
        )
    order = {"started": 0, "activity": 1, "advice": 2, "answer": 3, "feedback": 4}
    events.sort(key=lambda e: (e["date"], order[e["kind"]]))
    return events


def _chain(question, trajectory: Trajectory, *, public: bool, today: dt.date | None = None) -> dict:
    advice = _advice(trajectory)
    feedback = _feedback(trajectory)
    recommendations = list(advice.recommendations.all()) if advice else []
    activities = [_activity_dict(a) for a in trajectory.activities.all()]

    advice_data = None
    if advice is not None and (advice.is_delivered or not public):
        document = advice.document
        show_document = document is not None and (document.is_public or not public)
        advice_data = {
            "summary": advice.summary,
            "what_participants_said": advice.what_participants_said,
            "delivered_at": advice.delivered_at,
            "is_delivered": advice.is_delivered,
            "document_title": document.title if show_document else "",
            "document_url": _document_url(document) if show_document else "",
            "recommendations": [
                {"pk": r.pk, "number": r.number, "text": r.text, "response": _response_dict(_response(r))}
                for r in recommendations
            ],
        }

    feedback_data = None
    if feedback is not None and (feedback.published_at or not public):
        feedback_data = {
            "what_was_asked": feedback.what_was_asked,
            "what_participants_said": feedback.what_participants_said,
            "closing_words": feedback.closing_words,
            "published_at": feedback.published_at,
            "is_published": feedback.published_at is not None,
        }

    answered = sum(1 for r in recommendations if _response(r) is not None)
    delivered_advice = advice is not None and advice.is_delivered
    chain = {
        "question_pk": question.pk,
        "forms": list(trajectory.forms or []),
        "form_labels": _form_labels(trajectory.forms),
        "bodies": [b.name for b in trajectory.bodies.all()],
        "promised_rung": question.promised_rung,
        "promised_rung_label": LadderRung(question.promised_rung).label if question.promised_rung else "",
        "delivered_rung": trajectory.delivered_rung,
        "delivered_rung_label": trajectory.get_delivered_rung_display() if trajectory.delivered_rung else "",
        "delivered_less_than_promised": _rung_lower(trajectory.delivered_rung, question.promised_rung),
        "started_on": trajectory.started_on,
        "activities": activities,
        "participant_total": sum(a["participant_count"] for a in activities),
        "advice": advice_data,
        "answer_due_date": question.answer_due_date,
        "recommendation_count": len(recommendations) if delivered_advice or not public else 0,
        "answered_count": answered if delivered_advice or not public else 0,
        "all_answered": delivered_advice and bool(recommendations) and answered == len(recommendations),
        "overdue": is_overdue(question, advice, recommendations, today),
        "feedback": feedback_data,
        "timeline": _timeline(
            activities,
            advice_data if advice_data and advice_data["is_delivered"] else None,
            feedback_data if feedback_data and feedback_data["is_published"] else None,
            trajectory.started_on,
        ),
    }
    if not public:
        chain.update(
            {
                "trajectory": trajectory,
                "description": trajectory.description,
                "version": trajectory.version,
                "advice_obj": advice,
                "feedback_obj": feedback,
                "documents": list(trajectory.documents.all()),
            }
        )
    return chain


def _rung_lower(delivered: str, promised: str) -> bool:
    if not delivered or not promised or delivered not in LADDER_ORDER or promised not in LADDER_ORDER:
        return False
    return LADDER_ORDER.index(delivered) < LADDER_ORDER.index(promised)


def public_chain(question, *, today: dt.date | None = None) -> dict | None:
    """The published parts of the question's trajectory, or None when there is nothing to show.

    Never contains drafts (undelivered advice, unpublished feedback), non-public documents, the
    coordinator's notes or anything about the participants as people (only counts).
    """
    if question is None or question.status not in _PUBLIC:
        return None
    trajectory = trajectory_for_question(question)
    if trajectory is None:
        return None
    return _chain(question, trajectory, public=True, today=today)


def chain_for_staff(question, *, today: dt.date | None = None) -> dict | None:
    """Everything, drafts included, for the hub's coordinator and the asking decision-maker.

    Carries no participants' personal data either; the workspace reads those separately (and logs it).
    """
    trajectory = trajectory_for_question(question)
    if trajectory is None:
        return None
    return _chain(question, trajectory, public=False, today=today)


def participants_for_trajectory(trajectory: Trajectory) -> QuerySet[TrajectoryParticipant]:
    return TrajectoryParticipant.objects.filter(trajectory=trajectory).order_by("added_at", "id")


def decision_maker_emails(organisation_id: int) -> list[str]:
    """E-mail addresses of the active users with a decision-maker role for the organisation."""
    from participatiehub.accounts.constants import Role
    from participatiehub.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.DECISION_MAKER,
            role_assignments__organisation_id=organisation_id,
            role_assignments__revoked_at__isnull=True,
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def overdue_answers(hub, *, today: dt.date | None = None) -> QuerySet[PolicyQuestion]:
    """Questions of the hub whose delivered advice is not fully answered after the due date.

    Each question carries ``recommendation_total`` and ``answered_total``.
    """
    return (
        PolicyQuestion.objects.filter(
            hub=hub,
            answer_due_date__lt=_today(today),
            trajectory__advice__delivered_at__isnull=False,
        )
        .annotate(
            recommendation_total=Count("trajectory__advice__recommendations", distinct=True),
            answered_total=Count(
                "trajectory__advice__recommendations",
                filter=Q(trajectory__advice__recommendations__response__isnull=False),
                distinct=True,
            ),
        )
        .filter(answered_total__lt=F("recommendation_total"))
        .select_related("asking_organisation")
        .order_by("answer_due_date", "pk")
    )


# --- influence figures ------------------------------------------------------------------------


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _figures(questions: QuerySet, trajectories: QuerySet, recommendations: QuerySet, *, today: dt.date) -> dict:
    ever_accepted = Exists(
        QuestionStatusChange.objects.filter(question=OuterRef("pk"), to_status=QuestionStatus.ACCEPTED)
    )
    counts = questions.annotate(ever_accepted=ever_accepted).aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(ever_accepted=True) | Q(status__in=_AFTER_ACCEPTED)),
        declined=Count("pk", filter=Q(status=QuestionStatus.DECLINED)),
    )

    # Query 2: one row per trajectory.
    rows = list(
        trajectories.values(
            "question_id",
            "question__submitted_at",
            "question__promised_rung",
            "delivered_rung",
            "advice__delivered_at",
            "feedback__published_at",
            "hub__feedback_window_weeks",
        )
    )
    # Query 3: one row per recommendation in delivered advice.
    recs = list(
        recommendations.filter(advice__delivered_at__isnull=False).values(
            "advice__trajectory__question_id", "response__decision", "response__recorded_at"
        )
    )

    days_to_advice = [
        (_local_date(r["advice__delivered_at"]) - _local_date(r["question__submitted_at"])).days
        for r in rows
        if r["advice__delivered_at"] and r["question__submitted_at"]
    ]

    by_question: dict[int, list[dict]] = defaultdict(list)
    for rec in recs:
        by_question[rec["advice__trajectory__question_id"]].append(rec)
    answer_dates: dict[int, dt.date] = {}
    for question_id, items in by_question.items():
        if all(i["response__decision"] for i in items):
            answer_dates[question_id] = max(_local_date(i["response__recorded_at"]) for i in items)

    days_to_answer = []
    feedback_due = 0
    feedback_in_time = 0
    for row in rows:
        answered_on = answer_dates.get(row["question_id"])
        if answered_on is None or not row["advice__delivered_at"]:
            continue
        days_to_answer.append((answered_on - _local_date(row["advice__delivered_at"])).days)
        window_end = answered_on + dt.timedelta(weeks=row["hub__feedback_window_weeks"] or 0)
        published_on = _local_date(row["feedback__published_at"])
        if published_on is not None and published_on <= window_end:
            feedback_due += 1
            feedback_in_time += 1
        elif published_on is not None or today > window_end:
            feedback_due += 1

    decisions = Counter(r["response__decision"] for r in recs)
    total = len(recs)
    answered = total - decisions.get(None, 0)

    pairs = Counter((r["question__promised_rung"], r["delivered_rung"]) for r in rows if r["delivered_rung"])
    rung_labels = dict(LadderRung.choices)
    ladder = [
        {
            "promised": promised,
            "promised_label": str(rung_labels.get(promised, promised)),
            "delivered": delivered,
            "delivered_label": str(rung_labels.get(delivered, delivered)),
            "count": count,
            "less_than_promised": _rung_lower(delivered, promised),
        }
        for (promised, delivered), count in sorted(
            pairs.items(), key=lambda kv: (_rung_index(kv[0][0]), _rung_index(kv[0][1]))
        )
    ]

    return {
        "today": today,
        "questions_received": counts["received"],
        "questions_accepted": counts["accepted"],
        "questions_declined": counts["declined"],
        "advice_count": len(days_to_advice),
        "median_days_to_advice": _median(days_to_advice),
        "answered_advice_count": len(days_to_answer),
        "median_days_to_answer": _median(days_to_answer),
        "recommendations_total": total,
        "recommendations_answered": answered,
        "recommendations_adopted": decisions.get(Decision.ADOPTED, 0),
        "recommendations_partly_adopted": decisions.get(Decision.PARTLY_ADOPTED, 0),
        "recommendations_not_adopted": decisions.get(Decision.NOT_ADOPTED, 0),
        "share_answered": _share(answered, total),
        "share_adopted": _share(decisions.get(Decision.ADOPTED, 0), total),
        "share_partly_adopted": _share(decisions.get(Decision.PARTLY_ADOPTED, 0), total),
        "feedback_counted": feedback_due,
        "feedback_in_time": feedback_in_time,
        "share_feedback_in_time": _share(feedback_in_time, feedback_due),
        "ladder": ladder,
        "ladder_delivered_total": sum(pairs.values()),
        "ladder_less_than_promised": sum(p["count"] for p in ladder if p["less_than_promised"]),
    }


def _rung_index(value: str) -> int:
    return LADDER_ORDER.index(value) if value in LADDER_ORDER else len(LADDER_ORDER)


def influence_figures(hub, *, today: dt.date | None = None) -> dict:
    """What the hub's participation led to, derived from the records (3 queries).

    - questions received (all), accepted (ever reached "accepted", or a later status), declined;
    - median days from the question (``submitted_at``) to the advice (``delivered_at``);
    - median days from the advice to the answer: the day the *last* recommendation got its answer,
      taken from ``Response.recorded_at`` (when the answer was given on the platform; changing an
      answer later does not move it). Only advice with every recommendation answered counts;
    - shares of recommendations answered / adopted / partly adopted, of all recommendations in
      delivered advice;
    - share of answered trajectories with feedback published within the hub's
      ``feedback_window_weeks`` after the answer. A trajectory still inside its window without
      feedback is not counted yet (neither as on time nor as late);
    - promised vs delivered ladder rung: counts per (promised, delivered) pair for trajectories with
      a delivered rung, and how many delivered less than promised.
    Dates are calendar days in Europe/Amsterdam.
    """
    figures = _figures(
        PolicyQuestion.objects.filter(hub=hub),
        Trajectory.objects.filter(question__hub=hub),
        Recommendation.objects.filter(advice__trajectory__question__hub=hub),
        today=_today(today),
    )
    figures["feedback_window_weeks"] = hub.feedback_window_weeks
    return figures


def influence_figures_national(*, today: dt.date | None = None) -> dict:
    """The same figures over every hub (each trajectory uses its own hub's feedback window)."""
    return _figures(
        PolicyQuestion.objects.all(), Trajectory.objects.all(), Recommendation.objects.all(), today=_today(today)
    )


def trajectory_participant_details() -> list[tuple[str, str]]:
    """Every trajectory participant's name and e-mail: the redaction of published texts looks for them."""
    return list(TrajectoryParticipant.objects.order_by().values_list("name", "email"))
