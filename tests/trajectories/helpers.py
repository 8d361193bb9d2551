"""Walk a question along the chain through the services, as the real users would."""

from __future__ import annotations

import datetime as dt

from participatiehub.trajectories import services
from participatiehub.trajectories.constants import ActivityKind, Decision

DECISIONS = [Decision.ADOPTED, Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED]


def started(question, coordinator, bodies=()):
    return services.trajectory_start(
        actor=coordinator, question=question, forms=["citizens_panel"], bodies=bodies, started_on=dt.date(2025, 1, 10)
    )


def with_activity(trajectory, coordinator, **kwargs):
    values = {
        "kind": ActivityKind.MEETING,
        "title": "Bijeenkomst in de wijk",
        "held_on": dt.date(2025, 2, 1),
        "participant_count": 20,
    }
    values.update(kwargs)
    return services.activity_add(actor=coordinator, trajectory=trajectory, **values)


def delivered(trajectory, coordinator, n: int = 3):
    services.advice_save(
        actor=coordinator,
        trajectory=trajectory,
        summary="Maak de zorg dichtbij.",
        what_participants_said="Minder loketten.",
        recommendations=[f"Aanbeveling {i}" for i in range(1, n + 1)],
    )
    return services.advice_deliver(actor=coordinator, trajectory=trajectory, base_url="https://hub.example.nl")


def answered(advice, decision_maker, decided_on=dt.date(2025, 5, 1)):
    for i, rec in enumerate(advice.recommendations.all()):
        decision = DECISIONS[i % 3]
        services.response_record(
            user=decision_maker,
            recommendation=rec,
            decision=decision,
            reason="" if decision == Decision.ADOPTED else f"Reden {rec.number}: geen budget",
            decided_on=decided_on,
            decision_document_url="https://gemeente.example.nl/besluit.pdf",
        )


def full_chain(question, coordinator, decision_maker, n: int = 3):
    trajectory = started(question, coordinator)
    with_activity(trajectory, coordinator)
    advice = delivered(trajectory, coordinator, n)
    answered(advice, decision_maker)
    return trajectory, advice
