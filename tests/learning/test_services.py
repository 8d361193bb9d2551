"""Writing, changing, publishing and taking lessons offline; the question to a hub."""

from __future__ import annotations

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.core.services import data_version
from participatiehub.learning import services
from participatiehub.learning.constants import ASK_EMAIL_PURPOSE, LESSONS_VERSION, EventKind, LessonStatus
from participatiehub.learning.models import Lesson
from tests.factories import HubFactory
from tests.trajectories.factories import TrajectoryFactory

from .factories import TEXTS, lesson

pytestmark = pytest.mark.django_db


def test_a_new_lesson_is_a_draft_with_its_tags_and_stems(hub, coord):
    trajectory = TrajectoryFactory(question__hub=hub)
    made = services.lesson_create(
        actor=coord,
        hub=hub,
        trajectories=[trajectory],
        title="  Ervaringsdeskundigen aan tafel ",
        themes=["wozo", "wozo"],
        participation_forms=["expert_by_experience"],
        phase="developing",
        target_groups=["older_people"],
        **{k: v for k, v in TEXTS.items()},
    )
    made.refresh_from_db()
    assert made.status == LessonStatus.DRAFT and made.published_at is None
    assert made.title == "Ervaringsdeskundigen aan tafel"
    assert made.themes == ["wozo"]
    assert made.author == coord
    assert list(made.trajectories.all()) == [trajectory]
    assert " theme:wozo " in made.tag_keys and " phase:developing " in made.tag_keys
    assert " ervaringsdeskund " in made.title_stems
    assert " buurthuis " in made.search_stems
    assert list(made.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_trajectories_of_another_hub_are_refused_and_nothing_is_saved(hub, coord):
    foreign = TrajectoryFactory(question__hub=HubFactory())
    with pytest.raises(ServiceError):
        services.lesson_create(actor=coord, hub=hub, title="Les", trajectories=[foreign])
    assert not Lesson.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "   "},
        {"title": "x" * 201},
        {"title": "Les", "themes": ["unknown"]},
        {"title": "Les", "phase": "stopped"},
        {"title": "Les", "advice": "x" * 6001},
        {"title": "Les", "colour": "red"},
    ],
)
def test_bad_input_is_refused_with_a_message(hub, coord, fields):
    with pytest.raises(ServiceError) as error:
        services.lesson_create(actor=coord, hub=hub, **fields)
    assert error.value.messages
    assert not Lesson.objects.exists()


def test_publish_needs_context_tried_and_advice(hub, coord):
    draft = services.lesson_create(actor=coord, hub=hub, title="Alleen een titel")
    with pytest.raises(ServiceError) as error:
        services.lesson_publish(actor=coord, lesson=draft, expected_version=draft.version)
    assert "context" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == LessonStatus.DRAFT


def test_publish_and_unpublish_set_the_date_bump_the_version_and_are_recorded(hub, coord):
    draft = lesson(hub, actor=coord, published=False)
    before = data_version(LESSONS_VERSION)
    published = services.lesson_publish(actor=coord, lesson=draft, expected_version=draft.version)
    assert published.status == LessonStatus.PUBLISHED and published.published_at is not None
    assert published.version == draft.version + 1
    assert data_version(LESSONS_VERSION) != before
    with pytest.raises(ServiceError):
        services.lesson_publish(actor=coord, lesson=published, expected_version=published.version)
    offline = services.lesson_unpublish(actor=coord, lesson=published, expected_version=published.version)
    assert offline.status == LessonStatus.DRAFT and offline.published_at is None
    assert list(offline.events.order_by("id").values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.PUBLISHED,
        EventKind.UNPUBLISHED,
    ]


def test_a_stale_version_changes_nothing(hub, coord):
    made = lesson(hub, actor=coord, published=False, title="Eerste titel")
    services.lesson_update(actor=coord, lesson=made, expected_version=made.version, title="Tweede titel")
    with pytest.raises(ConcurrentEditError):
        services.lesson_update(actor=coord, lesson=made, expected_version=made.version, title="Derde titel")
    with pytest.raises(ConcurrentEditError):
        services.lesson_publish(actor=coord, lesson=made, expected_version=made.version)
    made.refresh_from_db()
    assert made.title == "Tweede titel" and made.status == LessonStatus.DRAFT


def test_editing_renews_the_stems_and_a_published_lesson_stays_complete(hub, coord):
    made = lesson(hub, actor=coord)
    updated = services.lesson_update(
        actor=coord, lesson=made, expected_version=made.version, tried="Wij belden mantelzorgers op."
    )
    assert " mantelzorger " in updated.search_stems and " buurthuis " not in updated.search_stems
    with pytest.raises(ServiceError):
        services.lesson_update(actor=coord, lesson=updated, expected_version=updated.version, advice=" ")
    updated.refresh_from_db()
    assert updated.advice == TEXTS["advice"]


def test_editing_a_published_lesson_bumps_the_data_version_a_draft_does_not(hub, coord):
    draft = lesson(hub, actor=coord, published=False)
    before = data_version(LESSONS_VERSION)
    services.lesson_update(actor=coord, lesson=draft, expected_version=draft.version, title="Nieuw")
    assert data_version(LESSONS_VERSION) == before
    published = lesson(hub, actor=coord)
    before = data_version(LESSONS_VERSION)
    services.lesson_update(actor=coord, lesson=published, expected_version=published.version, title="Nieuw")
    assert data_version(LESSONS_VERSION) != before


def test_asking_the_hub_queues_one_email_to_its_contact_point(hub, django_capture_on_commit_callbacks):
    made = lesson(hub, title="Ervaringsdeskundigen betalen")
    with django_capture_on_commit_callbacks(execute=False):
        message = services.lesson_ask_hub(
            lesson=made, name="Fatima", email="fatima@example.nl", message="Hoe regelde u de vergoeding?"
        )
    assert message.to == "hub@utrecht.example.nl"
    assert message.purpose == ASK_EMAIL_PURPOSE
    assert "Ervaringsdeskundigen betalen" in message.subject
    assert "fatima@example.nl" in message.body and "Hoe regelde u de vergoeding?" in message.body
    assert made.get_absolute_url() in message.body


@pytest.mark.parametrize("case", ["draft", "no_address", "empty", "too_long"])
def test_asking_is_refused_without_a_published_lesson_an_address_or_a_message(hub, case):
    made = lesson(hub, published=case != "draft")
    if case == "no_address":
        type(hub).objects.filter(pk=hub.pk).update(contact_email="")
        made.hub.refresh_from_db()
    message = {"empty": " ", "too_long": "x" * 2001}.get(case, "Een vraag")
    with pytest.raises(ServiceError):
        services.lesson_ask_hub(lesson=made, name="Fatima", email="fatima@example.nl", message=message)
    assert not OutgoingEmail.objects.exists()
