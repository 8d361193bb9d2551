"""Funding pages for calls and applications. Views stay thin: selectors read, services write and check.

Access: the call pages are public (drafts are not); the office's pages are for the programme office;
an application's page is for the coordinators of its hub (the applicants) and the office. Anonymous
visitors go to the log-in page; a signed-in user outside the scope gets 403, an unknown id 404.
Assessment and grant pages are in ``views_assessment`` and ``views_grants``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ConcurrentEditError
from participatiehub.core.storage import private_file_response
from participatiehub.hubs.models import Hub

from . import selectors, services, workflow
from .constants import ApplicationStatus, CallStatus, StepKind
from .forms import (
    ApplicationForm,
    ApplicationStartForm,
    AttachmentForm,
    BudgetLineForm,
    CallForm,
    CriterionForm,
    DeadlineForm,
    PartnerForm,
    ReasonForm,
    RequiredAttachmentForm,
    StepsForm,
)
from .models import (
    ApplicationAttachment,
    ApplicationPartner,
    AssessmentCriterion,
    BudgetLine,
    CallDeadline,
    RequiredAttachment,
)

A = ApplicationStatus


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _posted_id(request, name: str) -> int:
    """The id of a row named in the POST; anything but a number is a 404, not a 500."""
    value = request.POST.get(name, "")
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


def _run(request, form, save, redirect_to: str, key: str):
    """Run one form of a page with several: valid and accepted → success message and redirect; otherwise
    the bound form (with the service's refusal on it) goes back into the page under ``key``."""
    if form.is_valid():
        try:
            message = save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if message:
                messages.success(request, message)
            return redirect(redirect_to)
    return {key: form}


def _dispatch(request, actions: dict, redirect_to: str, *args):
    """Call the handler of the posted ``action``; a refusal outside a form becomes an error message."""
    handler = actions.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponseBadRequest(_("Unknown action."))
    try:
        return handler(request, *args)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(redirect_to)


# --- public call pages ------------------------------------------------------------------------


def calls(request):
    return render(
        request,
        "funding/calls.html",
        {"calls": selectors.calls_public(), "may_manage": request.user.has_perm("funding.manage_calls")},
    )


def call_public(request, slug: str):
    call = selectors.call_public(slug)
    if call is None:
        raise Http404
    return render(
        request,
        "funding/call_public.html",
        {
            "call": call,
            "procedure": [StepKind(k).label for k in workflow.call_procedure(call)],
            "accepts": services.call_accepts_applications(call),
            "may_apply": bool(roles_for_user(request.user).hub_ids),
        },
    )


# --- the office: calls ------------------------------------------------------------------------


@login_required
def office_calls(request):
    _require(request, "funding.manage_calls")
    return render(request, "funding/office_calls.html", {"calls": selectors.calls_for_office()})


@login_required
@require_http_methods(["GET", "POST"])
def office_call_create(request):
    _require(request, "funding.manage_calls")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The call has been created as a draft."))
            return redirect("funding:office_call", slug=call.slug)
    return render(request, "funding/office_call_form.html", {"form": form})


def _call_update(request, call):
    form = CallForm(request.POST, instance=call, prefix="call")

    def save():
        services.call_update(
            actor=request.user, call=call, expected_version=form.cleaned_data["version"] or 0, **form.service_kwargs()
        )
        return _("The call has been saved.")

    return _run(request, form, save, _call_url(call, "details"), "call_form")


def _criterion_add(request, call):
    form = CriterionForm(request.POST, prefix="criterion")

    def save():
        services.criterion_add(actor=request.user, call=call, **form.cleaned_data)
        return _("The criterion has been added.")

    return _run(request, form, save, _call_url(call, "criteria"), "criterion_form")


def _criterion_remove(request, call):
    criterion = get_object_or_404(AssessmentCriterion, pk=_posted_id(request, "criterion"), call=call)
    services.criterion_remove(actor=request.user, criterion=criterion)
    messages.success(request, _("The criterion has been removed."))
    return redirect(_call_url(call, "criteria"))


def _required_add(request, call):
    form = RequiredAttachmentForm(request.POST, prefix="required")

    def save():
        services.required_attachment_add(actor=request.user, call=call, **form.cleaned_data)
        return _("The required attachment has been added.")

    return _run(request, form, save, _call_url(call, "attachments"), "required_form")


def _required_remove(request, call):
    required = get_object_or_404(RequiredAttachment, pk=_posted_id(request, "required"), call=call)
    services.required_attachment_remove(actor=request.user, required=required)
    messages.success(request, _("The required attachment has been removed."))
    return redirect(_call_url(call, "attachments"))


def _deadline_add(request, call):
    form = DeadlineForm(request.POST, prefix="deadline")

    def save():
        services.deadline_add(actor=request.user, call=call, **form.cleaned_data)
        return _("The deadline has been added.")

    return _run(request, form, save, _call_url(call, "deadlines"), "deadline_form")


def _deadline_remove(request, call):
    deadline = get_object_or_404(CallDeadline, pk=_posted_id(request, "deadline"), call=call)
    services.deadline_remove(actor=request.user, deadline=deadline)
    messages.success(request, _("The deadline has been removed."))
    return redirect(_call_url(call, "deadlines"))


def _steps(request, call):
    form = StepsForm(request.POST, call=call, prefix="steps")

    def save():
        services.call_steps_set(actor=request.user, call=call, steps=form.steps())
        return _("The procedure has been saved. Applications submitted from now on follow it.")

    return _run(request, form, save, _call_url(call, "procedure"), "steps_form")


def _open(request, call):
    services.call_open(actor=request.user, call=call)
    messages.success(request, _("The call is open."))
    return redirect(_call_url(call))


def _close(request, call):
    services.call_close(actor=request.user, call=call)
    messages.success(request, _("The call is closed."))
    return redirect(_call_url(call))


_CALL_ACTIONS = {
    "update": _call_update,
    "criterion_add": _criterion_add,
    "criterion_remove": _criterion_remove,
    "required_add": _required_add,
    "required_remove": _required_remove,
    "deadline_add": _deadline_add,
    "deadline_remove": _deadline_remove,
    "steps": _steps,
    "open": _open,
    "close": _close,
}


def _call_url(call, anchor: str = "") -> str:
    return reverse("funding:office_call", kwargs={"slug": call.slug}) + (f"#{anchor}" if anchor else "")


@login_required
@require_http_methods(["GET", "POST"])
def office_call(request, slug: str):
    _require(request, "funding.manage_calls")
    call = selectors.call_for_office(slug)
    if call is None:
        raise Http404
    bound: dict = {}
    if request.method == "POST":
        result = _dispatch(request, _CALL_ACTIONS, _call_url(call), call)
        if not isinstance(result, dict):
            return result
        bound = result
    context = {
        "call": call,
        "call_form": CallForm(instance=call, prefix="call"),
        "criterion_form": CriterionForm(prefix="criterion"),
        "required_form": RequiredAttachmentForm(prefix="required"),
        "deadline_form": DeadlineForm(prefix="deadline"),
        "steps_form": StepsForm(call=call, prefix="steps"),
        "procedure": [StepKind(k).label for k in workflow.call_procedure(call)],
        "status_counts": selectors.status_counts(call),
        "CallStatus": CallStatus,
        **bound,
    }
    return render(request, "funding/office_call.html", context)


# --- the office: applications -----------------------------------------------------------------


@login_required
def office_applications(request):
    _require(request, "funding.view_all_applications")
    calls = list(selectors.calls_for_office())
    call = next((c for c in calls if c.slug == request.GET.get("oproep")), None)
    status = request.GET.get("status", "")
    if status not in A.values:
        status = ""
    applications = selectors.applications_for_office(call=call, status=status)
    return render(
        request,
        "funding/office_applications.html",
        {
            "applications": applications,
            "calls": calls,
            "call": call,
            "status": status,
            "statuses": A.choices,
        },
    )


def _office_application_url(application) -> str:
    return reverse("funding:office_application", args=[application.pk])


def _accept(request, application):
    services.application_accept(actor=request.user, application=application)
    messages.success(request, _("The application is complete. It goes on to the next step."))
    return redirect(_office_application_url(application))


def _return(request, application):
    form = ReasonForm(request.POST, prefix="return")

    def save():
        services.application_return(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        return _("The application has been returned for repair. The applicant has been e-mailed.")

    return _run(request, form, save, _office_application_url(application), "return_form")


def _reject(request, application):
    form = ReasonForm(request.POST, prefix="reject")

    def save():
        services.application_reject_incomplete(
            actor=request.user, application=application, reason=form.cleaned_data["reason"]
        )
        return _("The application has been rejected. The applicant has been e-mailed.")

    return _run(request, form, save, _office_application_url(application), "reject_form")


_OFFICE_ACTIONS = {"accept": _accept, "return": _return, "reject": _reject}


@login_required
@require_http_methods(["GET", "POST"])
def office_application(request, pk: int):
    application = selectors.application_detail(pk)
    if application is None:
        raise Http404
    _require(request, "funding.view_all_applications")
    bound: dict = {}
    if request.method == "POST":
        result = _dispatch(request, _OFFICE_ACTIONS, _office_application_url(application), application)
        if not isinstance(result, dict):
            return result
        bound = result
    context = {
        **_application_context(application),
        "in_completeness": workflow.current_step(application) == StepKind.COMPLETENESS,
        "may_return": not application.returned_once and application.status == A.SUBMITTED,
        "return_form": ReasonForm(
            prefix="return",
            label=_("What is missing?"),
            help_text=_("The applicant sees this and gets the call's repair days to fix it."),
        ),
        "reject_form": ReasonForm(prefix="reject", label=_("Why is the application rejected?")),
        **bound,
    }
    return render(request, "funding/office_application.html", context)


def _application_context(application) -> dict:
    return {
        "application": application,
        "call": application.call,
        "budget": selectors.budget_summary(application),
        "missing": selectors.missing_attachments(application),
        "procedure": [StepKind(k).label for k in application.procedure],
        "next_step": workflow.next_step(application),
    }


# --- the applicant ----------------------------------------------------------------------------


@login_required
def my_applications(request):
    _require(request, "funding.view_funding")
    return render(
        request,
        "funding/my_applications.html",
        {"applications": selectors.applications_for_user(request.user), "open_calls": selectors.calls_open()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request, slug: str):
    call = selectors.call_public(slug)
    if call is None:
        raise Http404
    hubs = Hub.objects.filter(pk__in=roles_for_user(request.user).hub_ids).order_by("name")
    if not hubs:
        raise PermissionDenied
    form = ApplicationStartForm(request.POST or None, hubs=hubs)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                actor=request.user, call=call, hub=form.hub(), title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your application has been started. It is saved as a draft."))
            return redirect("funding:application", pk=application.pk)
    return render(request, "funding/application_start.html", {"call": call, "form": form})


def _application_url(application, anchor: str = "") -> str:
    return reverse("funding:application", args=[application.pk]) + (f"#{anchor}" if anchor else "")


def _save(request, application):
    form = ApplicationForm(
        request.POST, prefix="application", lead_choices=services.lead_applicant_choices(application.hub_id)
    )
    if request.htmx:
        return _autosave(request, application, form)

    def save():
        _update(request, application, form)
        return _("Your draft has been saved.")

    result = _run(request, form, save, _application_url(application, "details"), "application_form")
    if isinstance(result, dict) and any(isinstance(e, ConcurrentEditError) for e in _errors(form)):
        result["conflict"] = True
    return result


def _update(request, application, form) -> None:
    data = form.cleaned_data
    services.application_update(
        actor=request.user,
        application=application,
        expected_version=data["version"],
        title=data["title"],
        summary=data["summary"],
        plan=data["plan"],
        months=data["months"],
        lead_applicant=data.get("lead_applicant"),
    )


def _errors(form) -> list:
    return [e for errors in form.errors.as_data().values() for e in errors]


def _autosave(request, application, form):
    """Save as you go (htmx): answer with the save status and the new version (swapped in out of band)."""
    saved, message = False, ""
    if form.is_valid():
        try:
            _update(request, application, form)
            saved = True
        except ValidationError as exc:
            message = " ".join(exc.messages)
    else:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(
        request,
        "funding/_autosave.html",
        {"application": application, "saved": saved, "message": message, "prefix": "application"},
    )


def _partner_add(request, application):
    form = PartnerForm(request.POST, prefix="partner", organisations=selectors.partner_candidates(application))

    def save():
        services.partner_add(actor=request.user, application=application, **form.cleaned_data)
        return _("The partner has been added.")

    return _run(request, form, save, _application_url(application, "partners"), "partner_form")


def _partner_remove(request, application):
    partner = get_object_or_404(ApplicationPartner, pk=_posted_id(request, "partner"), application=application)
    services.partner_remove(actor=request.user, partner=partner)
    messages.success(request, _("The partner has been removed."))
    return redirect(_application_url(application, "partners"))


def _budget_add(request, application):
    form = BudgetLineForm(request.POST, prefix="budget")

    def save():
        services.budget_line_add(actor=request.user, application=application, **form.cleaned_data)
        return _("The budget line has been added.")

    return _run(request, form, save, _application_url(application, "budget"), "budget_form")


def _budget_remove(request, application):
    line = get_object_or_404(BudgetLine, pk=_posted_id(request, "line"), application=application)
    services.budget_line_remove(actor=request.user, line=line)
    messages.success(request, _("The budget line has been removed."))
    return redirect(_application_url(application, "budget"))


def _attachment_upload(request, application):
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment", call=application.call)

    def save():
        services.attachment_upload(
            actor=request.user,
            application=application,
            uploaded_file=form.cleaned_data["file"],
            required=form.cleaned_data["required"],
            name=form.cleaned_data["name"],
        )
        return _("The attachment has been uploaded.")

    return _run(request, form, save, _application_url(application, "attachments"), "attachment_form")


def _attachment_remove(request, application):
    attachment = get_object_or_404(ApplicationAttachment, pk=_posted_id(request, "attachment"), application=application)
    services.attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("The attachment has been removed."))
    return redirect(_application_url(application, "attachments"))


def _submit(request, application):
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        return {"submit_problems": exc.messages}
    messages.success(request, _("Your application has been submitted. You will get an e-mail to confirm it."))
    return redirect(_application_url(application))


def _withdraw(request, application):
    form = ReasonForm(request.POST, prefix="withdraw", required=False)

    def save():
        services.application_withdraw(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        return _("The application has been withdrawn.")

    return _run(request, form, save, _application_url(application), "withdraw_form")


_APPLICATION_ACTIONS = {
    "save": _save,
    "partner_add": _partner_add,
    "partner_remove": _partner_remove,
    "budget_add": _budget_add,
    "budget_remove": _budget_remove,
    "attachment_upload": _attachment_upload,
    "attachment_remove": _attachment_remove,
    "submit": _submit,
    "withdraw": _withdraw,
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application(request, pk: int):
    application = selectors.application_detail(pk)
    if application is None:
        raise Http404
    _require(request, "funding.view_application", application)
    bound: dict = {}
    if request.method == "POST":
        _require(request, "funding.change_application", application)
        result = _dispatch(request, _APPLICATION_ACTIONS, _application_url(application), application)
        if isinstance(result, HttpResponse):
            return result
        bound = result
    editable = selectors.may_edit(request.user, application)
    lead_choices = services.lead_applicant_choices(application.hub_id)
    context = {
        **_application_context(application),
        "editable": editable,
        "may_withdraw": request.user.has_perm("funding.change_application", application)
        and application.status not in (A.AWARDED, A.REJECTED, A.WITHDRAWN),
        "application_form": ApplicationForm(
            prefix="application", lead_choices=lead_choices, initial=ApplicationForm.initial_for(application)
        ),
        "partner_form": PartnerForm(prefix="partner", organisations=selectors.partner_candidates(application)),
        "budget_form": BudgetLineForm(prefix="budget"),
        "attachment_form": AttachmentForm(prefix="attachment", call=application.call),
        "withdraw_form": ReasonForm(prefix="withdraw", required=False, label=_("Why do you withdraw? (optional)")),
        "accepts": services.call_accepts_applications(application.call),
        **bound,
    }
    return render(request, "funding/application.html", context)


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(ApplicationAttachment.objects.select_related("application"), pk=pk)
    _require(request, "funding.view_application", item.application)
    services.attachment_read_log(actor=request.user, attachment=item)
    filename = item.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    try:
        return private_file_response(item.file, filename=filename, content_type=item.content_type)
    except FileNotFoundError:
        raise Http404 from None
