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
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ConcurrentEditError
from participatiehub.core.paging import page_of
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
from .view_helpers import form_action, found, found_for, object_action, post_actions, require, row_action, run

A = ApplicationStatus


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
    require(request, "funding.manage_calls")
    return render(request, "funding/office_calls.html", {"calls": selectors.calls_for_office()})


@login_required
@require_http_methods(["GET", "POST"])
def office_call_create(request):
    require(request, "funding.manage_calls")
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


def _call_url(call, anchor: str = "") -> str:
    return reverse("funding:office_call", kwargs={"slug": call.slug}) + (f"#{anchor}" if anchor else "")


def _call_update(request, call):
    form = CallForm(request.POST, instance=call, prefix="call")

    def save():
        services.call_update(
            actor=request.user, call=call, expected_version=form.cleaned_data["version"] or 0, **form.service_kwargs()
        )
        return _("The call has been saved.")

    return run(request, form, save, _call_url(call, "details"), "call_form")


def _steps(request, call):
    form = StepsForm(request.POST, call=call, prefix="steps")

    def save():
        services.call_steps_set(actor=request.user, call=call, steps=form.steps())
        return _("The procedure has been saved. Applications submitted from now on follow it.")

    return run(request, form, save, _call_url(call, "procedure"), "steps_form")


def _call_add(form_class, prefix: str, service, message: str, anchor: str):
    return form_action(form_class, prefix, service, message, _call_url, anchor, to="call")


def _call_remove(model, name: str, service, message: str, anchor: str):
    return row_action(model, name, service, message, _call_url, anchor, of="call")


_CALL_ACTIONS = {
    "update": _call_update,
    "criterion_add": _call_add(
        CriterionForm, "criterion", services.criterion_add, gettext_lazy("The criterion has been added."), "criteria"
    ),
    "criterion_remove": _call_remove(
        AssessmentCriterion,
        "criterion",
        services.criterion_remove,
        gettext_lazy("The criterion has been removed."),
        "criteria",
    ),
    "required_add": _call_add(
        RequiredAttachmentForm,
        "required",
        services.required_attachment_add,
        gettext_lazy("The required attachment has been added."),
        "attachments",
    ),
    "required_remove": _call_remove(
        RequiredAttachment,
        "required",
        services.required_attachment_remove,
        gettext_lazy("The required attachment has been removed."),
        "attachments",
    ),
    "deadline_add": _call_add(
        DeadlineForm, "deadline", services.deadline_add, gettext_lazy("The deadline has been added."), "deadlines"
    ),
    "deadline_remove": _call_remove(
        CallDeadline, "deadline", services.deadline_remove, gettext_lazy("The deadline has been removed."), "deadlines"
    ),
    "steps": _steps,
    "open": object_action(services.call_open, gettext_lazy("The call is open."), _call_url, to="call"),
    "close": object_action(services.call_close, gettext_lazy("The call is closed."), _call_url, to="call"),
}


@login_required
@require_http_methods(["GET", "POST"])
def office_call(request, slug: str):
    require(request, "funding.manage_calls")
    call = found(selectors.call_for_office(slug))
    bound = post_actions(request, _CALL_ACTIONS, _call_url(call), call)
    if not isinstance(bound, dict):
        return bound
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
    require(request, "funding.view_all_applications")
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
            "page": page_of(request, applications),
            "calls": calls,
            "call": call,
            "status": status,
            "statuses": A.choices,
        },
    )


def _office_application_url(application, anchor: str = "") -> str:
    return reverse("funding:office_application", args=[application.pk]) + (f"#{anchor}" if anchor else "")


def _reason_action(prefix: str, service, message: str, url, **form_kwargs):
    """A handler for a form with a reason that goes to ``service`` with the application."""
    return form_action(ReasonForm, prefix, service, message, url, to="application", kwargs=lambda _a: form_kwargs)


_OFFICE_ACTIONS = {
    "accept": object_action(
        services.application_accept,
        gettext_lazy("The application is complete. It goes on to the next step."),
        _office_application_url,
        to="application",
    ),
    "return": _reason_action(
        "return",
        services.application_return,
        gettext_lazy("The application has been returned for repair. The applicant has been e-mailed."),
        _office_application_url,
    ),
    "reject": _reason_action(
        "reject",
        services.application_reject_incomplete,
        gettext_lazy("The application has been rejected. The applicant has been e-mailed."),
        _office_application_url,
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def office_application(request, pk: int):
    application = found_for(request, selectors.application_detail(pk), "funding.view_all_applications", on_object=False)
    bound = post_actions(request, _OFFICE_ACTIONS, _office_application_url(application), application)
    if not isinstance(bound, dict):
        return bound
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
    require(request, "funding.view_funding")
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

    result = run(request, form, save, _application_url(application, "details"), "application_form")
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


def _applicant_add(form_class, prefix: str, service, message: str, anchor: str, kwargs=None):
    return form_action(form_class, prefix, service, message, _application_url, anchor, to="application", kwargs=kwargs)


def _applicant_remove(model, name: str, service, message: str, anchor: str):
    return row_action(model, name, service, message, _application_url, anchor, of="application")


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

    return run(request, form, save, _application_url(application, "attachments"), "attachment_form")


def _submit(request, application):
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as exc:
        return {"submit_problems": exc.messages}
    messages.success(request, _("Your application has been submitted. You will get an e-mail to confirm it."))
    return redirect(_application_url(application))


_APPLICATION_ACTIONS = {
    "save": _save,
    "partner_add": _applicant_add(
        PartnerForm,
        "partner",
        services.partner_add,
        gettext_lazy("The partner has been added."),
        "partners",
        kwargs=lambda application: {"organisations": selectors.partner_candidates(application)},
    ),
    "partner_remove": _applicant_remove(
        ApplicationPartner,
        "partner",
        services.partner_remove,
        gettext_lazy("The partner has been removed."),
        "partners",
    ),
    "budget_add": _applicant_add(
        BudgetLineForm, "budget", services.budget_line_add, gettext_lazy("The budget line has been added."), "budget"
    ),
    "budget_remove": _applicant_remove(
        BudgetLine, "line", services.budget_line_remove, gettext_lazy("The budget line has been removed."), "budget"
    ),
    "attachment_upload": _attachment_upload,
    "attachment_remove": _applicant_remove(
        ApplicationAttachment,
        "attachment",
        services.attachment_remove,
        gettext_lazy("The attachment has been removed."),
        "attachments",
    ),
    "submit": _submit,
    "withdraw": _reason_action(
        "withdraw",
        services.application_withdraw,
        gettext_lazy("The application has been withdrawn."),
        _application_url,
        required=False,
    ),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application(request, pk: int):
    application = found_for(request, selectors.application_detail(pk), "funding.view_application")
    if request.method == "POST":
        require(request, "funding.change_application", application)
    bound = post_actions(request, _APPLICATION_ACTIONS, _application_url(application), application)
    if not isinstance(bound, dict):
        return bound
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
    require(request, "funding.view_application", item.application)
    services.attachment_read_log(actor=request.user, attachment=item)
    filename = item.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    try:
        return private_file_response(item.file, filename=filename, content_type=item.content_type)
    except FileNotFoundError:
        raise Http404 from None
