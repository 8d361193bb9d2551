"""Writes for lessons: write, change, publish and take offline (each checks the version it was read at),
and "ask this hub" (an e-mail to the hub's contact point through the outbox).

Each function is one transaction and appends a ``LessonEvent``. Every write also renews the lesson's
search columns (``_index``). What the public pages show changes with publication and with edits of a
published lesson: those bump the ``lessons`` data version (ADR 0004) so cached pages follow.
A lesson holds no personal data beyond its author; the question to a hub is kept only as the e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.core.services import data_version_bump, email_queue
from participatiehub.hubs.models import Hub

from . import search as dutch
from .constants import (
    ASK_EMAIL_PURPOSE,
    ASK_MESSAGE_MAX_LENGTH,
    LESSONS_VERSION,
    REQUIRED_TO_PUBLISH,
    TAG_KINDS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EventKind,
    LessonStatus,
)
from .models import Lesson, LessonEvent

#: The fields a coordinator writes (the tags included); trajectories are passed apart.
TEXT_FIELDS = ("title", "context", "tried", "worked", "did_not_work", "advice")
TAG_FIELDS = ("participation_forms", "themes", "phase", "target_groups")
EDITABLE_FIELDS = TEXT_FIELDS + TAG_FIELDS


def _stale() -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this lesson in the meantime. Nothing was saved. Reload the page to see the latest version."
        )
    )


def _clean(fields: dict) -> dict:
    """Check and tidy the fields; a ServiceError names every problem (nothing is saved)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(fields)
    problems = []
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "title" in cleaned:
        if not cleaned["title"]:
            problems.append(_("Give the lesson a title."))
        elif len(cleaned["title"]) > TITLE_MAX_LENGTH:
            problems.append(_("The title is too long: at most %(n)s characters.") % {"n": TITLE_MAX_LENGTH})
    for name in TEXT_FIELDS[1:]:
        if len(cleaned.get(name, "")) > TEXT_MAX_LENGTH:
            problems.append(_("A part of the lesson is too long: at most %(n)s characters.") % {"n": TEXT_MAX_LENGTH})
            break
    for _kind, (field, choices) in TAG_KINDS.items():
        if field not in cleaned:
            continue
        allowed = {value for value, _label in choices}
        value = cleaned[field]
        if field == "phase":
            cleaned[field] = value or ""
            if cleaned[field] and cleaned[field] not in allowed:
                problems.append(_("Choose a phase from the list."))
            continue
        values = list(dict.fromkeys(value or []))
        if any(v not in allowed for v in values):
            problems.append(_("Choose the tags from the lists."))
        cleaned[field] = values
    if problems:
        raise ServiceError(problems)
    return cleaned


def _check_trajectories(hub: Hub, trajectories: Iterable | None) -> list | None:
    if trajectories is None:
        return None
    trajectories = list(trajectories)
    if any(t.hub_id != hub.pk for t in trajectories):
        raise ServiceError(_("A lesson can only be linked to trajectories of its own hub."))
    return trajectories


def _index(lesson: Lesson) -> None:
    """Renew the search columns from the lesson's fields (the tags, the stems, and on PostgreSQL the vector)."""
    from .selectors import tag_keys_of

    keys = tag_keys_of(lesson)
    Lesson.objects.filter(pk=lesson.pk).update(
        tag_keys=f" {' '.join(keys)} " if keys else "",
        title_stems=dutch.stem_column(lesson.title),
        search_stems=dutch.stem_column(*(getattr(lesson, name) for name in TEXT_FIELDS)),
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        vector = (
            SearchVector("title", weight="A", config="dutch")
            + SearchVector("advice", weight="B", config="dutch")
            + SearchVector("context", "tried", "worked", "did_not_work", weight="C", config="dutch")
        )
        Lesson.objects.filter(pk=lesson.pk).update(search_vector=vector)


def _event(lesson: Lesson, kind: str, actor) -> None:
    LessonEvent.objects.create(lesson=lesson, kind=kind, actor=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def lesson_create(*, actor, hub: Hub, trajectories: Iterable | None = None, **fields) -> Lesson:
    """Write a new lesson for ``hub``, as a draft (only the hub's coordinators see it)."""
    cleaned = _clean({"title": "", **fields})
    linked = _check_trajectories(hub, trajectories)
    lesson = Lesson.objects.create(hub=hub, author=actor if getattr(actor, "pk", None) else None, **cleaned)
    if linked:
        lesson.trajectories.set(linked)
    _index(lesson)
    lesson.refresh_from_db()
    _event(lesson, EventKind.CREATED, actor)
    return lesson


@transaction.atomic
def lesson_update(
    *, actor, lesson: Lesson, expected_version: int, trajectories: Iterable | None = None, **fields
) -> Lesson:
    """Change a lesson. Refuses when someone saved it since ``expected_version`` was read."""
    cleaned = _clean(fields)
    linked = _check_trajectories(lesson.hub, trajectories)
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if locked.version != expected_version:
        raise _stale()
    for name, value in cleaned.items():
        setattr(locked, name, value)
    if locked.status == LessonStatus.PUBLISHED:
        _check_complete(locked)
    locked.version = F("version") + 1
    locked.save()
    if linked is not None:
        locked.trajectories.set(linked)
    _index(locked)
    locked.refresh_from_db()
    _event(locked, EventKind.EDITED, actor)
    if locked.status == LessonStatus.PUBLISHED:
        data_version_bump(LESSONS_VERSION)
    return locked


def _check_complete(lesson: Lesson) -> None:
    labels = {name: Lesson._meta.get_field(name).verbose_name for name in REQUIRED_TO_PUBLISH}
    missing = [str(labels[name]) for name in REQUIRED_TO_PUBLISH if not getattr(lesson, name).strip()]
    if missing:
        raise ServiceError(
            _("A published lesson needs these parts: %(parts)s. Fill them in and try again.")
            % {"parts": ", ".join(missing)}
        )


def _transition(*, actor, lesson: Lesson, expected_version: int, to: str) -> Lesson:
    locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if locked.version != expected_version:
        raise _stale()
    if locked.status == to:
        raise ServiceError(
            _("This lesson is already published.")
            if to == LessonStatus.PUBLISHED
            else _("This lesson is not published.")
        )
    if to == LessonStatus.PUBLISHED:
        _check_complete(locked)
    Lesson.objects.filter(pk=locked.pk).update(
        status=to,
        published_at=timezone.now() if to == LessonStatus.PUBLISHED else None,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    locked.refresh_from_db()
    _event(locked, EventKind.PUBLISHED if to == LessonStatus.PUBLISHED else EventKind.UNPUBLISHED, actor)
    data_version_bump(LESSONS_VERSION)
    return locked


@transaction.atomic
def lesson_publish(*, actor, lesson: Lesson, expected_version: int) -> Lesson:
    """Publish a draft: everyone can read it from now on. It needs a context, what was tried and advice."""
    return _transition(actor=actor, lesson=lesson, expected_version=expected_version, to=LessonStatus.PUBLISHED)


@transaction.atomic
def lesson_unpublish(*, actor, lesson: Lesson, expected_version: int) -> Lesson:
    """Take a published lesson offline: it is a draft again, seen only by the hub's coordinators."""
    return _transition(actor=actor, lesson=lesson, expected_version=expected_version, to=LessonStatus.DRAFT)


@transaction.atomic
def lesson_ask_hub(*, lesson: Lesson, name: str, email: str, message: str) -> OutgoingEmail:
    """Send a reader's question about a published lesson to its hub's contact point (through the outbox).

    The e-mail holds what the hub needs to answer: the sender's name, address and message. Nothing else is
    stored or logged about the sender."""
    name, email, message = (name or "").strip(), (email or "").strip(), (message or "").strip()
    if lesson.status != LessonStatus.PUBLISHED:
        raise ServiceError(_("This lesson is not published."))
    hub = lesson.hub
    if not hub.contact_email:
        raise ServiceError(_("This hub has no e-mail address for questions yet."))
    if not name or not email or not message:
        raise ServiceError(_("Fill in your name, your e-mail address and your question."))
    if len(message) > ASK_MESSAGE_MAX_LENGTH:
        raise ServiceError(_("Your question is too long: at most %(n)s characters.") % {"n": ASK_MESSAGE_MAX_LENGTH})
    link = settings.PH_SITE_URL.rstrip("/") + lesson.get_absolute_url()
    with translation.override("nl"):
        subject = _("Question about your lesson “%(title)s”") % {"title": lesson.title}
        body = render_to_string(
            "learning/email_ask_hub.txt",
            {"hub": hub, "lesson": lesson, "link": link, "name": name, "email": email, "message": message},
        )
    return email_queue(to=hub.contact_email, subject=subject[:250], body=body, purpose=ASK_EMAIL_PURPOSE)
