"""The demo's lessons: eight published over several hubs and months, one draft; the Dutch search finds the
lesson about ervaringsdeskundigen."""

from __future__ import annotations

import pytest

from participatiehub.demo.learning import demo_learning_build
from participatiehub.learning import selectors
from participatiehub.learning.constants import LessonStatus
from participatiehub.learning.models import Lesson
from tests.factories import HubFactory, coordinator
from tests.trajectories.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def test_the_demo_writes_published_lessons_and_a_draft():
    hubs = [HubFactory() for _ in range(5)]
    showcase = hubs[2]
    coord = coordinator(showcase, email="coordinator@demo.example")
    trajectory = TrajectoryFactory(question__hub=showcase)
    counts = demo_learning_build(hubs=hubs, coordinator=coord, showcase_hub=showcase, seed=42)
    assert counts == {"gepubliceerd": 8, "concept": 1}
    published = list(selectors.published_lessons())
    assert len(published) == 8 and len({lesson.hub_id for lesson in published}) == 5
    assert len({lesson.published_at.date() for lesson in published}) == 8
    draft = Lesson.objects.get(status=LessonStatus.DRAFT)
    assert draft.hub == showcase and draft.author == coord
    found = list(selectors.search("ervaringsdeskundigen"))
    assert found and found[0].title.startswith("Ervaringsdeskundigen")
    assert list(found[0].trajectories.all()) == [trajectory]
    assert selectors.related_lessons(found[0])
