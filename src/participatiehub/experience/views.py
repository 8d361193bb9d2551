"""The questionnaire page (no account: the personal link is the key) and the coordinator's results page.

Answering: an unknown link → 404 page; an expired link → 410 page; a used link → "already answered"
(nothing changes). Unknown links and answers are rate-limited per address (core/ratelimit.py).
Results: log-in required; unknown trajectory → 404; a hub the user may not see → 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.ratelimit import client_ip, limit_count, limit_reached
from participatiehub.hubs.selectors import hub_for_user_or_403
from participatiehub.trajectories.models import Trajectory

from . import selectors, services
from .charts import shares_chart
from .constants import (
    INVITE_AFTER_DAYS,
    LIMIT_WINDOW,
    LINK_VALID_WEEKS,
    SUBMIT_LIMIT,
    SUBMIT_TRIES,
    UNKNOWN_LINK_LIMIT,
    UNKNOWN_LINK_TRIES,
)
from .forms import QuestionnaireForm


def _private(response):
    """A page reached by a personal link: not in search engines. (The site's Referrer-Policy "same-origin"
    already keeps the link from other sites; "no-referrer" would make the browser send "Origin: null" with
    the form, which the CSRF check rightly refuses.)"""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request, template: str, context: dict | None = None, status: int = 200):
    return _private(render(request, template, context or {}, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    person = [f"ip:{client_ip(request)}"]
    if limit_reached(UNKNOWN_LINK_LIMIT, person, limit=UNKNOWN_LINK_TRIES):
        return _page(request, "429.html", status=429)
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        limit_count(UNKNOWN_LINK_LIMIT, person, window=LIMIT_WINDOW)
        return _page(request, "experience/unknown.html", status=404)
    context = {"trajectory": invitation.trajectory, "hub": invitation.trajectory.hub, "weeks": LINK_VALID_WEEKS}
    if invitation.used:
        return _page(request, "experience/answered.html", context)
    if invitation.expires_at is not None and invitation.expires_at <= timezone.now():
        return _page(request, "experience/expired.html", context, status=410)
    form = QuestionnaireForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if limit_reached(SUBMIT_LIMIT, person, limit=SUBMIT_TRIES):
            form.is_valid()
            form.add_error(None, _("You sent the form too often in a short time. Wait 10 minutes and try again."))
            status = 429
        else:
            limit_count(SUBMIT_LIMIT, person, window=LIMIT_WINDOW)
            if form.is_valid():
                try:
                    services.response_submit(token=token, answers=form.answers(), comment=form.cleaned_data["comment"])
                except services.AlreadyAnswered:
                    return _page(request, "experience/answered.html", context)
                except services.LinkExpired:
                    return _page(request, "experience/expired.html", context, status=410)
                except services.LinkUnknown:
                    return _page(request, "experience/unknown.html", status=404)
                except ServiceError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    return _private(redirect("experience:thanks"))
    context.update({"form": form, "expires_at": invitation.expires_at})
    return _page(request, "experience/questionnaire.html", context, status=status)


@require_GET
def thanks(request):
    return _page(request, "experience/thanks.html")


@login_required
@require_GET
def trajectory_results(request, pk: int):
    """One trajectory's answers for its hub's coordinators (with the open comments) and the programme office."""
    trajectory = get_object_or_404(Trajectory.objects.select_related("hub", "question"), pk=pk)
    if not request.user.has_perm("experience.view_results", trajectory.hub):
        raise PermissionDenied
    can_read_comments = request.user.has_perm("experience.view_comments", trajectory.hub)
    results = selectors.trajectory_results(trajectory, with_comments=can_read_comments)
    return render(
        request,
        "experience/trajectory.html",
        {
            "trajectory": trajectory,
            "hub": trajectory.hub,
            "results": results,
            "chart": shares_chart(results.figures, chart_id="experience-trajectory-chart"),
            "can_read_comments": can_read_comments,
        },
    )


@login_required
@require_GET
def preview(request, slug: str):
    """The questions as participants see them, for the hub's coordinators and the office. Nothing is sent."""
    hub = hub_for_user_or_403(request.user, slug, "experience.view_results")
    return render(
        request,
        "experience/questionnaire.html",
        {
            "hub": hub,
            "form": QuestionnaireForm(),
            "preview": True,
            "weeks": LINK_VALID_WEEKS,
            "days": INVITE_AFTER_DAYS,
        },
    )
