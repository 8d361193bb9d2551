"""Policy questions at national scale for the benchmark (``generate_scale_data --questions N``).

The services are too slow for tens of thousands of questions, so everything is written with
``bulk_create`` in batches, consistent with what the services would have written: the status
matches the records present (a trajectory from "in progress", delivered advice with 2–6
recommendations from "advice delivered", an answer to every recommendation from "answered",
published feedback from "feedback given"), and every question has its whole history (at least
the submitted row and the row of its current status). Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from participatiehub.network.models import Organisation, ParticipationBody
from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.trajectories.constants import ActivityKind, Decision
from participatiehub.trajectories.models import Activity, Advice, Feedback, Recommendation, Response, Trajectory

from . import question_texts as texts
from .builder import distribute
from .questions import (
    ACTIVITY_FORMS,
    ACTIVITY_PARTICIPANTS,
    ASKER_TYPES,
    EARLIEST,
    decision_body_for,
    delivered_rung_for,
    pick_rung,
)

S = QuestionStatus
#: How the questions are spread over the states (weights).
STATE_WEIGHTS = {
    S.SUBMITTED: 6,
    S.CLARIFICATION_ASKED: 3,
    S.ACCEPTED: 5,
    S.DECLINED: 6,
    S.IN_PROGRESS: 14,
    S.ADVICE_DELIVERED: 12,
    S.ANSWERED: 8,
    S.FEEDBACK_GIVEN: 24,
    S.CLOSED: 22,
}
ORDER = [S.IN_PROGRESS, S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED]
BATCH = 2000


@contextmanager
def given_dates(*fields) -> Iterator[None]:
    """Let ``bulk_create`` keep the dates we give instead of ``auto_now``/``auto_now_add`` setting "now"."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, _now, _add in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _path(target: str, clarified: bool) -> list[str]:
    path = [S.SUBMITTED]
    if target == S.CLARIFICATION_ASKED:
        return [S.SUBMITTED, S.CLARIFICATION_ASKED]
    if clarified:
        path += [S.CLARIFICATION_ASKED, S.SUBMITTED]
    if target == S.SUBMITTED:
        return path
    if target == S.DECLINED:
        return [*path, S.DECLINED]
    path.append(S.ACCEPTED)
    if target == S.ACCEPTED:
        return path
    return path + ORDER[: ORDER.index(target) + 1]


class ScaleQuestions:
    def __init__(self, *, seed: int, today: dt.date | None = None):
        self.rng = random.Random(seed * 31 + 5)
        self.today = today or timezone.localdate()
        self.counts: Counter = Counter()
        self._tz = timezone.get_current_timezone()

    def moment(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.rng.randint(8, 17), self.rng.choice((0, 15, 30, 45))), self._tz)

    def create(self, total: int, hubs) -> Counter:
        hubs = list(hubs)
        orgs = defaultdict(list)
        for org in Organisation.objects.filter(hub__in=hubs, org_type__in=ASKER_TYPES).order_by("pk"):
            orgs[org.hub_id].append(org)
        for org in Organisation.objects.filter(hub__in=[h for h in hubs if not orgs[h.pk]]).order_by("pk"):
            orgs[org.hub_id].append(org)  # hubs without municipalities or insurers: any organisation asks
        eligible = [h for h in hubs if orgs[h.pk]]
        if total and not eligible:
            raise ValueError("Er zijn geen organisaties die een vraagstuk kunnen stellen.")
        bodies = defaultdict(list)
        for pk, hub_id in ParticipationBody.objects.filter(hub__in=eligible).order_by("pk").values_list("pk", "hub_id"):
            bodies[hub_id].append(pk)
        coverage = defaultdict(list)
        for hub in eligible:
            coverage[hub.pk] = list(hub.coverage.select_related("municipality").order_by("municipality__code"))
        per_hub = distribute(total, [len(coverage[h.pk]) + 3 for h in eligible])
        jobs = [(hub, i) for hub, n in zip(eligible, per_hub, strict=True) for i in range(n)]
        for start in range(0, len(jobs), BATCH):
            with transaction.atomic():
                self._batch(jobs[start : start + BATCH], orgs, bodies, coverage)
        return self.counts

    # --- one batch ------------------------------------------------------------------------------

    def _plan(self, hub, orgs, coverage) -> dict:
        rng = self.rng
        target = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
        topic = rng.choice(texts.TOPICS)
        org = rng.choice(orgs[hub.pk])
        municipality = rng.choice(coverage[hub.pk]).municipality if coverage[hub.pk] else None
        path = _path(target, rng.random() < 0.15)
        gaps = [rng.randint(3, 90) for _ in path[1:]]
        span = (self.today - EARLIEST).days - 2
        if target in (S.SUBMITTED, S.CLARIFICATION_ASKED, S.ACCEPTED, S.ADVICE_DELIVERED):
            slack = rng.randint(1, 40)
        else:
            slack = rng.randint(1, 200)
        if sum(gaps) + slack > span:
            factor = span / (sum(gaps) + slack)
            gaps = [max(1, int(g * factor)) for g in gaps]
            slack = max(1, int(slack * factor))
        day = self.today - dt.timedelta(days=sum(gaps) + slack)
        days = [day]
        for gap in gaps:
            day += dt.timedelta(days=gap)
            days.append(day)
        return {"target": target, "topic": topic, "org": org, "municipality": municipality, "path": path, "days": days}

    def _batch(self, jobs, orgs, bodies, coverage) -> None:
        rng = self.rng
        plans = [self._plan(hub, orgs, coverage) | {"hub": hub} for hub, _ in jobs]
        questions = []
        for p in plans:
            name = p["municipality"].name if p["municipality"] else p["hub"].name
            region = p["hub"].follows_region.name if p["hub"].follows_region_id else p["hub"].name
            values = {
                "gemeente": name,
                "regio": region,
                "wijk": f"{name}-{rng.choice(['Noord', 'Zuid', 'Oost', 'West'])}",
            }
            submitted_at = self.moment(p["days"][0])
            p["delivered"] = p["days"][p["path"].index(S.ADVICE_DELIVERED)] if S.ADVICE_DELIVERED in p["path"] else None
            if p["delivered"]:
                overdue = p["target"] == S.ADVICE_DELIVERED and rng.random() < 0.4
                due = (
                    self.today - dt.timedelta(days=rng.randint(1, 60))
                    if overdue
                    else p["delivered"] + dt.timedelta(days=rng.randint(42, 90))
                )
                due = max(due, p["delivered"] + dt.timedelta(days=1))
            else:
                due = self.today + dt.timedelta(days=rng.randint(60, 240)) if p["target"] != S.DECLINED else None
            decision = (due - dt.timedelta(days=rng.randint(0, 21))) if due else None
            questions.append(
                PolicyQuestion(
                    hub=p["hub"],
                    title=p["topic"].title.format(**values)[:200],
                    summary=p["topic"].summary.format(**values),
                    background=p["topic"].background.format(**values),
                    asking_organisation=p["org"],
                    contact_name="",
                    contact_email="",
                    agreements=list(p["topic"].agreements),
                    themes=list(p["topic"].themes),
                    promised_rung=pick_rung(rng),
                    decision_body=decision_body_for(p["org"]),
                    decision_date=decision,
                    answer_due_date=due,
                    status=p["target"],
                    entered_on_behalf=True,
                    submitted_at=submitted_at,
                    created_at=submitted_at,
                    updated_at=self.moment(p["days"][-1]),
                )
            )
        with given_dates(PolicyQuestion._meta.get_field("created_at"), PolicyQuestion._meta.get_field("updated_at")):
            PolicyQuestion.objects.bulk_create(questions, batch_size=BATCH)

        changes, munis = [], []
        Muni = PolicyQuestion.municipalities.through
        for q, p in zip(questions, plans, strict=True):
            previous = ""
            for status, day in zip(p["path"], p["days"], strict=True):
                reason = ""
                if status == S.DECLINED:
                    reason = rng.choice(texts.DECLINE_REASONS)
                elif status == S.CLARIFICATION_ASKED:
                    reason = rng.choice(texts.CLARIFICATION_QUESTIONS)
                elif status == S.SUBMITTED and previous:
                    reason = rng.choice(texts.CLARIFICATION_ANSWERS)
                actor = (
                    "system"
                    if status == S.ANSWERED
                    else ("decision_maker" if status == S.SUBMITTED and previous else "coordinator")
                )
                changes.append(
                    QuestionStatusChange(
                        question=q,
                        from_status=previous,
                        to_status=status,
                        changed_at=q.submitted_at if not previous else self.moment(day),
                        actor=actor,
                        reason=reason,
                    )
                )
                previous = status
            if p["municipality"]:
                munis.append(Muni(policyquestion_id=q.pk, municipality_id=p["municipality"].pk))
            self.counts[p["target"]] += 1
        QuestionStatusChange.objects.bulk_create(changes, batch_size=BATCH)
        Muni.objects.bulk_create(munis, batch_size=BATCH)
        self.counts["questions"] += len(questions)
        self.counts["status_changes"] += len(changes)

        # Trajectories from "in progress" on.
        with_trajectory = [(q, p) for q, p in zip(questions, plans, strict=True) if S.IN_PROGRESS in p["path"]]
        trajectories = []
        for q, p in with_trajectory:
            start = p["days"][p["path"].index(S.IN_PROGRESS)]
            p["start"] = start
            p["kinds"] = rng.sample(list(ACTIVITY_PARTICIPANTS), rng.randint(1, 2))
            trajectories.append(
                Trajectory(
                    question=q,
                    hub_id=q.hub_id,
                    description=rng.choice(texts.TRAJECTORY_DESCRIPTIONS),
                    forms=list(
                        dict.fromkeys(ACTIVITY_FORMS[k].value if k in ACTIVITY_FORMS else "other" for k in p["kinds"])
                    ),
                    delivered_rung=delivered_rung_for(q.promised_rung, rng) if p["target"] != S.IN_PROGRESS else "",
                    started_on=start,
                    created_at=self.moment(start),
                    updated_at=self.moment(start),
                )
            )
        with given_dates(Trajectory._meta.get_field("created_at"), Trajectory._meta.get_field("updated_at")):
            Trajectory.objects.bulk_create(trajectories, batch_size=BATCH)
        TB = Trajectory.bodies.through
        trajectory_bodies, activities = [], []
        for t, (q, p) in zip(trajectories, with_trajectory, strict=True):
            hub_bodies = bodies[q.hub_id]
            for body in rng.sample(hub_bodies, min(len(hub_bodies), rng.randint(1, 2))):
                trajectory_bodies.append(TB(trajectory_id=t.pk, participationbody_id=body))
            end = p["delivered"] or self.today
            for kind in p["kinds"]:
                low, high = ACTIVITY_PARTICIPANTS[kind]
                span = max((end - p["start"]).days - 1, 1)
                online = kind == ActivityKind.SURVEY
                activities.append(
                    Activity(
                        trajectory=t,
                        kind=kind,
                        title=rng.choice(texts.ACTIVITY_TITLES[kind]).format(
                            plaats=q.hub.name, onderwerp=p["topic"].themes[0], groep=rng.choice(texts.GROUPS)
                        ),
                        held_on=p["start"] + dt.timedelta(days=rng.randint(1, span) if span > 1 else 0),
                        online=online,
                        place="" if online else rng.choice(texts.VENUES),
                        participant_count=rng.randint(low, high),
                    )
                )
        TB.objects.bulk_create(trajectory_bodies, batch_size=BATCH)
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        self.counts["trajectories"] += len(trajectories)
        self.counts["activities"] += len(activities)

        # Delivered advice from "advice delivered" on; answers and feedback after that.
        with_advice = [(t, q, p) for t, (q, p) in zip(trajectories, with_trajectory, strict=True) if p["delivered"]]
        advices = [
            Advice(
                trajectory=t,
                summary=f"De deelnemers geven {p['org'].name} hun advies over: {q.title}",
                what_participants_said=p["topic"].participants_said,
                delivered_at=self.moment(p["delivered"]),
            )
            for t, q, p in with_advice
        ]
        Advice.objects.bulk_create(advices, batch_size=BATCH)
        recommendations, answer_plans = [], []
        for advice, (_t, _q, p) in zip(advices, with_advice, strict=True):
            k = rng.choices([2, 3, 4, 5, 6], weights=[2, 4, 4, 2, 1])[0]
            if p["target"] == S.ADVICE_DELIVERED:
                answered = rng.randint(0, k - 1)
                answer_day = min(p["delivered"] + dt.timedelta(days=rng.randint(5, 30)), self.today)
            else:
                answered = k
                answer_day = p["days"][p["path"].index(S.ANSWERED)]
            for n, text in enumerate(rng.sample(list(p["topic"].recommendations), k), start=1):
                recommendations.append(Recommendation(advice=advice, number=n, text=text))
                answer_plans.append(answer_day if n <= answered else None)
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        responses = []
        for rec, day in zip(recommendations, answer_plans, strict=True):
            if day is None:
                continue
            decision = rng.choices(
                [Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED], weights=[5, 3, 2]
            )[0]
            reason = {
                Decision.ADOPTED: "",
                Decision.PARTLY_ADOPTED: rng.choice(texts.PARTLY_REASONS),
                Decision.NOT_ADOPTED: rng.choice(texts.NOT_REASONS),
            }[decision]
            responses.append(
                Response(
                    recommendation=rec, decision=decision, reason=reason, decided_on=day, recorded_at=self.moment(day)
                )
            )
        with given_dates(Response._meta.get_field("recorded_at")):
            Response.objects.bulk_create(responses, batch_size=BATCH)
        feedback = [
            Feedback(
                trajectory=t,
                what_was_asked=f"{p['org'].name} vroeg de hub: {q.title}",
                what_participants_said=p["topic"].participants_said,
                closing_words=rng.choice(texts.CLOSING_WORDS),
                published_at=self.moment(p["days"][p["path"].index(S.FEEDBACK_GIVEN)]),
            )
            for t, q, p in with_advice
            if S.FEEDBACK_GIVEN in p["path"]
        ]
        Feedback.objects.bulk_create(feedback, batch_size=BATCH)
        self.counts["advice"] += len(advices)
        self.counts["recommendations"] += len(recommendations)
        self.counts["responses"] += len(responses)
        self.counts["feedback"] += len(feedback)
