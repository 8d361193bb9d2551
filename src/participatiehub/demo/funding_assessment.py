"""Demo assessment: applications of the 2024 coalition call in every step of the assessment — with the
referees (one referee declared a conflict of interest, one report still out), waiting for the
applicant's rebuttal, rebutted, ranked by the committee, awarded (a lower amount, with conditions; the
grant services make the grant) and rejected.

Runs after ``demo_funding_build`` (its submitted applications are used, the showcase hub's stays with
the completeness check) and walks every application through ``funding.services_assessment``, so the
history rows, the anonymised reports, the weighted scores and the e-mails are what the product makes;
the steps are then dated on the call's own timeline in 2024 (``TIMELINE``), as the funding demo does
with the submissions, and the decisions and the grant are made at their 2024 date.
Referees and committee members are helper accounts (``HELPER_DOMAIN``) with their roles and the demo
password, e.g. referent.bakker@team.demo.example and commissie.jansen@team.demo.example.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.accounts.selectors import clear_roles_cache
from participatiehub.funding import services
from participatiehub.funding import services_assessment as assess
from participatiehub.funding.constants import ApplicationStatus, AssignmentRole, CallStatus, RankingAdvice
from participatiehub.funding.models import (
    Application,
    ApplicationStatusChange,
    Call,
    CommitteeRanking,
    Rebuttal,
    RefereeAssignment,
)
from participatiehub.hubs.models import Hub

from .funding import _coordinator, _fill, _last_email
from .questions import demo_emails_deliver
from .users import DEMO_PASSWORD, HELPER_DOMAIN

A = ApplicationStatus

#: The steps the demo's applications end in, in this order.
STAGES = ("referees", "rebuttal", "rebutted", "ranked", "awarded", "rejected")

#: (e-mail name, full name, role)
ASSESSORS = (
    ("referent.bakker", "Dr. Marieke Bakker", Role.REFEREE),
    ("referent.elhaddad", "Youssef El Haddad (ervaringsdeskundige)", Role.REFEREE),
    ("referent.dewit", "Prof. Anton de Wit", Role.REFEREE),
    ("commissie.jansen", "Els Jansen", Role.COMMITTEE_MEMBER),
    ("commissie.ozturk", "Kemal Öztürk", Role.COMMITTEE_MEMBER),
)

MOTIVATIONS = {
    "high": "De partners zijn stevig geworteld in de regio en vullen elkaar goed aan. Ervaringsdeskundigen "
    "doen vanaf het begin mee.",
    "middle": "Het plan is helder, maar het is niet duidelijk hoe inwoners bereikt worden die niet vanzelf meedoen.",
    "low": "De coalitie bestaat vooral uit zorgaanbieders; welzijn en inwoners ontbreken nog.",
}
COMMENTS = (
    "Een sympathieke aanvraag. Let op de planning: zes maanden is kort voor drie bijeenkomsten.",
    "Goed dat de vergoedingen voor ervaringsdeskundigen apart begroot zijn.",
    "Ik mis een concreet plan voor wat er na de subsidieperiode gebeurt.",
)
REBUTTAL = (
    "Dank voor de zorgvuldige beoordelingen. Referent B mist hoe wij inwoners bereiken: dat staat in de "
    "bijlage met intentieverklaringen (de wijkteams en de bibliotheek nodigen mensen persoonlijk uit). "
    "De planning hebben we ingekort tot twee bijeenkomsten en één online sessie."
)
CONFLICT_NOTE = "Ik ben bestuurslid van een van de partnerorganisaties."

#: The committee's ranking: (stage, rank, advice).
_RANKS = (
    ("awarded", 1, RankingAdvice.AWARD),
    ("ranked", 2, RankingAdvice.RESERVE),
    ("rejected", 3, RankingAdvice.REJECT),
)


def _assessors() -> dict[str, list[User]]:
    people: dict[str, list[User]] = {Role.REFEREE: [], Role.COMMITTEE_MEMBER: []}
    for name, full_name, role in ASSESSORS:
        email = f"{name}@{HELPER_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name
        )
        if not RoleAssignment.objects.filter(user=user, role=role, revoked_at__isnull=True).exists():
            RoleAssignment.objects.create(user=user, role=role)
        clear_roles_cache(user)
        people[role].append(user)
    return people


def _more_applications(call: Call, hubs: list[Hub], n: int, rng: random.Random) -> list[Application]:
    """``n`` complete applications submitted to the (closed) 2024 call: the call opens for a moment, as
    ``demo_funding_build`` builds it, and gets its dates back; the submissions are dated before closing."""
    taken = set(Application.objects.filter(call=call).values_list("hub_id", flat=True))
    candidates = [h for h in hubs if h.pk not in taken and h.organisations.count() >= 4][:n]
    original = Call.objects.filter(pk=call.pk).values("status", "opens_at", "closes_at").get()
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.OPEN, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1)
    )
    call.refresh_from_db()
    made, known = [], {}
    for hub in candidates:
        lead = _coordinator(hub, known)
        application = services.application_start(
            actor=lead, call=call, hub=hub, title=f"Samen aan zet in {hub.name.removeprefix('Participatiehub ')}"
        )
        _fill(application, coordinator=lead, rng=rng, complete=True, call=call)
        services.application_submit(actor=lead, application=application)
        made.append(application)
    Call.objects.filter(pk=call.pk).update(**original)
    call.refresh_from_db()
    for application in made:
        submitted = call.closes_at - dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(1, 9))
        Application.objects.filter(pk=application.pk).update(
            submitted_at=submitted, created_at=submitted - dt.timedelta(days=rng.randint(10, 30))
        )
        ApplicationStatusChange.objects.filter(application=application, to_status=A.SUBMITTED).update(
            changed_at=submitted
        )
    return made


def _score(assignment, rng: random.Random, level: str) -> None:
    low, high = {"high": (7, 9), "middle": (5, 7), "low": (2, 5)}[level]
    scores = {
        criterion.pk: (rng.randint(max(low, criterion.scale_min), min(high, criterion.scale_max)), MOTIVATIONS[level])
        for criterion in assignment.application.call.criteria.all()
    }
    assess.report_save(
        actor=assignment.user, assignment=assignment, scores=scores, comments=rng.choice(COMMENTS), submit=True
    )


def _referees(application: Application, stage: str, people, office: User, rng: random.Random) -> None:
    """Three referees: the last declares a conflict of interest on every other application; in the first
    stage one report is still out."""
    level = {"awarded": "high", "ranked": "high", "rejected": "low"}.get(stage, "middle")
    for index, person in enumerate(people[Role.REFEREE]):
        assignment = assess.assignment_add(
            actor=office, application=application, user=person, role=AssignmentRole.REFEREE
        )
        conflict = index == 2 and application.pk % 2 == 0
        assess.conflict_declare(actor=person, assignment=assignment, conflict=conflict, note=CONFLICT_NOTE)
        if conflict or (stage == "referees" and index == 1):
            continue
        _score(assignment, rng, level if index == 0 else "middle")


#: When each step of the assessment happened, counted from the call's closing time (its own dates, 2024).
TIMELINE = {
    A.IN_ASSESSMENT: dt.timedelta(days=8),  # accepted as complete; assessors assigned and declared
    "reports": dt.timedelta(weeks=4),
    A.REBUTTAL: dt.timedelta(weeks=5),
    A.COMMITTEE: dt.timedelta(weeks=7),  # the rebuttal came in
    "ranked": dt.timedelta(weeks=9),
    A.DECISION: dt.timedelta(weeks=10),
    "decided": dt.timedelta(weeks=11),
}


def _date_the_steps(call: Call, applications: list[Application]) -> None:
    """Put the walked steps on the call's own timeline (the services date them "now"); the decision and
    its grant are dated when they are made (``decision_record(at=…)``)."""
    at = {step: call.closes_at + offset for step, offset in TIMELINE.items()}
    changes = ApplicationStatusChange.objects.filter(application__in=applications)
    for status in (A.IN_ASSESSMENT, A.REBUTTAL, A.COMMITTEE, A.DECISION):
        changes.filter(to_status=status).update(changed_at=at[status])
    assignments = RefereeAssignment.objects.filter(application__in=applications)
    assignments.update(invited_at=at[A.IN_ASSESSMENT])
    assignments.filter(declared_at__isnull=False).update(declared_at=at[A.IN_ASSESSMENT] + dt.timedelta(hours=3))
    assignments.filter(report_submitted_at__isnull=False).update(report_submitted_at=at["reports"])
    Rebuttal.objects.filter(application__in=applications, submitted_at__isnull=False).update(
        submitted_at=at[A.COMMITTEE]
    )
    CommitteeRanking.objects.filter(application__in=applications).update(ranked_at=at["ranked"])
    for application in applications:
        last = changes.filter(application=application).order_by("-changed_at").values_list("changed_at", flat=True)
        Application.objects.filter(pk=application.pk).update(updated_at=last.first())


def demo_assessment_build(*, call: Call, hubs: list[Hub], office: User, seed: int = 2026) -> dict[str, int]:
    """Walk applications of ``call`` (closed) through the assessment, one per stage of ``STAGES``, dated
    on the call's own timeline after it closed (``TIMELINE``). Returns the number per stage and the
    number of e-mails sent."""
    rng = random.Random(seed + 2)
    at = {step: call.closes_at + offset for step, offset in TIMELINE.items()}
    moments: dict[int, dt.datetime] = {}
    mark = _last_email()

    def emails_dated(moment: dt.datetime) -> None:
        """The e-mails queued since the last call were sent at ``moment``."""
        nonlocal mark
        last = _last_email()
        moments.update(dict.fromkeys(range(mark + 1, last + 1), moment + dt.timedelta(minutes=1)))
        mark = last

    people = _assessors()
    # The first submitted application (the showcase hub's) stays with the completeness check.
    submitted = list(Application.objects.filter(call=call, status=A.SUBMITTED).order_by("pk"))[1:]
    if len(submitted) < len(STAGES):
        submitted += _more_applications(call, hubs, len(STAGES) - len(submitted), rng)
    emails_dated(call.closes_at)  # the submissions of the applications added above
    walked: dict[str, Application] = {}
    for application, stage in zip(submitted, STAGES, strict=False):
        services.application_accept(actor=office, application=application)
        for member in people[Role.COMMITTEE_MEMBER]:
            assignment = assess.assignment_add(
                actor=office, application=application, user=member, role=AssignmentRole.COMMITTEE
            )
            assess.conflict_declare(actor=member, assignment=assignment, conflict=False)
        _referees(application, stage, people, office, rng)
        emails_dated(at[A.IN_ASSESSMENT])
        if stage != "referees":
            assess.referees_close(actor=office, application=application)
            emails_dated(at[A.REBUTTAL])
        if stage not in ("referees", "rebuttal"):
            application.refresh_from_db()
            assess.rebuttal_submit(actor=application.lead_applicant, application=application, text=REBUTTAL)
            emails_dated(at[A.COMMITTEE])
        walked[stage] = application
    ranked = [(walked.get(s), rank, advice) for s, rank, advice in _RANKS]
    rows = [{"application": a, "rank": rank, "advice": advice} for a, rank, advice in ranked if a is not None]
    if rows:
        chair = people[Role.COMMITTEE_MEMBER][0]
        assess.ranking_save(actor=chair, call=call, rows=rows)
        emails_dated(at["ranked"])
    if "awarded" in walked:
        application = walked["awarded"]
        assess.committee_close(actor=office, application=application)
        emails_dated(at[A.DECISION])
        requested = services.budget_total(application)
        assess.decision_record(
            actor=office,
            application=application,
            outcome="award",
            amount=(requested * Decimal("0.9")).quantize(Decimal("1")),
            conditions="Betrek ten minste twee ervaringsdeskundigen bij elke regionale bijeenkomst.",
            reason="Het onderdeel materialen is hoger begroot dan nodig; de commissie adviseert 90 %.",
            at=at["decided"],
        )
        emails_dated(at["decided"])
    if "rejected" in walked:
        application = walked["rejected"]
        assess.committee_close(actor=office, application=application)
        emails_dated(at[A.DECISION])
        assess.decision_record(
            actor=office,
            application=application,
            outcome="reject",
            reason=(
                "De commissie rangschikt de aanvraag als laatste: de coalitie mist nog partners uit welzijn en "
                "inwoners zelf. U kunt in een volgende ronde opnieuw aanvragen."
            ),
            at=at["decided"],
        )
        emails_dated(at["decided"])
    _date_the_steps(call, list(walked.values()))
    counts = {stage: int(stage in walked) for stage in STAGES}
    counts["emails"] = demo_emails_deliver(moments)
    return counts
