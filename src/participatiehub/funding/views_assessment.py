"""Assessment pages: the assessor's inbox, the conflict declaration, the referee's scoring form, the
applicant's anonymised reports and rebuttal, the committee's table and the office's assessment and
decision pages. Views stay thin: selectors_assessment reads, services_assessment writes and checks.

Access (rules.py): an assessor opens an application only after declaring no conflict of interest (a
declared conflict gives 403 on every page of that application); scores and referee names are for the
office and the committee; the applicant sees the reports anonymised, without scores. Anonymous
visitors go to the log-in page; a signed-in user outside the scope gets 403, an unknown id 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participatiehub.accounts.selectors import roles_for_user

from . import selectors, workflow
from . import selectors_assessment as reads
from . import services_assessment as services
from .assessment_forms import (
    CommitteeAssignForm,
    ConflictForm,
    DecisionForm,
    RankForm,
    RebuttalForm,
    RefereeAssignForm,
    ScoreForm,
)
from .constants import ApplicationStatus, AssignmentRole, StepKind
from .forms import ReasonForm
from .models import Call, RefereeAssignment
from .view_helpers import form_action, found, found_for, post_actions, require, row_action, run

A = ApplicationStatus


# --- the assessor ---------------------------------------------------------------------------------


@login_required
def inbox(request):
    require(request, "funding.view_assessments")
    return render(
        request,
        "funding/assessment/inbox.html",
        {
            "assignments": reads.inbox(request.user),
            "conflicted": reads.conflicted_count(request.user),
            "Role": AssignmentRole,
        },
    )


def _own_assignments(request, application) -> list[RefereeAssignment]:
    """The user's assignments to ``application``; none, or a declared conflict, is a 403."""
    assignments = list(RefereeAssignment.objects.filter(application=application, user=request.user).order_by("pk"))
    if not assignments or any(a.declared_conflict for a in assignments):
        raise PermissionDenied
    return assignments


def _after_declaration(assignments) -> str:
    if any(a.role == AssignmentRole.REFEREE for a in assignments):
        return reverse("funding:assessment_score", args=[assignments[0].application_id])
    return reverse("funding:assessment_committee", args=[assignments[0].application.call.slug])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def declare(request, pk: int):
    """Declare a conflict of interest, or none, before opening the application."""
    application = found(selectors.application_detail(pk))
    assignments = _own_assignments(request, application)
    form = ConflictForm(request.POST or None)

    def save():
        conflict = form.cleaned_data["conflict"]
        for assignment in assignments:
            if conflict or assignment.declared_at is None:
                services.conflict_declare(
                    actor=request.user, assignment=assignment, conflict=conflict, note=form.cleaned_data["note"]
                )
        if conflict:
            return _("Thank you. You declared a conflict of interest. You will not assess this application.")
        return _("Thank you. You can now open the application.")

    def after():
        if form.cleaned_data["conflict"]:
            return reverse("funding:assessment_inbox")
        return _after_declaration(assignments)

    if request.method == "POST":
        answer = run(request, form, save, after, "form")
        if not isinstance(answer, dict):
            return answer
    return render(
        request,
        "funding/assessment/declare.html",
        {
            "application": application,
            "assignments": assignments,
            "declared": all(a.declared_at for a in assignments),
            "form": form,
        },
    )


def _score_url(application) -> str:
    return reverse("funding:assessment_score", args=[application.pk])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk: int):
    """The referee's page: the application, and their own scores per criterion with a motivation."""
    application = found(selectors.application_detail(pk))
    assignment = next((a for a in _own_assignments(request, application) if a.role == AssignmentRole.REFEREE), None)
    if assignment is None:
        raise PermissionDenied
    if assignment.declared_at is None:
        return redirect("funding:assessment_declare", pk=application.pk)
    assignment = RefereeAssignment.objects.prefetch_related("scores").get(pk=assignment.pk)
    open_for_scores = assignment.report_submitted_at is None and workflow.current_step(application) == StepKind.REFEREES
    form = ScoreForm(call=application.call, initial=ScoreForm.initial_for(assignment))
    if request.method == "POST":
        form = ScoreForm(request.POST, call=application.call)
        submit = request.POST.get("action") == "submit"

        def save():
            services.report_save(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comments=form.cleaned_data["comments"],
                submit=submit,
            )
            if submit:
                return _("Your report has been submitted. Thank you.")
            return _("Your scores have been saved. You can submit them later.")

        answer = run(request, form, save, _score_url(application), "form")
        if not isinstance(answer, dict):
            return answer
    return render(
        request,
        "funding/assessment/score.html",
        {
            "application": application,
            "call": application.call,
            "assignment": assignment,
            "budget": selectors.budget_summary(application),
            "missing": selectors.missing_attachments(application),
            "form": form,
            "open_for_scores": open_for_scores,
            "own_scores": list(assignment.scores.all()),
        },
    )


# --- the applicant: anonymised reports and the rebuttal ----------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rebuttal(request, pk: int):
    application = found_for(request, selectors.application_detail(pk), "funding.read_reports")
    visible = reads.reports_visible_to_applicant(application)
    existing = getattr(application, "rebuttal", None)
    due = reads.rebuttal_due(application)
    may_rebut = (
        application.status == A.REBUTTAL
        and existing is None
        and (due is None or timezone.now() < due)
        and request.user.has_perm("funding.rebut", application)
    )
    form = RebuttalForm(request.POST or None)
    if request.method == "POST":
        require(request, "funding.rebut", application)

        def save():
            services.rebuttal_submit(actor=request.user, application=application, text=form.cleaned_data["text"])
            return _("Your rebuttal has been sent. The programme office has been told.")

        answer = run(request, form, save, reverse("funding:assessment_rebuttal", args=[application.pk]), "form")
        if not isinstance(answer, dict):
            return answer
    return render(
        request,
        "funding/assessment/rebuttal.html",
        {
            "application": application,
            "visible": visible,
            "reports": reads.anonymised_reports(application) if visible else [],
            "rebuttal": existing,
            "due": due,
            "may_rebut": may_rebut,
            "form": form,
        },
    )


# --- the committee --------------------------------------------------------------------------------


def _rank_forms(rows, data=None) -> list:
    """One RankForm per application that is with the committee (prefix: the application's id)."""
    forms = []
    for row in rows:
        if row.application.status != A.COMMITTEE:
            continue
        ranking = row.ranking
        initial = {"rank": ranking.rank, "advice": ranking.advice, "note": ranking.note} if ranking else {}
        row.rank_form = RankForm(data, prefix=f"a{row.application.pk}", initial=initial)
        forms.append((row, row.rank_form))
    return forms


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def committee(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    require(request, "funding.view_committee", call)
    office = roles_for_user(request.user).is_programme_office
    rows = reads.committee_table(call, request.user, office=office)
    rank_forms = _rank_forms(rows)
    problems: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "rank":
            require(request, "funding.rank_applications", call)
            rank_forms = _rank_forms(rows, request.POST)
            if all(form.is_valid() for _row, form in rank_forms):
                try:
                    services.ranking_save(
                        actor=request.user,
                        call=call,
                        rows=[{"application": row.application, **form.cleaned_data} for row, form in rank_forms],
                    )
                except ValidationError as exc:
                    problems = exc.messages
                else:
                    messages.success(request, _("The ranking has been saved."))
                    return redirect("funding:assessment_committee", slug=call.slug)
            else:
                problems = [_("Not everything is filled in correctly. See the marked fields.")]
        elif action == "close":
            require(request, "funding.manage_assessment")
            try:
                moved = services.committee_close_call(actor=request.user, call=call)
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s application went on to the decision.",
                        "%(n)s applications went on to the decision.",
                        moved,
                    )
                    % {"n": moved},
                )
                return redirect("funding:assessment_committee", slug=call.slug)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    return render(
        request,
        "funding/assessment/committee.html",
        {
            "call": call,
            "criteria": list(call.criteria.all()),
            "rows": rows,
            "rank_forms": rank_forms,
            "problems": problems,
            "office": office,
        },
    )


# --- the office -------------------------------------------------------------------------------------


def _office_url(application, anchor: str = "") -> str:
    return reverse("funding:assessment_office", args=[application.pk]) + (f"#{anchor}" if anchor else "")


def _assign(form_class, key):
    def handler(request, application):
        form = form_class(request.POST, prefix=key)

        def save():
            services.assignment_add(
                actor=request.user, application=application, user=form.cleaned_data["user"], role=form_class.role
            )
            return _("%(name)s has been asked and e-mailed.") % {"name": form.cleaned_data["user"]}

        return run(request, form, save, _office_url(application, "assessors"), f"{key}_form")

    return handler


def _closer(service, prefix: str, message: str):
    """A handler that moves the application on, with a reason where the step is not done."""
    return form_action(
        ReasonForm, prefix, service, message, _office_url, to="application", kwargs=lambda _a: {"required": False}
    )


_OFFICE_ACTIONS = {
    "assign_referee": _assign(RefereeAssignForm, "referee"),
    "assign_committee": _assign(CommitteeAssignForm, "committee"),
    "unassign": row_action(
        RefereeAssignment,
        "assignment",
        services.assignment_remove,
        gettext_lazy("The assignment has been removed."),
        _office_url,
        "assessors",
        of="application",
    ),
    "close_referees": _closer(
        services.referees_close, "referees", gettext_lazy("The referee step is closed. The application went on.")
    ),
    "close_rebuttal": _closer(
        services.rebuttal_close, "rebuttal", gettext_lazy("The rebuttal step is closed. The application went on.")
    ),
    "close_committee": _closer(
        services.committee_close, "committee_close", gettext_lazy("The application went on to the decision.")
    ),
    "decide": form_action(
        DecisionForm,
        "decision",
        services.decision_record,
        gettext_lazy("The decision has been recorded. The applicant has been e-mailed."),
        _office_url,
        to="application",
    ),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def office(request, pk: int):
    """The office's page of one application's assessment: assessors and conflicts, reports and
    weighted scores, rebuttal, ranking, moving the steps on, and the decision."""
    require(request, "funding.manage_assessment")
    application = found(reads.assessment_detail(pk))
    # A POST runs one action: a redirect, or the bound form with its errors back into the page.
    bound = post_actions(request, _OFFICE_ACTIONS, _office_url(application), application)
    if not isinstance(bound, dict):
        return bound
    step = workflow.current_step(application)
    assessment = reads.assessment_of(application)
    context = {
        "application": application,
        "call": application.call,
        "assessment": assessment,
        "procedure": [StepKind(k).label for k in application.procedure],
        "step": step,
        "StepKind": StepKind,
        "due": reads.rebuttal_due(application),
        "may_assign_referees": services.step_ahead_or_current(application, StepKind.REFEREES),
        "may_assign_committee": services.step_ahead_or_current(application, StepKind.COMMITTEE),
        "referee_form": RefereeAssignForm(prefix="referee"),
        "committee_form": CommitteeAssignForm(prefix="committee"),
        "referees_form": ReasonForm(
            prefix="referees",
            required=False,
            label=_("Reason (needed when not every referee has submitted)"),
        ),
        "rebuttal_form": ReasonForm(
            prefix="rebuttal",
            required=False,
            label=_("Reason (needed while the applicant can still send a rebuttal)"),
        ),
        "committee_close_form": ReasonForm(
            prefix="committee_close",
            required=False,
            label=_("Reason (needed when the committee has not ranked it)"),
        ),
        "decision_form": DecisionForm(prefix="decision", initial={"amount": assessment.requested}),
        "decision": getattr(application, "decision", None),
        **bound,
    }
    return render(request, "funding/assessment/office.html", context)


@never_cache
@login_required
def office_call(request, slug: str):
    """The office's overview of a call's assessment: per application the reports, the referees still
    writing, the declared conflicts and the weighted score. (The days for the rebuttal are set on the
    call's own page.)"""
    require(request, "funding.manage_assessment")
    call = get_object_or_404(Call, slug=slug)
    return render(request, "funding/assessment/office_call.html", {"call": call, "rows": reads.call_overview(call)})
