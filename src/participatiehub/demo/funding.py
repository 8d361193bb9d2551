"""Demo funding: the three programme lines, the 2024 call "Coalitievorming Regionale Participatiehubs"
with applications in the states the first part of issue 14 builds (draft, submitted, returned), and an
open call in which the demo coordinator has a draft to finish and submit.

Everything goes through ``funding.services`` (the programme office acts as the demo's office user, the
hubs through their coordinators), so status history, frozen procedures and e-mails are what the product
writes. The services date everything "now" and only accept applications while a call is open; the 2024
call is therefore built open and afterwards moved to its real dates in 2024 (``QuerySet.update``), as
the question demo does with its history.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.accounts.selectors import clear_roles_cache
from participatiehub.core.models import OutgoingEmail
from participatiehub.funding import services
from participatiehub.funding.constants import ApplicationStatus, BudgetCategory, CallStatus, PartnerRole
from participatiehub.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatusChange,
    Call,
    ProgrammeLine,
)
from participatiehub.hubs.models import Hub

from .questions import demo_emails_deliver
from .users import HELPER_DOMAIN

AMS = ZoneInfo("Europe/Amsterdam")
A = ApplicationStatus

#: (code, name, budget, description)
LINES = (
    (
        "1",
        "Realiseren en monitoren",
        Decimal("26000000.00"),
        "Subsidierondes die de regionale participatiehubs opbouwen, en de monitoring van hun ontwikkeling.",
    ),
    (
        "2",
        "Leren en evalueren",
        Decimal("1500000.00"),
        "Hubs leren van elkaar; onderzoekers meten het effect op participatie en op besluiten.",
    ),
    (
        "3",
        "Advies duurzame financiering",
        Decimal("1000000.00"),
        "De resultaten bundelen tot een advies over de duurzame financiering van de hubs.",
    ),
)
LINE_PERIOD = (dt.date(2024, 1, 1), dt.date(2027, 12, 31))

CALL_2024_TITLE = "Coalitievorming Regionale Participatiehubs"
CALL_2024_TEXT = (
    "Met deze oproep helpen we regio's om een coalitie te vormen voor een regionale participatiehub.\n\n"
    "Wie kan aanvragen? Een coalitie van twee of meer partijen die in de regio geworteld zijn, bijvoorbeeld "
    "een welzijnsorganisatie, een cliëntenraad, een gemeente of een zorgaanbieder. Alleen Nederlandse "
    "rechtspersonen kunnen meedoen.\n\n"
    "Wat kunt u krijgen? Hoogstens € 50.000 voor hoogstens 6 maanden. U gebruikt het geld om de coalitie op "
    "te bouwen en om samen met de mensen om wie het gaat een plan voor de hub te maken.\n\n"
    "Rollen: de hoofdaanvrager, de projectleider-penvoerder en de bestuurlijk verantwoordelijke hebben elk een "
    "eigen rol. U kunt in 2024 indienen tot en met het laatste indienmoment."
)
CALL_2024_OPENS = dt.datetime(2024, 4, 2, 9, 0, tzinfo=AMS)
CALL_2024_DEADLINES = (
    ("Eerste indienmoment", dt.datetime(2024, 6, 11, 14, 0, tzinfo=AMS)),
    ("Tweede indienmoment", dt.datetime(2024, 7, 30, 14, 0, tzinfo=AMS)),
)
CALL_2024_CLOSES = dt.datetime(2024, 9, 24, 14, 0, tzinfo=AMS)
CRITERIA = (
    ("Regionale verankering", "Zijn de partners in de regio geworteld en vullen zij elkaar aan?", Decimal("2")),
    (
        "Betrokkenheid van de mensen om wie het gaat",
        "Doen inwoners, patiënten en cliënten mee vanaf het begin, en niet alleen de bekende gezichten?",
        Decimal("2"),
    ),
    ("Haalbaarheid", "Passen het plan, de planning en de begroting bij elkaar?", Decimal("1")),
)
REQUIRED = (
    ("Begroting, ondertekend", "De begroting met de handtekening van de bestuurlijk verantwoordelijke."),
    ("Intentieverklaringen", "Van elke partner een korte verklaring dat zij meedoen."),
)
OPEN_CALL_TITLE = "Versterken Regionale Participatiehubs"

#: The states of the 2024 call's applications (the showcase hub's comes first: submitted).
STATES_2024 = (A.SUBMITTED, A.RETURNED, A.DRAFT, A.SUBMITTED, A.SUBMITTED, A.DRAFT, A.RETURNED, A.SUBMITTED)

PLAN = (
    "We beginnen met drie bijeenkomsten in de regio, met inwoners, cliëntenraden en de partners. "
    "Daarna schrijven we samen het plan voor de hub: wie doet wat, hoe bereiken we mensen die niet vanzelf "
    "meedoen, en hoe laten we zien wat er met hun inbreng gebeurt. Ervaringsdeskundigen krijgen een "
    "vergoeding die hun uitkering niet in gevaar brengt."
)
RETURN_REASONS = (
    "De begroting is niet ondertekend door de bestuurlijk verantwoordelijke. Stuur de ondertekende begroting mee.",
    "De intentieverklaring van een van de partners ontbreekt.",
)

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class FundingDemo:
    lines: list[ProgrammeLine]
    call_2024: Call
    open_call: Call
    counts: dict[str, int] = field(default_factory=dict)


def _coordinator(hub: Hub, known: dict[int, User]) -> User:
    """An active coordinator of ``hub``: the demo's own, one the question demo made, or a new helper account."""
    if hub.pk in known:
        return known[hub.pk]
    user = (
        User.objects.filter(
            role_assignments__role=Role.HUB_COORDINATOR,
            role_assignments__hub=hub,
            role_assignments__revoked_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if user is None:
        code = hub.follows_region.code.lower() if hub.follows_region_id else str(hub.pk)
        user, _created = User.objects.get_or_create(
            email=f"hubcoordinator.{code}@{HELPER_DOMAIN}", defaults={"full_name": hub.contact_name or hub.name}
        )
        RoleAssignment.objects.create(user=user, role=Role.HUB_COORDINATOR, hub=hub)
    clear_roles_cache(user)
    known[hub.pk] = user
    return user


def _budget(rng: random.Random) -> list[tuple[str, str, Decimal]]:
    """Budget lines of at most € 50.000 in whole euros."""
    staff = Decimal(rng.randrange(18, 26) * 1000)
    allowances = Decimal(rng.randrange(30, 80) * 100)
    activities = Decimal(rng.randrange(6, 12) * 1000)
    materials = Decimal(rng.randrange(5, 20) * 100)
    other = Decimal(rng.randrange(10, 30) * 100)
    return [
        (BudgetCategory.STAFF, "Projectleider en kwartiermaker (0,4 fte)", staff),
        (BudgetCategory.ALLOWANCES, "Vergoedingen voor ervaringsdeskundigen en inwoners", allowances),
        (BudgetCategory.ACTIVITIES, "Drie regionale bijeenkomsten", activities),
        (BudgetCategory.MATERIALS, "Uitnodigingen en materiaal in eenvoudige taal", materials),
        (BudgetCategory.OTHER, "Tolken en vervoer", other),
    ]


def _fill(application: Application, *, coordinator: User, rng: random.Random, complete: bool, call: Call) -> None:
    """Partners from the hub's network with the three roles, the budget, the plan and the attachments."""
    organisations = list(application.hub.organisations.order_by("name")[:40])
    rng.shuffle(organisations)
    partners = organisations[: rng.randint(3, 4)] if complete else organisations[:1]
    roles = (
        [PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER],
        [PartnerRole.ADMINISTRATIVE],
    )
    for index, organisation in enumerate(partners):
        services.partner_add(
            actor=coordinator,
            application=application,
            organisation=organisation,
            roles=roles[index] if index < len(roles) else [PartnerRole.PARTNER],
            is_dutch_legal_entity=True,
        )
    for category, description, amount in _budget(rng)[: 5 if complete else 2]:
        services.budget_line_add(
            actor=coordinator, application=application, category=category, description=description, amount=amount
        )
    services.application_update(
        actor=coordinator,
        application=application,
        expected_version=application.version,
        title=application.title,
        summary=f"De coalitie van {application.hub.name} bouwt de regionale participatiehub op.",
        plan=PLAN if complete else "",
        months=6 if complete else None,
    )
    if complete:
        for required in call.required_attachments.all():
            services.attachment_upload(
                actor=coordinator,
                application=application,
                uploaded_file=ContentFile(DEMO_PDF, name=f"{required.name}.pdf"),
                required=required,
            )


def _call(*, office: User, line: ProgrammeLine, title: str, text: str, opens_at, closes_at) -> Call:
    call = services.call_create(
        actor=office,
        line=line,
        title=title,
        text=text,
        max_amount=Decimal("50000.00"),
        max_months=6,
        opens_at=opens_at,
        closes_at=closes_at,
        min_partners=2,
        dutch_legal_entity_required=True,
        roles_in_one_organisation=[],
        repair_days=10,
    )
    for name, description, weight in CRITERIA:
        services.criterion_add(actor=office, call=call, name=name, description=description, weight=weight)
    for name, description in REQUIRED:
        services.required_attachment_add(actor=office, call=call, name=name, description=description)
    services.call_open(actor=office, call=call)
    return call


def demo_funding_build(
    *, hubs: list[Hub], office: User, coordinator: User | None = None, showcase_hub: Hub | None = None, seed: int = 2026
) -> FundingDemo:
    """Build the lines, the 2024 call with its applications and an open call. ``hubs`` in a stable order."""
    rng = random.Random(seed)
    lines = [
        services.programme_line_create(
            actor=office,
            code=code,
            name=name,
            budget=budget,
            starts_on=LINE_PERIOD[0],
            ends_on=LINE_PERIOD[1],
            description=description,
        )
        for code, name, budget, description in LINES
    ]
    now = timezone.now()
    call_2024 = _call(
        office=office,
        line=lines[0],
        title=CALL_2024_TITLE,
        text=CALL_2024_TEXT,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
    )
    for label, at in CALL_2024_DEADLINES:
        services.deadline_add(actor=office, call=call_2024, label=label, at=at)

    known = {showcase_hub.pk: coordinator} if coordinator is not None and showcase_hub is not None else {}
    ordered = ([showcase_hub] if showcase_hub is not None else []) + [h for h in hubs if h != showcase_hub]
    applicants = [h for h in ordered if h.organisations.exists()][: len(STATES_2024)]
    applications: list[tuple[Application, str, tuple[int, int, int]]] = []
    for hub, state in zip(applicants, STATES_2024, strict=False):
        before = _last_email()
        lead = _coordinator(hub, known)
        application = services.application_start(
            actor=lead, call=call_2024, hub=hub, title=f"Coalitie {hub.name.removeprefix('Participatiehub ')}"
        )
        _fill(application, coordinator=lead, rng=rng, complete=state != A.DRAFT, call=call_2024)
        if state != A.DRAFT:
            services.application_submit(actor=lead, application=application)
        submitted = _last_email()
        if state == A.RETURNED:
            services.application_return(
                actor=office, application=application, reason=RETURN_REASONS[len(applications) % len(RETURN_REASONS)]
            )
        applications.append((application, state, (before, submitted, _last_email())))

    emails = _move_2024_to_its_dates(call_2024, applications, rng)

    open_call = _call(
        office=office,
        line=lines[0],
        title=OPEN_CALL_TITLE,
        text=(
            "Met deze oproep versterken bestaande hubs hun coalitie: meer partners, en meer mensen om wie het "
            "gaat die meedoen. Dezelfde regels als in 2024."
        ),
        opens_at=now - dt.timedelta(days=14),
        closes_at=(now + dt.timedelta(days=60)).astimezone(AMS).replace(hour=14, minute=0, second=0, microsecond=0),
    )
    if showcase_hub is not None and coordinator is not None:
        draft = services.application_start(
            actor=coordinator, call=open_call, hub=showcase_hub, title="Onze coalitie wordt breder"
        )
        _fill(draft, coordinator=coordinator, rng=rng, complete=False, call=open_call)

    counts = {state: sum(1 for _a, s, _e in applications if s == state) for state in (A.DRAFT, A.SUBMITTED, A.RETURNED)}
    counts["emails"] = demo_emails_deliver(emails)
    counts["grants"] = sum(demo_grants_build(hubs=ordered, office=office, call=call_2024, seed=seed).values())
    return FundingDemo(lines=lines, call_2024=call_2024, open_call=open_call, counts=counts)


def _last_email() -> int:
    return OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _move_2024_to_its_dates(call: Call, applications, rng: random.Random) -> dict[int, dt.datetime]:
    """Put the 2024 call and its applications on their real timeline; returns the moment of each e-mail."""
    Call.objects.filter(pk=call.pk).update(
        opens_at=CALL_2024_OPENS, closes_at=CALL_2024_CLOSES, status=CallStatus.CLOSED
    )
    call.refresh_from_db()
    windows = [CALL_2024_OPENS, *(at for _label, at in CALL_2024_DEADLINES), CALL_2024_CLOSES]
    moments: dict[int, dt.datetime] = {}
    for index, (application, state, (before, submitted_email, after)) in enumerate(applications):
        start, end = windows[index % 3], windows[index % 3 + 1]
        created = start + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 5))
        submitted = end - dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20), minutes=rng.randint(0, 59))
        update = {"created_at": created, "updated_at": submitted if state != A.DRAFT else created}
        if state != A.DRAFT:
            update["submitted_at"] = submitted
        changes = list(ApplicationStatusChange.objects.filter(application=application).order_by("pk"))
        stamps = [submitted, submitted + dt.timedelta(days=rng.randint(5, 12), hours=2)]
        for change, stamp in zip(changes, stamps, strict=False):
            change.changed_at = stamp
        ApplicationStatusChange.objects.bulk_update(changes, ["changed_at"])
        if state == A.RETURNED:
            update["repair_due"] = stamps[1] + dt.timedelta(days=call.repair_days)
            update["updated_at"] = stamps[1]
        Application.objects.filter(pk=application.pk).update(**update)
        ApplicationAttachment.objects.filter(application=application).update(uploaded_at=created + dt.timedelta(days=3))
        # The e-mails this application's history queued, dated with the step that queued them.
        for pk in range(before + 1, after + 1):
            moments[pk] = (stamps[0] if pk <= submitted_email else stamps[1]) + dt.timedelta(minutes=1)
    return moments


def wipe_funding() -> int:
    """Delete every application, call and programme line (for ``--reset``): applications protect hubs."""
    from participatiehub.funding.models import AdvancePayment, Grant

    count = Application.objects.count()
    AdvancePayment.objects.all().delete()  # they protect the progress reports they wait for
    Grant.objects.all().delete()
    for attachment in ApplicationAttachment.objects.all():
        attachment.file.delete(save=False)
    Application.objects.all().delete()
    Call.objects.all().delete()
    ProgrammeLine.objects.all().delete()
    return count


#: The demo's grants: one in each stage of a grant's life, walked there by the grant services.
GRANT_STAGES = (
    "awarded",
    "started",
    "report_submitted",
    "report_approved",
    "settlement_requested",
    "settled",
    "closed",
)


def demo_grants_build(*, hubs: list[Hub], office: User, call: Call, seed: int = 2026) -> dict[str, int]:
    """Grants in every state on ``call``: for hubs that did not apply to it yet, an awarded application
    (partners, budget, decision) whose grant ``services_grants`` makes (award letter, schedule, e-mail)
    and walks on: started with the first advance paid, a progress report sent, approved with the second
    advance paid and an extension asked for, a request for settlement, settled lower with a reclaim, and
    closed after the reclaim came in. Returns the number of grants per stage."""
    from participatiehub.funding import services_grants as grants
    from participatiehub.funding.constants import ChangeRequestKind, DecisionOutcome, StepKind
    from participatiehub.funding.models import ApplicationPartner, BudgetLine, Decision
    from participatiehub.trajectories.models import Activity

    rng = random.Random(seed + 14)
    taken = set(Application.objects.filter(call=call).values_list("hub_id", flat=True))
    candidates = [h for h in hubs if h.pk not in taken and h.organisations.count() >= 2][: len(GRANT_STAGES)]
    counts: dict[str, int] = {}
    known: dict[int, User] = {}
    for hub, stage in zip(candidates, GRANT_STAGES, strict=False):
        lead = _coordinator(hub, known)
        budget = _budget(rng)
        requested = sum((amount for _c, _d, amount in budget), Decimal("0.00"))
        application = Application.objects.create(
            call=call,
            hub=hub,
            lead_applicant=lead,
            title=f"Coalitie {hub.name.removeprefix('Participatiehub ')}",
            summary="Een coalitie van zorg, welzijn en gemeente, met inwoners en ervaringsdeskundigen.",
            plan=PLAN,
            months=6,
            status=A.AWARDED,
            procedure=[StepKind.COMPLETENESS, StepKind.REFEREES, StepKind.COMMITTEE, StepKind.DECISION],
            submitted_at=call.closes_at - dt.timedelta(days=3),
        )
        first, second = hub.organisations.order_by("name")[:2]
        ApplicationPartner.objects.create(
            application=application,
            organisation=first,
            roles=[PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER, PartnerRole.ADMINISTRATIVE],
            is_dutch_legal_entity=True,
        )
        ApplicationPartner.objects.create(
            application=application, organisation=second, roles=[PartnerRole.PARTNER], is_dutch_legal_entity=True
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, category=c, description=d, amount=a, order=i)
            for i, (c, d, a) in enumerate(budget)
        )
        awarded = requested if rng.random() < 0.5 else (requested * Decimal("0.9")).quantize(Decimal("1"))
        decision = Decision.objects.create(
            application=application,
            outcome=DecisionOutcome.AWARD,
            amount=awarded,
            conditions="Betrek ten minste twee ervaringsdeskundigen bij elke regionale bijeenkomst.",
            decided_by=office,
            decided_at=timezone.now(),
        )
        grant = grants.grant_create_from_decision(decision, office)
        step = GRANT_STAGES.index(stage)
        if step >= 1:
            grants.advance_pay(actor=office, advance=grant.advances.order_by("planned_on", "pk").first())
            grants.grant_start(actor=lead, grant=grant)
            activity = Activity.objects.filter(trajectory__hub=hub).order_by("-held_on").first()
            if activity is not None:
                grants.grant_activity_link(actor=lead, grant=grant, activity=activity, note="Zaalhuur en vergoedingen")
        report = grant.progress_reports.order_by("due_on").first()
        if step >= 2:
            grants.progress_report_submit(
                actor=lead, report=report, text="Twee regionale bijeenkomsten gehouden met 38 inwoners."
            )
        if step >= 3:
            grants.progress_report_approve(actor=office, report=report, note="Helder verslag, dank u.")
            grants.advance_pay(actor=office, advance=grant.advances.filter(status="planned").order_by("pk").first())
        if step == 3:
            grants.change_request_submit(
                actor=lead,
                grant=grant,
                kind=ChangeRequestKind.EXTENSION,
                text="De laatste bijeenkomst valt in de zomer; wij willen twee maanden langer.",
                new_end=grants.add_months(grant.ends_on, 2),
            )
        if step >= 4:
            grants.final_report_submit(
                actor=lead,
                grant=grant,
                text="De coalitie staat. Drie bijeenkomsten, 61 deelnemers, een gezamenlijke agenda.",
                requested_amount=grant.awarded_amount - Decimal("1500.00"),
            )
        if step >= 5:
            grant.refresh_from_db()
            grants.settle(
                actor=office,
                grant=grant,
                amount=grant.awarded_amount - Decimal("1500.00"),
                reason="Eén bijeenkomst was online; de zaalhuur viel weg.",
            )
        if step >= 6:
            grants.reclaim_received(actor=office, reclaim=grant.reclaims.get())
            grants.grant_close(actor=office, grant=grant)
        counts[stage] = counts.get(stage, 0) + 1
    return counts
