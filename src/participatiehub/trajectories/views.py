"""Trajectory pages. Views stay thin: selectors read, services write and check the rules.

Access: the workspace is for the coordinators of the question's hub; the answer page for the
asking organisation's decision-makers. Anonymous visitors go to the log-in page; other users get
403. The unsubscribe page needs no log-in (the token is the key); public documents of public
questions can be downloaded by anyone, other documents only by the hub's coordinators and the
asking decision-makers.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participatiehub.core.exceptions import ConcurrentEditError
from participatiehub.core.storage import private_file_response
from participatiehub.questions.constants import PUBLIC_STATUSES, QuestionStatus
from participatiehub.questions.models import PolicyQuestion

from . import selectors, services
from .forms import (
    ActivityForm,
    AdviceForm,
    DocumentForm,
    FeedbackForm,
    ParticipantForm,
    ParticipantsBulkForm,
    ResponseForm,
    TrajectoryForm,
    TrajectoryStartForm,
)
from .models import Activity, Document, TrajectoryParticipant

CHANGE = "trajectories.change_trajectory"
ANSWER = "trajectories.answer_recommendations"
PUBLISH = "trajectories.publish_feedback"


def _question(request, question_pk: int, perm: str) -> PolicyQuestion:
    question = get_object_or_404(PolicyQuestion.objects.select_related("hub", "asking_organisation"), pk=question_pk)
    if not request.user.has_perm(perm, question):
        raise PermissionDenied
    return question


def _workspace_url(question, anchor: str = "") -> str:
    return reverse("trajectories:workspace", args=[question.pk]) + (f"#{anchor}" if anchor else "")


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- workspace --------------------------------------------------------------------------------


def _form_action(request, question, form, key: str, save, *, anchor: str = "", error_field=None, conflict_key=""):
    """Handle one workspace form: when it is valid, ``save()`` calls the service and returns the success
    message (or None when it told the user itself), and the user goes back to the workspace (at ``anchor``). Otherwise, or when the service refuses,
    the bound form is returned as context under ``key`` with the errors on it (at ``error_field``); a
    concurrent edit also sets ``conflict_key`` so the page links to the latest version."""
    if form.is_valid():
        try:
            message = save()
        except ValidationError as exc:
            form.add_error(error_field, exc)
            if conflict_key and isinstance(exc, ConcurrentEditError):
                return {key: form, conflict_key: True}
        else:
            if message:
                messages.success(request, message)
            return redirect(_workspace_url(question, anchor))
    return {key: form}


def _start(request, question, chain):
    form = TrajectoryStartForm(request.POST, hub=question.hub, prefix="trajectory")

    def save():
        services.trajectory_start(actor=request.user, question=question, **form.service_kwargs())
        return _("The trajectory has started.")

    return _form_action(request, question, form, "trajectory_form", save)


def _update(request, question, chain):
    form = TrajectoryForm(request.POST, hub=question.hub, prefix="trajectory")

    def save():
        services.trajectory_update(
            actor=request.user,
            trajectory=chain["trajectory"],
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_kwargs(),
        )
        return _("The trajectory has been saved.")

    return _form_action(
        request, question, form, "trajectory_form", save, anchor="trajectory-heading", conflict_key="conflict"
    )


def _posted_id(request, name: str) -> int:
    """The id of a row named in the POST; anything but a number is a 404, not a 500."""
    value = request.POST.get(name, "")
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


def _activity_add(request, question, chain):
    form = ActivityForm(request.POST, hub=question.hub, prefix="activity")

    def save():
        services.activity_add(actor=request.user, trajectory=chain["trajectory"], **form.service_kwargs())
        return _("The activity has been added.")

    return _form_action(request, question, form, "activity_form", save, anchor="activities-heading")


def _activity_remove(request, question, chain):
    activity = get_object_or_404(Activity, pk=_posted_id(request, "activity"), trajectory=chain["trajectory"])
    services.activity_remove(actor=request.user, activity=activity)
    messages.success(request, _("The activity has been removed."))
    return redirect(_workspace_url(question, "activities-heading"))


def _document_upload(request, question, chain):
    form = DocumentForm(request.POST, request.FILES, trajectory=chain["trajectory"], prefix="document")

    def save():
        services.document_upload(
            actor=request.user,
            trajectory=chain["trajectory"],
            uploaded_file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            is_public=form.cleaned_data["is_public"],
            activity=form.cleaned_data["activity"],
        )
        return _("The document has been uploaded.")

    return _form_action(request, question, form, "document_form", save, anchor="documents-heading", error_field="file")


def _document_public(request, question, chain):
    document = get_object_or_404(Document, pk=_posted_id(request, "document"), trajectory=chain["trajectory"])
    services.document_update(
        actor=request.user, document=document, title=document.title, is_public=request.POST.get("is_public") == "1"
    )
    messages.success(request, _("The document has been saved."))
    return redirect(_workspace_url(question, "documents-heading"))


def _document_remove(request, question, chain):
    document = get_object_or_404(Document, pk=_posted_id(request, "document"), trajectory=chain["trajectory"])
    services.document_remove(actor=request.user, document=document)
    messages.success(request, _("The document has been removed."))
    return redirect(_workspace_url(question, "documents-heading"))


def _participant_add(request, question, chain):
    form = ParticipantForm(request.POST, prefix="participant")

    def save():
        _participant, created = services.participant_add(
            actor=request.user, trajectory=chain["trajectory"], **form.cleaned_data
        )
        if created:
            return _("The participant has been added.")
        messages.info(request, _("This e-mail address was already on the list."))
        return None

    return _form_action(request, question, form, "participant_form", save, anchor="participants-heading")


def _participants_bulk(request, question, chain):
    form = ParticipantsBulkForm(request.POST, prefix="bulk")

    def save():
        result = services.participants_bulk_add(
            actor=request.user, trajectory=chain["trajectory"], text=form.cleaned_data["lines"]
        )
        return ngettext("%(added)s participant added", "%(added)s participants added", result.added) % {
            "added": result.added
        } + (
            "; "
            + ngettext("%(skipped)s already on the list.", "%(skipped)s already on the list.", result.skipped)
            % {"skipped": result.skipped}
            if result.skipped
            else "."
        )

    return _form_action(request, question, form, "bulk_form", save, anchor="participants-heading", error_field="lines")


def _participant_remove(request, question, chain):
    participant = get_object_or_404(
        TrajectoryParticipant, pk=_posted_id(request, "participant"), trajectory=chain["trajectory"]
    )
    services.participant_remove(actor=request.user, participant=participant)
    messages.success(request, _("The participant has been removed."))
    return redirect(_workspace_url(question, "participants-heading"))


def _advice_save(request, question, chain):
    form = AdviceForm(request.POST, trajectory=chain["trajectory"], prefix="advice")

    def save():
        services.advice_save(
            actor=request.user,
            trajectory=chain["trajectory"],
            summary=form.cleaned_data["summary"],
            what_participants_said=form.cleaned_data["what_participants_said"],
            recommendations=form.recommendation_list(),
            document=form.cleaned_data["document"],
            expected_version=form.cleaned_data["version"],
        )
        return _("The draft advice has been saved.")

    return _form_action(
        request, question, form, "advice_form", save, anchor="advice-heading", conflict_key="advice_conflict"
    )


def _advice_deliver(request, question, chain):
    try:
        services.advice_deliver(actor=request.user, trajectory=chain["trajectory"], base_url=_base_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The advice has been delivered. The decision-maker has been sent an e-mail."))
    return redirect(_workspace_url(question, "advice-heading"))


def _feedback(request, question, chain, *, publish: bool):
    form = FeedbackForm(request.POST, prefix="feedback")

    def save():
        if publish:
            services.feedback_publish(
                actor=request.user, trajectory=chain["trajectory"], base_url=_base_url(request), **form.cleaned_data
            )
            return _("The feedback has been published. The participants are being sent an e-mail.")
        services.feedback_save(actor=request.user, trajectory=chain["trajectory"], **form.cleaned_data)
        return _("The draft feedback has been saved.")

    return _form_action(request, question, form, "feedback_form", save, anchor="feedback-heading")


_ACTIONS = {
    "update": _update,
    "activity_add": _activity_add,
    "activity_remove": _activity_remove,
    "document_upload": _document_upload,
    "document_public": _document_public,
    "document_remove": _document_remove,
    "participant_add": _participant_add,
    "participants_bulk": _participants_bulk,
    "participant_remove": _participant_remove,
    "advice_save": _advice_save,
    "advice_deliver": _advice_deliver,
    "feedback_save": lambda r, q, c: _feedback(r, q, c, publish=False),
    "feedback_publish": lambda r, q, c: _feedback(r, q, c, publish=True),
}


def _workspace_context(request, question, chain, bound: dict) -> dict:
    context = {"question": question, "hub": question.hub, "chain": chain, **bound}
    if chain is None:
        if question.status == QuestionStatus.ACCEPTED:
            context.setdefault(
                "trajectory_form",
                TrajectoryStartForm(
                    hub=question.hub, prefix="trajectory", initial={"started_on": timezone.localdate()}
                ),
            )
        return context

    trajectory = chain["trajectory"]
    advice = chain["advice_obj"]
    feedback = chain["feedback_obj"]
    closed = question.status == QuestionStatus.CLOSED
    participants = list(selectors.participants_for_trajectory(trajectory))
    services.participants_view_log(actor=request.user, trajectory=trajectory, participants=participants)
    context.update(
        {
            "trajectory": trajectory,
            "participants": participants,
            "closed": closed,
            "can_deliver": advice is not None
            and not advice.is_delivered
            and question.status == QuestionStatus.IN_PROGRESS
            and bool(chain["advice"]["recommendations"]),
            "can_publish": question.status == QuestionStatus.ANSWERED and not (feedback and feedback.published_at),
        }
    )
    if not closed:
        context.setdefault(
            "trajectory_form",
            TrajectoryForm(hub=question.hub, prefix="trajectory", initial=TrajectoryForm.initial_for(trajectory)),
        )
        context.setdefault("activity_form", ActivityForm(hub=question.hub, prefix="activity"))
        context.setdefault("document_form", DocumentForm(trajectory=trajectory, prefix="document"))
        context.setdefault("participant_form", ParticipantForm(prefix="participant"))
        context.setdefault("bulk_form", ParticipantsBulkForm(prefix="bulk"))
    if not closed and (advice is None or not advice.is_delivered):
        initial = {}
        if advice is not None:
            initial = {
                "summary": advice.summary,
                "what_participants_said": advice.what_participants_said,
                "recommendations": "\n".join(r["text"] for r in chain["advice"]["recommendations"]),
                "document": advice.document_id,
                "version": advice.version,
            }
        context.setdefault("advice_form", AdviceForm(trajectory=trajectory, prefix="advice", initial=initial))
    if advice is not None and advice.is_delivered and not (feedback and feedback.published_at):
        initial = {
            "what_was_asked": feedback.what_was_asked if feedback else question.summary,
            "what_participants_said": feedback.what_participants_said if feedback else advice.what_participants_said,
            "closing_words": feedback.closing_words if feedback else "",
        }
        context.setdefault("feedback_form", FeedbackForm(prefix="feedback", initial=initial))
        if feedback is not None:
            subject, body = services.feedback_email(
                trajectory=trajectory,
                feedback=feedback,
                unsubscribe_link=_base_url(request).rstrip("/") + reverse("trajectories:unsubscribe", args=["…"]),
                public_link=services.public_question_link(question, _base_url(request)),
            )
            context["email_preview"] = {"subject": subject, "body": body}
        context["recipient_count"] = sum(1 for p in participants if p.wants_feedback)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def workspace(request, question_pk: int):
    question = _question(request, question_pk, CHANGE)
    chain = selectors.chain_for_staff(question)
    bound: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if chain is None:
            handler = _start if action == "start" else None
        else:
            handler = _ACTIONS.get(action)
        if handler is None:
            return HttpResponseBadRequest(_("Unknown action."))
        if question.status == QuestionStatus.CLOSED and action != "participant_remove":
            messages.error(request, _("This question is closed. Nothing can be changed any more."))
            return redirect(_workspace_url(question))
        try:
            result = handler(request, question, chain)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_workspace_url(question))
        if not isinstance(result, dict):
            return result
        bound = result
    return render(request, "trajectories/workspace.html", _workspace_context(request, question, chain, bound))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, question_pk: int, pk: int):
    question = _question(request, question_pk, CHANGE)
    activity = get_object_or_404(
        Activity.objects.select_related("trajectory").prefetch_related("bodies"), pk=pk, trajectory__question=question
    )
    if request.method == "POST":
        form = ActivityForm(request.POST, hub=question.hub, prefix="activity")
        if form.is_valid():
            try:
                services.activity_update(actor=request.user, activity=activity, **form.service_kwargs())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The activity has been saved."))
                return redirect(_workspace_url(question, "activities-heading"))
    else:
        form = ActivityForm(hub=question.hub, prefix="activity", initial=ActivityForm.initial_for(activity))
    return render(
        request, "trajectories/activity_form.html", {"question": question, "activity": activity, "form": form}
    )


# --- the decision-maker's answer --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, question_pk: int):
    question = _question(request, question_pk, ANSWER)
    chain = selectors.chain_for_staff(question)
    advice = chain["advice_obj"] if chain else None
    context = {"question": question, "chain": chain, "advice": advice}
    if advice is None or not advice.is_delivered:
        return render(request, "trajectories/answer.html", context)
    feedback = chain["feedback_obj"]
    locked = bool(feedback and feedback.published_at)
    recommendations = list(advice.recommendations.all())
    today = timezone.localdate()
    rows = []
    for rec in recommendations:
        response = getattr(rec, "response", None)
        initial = (
            {
                "decision": response.decision,
                "reason": response.reason,
                "decided_on": response.decided_on,
                "decision_document_url": response.decision_document_url,
            }
            if response
            else {"decided_on": today}
        )
        form = ResponseForm(
            request.POST if request.method == "POST" and not locked else None,
            prefix=f"rec-{rec.pk}",
            initial=initial,
            empty_permitted=response is None,
            use_required_attribute=False,
        )
        rows.append({"recommendation": rec, "response": response, "form": form})
    context.update({"rows": rows, "locked": locked, "errors": []})

    if request.method == "POST":
        if locked:
            messages.error(request, _("The feedback has been published. The answers can no longer be changed."))
            return redirect("trajectories:answer", question_pk=question.pk)
        if all(row["form"].is_valid() for row in rows):
            answers = [
                {"recommendation": row["recommendation"], **row["form"].cleaned_data}
                for row in rows
                if row["form"].cleaned_data.get("decision")
            ]
            if not answers:
                context["errors"] = [_("Answer at least one recommendation.")]
            else:
                try:
                    services.responses_record(user=request.user, answers=answers)
                except ValidationError as exc:
                    context["errors"] = exc.messages
                else:
                    messages.success(request, _("Your answers have been saved. Thank you."))
                    return redirect("trajectories:answer", question_pk=question.pk)
        else:
            context["errors"] = [_("Not everything is filled in correctly. See the recommendations marked below.")]
    return render(request, "trajectories/answer.html", context)


# --- unsubscribe (no log-in) ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    participant = get_object_or_404(
        TrajectoryParticipant.objects.select_related("trajectory__question", "trajectory__hub"), unsubscribe_token=token
    )
    done = False
    if request.method == "POST":
        services.participant_unsubscribe(token=token)
        done = True
    return render(
        request,
        "trajectories/unsubscribe.html",
        {"question": participant.trajectory.question, "hub": participant.trajectory.hub, "done": done, "token": token},
    )


# --- documents --------------------------------------------------------------------------------


def document(request, pk: int):
    doc = get_object_or_404(Document.objects.select_related("trajectory__question"), pk=pk)
    question = doc.trajectory.question
    if not (doc.is_public and question.status in PUBLIC_STATUSES):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("questions.view_question", question):
            raise PermissionDenied
    extension = os.path.splitext(doc.file.name)[1].lower()
    try:
        return private_file_response(
            doc.file,
            filename=f"{slugify(doc.title)[:80] or 'document'}{extension}",
            content_type=doc.content_type,
            cache_control="public, max-age=3600" if doc.is_public else "private, no-store",
        )
    except FileNotFoundError:
        raise Http404 from None
