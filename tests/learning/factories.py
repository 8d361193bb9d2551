"""Lessons for tests, written through the services (so their search columns are filled as in production)."""

from __future__ import annotations

import itertools

from participatiehub.learning import services
from participatiehub.learning.models import Lesson

_numbers = itertools.count(1)

TEXTS = {
    "context": "In onze regio wilden wij meer inwoners laten meepraten over de zorg in de wijk.",
    "tried": "Wij organiseerden drie avonden in het buurthuis, met een gespreksleider.",
    "worked": "Kleine tafels werkten goed: iedereen kwam aan het woord.",
    "did_not_work": "Op de avonden kwamen vooral mensen die al vaker meedoen.",
    "advice": "Ga naar de plekken waar mensen al komen, en vraag hen persoonlijk.",
}


def lesson(hub, *, actor=None, published: bool = True, trajectories=None, **fields) -> Lesson:
    """A lesson of ``hub`` (published unless told otherwise) with the usual texts, overridden by ``fields``."""
    data = {"title": f"Les {next(_numbers)}", **TEXTS, **fields}
    made = services.lesson_create(actor=actor, hub=hub, trajectories=trajectories, **data)
    if published:
        made = services.lesson_publish(actor=actor, lesson=made, expected_version=made.version)
    return made
