"""The lesson pages: writing and publishing through the forms, stale saves, the index (search, filters,
cached until a lesson changes, queries flat), the lesson page (related lessons, ask this hub with its
rate limit) and the recent lessons on the hub pages and the national overview."""

from __future__ import annotations

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest

from participatiehub.core.models import OutgoingEmail
from participatiehub.learning import services
from participatiehub.learning.constants import ASK_TRIES_PER_ADDRESS, LessonStatus
from participatiehub.learning.models import Lesson
from tests.factories import HubFactory
from tests.trajectories.factories import TrajectoryFactory

from .factories import TEXTS, lesson

pytestmark = pytest.mark.django_db


def _form(**fields) -> dict:
    return {"title": "Ervaringsdeskundigen betalen", **TEXTS, "themes": ["wozo"], "phase": "developing", **fields}


def test_a_coordinator_writes_links_a_trajectory_and_publishes(client, hub, coord):
    trajectory = TrajectoryFactory(question__hub=hub, question__title="Eenzaamheid in de wijk")
    client.force_login(coord)
    page = client.get(reverse("learning:create", args=[hub.slug])).content.decode()
    assert "Eenzaamheid in de wijk" in page
    response = client.post(reverse("learning:create", args=[hub.slug]), _form(trajectories=[trajectory.pk]))
    made = Lesson.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert made.status == LessonStatus.DRAFT and list(made.trajectories.all()) == [trajectory]
    page = client.get(made.get_absolute_url()).content.decode()
    assert "This is a draft" in page and "Eenzaamheid in de wijk" in page
    client.post(reverse("learning:publish", args=[made.pk]), {"version": made.version})
    made.refresh_from_db()
    assert made.status == LessonStatus.PUBLISHED
    assert "Ervaringsdeskundigen betalen" in client.get(reverse("learning:workspace", args=[hub.slug])).content.decode()


def test_a_trajectory_of_another_hub_cannot_be_posted(client, hub, coord):
    TrajectoryFactory(question__hub=hub)
    foreign = TrajectoryFactory(question__hub=HubFactory())
    client.force_login(coord)
    response = client.post(reverse("learning:create", args=[hub.slug]), _form(trajectories=[foreign.pk]))
    assert response.status_code == 200 and not Lesson.objects.exists()


def test_bad_input_shows_a_message_and_saves_nothing(client, hub, coord):
    client.force_login(coord)
    response = client.post(reverse("learning:create", args=[hub.slug]), _form(title="", themes=["nonsense"]))
    assert response.status_code == 200 and not Lesson.objects.exists()
    assert "Please check the form" in response.content.decode()


def test_a_stale_edit_is_refused_and_the_other_save_is_kept(client, hub, coord):
    made = lesson(hub, actor=coord, published=False, title="Eerste")
    client.force_login(coord)
    url = reverse("learning:edit", args=[made.pk])
    assert client.post(url, _form(title="Tweede", version=made.version)).status_code == 302
    response = client.post(url, _form(title="Derde", version=made.version))
    assert response.status_code == 200 and "Someone else saved this lesson" in response.content.decode()
    made.refresh_from_db()
    assert made.title == "Tweede"
    # Publishing from a page read before the change is refused too.
    response = client.post(reverse("learning:publish", args=[made.pk]), {"version": made.version - 1}, follow=True)
    assert "Someone else saved this lesson" in response.content.decode()
    assert Lesson.objects.get(pk=made.pk).status == LessonStatus.DRAFT


def test_publishing_an_incomplete_draft_says_what_is_missing(client, hub, coord):
    made = services.lesson_create(actor=coord, hub=hub, title="Alleen een titel")
    client.force_login(coord)
    response = client.post(reverse("learning:publish", args=[made.pk]), {"version": made.version}, follow=True)
    assert "A published lesson needs these parts" in response.content.decode()
    assert Lesson.objects.get(pk=made.pk).status == LessonStatus.DRAFT


def test_the_index_searches_in_dutch_and_marks_the_words(client, hub, other_hub):
    lesson(hub, title="Betalen zonder risico", tried="Elke ervaringsdeskundige kreeg een vergoeding.")
    lesson(other_hub, title="Loten voor een burgerpanel", themes=["gala"])
    page = client.get(reverse("learning:index"), {"q": "ervaringsdeskundigen"}).content.decode()
    assert "Betalen zonder risico" in page and "Loten voor een burgerpanel" not in page
    assert "<mark>ervaringsdeskundige</mark>" in page
    page = client.get(reverse("learning:index"), {"thema": "gala"}).content.decode()
    assert "Loten voor een burgerpanel" in page and "Betalen zonder risico" not in page
    page = client.get(reverse("learning:index"), {"hub": "onbekend"}).content.decode()
    assert "Select a valid choice" in page  # an unknown hub in the address: a message, the lessons stay listed


def test_the_cached_index_follows_publication(client, hub, coord):
    made = lesson(hub, actor=coord, published=False, title="Nog niet openbaar")
    url = reverse("learning:index")
    assert "Nog niet openbaar" not in client.get(url).content.decode()
    services.lesson_publish(actor=coord, lesson=made, expected_version=made.version)
    assert "Nog niet openbaar" in client.get(url).content.decode()


@pytest.mark.parametrize("query", ["", "?q=vooral+mensen", "?thema=wozo&fase=developing"])
def test_index_queries_do_not_grow_with_the_lessons(client, hub, other_hub, django_assert_max_num_queries, query):
    url = reverse("learning:index") + query
    for n in (3, 30):
        while Lesson.objects.count() < n:
            lesson(hub if Lesson.objects.count() % 2 else other_hub, themes=["wozo"], phase="developing")
        cache.clear()
        with django_assert_max_num_queries(6):
            response = client.get(url)
        assert response.status_code == 200
    assert "Les" in response.content.decode()
    with django_assert_max_num_queries(2):  # cached: the session and user at most
        client.get(url)


def test_workspace_and_lesson_page_queries_do_not_grow(client, hub, coord, django_assert_max_num_queries):
    client.force_login(coord)
    trajectories = [TrajectoryFactory(question__hub=hub) for _ in range(3)]
    base = lesson(hub, themes=["wozo"], trajectories=trajectories)
    for n in (3, 25):
        while Lesson.objects.count() < n:
            lesson(hub, themes=["wozo"], published=Lesson.objects.count() % 3 != 0)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("learning:workspace", args=[hub.slug])).status_code == 200
        with django_assert_max_num_queries(10):
            page = client.get(base.get_absolute_url())
        assert page.status_code == 200 and "Related lessons" in page.content.decode()


def test_ask_this_hub_sends_an_email_to_the_contact_point(client, hub, run_tasks, django_capture_on_commit_callbacks):
    made = lesson(hub, title="Ervaringsdeskundigen betalen")
    data = {"name": "Fatima", "email": "fatima@example.nl", "message": "Hoe regelde u de vergoeding?"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(made.get_absolute_url(), data)
    assert response.status_code == 302
    run_tasks()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["hub@utrecht.example.nl"] and "fatima@example.nl" in sent.body
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_ask_this_hub_checks_the_input(client, hub):
    made = lesson(hub)
    response = client.post(made.get_absolute_url(), {"name": "", "email": "geen-adres", "message": ""})
    assert response.status_code == 200 and not OutgoingEmail.objects.exists()
    assert "Please check the form" in response.content.decode()


def test_ask_this_hub_is_rate_limited_per_address(client, hub):
    made = lesson(hub)
    data = {"name": "Iemand", "email": "iemand@example.nl", "message": "Een vraag"}
    for _ in range(ASK_TRIES_PER_ADDRESS):
        assert client.post(made.get_absolute_url(), data).status_code == 302
    response = client.post(made.get_absolute_url(), data)
    assert response.status_code == 429 and "too many questions" in response.content.decode()
    assert OutgoingEmail.objects.count() == ASK_TRIES_PER_ADDRESS


def test_a_hub_without_an_address_shows_no_form(client):
    hub = HubFactory(contact_email="", contact_phone="030 123 45 67")
    made = lesson(hub)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "has no e-mail address for questions" in page and "030 123 45 67" in page
    assert 'name="message"' not in page
    assert (
        client.post(made.get_absolute_url(), {"name": "A", "email": "a@example.nl", "message": "B"}).status_code == 403
    )
    assert not OutgoingEmail.objects.exists()


def test_hub_page_and_overview_show_recent_lessons_and_follow_changes(client, hub, coord):
    made = lesson(hub, actor=coord, title="Wat wij leerden van de wijkavonden")
    hub_url, overview_url = hub.get_absolute_url(), reverse("hubs:overview")
    assert "Wat wij leerden van de wijkavonden" in client.get(hub_url).content.decode()
    assert "Wat wij leerden van de wijkavonden" in client.get(overview_url).content.decode()
    services.lesson_unpublish(actor=coord, lesson=made, expected_version=made.version)
    assert "Wat wij leerden van de wijkavonden" not in client.get(hub_url).content.decode()
    assert "Wat wij leerden van de wijkavonden" not in client.get(overview_url).content.decode()


def test_the_hub_dashboard_counts_lessons_for_its_coordinators(client, hub, coord):
    lesson(hub)
    lesson(hub, published=False)
    client.force_login(coord)
    page = client.get(reverse("hubs:manage", args=[hub.slug])).content.decode()
    assert "1 published lesson" in page and "1 draft" in page
    assert reverse("learning:workspace", args=[hub.slug]) in page


def test_the_admin_shows_lessons_read_only(client, hub, django_user_model):
    made = lesson(hub, title="In de beheeromgeving")
    admin_user = django_user_model.objects.create_superuser(email="beheer@example.nl", password="demo-wachtwoord-123")
    client.force_login(admin_user)
    assert "In de beheeromgeving" in client.get(reverse("admin:learning_lesson_changelist")).content.decode()
    assert client.get(reverse("admin:learning_lesson_change", args=[made.pk])).status_code == 200
    assert client.get(reverse("admin:learning_lesson_add")).status_code == 403
