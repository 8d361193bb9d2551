"""The hand-built records the indicator table tests compute by hand (quarter 2025-Q1).

2025-Q1 runs from 1 January 00:00 to 1 April 00:00 Dutch time: 31 December 2024 23:00 UTC (winter time)
up to 31 March 2025 22:00 UTC (summer time since 30 March). Records at 23:59 on 31 March Dutch time
(21:59 UTC) count in Q1; records at 00:00 on 1 April (22:00 UTC on 31 March) do not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from participatiehub.hubs.constants import HubStatus, ParticipationForm
from participatiehub.monitoring.periods import Quarter
from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.trajectories.constants import Decision
from tests.core.conftest import regions  # noqa: F401  (the demo test)
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory

from . import factories as f

Q1 = Quarter(2025, 1)


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@dataclass
class Scenario:
    busy: object  # hub A: every kind of record, around the quarter's edges
    empty: object  # hub B: exists, but has nothing in the quarter


@pytest.fixture
def scenario(db) -> Scenario:
    busy = HubFactory(slug="busy", name="Hub Druk", feedback_window_weeks=8)
    empty = HubFactory(slug="empty", name="Hub Leeg")
    f.history(busy, (HubStatus.PREPARING, f.at(2024, 1, 2)), (HubStatus.OPERATIONAL, f.at(2024, 6, 1)))
    f.history(empty, (HubStatus.PREPARING, f.at(2024, 1, 2)))

    # Coverage on 31 March 2025: from 2024 (in), from 31 March (in), from 1 April (out),
    # until 30 March (out), until 31 March (in) → 3.
    for valid_from, valid_until in [
        ((2024, 1, 1), None),
        ((2025, 3, 31), None),
        ((2025, 4, 1), None),
        ((2024, 1, 1), (2025, 3, 30)),
        ((2024, 1, 1), (2025, 3, 31)),
    ]:
        HubMunicipalityFactory(
            hub=busy,
            municipality=MunicipalityFactory(),
            valid_from=dt.date(*valid_from),
            valid_until=dt.date(*valid_until) if valid_until else None,
        )

    # Network at the quarter's end: organisations 2 (the third is made at 00:00 on 1 April);
    # bodies 3 of 2 forms; domains health (org), support (org), care (body) → 3.
    f.organisation(busy, f.at(2025, 1, 10), health=True)
    f.organisation(busy, f.at(2025, 3, 31, 23, 59), support=True)
    f.organisation(busy, f.at(2025, 4, 1, 0, 0), care=True)
    council = ParticipationForm.SOCIAL_DOMAIN_ADVISORY_COUNCIL
    f.body(busy, f.at(2024, 6, 1), council)
    f.body(busy, f.at(2025, 2, 1), ParticipationForm.CITIZENS_PANEL)
    f.body(busy, f.at(2025, 2, 2), council, care=True)
    f.body(busy, f.at(2025, 4, 2), ParticipationForm.CLIENT_COUNCIL)

    asker = f.organisation(busy, f.at(2026, 1, 1))  # made after the quarter: not in its network

    # Questions received in Q1: q1 (23:59 on 31 March) and q4 (00:00 on 1 January) → 2.
    q1 = f.question(busy, f.at(2025, 3, 31, 23, 59), asker=asker)
    q2 = f.question(busy, f.at(2025, 4, 1, 0, 0), asker=asker)
    q3 = f.question(busy, f.at(2024, 12, 31, 23, 59), asker=asker)
    q4 = f.question(busy, f.at(2025, 1, 1, 0, 0), asker=asker)
    # Accepted in Q1: q3, q4 → 2 (q2 on 2 April). Declined: q1 at 23:00 on 31 March → 1.
    f.moved(q3, QuestionStatus.ACCEPTED, f.at(2025, 1, 2))
    f.moved(q4, QuestionStatus.ACCEPTED, f.at(2025, 1, 5))
    f.moved(q2, QuestionStatus.ACCEPTED, f.at(2025, 4, 2))
    f.moved(q1, QuestionStatus.DECLINED, f.at(2025, 3, 31, 23, 0))

    # q5: question 1 October 2024, advice 15 January (106 days), answered 14 February (30 days),
    # three answers in Q1 (adopted without reason, not adopted and partly adopted with one),
    # feedback 20 March: within 8 weeks of 14 February; advise promised, co-produce delivered (kept).
    q5 = f.question(busy, f.at(2024, 10, 1, 10), asker=asker, promised=LadderRung.ADVISE)
    f.chain(
        q5,
        delivered=f.at(2025, 1, 15),
        answers=[
            (Decision.ADOPTED, "", f.at(2025, 2, 10)),
            (Decision.NOT_ADOPTED, "Geen geld.", f.at(2025, 2, 12)),
            (Decision.PARTLY_ADOPTED, "Deels in 2026.", f.at(2025, 2, 14)),
        ],
        answered=f.at(2025, 2, 14),
        feedback=f.at(2025, 3, 20),
        rung=LadderRung.COPRODUCE,
    )
    # q3: question at 23:59 on 31 December, advice at 00:30 on 1 January Dutch time: 1 day (0 by UTC
    # dates), answered at 23:59 on 31 March: 89 days; one answer (adopted) at that moment.
    f.chain(
        q3,
        delivered=f.at(2025, 1, 1, 0, 30),
        answers=[(Decision.ADOPTED, "", f.at(2025, 3, 31, 23, 59))],
        answered=f.at(2025, 3, 31, 23, 59),
    )
    # q4: advice on 1 March: 59 days; not answered.
    f.chain(q4, delivered=f.at(2025, 3, 1), answers=[(Decision.ADOPTED, "", f.at(2025, 4, 1, 0, 0))])
    # q6: answered 1 September 2024, feedback 10 January 2025: late (window ended 27 October 2024);
    # co-decide promised, advise delivered (not kept).
    q6 = f.question(busy, f.at(2024, 7, 1), asker=asker, promised=LadderRung.CODECIDE)
    f.chain(
        q6,
        delivered=f.at(2024, 8, 1),
        answers=[(Decision.ADOPTED, "", f.at(2024, 9, 1))],
        answered=f.at(2024, 9, 1),
        feedback=f.at(2025, 1, 10),
        rung=LadderRung.ADVISE,
    )
    # q7: feedback at 00:00 on 1 April (Q2): not in Q1, nor finished before its end.
    q7 = f.question(busy, f.at(2024, 11, 1), asker=asker)
    f.chain(q7, delivered=f.at(2024, 12, 1), answered=f.at(2025, 3, 1), feedback=f.at(2025, 4, 1, 0, 0))

    # Money: awarded before the end 40,000 (the 20,000 at 00:00 on 1 April is not); paid 10,000 (the 5,000
    # at 00:00 on 1 April is not; the 3,000 is only planned); cost per finished trajectory (q5, q6) 5,000.
    first = f.grant(busy, "40000.00", f.at(2024, 12, 1))
    f.grant(busy, "20000.00", f.at(2025, 4, 1, 0, 0))
    f.payment(first, "10000.00", f.at(2025, 2, 1))
    f.payment(first, "5000.00", f.at(2025, 4, 1, 0, 0))
    f.payment(first, "3000.00", None)

    # A selection in Q1: panel women 75 % vs 50 % (25), men 25 % vs 50 % (25), young 25 % vs 30 % (5),
    # old 75 % vs 70 % (5) → mean 15.0. One finished on 1 April and a failed one do not count.
    shares = {("gender", "f"): 0.5, ("gender", "m"): 0.5, ("age", "young"): 0.3, ("age", "old"): 0.7}
    seated = [
        {"gender": "f", "age": "young"},
        {"gender": "f", "age": "old"},
        {"gender": "m", "age": "old"},
        {"gender": "f", "age": "old"},
    ]
    f.selection(busy, f.at(2025, 3, 15), seated=seated, shares=shares)
    f.selection(busy, f.at(2025, 4, 1, 0, 0), seated=seated[:1], shares=shares)
    f.selection(busy, f.at(2025, 3, 16), seated=seated[:1], shares=shares, status="failed")
    return Scenario(busy=busy, empty=empty)
