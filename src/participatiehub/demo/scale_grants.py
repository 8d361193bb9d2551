"""Grants at national scale for the benchmark (``generate_scale_data --grants N``): the budget dashboard
and the office's grant list with some hundreds of grants spread over the hubs.

Written with ``bulk_create`` (the services render an award letter per grant), consistent with what
``funding.services_grants`` writes: every grant has its awarded application (submitted, a budget, a
decision), the 80/20 advance schedule with a progress report, its status history, and from "settled" a
settlement (a reclaim where less was settled than paid). Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from participatiehub.accounts.models import User
from participatiehub.funding.constants import (
    AdvanceStatus,
    ApplicationStatus,
    BudgetCategory,
    CallStatus,
    DecisionOutcome,
    GrantStatus,
    ProgressReportStatus,
    ReclaimStatus,
)
from participatiehub.funding.models import (
    AdvancePayment,
    Application,
    ApplicationStatusChange,
    BudgetLine,
    Call,
    Decision,
    Grant,
    GrantStatusChange,
    ProgrammeLine,
    ProgressReport,
    Reclaim,
    Settlement,
)
from participatiehub.funding.services_grants import add_months, advance_amounts
from participatiehub.network.models import Organisation

from .builder import distribute

G = GrantStatus
#: How the grants are spread over the states (weights).
STATE_WEIGHTS = {G.AWARDED: 15, G.STARTED: 40, G.SETTLEMENT_REQUESTED: 10, G.SETTLED: 20, G.CLOSED: 15}
ORDER = [G.AWARDED, G.STARTED, G.SETTLEMENT_REQUESTED, G.SETTLED, G.CLOSED]
LINES = (
    ("1", "Realiseren en monitoren", Decimal("26000000.00")),
    ("2", "Leren en evalueren", Decimal("1500000.00")),
)
APPLICANT_EMAIL = "schaal-aanvrager@bench.example"
BATCH = 2000


class ScaleGrants:
    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed + 14)

    def _lines_and_calls(self) -> list[Call]:
        calls = []
        for code, name, budget in LINES:
            line, _created = ProgrammeLine.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "budget": budget,
                    "starts_on": dt.date(2024, 1, 1),
                    "ends_on": dt.date(2027, 12, 31),
                },
            )
            call, _created = Call.objects.get_or_create(
                slug=f"schaal-oproep-{code}",
                defaults={
                    "line": line,
                    "title": f"Oproep {name} (schaal)",
                    "max_amount": Decimal("50000.00"),
                    "max_months": 12,
                    "opens_at": timezone.make_aware(dt.datetime(2024, 5, 1, 9)),
                    "closes_at": timezone.make_aware(dt.datetime(2024, 9, 24, 14)),
                    "status": CallStatus.CLOSED,
                },
            )
            calls.append(call)
        return calls

    @transaction.atomic
    def create(self, total: int, hubs) -> dict[str, int]:
        """``total`` grants over ``hubs`` (weighted by their number of organisations, at least one each)."""
        if total <= 0 or not hubs:
            return {"grants": 0}
        rng = self.rng
        calls = self._lines_and_calls()
        applicant, _created = User.objects.get_or_create(
            email=APPLICANT_EMAIL, defaults={"full_name": "Schaal Aanvrager"}
        )
        sizes = dict(Organisation.objects.order_by().values("hub").annotate(n=Count("pk")).values_list("hub", "n"))
        per_hub = distribute(total, [1 + sizes.get(h.pk, 0) for h in hubs])
        states = [s for s, w in STATE_WEIGHTS.items() for _ in range(w)]
        now = timezone.now()
        plans = []
        for hub, n in zip(hubs, per_hub, strict=True):
            for _ in range(n):
                call = calls[0] if rng.random() < 0.85 else calls[1]
                requested = Decimal(rng.randrange(200, 500) * 100)
                awarded = requested if rng.random() < 0.6 else (requested * Decimal("0.9")).quantize(Decimal("1"))
                awarded_at = now - dt.timedelta(days=rng.randrange(30, 700))
                plans.append((hub, call, requested, awarded, awarded_at, rng.choice(states)))

        applications = Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    hub=hub,
                    lead_applicant=applicant,
                    title=f"Coalitie {hub.name.removeprefix('Participatiehub ')} {i + 1}",
                    summary="Een coalitie van zorg, welzijn en gemeente.",
                    plan="Bijeenkomsten met inwoners en een gezamenlijke agenda.",
                    months=12,
                    status=ApplicationStatus.AWARDED,
                    procedure=["completeness", "referees", "committee", "decision"],
                    submitted_at=awarded_at - dt.timedelta(days=60),
                )
                for i, (hub, call, _r, _a, awarded_at, _s) in enumerate(plans)
            ],
            batch_size=BATCH,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(application=a, category=BudgetCategory.STAFF, description="Projectleider", amount=p[2])
                for a, p in zip(applications, plans, strict=True)
            ],
            batch_size=BATCH,
        )
        ApplicationStatusChange.objects.bulk_create(
            [
                ApplicationStatusChange(
                    application=a, from_status=frm, to_status=to, changed_at=p[4] - dt.timedelta(days=days)
                )
                for a, p in zip(applications, plans, strict=True)
                for frm, to, days in (("draft", "submitted", 60), ("decision", "awarded", 0))
            ],
            batch_size=BATCH,
        )
        Decision.objects.bulk_create(
            [
                Decision(application=a, outcome=DecisionOutcome.AWARD, amount=p[3], decided_at=p[4])
                for a, p in zip(applications, plans, strict=True)
            ],
            batch_size=BATCH,
        )
        grants = Grant.objects.bulk_create(
            [
                Grant(
                    application=a,
                    hub=hub,
                    line=call.line,
                    number=f"{call.line.code}-{timezone.localdate(awarded_at).year}-S{a.pk:06d}",
                    awarded_amount=awarded,
                    awarded_at=awarded_at,
                    start_deadline=timezone.localdate(awarded_at) + dt.timedelta(weeks=8),
                    starts_on=add_months(timezone.localdate(awarded_at).replace(day=1), 1),
                    ends_on=add_months(timezone.localdate(awarded_at).replace(day=1), 13) - dt.timedelta(days=1),
                    started_at=None if state == G.AWARDED else awarded_at + dt.timedelta(days=30),
                    status=state,
                )
                for a, (hub, call, _r, awarded, awarded_at, state) in zip(applications, plans, strict=True)
            ],
            batch_size=BATCH,
        )
        history = []
        for grant in grants:
            path = ORDER[: ORDER.index(grant.status) + 1]
            for i, to in enumerate(path):
                history.append(
                    GrantStatusChange(
                        grant=grant,
                        from_status=path[i - 1] if i else "",
                        to_status=to,
                        changed_at=grant.awarded_at + dt.timedelta(days=60 * i),
                        reason="",
                    )
                )
        GrantStatusChange.objects.bulk_create(history, batch_size=BATCH)
        reports = ProgressReport.objects.bulk_create(
            [
                ProgressReport(
                    grant=g,
                    due_on=add_months(g.starts_on, 6),
                    status=ProgressReportStatus.DUE
                    if g.status in (G.AWARDED, G.STARTED) and i % 2
                    else ProgressReportStatus.APPROVED,
                    text="" if g.status in (G.AWARDED, G.STARTED) and i % 2 else "Voortgang volgens plan.",
                )
                for i, g in enumerate(grants)
            ],
            batch_size=BATCH,
        )
        advances, settlements, reclaims = [], [], []
        for grant, report in zip(grants, reports, strict=True):
            first, second = advance_amounts(grant.awarded_amount)
            first_paid = grant.status != G.AWARDED or rng.random() < 0.5
            second_paid = report.status == ProgressReportStatus.APPROVED and grant.status != G.AWARDED
            paid = (first if first_paid else 0) + (second if second_paid else 0)
            for amount, is_paid, wait in ((first, first_paid, None), (second, second_paid, report)):
                advances.append(
                    AdvancePayment(
                        grant=grant,
                        planned_on=grant.starts_on if wait is None else report.due_on + dt.timedelta(days=14),
                        amount=amount,
                        requires_progress_report=wait,
                        status=AdvanceStatus.PAID if is_paid else AdvanceStatus.PLANNED,
                        paid_at=grant.awarded_at + dt.timedelta(days=20 if wait is None else 220) if is_paid else None,
                    )
                )
            if grant.status in (G.SETTLED, G.CLOSED):
                settled = grant.awarded_amount - Decimal(rng.choice([0, 0, 500, 1500, 2500]))
                settled = min(settled, paid) if paid else settled
                settlements.append(
                    Settlement(grant=grant, amount=settled, decided_at=grant.awarded_at + dt.timedelta(days=400))
                )
                if paid > settled:
                    reclaims.append(
                        Reclaim(
                            grant=grant,
                            amount=paid - settled,
                            reason="Minder besteed dan bevoorschot.",
                            status=ReclaimStatus.RECEIVED if grant.status == G.CLOSED else ReclaimStatus.OPEN,
                            created_at=grant.awarded_at + dt.timedelta(days=400),
                        )
                    )
        AdvancePayment.objects.bulk_create(advances, batch_size=BATCH)
        Settlement.objects.bulk_create(settlements, batch_size=BATCH)
        Reclaim.objects.bulk_create(reclaims, batch_size=BATCH)
        return {
            "grants": len(grants),
            "payments": sum(a.status == AdvanceStatus.PAID for a in advances),
            "reclaims": len(reclaims),
        }
