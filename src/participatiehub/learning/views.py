"""Lesson pages: the public index with the Dutch search and filters, a lesson's page (related lessons and
"ask this hub"), and the hub coordinators' list, form, publish and take-offline. Views stay thin.

A draft is not public: whoever may not see it gets the same 404 as for a lesson that does not exist.
The hub pages (an existing hub, no right) refuse with 403, as every hub page does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.paging import page_of
from participatiehub.core.ratelimit import client_ip, limit_count, limit_reached
from participatiehub.core.services import data_version
from participatiehub.hubs.selectors import hub_for_user_or_403

from . import selectors, services
from .constants import (
    ASK_LIMIT,
    ASK_TRIES_PER_ADDRESS,
    ASK_TRIES_PER_HUB,
    ASK_WINDOW,
    LESSONS_VERSION,
    QUERY_MAX_LENGTH,
)
from .forms import AskHubForm, LessonForm, LessonSearchForm, LessonVersionForm
from .models import Lesson

PAGE_SIZE = 20


def index(request):
    """Published lessons: search, filters, newest or best match first. Cached per query string until a
    lesson is published, changed or taken offline (ADR 0004); a hit costs no queries."""
    form = SimpleLazyObject(lambda: LessonSearchForm(request.GET or None))

    def build_page():
        query = form.query()
        page = page_of(request, selectors.search(query, filters=form.filters()), PAGE_SIZE)
        for lesson in page.object_list:
            lesson.snippet = selectors.snippet(lesson, query)
        return page

    return render(
        request,
        "learning/index.html",
        {
            "form": form,
            "page": SimpleLazyObject(build_page),
            "searching": bool((request.GET.get("q") or "").strip()[:QUERY_MAX_LENGTH]),
            "cache_key": f"{data_version(LESSONS_VERSION)}:{request.get_full_path()}",
        },
    )


def _lesson_or_404(request, pk: int) -> Lesson:
    lesson = selectors.lesson_for_page(pk)
    if not request.user.has_perm("learning.view_lesson", lesson):
        raise Http404(_("This lesson does not exist or is not published."))
    return lesson


@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    """A lesson; "ask this hub" posts here (rate-limited per address and per hub)."""
    lesson = _lesson_or_404(request, pk)
    can_change = request.user.has_perm("learning.change_lesson", lesson)
    can_ask = lesson.is_published and bool(lesson.hub.contact_email)
    form = AskHubForm(request.POST or None) if can_ask else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        keys = [f"ip:{client_ip(request)}"]
        hub_key = [f"hub:{lesson.hub_id}"]
        if limit_reached(ASK_LIMIT, keys, limit=ASK_TRIES_PER_ADDRESS) or limit_reached(
            ASK_LIMIT, hub_key, limit=ASK_TRIES_PER_HUB
        ):
            form.is_valid()
            form.add_error(None, _("You sent too many questions in a short time. Wait an hour and try again."))
            status = 429
        elif form.is_valid():
            try:
                services.lesson_ask_hub(lesson=lesson, **form.cleaned_data)
            except ServiceError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                limit_count(ASK_LIMIT, keys + hub_key, window=ASK_WINDOW)
                messages.success(request, _("Your question has been sent to %(hub)s.") % {"hub": lesson.hub.name})
                return redirect(lesson.get_absolute_url() + "#vraag")
    return render(
        request,
        "learning/detail.html",
        {
            "lesson": lesson,
            "related": selectors.related_lessons(lesson) if lesson.is_published else [],
            "trajectories": [t for t in lesson.trajectories.all()],
            "can_change": can_change,
            "form": form,
            "version_form": LessonVersionForm(initial={"version": lesson.version}) if can_change else None,
        },
        status=status,
    )


@login_required
def workspace(request, slug: str):
    """The hub's own lessons, drafts first, for its coordinators."""
    hub = hub_for_user_or_403(request.user, slug, "learning.manage_lessons")
    page = page_of(request, selectors.lessons_for_hub(hub), 50)
    return render(request, "learning/workspace.html", {"hub": hub, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug: str):
    hub = hub_for_user_or_403(request.user, slug, "learning.manage_lessons")
    form = LessonForm(request.POST or None, hub=hub, initial={"phase": hub.status if hub.status != "stopped" else ""})
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_create(
                actor=request.user, hub=hub, trajectories=form.linked_trajectories(), **form.lesson_fields()
            )
        except ServiceError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The lesson has been saved as a draft. Only your hub's coordinators see it."))
            return redirect(lesson.get_absolute_url())
    return render(
        request,
        "learning/form.html",
        {"form": form, "hub": hub, "title": _("Write a lesson"), "submit": _("Save draft")},
    )


def _lesson_to_change(request, pk: int) -> Lesson:
    lesson = get_object_or_404(Lesson.objects.select_related("hub"), pk=pk)
    if not request.user.has_perm("learning.change_lesson", lesson):
        raise PermissionDenied
    return lesson


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    lesson = _lesson_to_change(request, pk)
    form = LessonForm(request.POST or None, instance=lesson, hub=lesson.hub, initial={"version": lesson.version})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            if version is None:
                raise ServiceError(_("The form is incomplete. Reload the page and try again."))
            services.lesson_update(
                actor=request.user,
                lesson=lesson,
                expected_version=version,
                trajectories=form.linked_trajectories(),
                **form.lesson_fields(),
            )
        except ServiceError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect(lesson.get_absolute_url())
    return render(
        request,
        "learning/form.html",
        {"form": form, "hub": lesson.hub, "lesson": lesson, "title": _("Change the lesson"), "submit": _("Save")},
    )


def _transition(request, pk: int, service, done: str):
    lesson = _lesson_to_change(request, pk)
    form = LessonVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete. Reload the page and try again."))
        return redirect(lesson.get_absolute_url())
    try:
        service(actor=request.user, lesson=lesson, expected_version=form.cleaned_data["version"])
    except ServiceError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(lesson.get_absolute_url())


@login_required
@require_POST
def publish(request, pk: int):
    return _transition(request, pk, services.lesson_publish, _("The lesson is published. Everyone can read it now."))


@login_required
@require_POST
def unpublish(request, pk: int):
    return _transition(
        request, pk, services.lesson_unpublish, _("The lesson is offline. Only your hub's coordinators see it now.")
    )
