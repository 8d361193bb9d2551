"""Demo policy questions in every state, built through the product's services.

Every status change goes through ``questions.services`` and ``trajectories.services``, so the
history rows, trajectories, advice, answers and feedback are exactly what the product writes.
The services date everything "now"; afterwards the demo moves the dates to a realistic timeline
in 2025–2026 (``QuerySet.update`` / ``bulk_update``), as the hub builder does for hub history.

The services need people: the demo coordinator and decision-maker act for Participatiehub Utrecht
and Gemeente Utrecht; every other hub and asking organisation gets a helper account
(``…@team.demo.example``, no password: it cannot log in) so the history names a person.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from faker import Faker

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.accounts.selectors import clear_roles_cache
from participatiehub.core.models import OutgoingEmail
from participatiehub.hubs.constants import HubStatus, ParticipationForm
from participatiehub.network.constants import OrganisationType
from participatiehub.network.models import Organisation, ParticipationBody
from participatiehub.questions import services as question_services
from participatiehub.questions.constants import LADDER_ORDER, LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.trajectories import services as trajectory_services
from participatiehub.trajectories.constants import ActivityKind, Decision
from participatiehub.trajectories.models import Advice, Feedback, Response, Trajectory, TrajectoryParticipant

from . import question_texts as texts
from .users import HELPER_DOMAIN

S = QuestionStatus
#: Nothing in the demo's question history is older than this.
EARLIEST = dt.date(2025, 1, 6)

#: Every state of the state machine, in order.
ALL_STATES = (
    S.SUBMITTED,
    S.CLARIFICATION_ASKED,
    S.ACCEPTED,
    S.DECLINED,
    S.IN_PROGRESS,
    S.ADVICE_DELIVERED,
    S.ANSWERED,
    S.FEEDBACK_GIVEN,
    S.CLOSED,
)
AFTER_ACCEPT = (S.IN_PROGRESS, S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED)
ASKER_TYPES = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.HEALTH_INSURER,
    OrganisationType.GGD,
    OrganisationType.CARE_PROVIDER,
)

ACTIVITY_PARTICIPANTS = {
    ActivityKind.MEETING: (12, 60),
    ActivityKind.FOCUS_GROUP: (6, 14),
    ActivityKind.SURVEY: (80, 900),
    ActivityKind.COUNCIL_ADVICE: (7, 15),
    ActivityKind.EXPERT_INPUT: (4, 12),
    ActivityKind.ASSEMBLY_SESSION: (24, 48),
}
ACTIVITY_FORMS = {
    ActivityKind.SURVEY: ParticipationForm.CITIZENS_PANEL,
    ActivityKind.COUNCIL_ADVICE: ParticipationForm.SOCIAL_DOMAIN_ADVISORY_COUNCIL,
    ActivityKind.EXPERT_INPUT: ParticipationForm.EXPERTS_BY_EXPERIENCE,
    ActivityKind.ASSEMBLY_SESSION: ParticipationForm.CITIZENS_ASSEMBLY,
}
PARTICIPANT_DOMAINS = ("mail.example", "inwoners.example", "post.example", "thuis.example")


def decision_body_for(org: Organisation) -> str:
    name = org.name
    if org.org_type == OrganisationType.MUNICIPALITY:
        place = name.removeprefix("Gemeente ")
        return random.Random(name).choice([f"Het college van B en W van {place}", f"De gemeenteraad van {place}"])
    if org.org_type == OrganisationType.HEALTH_INSURER:
        return f"De directie van {name}"
    if org.org_type == OrganisationType.GGD:
        return f"Het algemeen bestuur van {name}"
    return f"De raad van bestuur van {name}"


def pick_rung(rng: random.Random) -> str:
    return rng.choices(
        [LadderRung.INFORM, LadderRung.CONSULT, LadderRung.ADVISE, LadderRung.COPRODUCE, LadderRung.CODECIDE],
        weights=[1, 4, 8, 3, 1],
    )[0].value


def delivered_rung_for(promised: str, rng: random.Random) -> str:
    """Mostly what was promised; now and then a rung lower (the influence figures show that)."""
    i = LADDER_ORDER.index(promised)
    if i > 0 and rng.random() < 0.2:
        return LADDER_ORDER[i - 1]
    return promised


def fill(template: str, *, gemeente: str, regio: str, wijk: str) -> str:
    return template.format(gemeente=gemeente, regio=regio, wijk=wijk)


@dataclass
class Plan:
    """One demo question: who asks what, the state it ends in and its timeline."""

    hub: object
    organisation: Organisation
    topic: texts.Topic
    target: str
    on_behalf: bool = False
    overdue: bool = False
    answered_part: int = 0  # recommendations answered while still in advice_delivered
    moments: list[dt.datetime] = field(default_factory=list)


class QuestionBuilder:
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date | None = None,
        coordinator: User | None = None,
        decision_maker: User | None = None,
        showcase_hub=None,
        showcase_organisation: Organisation | None = None,
    ):
        self.rng = random.Random(seed * 7 + 3)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed + 11)
        self.today = today or timezone.localdate()
        self.showcase_hub = showcase_hub
        self.showcase_organisation = showcase_organisation
        self._coordinators: dict[int, User] = {}
        self._decision_makers: dict[int, User] = {}
        if coordinator is not None and showcase_hub is not None:
            clear_roles_cache(coordinator)
            self._coordinators[showcase_hub.pk] = coordinator
        if decision_maker is not None and showcase_organisation is not None:
            clear_roles_cache(decision_maker)
            self._decision_makers[showcase_organisation.pk] = decision_maker
        self.counts: Counter = Counter()
        # Dates to set afterwards.
        self._changes: list[QuestionStatusChange] = []
        #: The moment each queued e-mail belongs to (the step of the history that queued it).
        self.email_moments: dict[int, dt.datetime] = {}

    # --- people ---------------------------------------------------------------------------------

    def coordinator(self, hub) -> User:
        user = self._coordinators.get(hub.pk)
        if user is None:
            name = hub.contact_name.split(" (")[0] or self.fake.name()
            code = hub.follows_region.code.lower() if hub.follows_region_id else str(hub.pk)
            user = User.objects.create_user(f"hubcoordinator.{code}@{HELPER_DOMAIN}", None, full_name=name)
            RoleAssignment.objects.create(user=user, role=Role.HUB_COORDINATOR, hub=hub)
            self._coordinators[hub.pk] = user
        return user

    def decision_maker(self, org: Organisation) -> User:
        user = self._decision_makers.get(org.pk)
        if user is None:
            email = f"beslisser.{org.pk}.{slugify(org.name)[:40].strip('-')}@{HELPER_DOMAIN}"
            user = User.objects.create_user(email, None, full_name=self.fake.name())
            RoleAssignment.objects.create(user=user, role=Role.DECISION_MAKER, organisation=org)
            self._decision_makers[org.pk] = user
        return user

    # --- planning -------------------------------------------------------------------------------

    def targets_for(self, hub) -> list[str]:
        rng = self.rng
        if self.showcase_hub is not None and hub.pk == self.showcase_hub.pk:
            return [*ALL_STATES, S.ADVICE_DELIVERED, S.FEEDBACK_GIVEN, S.CLOSED]
        if hub.status == HubStatus.OPERATIONAL:
            extra = rng.sample([S.IN_PROGRESS, S.FEEDBACK_GIVEN, S.CLOSED, S.ANSWERED], rng.randint(0, 1))
            return [*ALL_STATES, *extra]
        if hub.status == HubStatus.DEVELOPING:
            others = [s for s in ALL_STATES if s not in (S.SUBMITTED, S.ACCEPTED)]
            return [S.SUBMITTED, S.ACCEPTED, *rng.sample(others, rng.randint(1, 5))]
        if hub.status == HubStatus.FORMING_COALITION and rng.random() < 0.6:
            return rng.sample([S.SUBMITTED, S.CLARIFICATION_ASKED, S.DECLINED, S.ACCEPTED], rng.randint(1, 3))
        return []

    def plans_for(self, hub, organisations: list[Organisation]) -> list[Plan]:
        rng = self.rng
        askers = [o for o in organisations if o.org_type in ASKER_TYPES]
        if not askers:
            return []
        by_type = defaultdict(list)
        for org in askers:
            by_type[org.org_type].append(org)
        showcase = self.showcase_hub is not None and hub.pk == self.showcase_hub.pk
        topics = list(texts.TOPICS)
        rng.shuffle(topics)
        plans = []
        overdue_done = False
        for i, target in enumerate(self.targets_for(hub)):
            topic = topics[i % len(topics)]
            candidates = [o for t in topic.askers for o in by_type.get(t, [])] or askers
            org = rng.choice(candidates)
            plan = Plan(hub=hub, organisation=org, topic=topic, target=target, on_behalf=rng.random() < 0.3)
            if target == S.ADVICE_DELIVERED:
                # The first one waits for its answer (due date ahead); a later one is overdue.
                plan.overdue = not showcase and not overdue_done and rng.random() < 0.5
                overdue_done = overdue_done or plan.overdue
            plans.append(plan)
        if showcase and self.showcase_organisation is not None:
            # The demo decision-maker (Gemeente Utrecht) asks in several states, including delivered
            # advice that waits for their answer; the second delivered advice is overdue and half answered.
            mine = {S.SUBMITTED, S.CLARIFICATION_ASKED, S.IN_PROGRESS, S.ANSWERED, S.FEEDBACK_GIVEN}
            for plan in plans:
                if plan.target in mine:
                    plan.organisation = self.showcase_organisation
                    plan.on_behalf = plan.on_behalf and plan.target not in (S.SUBMITTED, S.CLARIFICATION_ASKED)
            waiting, overdue = [p for p in plans if p.target == S.ADVICE_DELIVERED][:2]
            waiting.organisation, waiting.on_behalf, waiting.overdue = self.showcase_organisation, False, False
            overdue.overdue, overdue.answered_part = True, 1
        elif any(p.overdue for p in plans):
            for plan in plans:
                if plan.overdue and rng.random() < 0.5:
                    plan.answered_part = 1
        return plans

    # --- timeline -------------------------------------------------------------------------------

    def _moment(self, day: dt.date) -> dt.datetime:
        rng = self.rng
        moment = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.choice((0, 10, 20, 30, 40, 50))))
        return timezone.make_aware(moment)

    def timeline(self, plan: Plan) -> dict:
        """Gaps in days between the steps; the chain ends before today and starts no earlier than 2025."""
        rng, target = self.rng, plan.target
        steps: list[tuple[str, int]] = []
        clarify = target == S.CLARIFICATION_ASKED or (target != S.SUBMITTED and rng.random() < 0.2)
        if clarify:
            steps.append(("clarify", rng.randint(2, 8)))
            if target != S.CLARIFICATION_ASKED:
                steps.append(("resubmit", rng.randint(3, 14)))
        if target in (S.ACCEPTED, S.DECLINED, *AFTER_ACCEPT):
            steps.append(("intake", rng.randint(3, 15)))
        if target in AFTER_ACCEPT:
            steps.append(("start", rng.randint(7, 30)))
            n_activities = rng.randint(1, 4)
            for i in range(n_activities):
                steps.append((f"activity{i}", rng.randint(5, 40)))
        if target in AFTER_ACCEPT[1:]:
            steps.append(("deliver", rng.randint(14, 40)))
        if target in AFTER_ACCEPT[2:]:
            steps.append(("answer", rng.randint(15, 80)))
        if target in AFTER_ACCEPT[3:]:
            steps.append(("feedback", rng.randint(7, 70) if rng.random() < 0.85 else rng.randint(60, 100)))
        if target == S.CLOSED:
            steps.append(("close", rng.randint(14, 60)))
        due_gap = rng.randint(42, 90)
        if target == S.ADVICE_DELIVERED:
            slack = due_gap + rng.randint(5, 60) if plan.overdue else rng.randint(3, max(4, due_gap - 14))
        elif target in (S.SUBMITTED, S.CLARIFICATION_ASKED):
            slack = rng.randint(1, 25)
        elif target == S.ACCEPTED:
            slack = rng.randint(3, 30)
        elif target == S.DECLINED:
            slack = rng.randint(10, 300)
        else:
            slack = rng.randint(3, 150)
        available = (self.today - EARLIEST).days - 1
        total = sum(g for _, g in steps) + slack
        if total > available:
            factor = available / total
            steps = [(name, max(1, int(g * factor))) for name, g in steps]
            slack = max(1, int(slack * factor))
        day = self.today - dt.timedelta(days=sum(g for _, g in steps) + slack)
        dates = {"submit": day}
        for name, gap in steps:
            day = day + dt.timedelta(days=gap)
            dates[name] = day
        dates["activities"] = [d for name, d in dates.items() if name.startswith("activity")]
        dates["due_gap"] = due_gap
        return dates

    # --- building -------------------------------------------------------------------------------

    def build(self, hubs) -> Counter:
        responses_dates: list[tuple[int, dt.datetime]] = []
        for hub in hubs:
            organisations = list(
                Organisation.objects.filter(hub=hub, org_type__in=ASKER_TYPES)
                .prefetch_related("municipalities")
                .order_by("pk")
            )
            plans = self.plans_for(hub, organisations)
            if not plans:
                continue
            bodies = list(ParticipationBody.objects.filter(hub=hub).order_by("pk"))
            coverage = list(hub.coverage.select_related("municipality").order_by("municipality__name"))
            for plan in plans:
                responses_dates += self.build_one(plan, bodies, coverage)
        # Dates: history rows in the order they were written, answers as decided.
        QuestionStatusChange.objects.bulk_update(self._changes, ["changed_at"], batch_size=500)
        for pk, moment in responses_dates:
            Response.objects.filter(pk=pk).update(recorded_at=moment)
        # The services queued e-mails (to .example addresses): ``demo_emails_deliver`` marks them sent.
        return self.counts

    def build_one(self, plan: Plan, bodies: list[ParticipationBody], coverage) -> list[tuple[int, dt.datetime]]:
        rng = self.rng
        hub, org, topic, target = plan.hub, plan.organisation, plan.topic, plan.target
        coordinator = self.coordinator(hub)
        dm = self.decision_maker(org)
        dates = self.timeline(plan)
        moments: list[dt.datetime] = []
        first_email = OutgoingEmail.objects.aggregate(m=Max("pk"))["m"] or 0

        served = [m for m in org.municipalities.all() if any(c.municipality_id == m.pk for c in coverage)]
        covered = [c.municipality for c in coverage]
        if org.org_type == OrganisationType.MUNICIPALITY and served:
            municipalities = served[:1]
        elif covered:
            municipalities = rng.sample(covered, min(len(covered), rng.randint(1, 3)))
        else:
            municipalities = []
        place = municipalities[0].name if municipalities else hub.name
        region = hub.follows_region.name if hub.follows_region_id else hub.name
        wijk = rng.choice(["Noord", "Oost", "Zuid", "West", "Centrum", "de oude wijken"])
        values = {"gemeente": place, "regio": region, "wijk": f"{place}-{wijk}" if "{wijk}" in topic.title else wijk}
        fields = {
            "title": fill(topic.title, **values)[:200],
            "summary": fill(topic.summary, **values),
            "background": fill(topic.background, **values),
            "agreements": list(topic.agreements),
            "themes": list(topic.themes),
            "municipalities": [m.pk for m in municipalities],
            "promised_rung": pick_rung(rng),
            "decision_body": decision_body_for(org),
        }
        if plan.on_behalf:
            question = question_services.question_enter_on_behalf(
                user=coordinator, hub=hub, organisation=org, contact_name=dm.full_name, contact_email=dm.email, **fields
            )
        else:
            question = question_services.question_submit(user=dm, organisation=org, **fields)
        moments.append(self._moment(dates["submit"]))
        # Dated now already: a trajectory cannot start before its question was submitted.
        PolicyQuestion.objects.filter(pk=question.pk).update(submitted_at=moments[0])
        question.submitted_at = moments[0]

        if "clarify" in dates:
            question_services.question_ask_clarification(
                user=coordinator, question=question, reason=rng.choice(texts.CLARIFICATION_QUESTIONS)
            )
            moments.append(self._moment(dates["clarify"]))
        if "resubmit" in dates:
            question_services.question_resubmit(
                user=dm, question=question, clarification=rng.choice(texts.CLARIFICATION_ANSWERS)
            )
            moments.append(self._moment(dates["resubmit"]))
        if target == S.DECLINED:
            question_services.question_decline(
                user=coordinator, question=question, reason=rng.choice(texts.DECLINE_REASONS)
            )
            moments.append(self._moment(dates["intake"]))
        elif "intake" in dates:
            question_services.question_accept(user=coordinator, question=question)
            moments.append(self._moment(dates["intake"]))

        decision_date = self.today + dt.timedelta(days=rng.randint(30, 200))
        answer_due = decision_date + dt.timedelta(days=rng.randint(28, 56))
        response_dates: list[tuple[int, dt.datetime]] = []
        trajectory_values: dict = {}
        if target in AFTER_ACCEPT:
            trajectory, activity_total = self._trajectory(plan, question, coordinator, bodies, dates, moments, place)
            trajectory_values["created_at"] = self._moment(dates["start"])
            if "deliver" in dates:
                delivered_at = self._moment(dates["deliver"])
                answer_due = dates["deliver"] + dt.timedelta(days=dates["due_gap"])
                decision_date = answer_due - dt.timedelta(days=rng.randint(0, 21))
                advice = self._advice(plan, trajectory, coordinator, activity_total)
                trajectory_services.advice_deliver(actor=coordinator, trajectory=trajectory)
                Advice.objects.filter(pk=advice.pk).update(delivered_at=delivered_at)
                moments.append(delivered_at)
                recommendations = list(advice.recommendations.order_by("number"))
                if target == S.ADVICE_DELIVERED:
                    to_answer = recommendations[: plan.answered_part]
                    answer_day = min(dates["deliver"] + dt.timedelta(days=rng.randint(10, 30)), self.today)
                else:
                    to_answer = recommendations
                    answer_day = dates["answer"]
                    decision_date = answer_day - dt.timedelta(days=rng.randint(0, 10))
                for rec in to_answer:
                    decision = rng.choices(
                        [Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED], weights=[5, 3, 2]
                    )[0]
                    reason = {
                        Decision.ADOPTED: rng.choice(texts.ADOPTED_NOTES),
                        Decision.PARTLY_ADOPTED: rng.choice(texts.PARTLY_REASONS),
                        Decision.NOT_ADOPTED: rng.choice(texts.NOT_REASONS),
                    }[decision]
                    response = trajectory_services.response_record(
                        user=dm,
                        recommendation=rec,
                        decision=decision,
                        reason=reason,
                        decided_on=min(decision_date, answer_day),
                        decision_document_url=(
                            f"https://besluiten.{slugify(org.name)[:40].strip('-')}.example/"
                            f"{answer_day.year}/{question.pk}"
                        ),
                    )
                    response_dates.append((response.pk, self._moment(answer_day)))
                if target != S.ADVICE_DELIVERED:
                    moments.append(self._moment(answer_day))
                    self.counts["answers"] += len(to_answer)
            if "feedback" in dates:
                feedback = trajectory_services.feedback_publish(
                    actor=coordinator,
                    trajectory=trajectory,
                    what_was_asked=f"{org.name} vroeg de hub: {question.title} {question.summary}",
                    what_participants_said=fill(topic.participants_said, **values)
                    + f" In totaal deden {activity_total} mensen mee.",
                    closing_words=rng.choice(texts.CLOSING_WORDS),
                )
                published_at = self._moment(dates["feedback"])
                Feedback.objects.filter(pk=feedback.pk).update(published_at=published_at)
                moments.append(published_at)
            if "close" in dates:
                question_services.question_close(user=coordinator, question=question)
                moments.append(self._moment(dates["close"]))
            Trajectory.objects.filter(pk=trajectory.pk).update(**trajectory_values)
            TrajectoryParticipant.objects.filter(trajectory=trajectory).update(
                added_at=self._moment(dates["activities"][-1] if dates["activities"] else dates["start"])
            )
        elif target == S.DECLINED:
            decision_date = dates["intake"] + dt.timedelta(days=rng.randint(30, 90))
            answer_due = None

        # The history in the order it was written gets the planned moments, strictly increasing.
        changes = list(question.status_changes.order_by("id"))
        assert len(changes) == len(moments), (target, len(changes), len(moments))
        written = [change.changed_at for change in changes]  # when the services wrote them (now)
        previous = None
        for change, moment in zip(changes, moments, strict=True):
            if previous is not None and moment <= previous:
                moment = previous + dt.timedelta(minutes=7)
            change.changed_at = moment
            previous = moment
            self._changes.append(change)
        # Each e-mail gets the moment of the step that queued it: the last change written before it.
        for pk, created in OutgoingEmail.objects.filter(pk__gt=first_email).values_list("pk", "created_at"):
            step = max((i for i, at in enumerate(written) if at <= created), default=0)
            self.email_moments[pk] = changes[step].changed_at + dt.timedelta(minutes=1)
        PolicyQuestion.objects.filter(pk=question.pk).update(
            submitted_at=moments[0],
            created_at=moments[0],
            updated_at=moments[-1],
            decision_date=decision_date,
            answer_due_date=answer_due,
        )
        self.counts[target] += 1
        self.counts["questions"] += 1
        return response_dates

    def _trajectory(self, plan, question, coordinator, bodies, dates, moments, place) -> tuple[Trajectory, int]:
        rng, fake = self.rng, self.fake
        kinds = rng.sample(list(ACTIVITY_PARTICIPANTS), len(dates["activities"]))
        forms = list(dict.fromkeys(ACTIVITY_FORMS.get(k, ParticipationForm.OTHER).value for k in kinds))
        chosen_bodies = rng.sample(bodies, min(len(bodies), rng.randint(1, 3))) if bodies else []
        delivered = plan.target != S.IN_PROGRESS or rng.random() < 0.3
        trajectory = trajectory_services.trajectory_start(
            actor=coordinator,
            question=question,
            forms=forms,
            bodies=chosen_bodies,
            description=rng.choice(texts.TRAJECTORY_DESCRIPTIONS),
            delivered_rung=delivered_rung_for(question.promised_rung, rng) if delivered else "",
            started_on=dates["start"],
        )
        moments.append(self._moment(dates["start"]))
        total = 0
        for kind, day in zip(kinds, dates["activities"], strict=True):
            low, high = ACTIVITY_PARTICIPANTS[kind]
            count = rng.randint(low, high)
            total += count
            online = kind == ActivityKind.SURVEY or rng.random() < 0.15
            title = rng.choice(texts.ACTIVITY_TITLES[kind]).format(
                plaats=place, onderwerp=plan.topic.themes[0], groep=rng.choice(texts.GROUPS)
            )
            trajectory_services.activity_add(
                actor=coordinator,
                trajectory=trajectory,
                kind=kind,
                title=title,
                held_on=day,
                online=online,
                place="" if online else f"{rng.choice(texts.VENUES)}, {place}",
                participant_count=count,
                bodies=[b for b in chosen_bodies if rng.random() < 0.7],
                notes="" if rng.random() < 0.5 else "Verslag gedeeld met de deelnemers.",
            )
            self.counts["activities"] += 1
        lines, seen = [], set()
        for _ in range(rng.randint(3, 10)):
            name = fake.name()
            local = slugify(name).replace("-", ".")
            email = f"{local}@{rng.choice(PARTICIPANT_DOMAINS)}"
            if email in seen:
                continue
            seen.add(email)
            lines.append(f"{name}, {email}")
        result = trajectory_services.participants_bulk_add(
            actor=coordinator, trajectory=trajectory, text="\n".join(lines)
        )
        self.counts["participants"] += result.added
        self.counts["trajectories"] += 1
        return trajectory, total

    def _advice(self, plan, trajectory, coordinator, activity_total) -> Advice:
        rng = self.rng
        k = rng.choices([2, 3, 4, 5, 6], weights=[2, 4, 4, 2, 1])[0]
        recommendations = rng.sample(list(plan.topic.recommendations), k)
        self.counts["recommendations"] += k
        return trajectory_services.advice_save(
            actor=coordinator,
            trajectory=trajectory,
            summary=(
                f"De deelnemers geven {plan.organisation.name} {k} aanbevelingen. De belangrijkste: "
                f"{recommendations[0][0].lower()}{recommendations[0][1:]}"
            ),
            recommendations=recommendations,
            what_participants_said=plan.topic.participants_said + f" Er deden {activity_total} mensen mee.",
        )


def demo_questions_build(hubs, **kwargs) -> Counter:
    """Questions in every state for the hubs that take questions (see ``QuestionBuilder``).

    The e-mails the services queued are sent through the e-mail task's own code (the caller chooses a
    backend that reaches nobody) and dated as the history is."""
    builder = QuestionBuilder(**kwargs)
    counts = builder.build(hubs)
    counts["emails"] = demo_emails_deliver(builder.email_moments)
    return counts


def demo_emails_deliver(moments: dict[int, dt.datetime]) -> int:
    """Send the queued e-mails ``moments`` names with the e-mail task's own code, then date them.

    The caller sets ``EMAIL_BACKEND`` to one that reaches nobody (the demo uses the in-memory one), so
    the outbox shows the messages as sent while no one receives them. Returns how many were sent."""
    from participatiehub.core.tasks import send_email

    if not moments:
        return 0
    queued = OutgoingEmail.objects.filter(pk__gte=min(moments), pk__lte=max(moments))
    for pk in queued.filter(status=OutgoingEmail.Status.PENDING).order_by("pk").values_list("pk", flat=True):
        if pk in moments:
            send_email.call(pk)
    emails = [e for e in queued.only("pk", "status") if e.pk in moments]
    for email in emails:
        email.created_at = moments[email.pk]
        sent = email.status == OutgoingEmail.Status.SENT
        email.sent_at = moments[email.pk] + dt.timedelta(minutes=2) if sent else None
    OutgoingEmail.objects.bulk_update(emails, ["created_at", "sent_at"], batch_size=500)
    return sum(e.status == OutgoingEmail.Status.SENT for e in emails)


def wipe_questions() -> int:
    """Delete every question with its trajectory, advice, answers and feedback (for ``--reset``)."""
    from participatiehub.trajectories.models import Activity, Document, Recommendation

    count = PolicyQuestion.objects.count()
    Response.objects.all().delete()
    Recommendation.objects.all().delete()
    Advice.objects.all().delete()
    Feedback.objects.all().delete()
    TrajectoryParticipant.objects.all().delete()
    Document.objects.all().delete()
    Activity.bodies.through.objects.all().delete()
    Activity.objects.all().delete()
    Trajectory.bodies.through.objects.all().delete()
    Trajectory.objects.all().delete()
    QuestionStatusChange.objects.all().delete()
    PolicyQuestion.municipalities.through.objects.all().delete()
    PolicyQuestion.objects.all().delete()
    return count
