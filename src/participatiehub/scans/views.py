"""Scan pages. Views stay thin: selectors read, services write and check.

The office: templates and their versions (a published version is read-only; "make a new version"
opens a draft copy), rounds (open, follow who has submitted, close, export the scores). A hub's
coordinators: their hub's responses, the form (saved as they go; every save checks the version),
submission, and after it the scores in a radar chart against the national median and the previous
year. Anonymous visitors go to log in; a signed-in user outside the scope gets 403, an unknown id 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatiehub.core.exceptions import ConcurrentEditError

from . import exports, selectors, services
from .charts import Series, radar_svg
from .constants import EDITABLE, ResponseStatus
from .forms import (
    DimensionEditForm,
    DimensionForm,
    PublishForm,
    QuestionForm,
    ReasonForm,
    ResponseForm,
    RoundForm,
    ScaleForm,
    TemplateForm,
)
from .models import AnswerScale, Dimension, Question

S = ResponseStatus


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _posted_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


def _refused(request, exc: ValidationError, url: str):
    for message in exc.messages:
        messages.error(request, message)
    return redirect(url)


# --- the coordinator's list ---------------------------------------------------------------------


@login_required
def my_scans(request):
    _require(request, "scans.view_my_scans")
    responses = list(selectors.responses_for_user(request.user))
    today = timezone.localdate()
    for response in responses:
        response.accepts = services.round_accepts_answers(response.scan_round, today)
    return render(request, "scans/my_scans.html", {"responses": responses})


# --- the office: templates ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def office_templates(request):
    _require(request, "scans.manage_scans")
    form = TemplateForm(request.POST or None, prefix="template")
    if request.method == "POST" and form.is_valid():
        try:
            version = services.template_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The template has been made. Add dimensions and questions, then publish it."))
            return redirect("scans:office_version", pk=version.pk)
    return render(request, "scans/office_templates.html", {"templates": selectors.templates_for_office(), "form": form})


def _version_url(version_pk: int, anchor: str = "") -> str:
    return reverse("scans:office_version", kwargs={"pk": version_pk}) + (f"#{anchor}" if anchor else "")


def _expected(form) -> int | None:
    return form.cleaned_data.get("version")


def _version_forms(version, bound: dict):
    """The draft's forms, one per dimension and question, with a bound one (after a refusal) in its place."""
    scales = list(version.scales.all())
    for dimension in version.dimensions.all():
        dimension.edit_form = bound.get(f"d{dimension.pk}") or DimensionEditForm(
            prefix=f"d{dimension.pk}",
            initial={
                "name": dimension.name,
                "explanation": dimension.explanation,
                "order": dimension.order,
                "version": version.version,
            },
        )
        dimension.new_question_form = bound.get(f"nq{dimension.pk}") or QuestionForm(
            prefix=f"nq{dimension.pk}",
            scales=scales,
            initial={"version": version.version, "order": (len(dimension.questions.all()) + 1) * 10},
        )
        for question in dimension.questions.all():
            question.edit_form = bound.get(f"q{question.pk}") or QuestionForm(
                prefix=f"q{question.pk}",
                scales=scales,
                initial={
                    "text": question.text,
                    "help_text": question.help_text,
                    "scale": question.scale_id,
                    "order": question.order,
                    "required": question.required,
                    "version": version.version,
                },
            )
    initial = {"version": version.version}
    return {
        "dimension_form": bound.get("dimension") or DimensionForm(prefix="dimension", initial=initial),
        "scale_form": bound.get("scale") or ScaleForm(prefix="scale", initial=initial),
        "publish_form": bound.get("publish") or PublishForm(prefix="publish", initial=initial),
    }


def _version_post(request, version):
    """Run the posted action on the draft: a redirect, or {prefix: bound form} to show its errors."""
    action = request.POST.get("action", "")
    actor = request.user
    if action == "new_draft":
        draft = services.template_draft(actor=actor, template=version.template)
        messages.success(request, _("This is the new draft version. Change it, then publish it."))
        return redirect(_version_url(draft.pk))
    handlers = {
        "dimension_add": ("dimension", DimensionForm, None),
        "dimension_update": (None, DimensionEditForm, Dimension),
        "question_add": (None, QuestionForm, Dimension),
        "question_update": (None, QuestionForm, Question),
        "scale_add": ("scale", ScaleForm, None),
        "publish": ("publish", PublishForm, None),
    }
    removals = {"dimension_remove": Dimension, "question_remove": Question, "scale_remove": AnswerScale}
    filters = {
        Dimension: {"template_version": version},
        Question: {"dimension__template_version": version},
        AnswerScale: {"template_version": version},
    }
    if action in removals:
        model = removals[action]
        row = get_object_or_404(model, pk=_posted_id(request, "row"), **filters[model])
        expected = _posted_version(request)
        try:
            {
                Dimension: lambda: services.dimension_remove(actor=actor, dimension=row, expected_version=expected),
                Question: lambda: services.question_remove(actor=actor, question=row, expected_version=expected),
                AnswerScale: lambda: services.scale_remove(actor=actor, scale=row, expected_version=expected),
            }[model]()
        except ValidationError as exc:
            return _refused(request, exc, _version_url(version.pk))
        messages.success(request, _("Removed."))
        return redirect(_version_url(version.pk))
    if action not in handlers:
        return HttpResponseBadRequest(_("Unknown action."))
    prefix, form_class, model = handlers[action]
    row = None
    if model is not None:
        row = get_object_or_404(model, pk=_posted_id(request, "row"), **filters[model])
        prefix = {"dimension_update": "d", "question_add": "nq", "question_update": "q"}[action] + str(row.pk)
    kwargs = {"scales": list(version.scales.all())} if form_class is QuestionForm else {}
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if not form.is_valid():
        return {prefix: form}
    data = dict(form.cleaned_data)
    expected = data.pop("version", None)
    try:
        if action == "dimension_add":
            services.dimension_add(actor=actor, template_version=version, expected_version=expected, **data)
            message, anchor = _("The dimension has been added."), "dimensions"
        elif action == "dimension_update":
            services.dimension_update(actor=actor, dimension=row, expected_version=expected, **data)
            message, anchor = _("The dimension has been saved."), f"dimension-{row.pk}"
        elif action == "question_add":
            services.question_add(actor=actor, dimension=row, expected_version=expected, **data)
            message, anchor = _("The question has been added."), f"dimension-{row.pk}"
        elif action == "question_update":
            services.question_update(actor=actor, question=row, expected_version=expected, **data)
            message, anchor = _("The question has been saved."), f"dimension-{row.dimension_id}"
        elif action == "scale_add":
            data = form.service_kwargs()
            data.pop("version", None)
            services.scale_add(actor=actor, template_version=version, expected_version=expected, **data)
            message, anchor = _("The answer scale has been added."), "scales"
        else:
            services.version_publish(actor=actor, template_version=version, expected_version=expected, **data)
            message, anchor = _("The version has been published. New rounds can use it."), ""
    except ValidationError as exc:
        form.add_error(None, exc)
        return {prefix: form}
    messages.success(request, message)
    return redirect(_version_url(version.pk, anchor))


def _posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdecimal() and len(value) < 10 else None


@login_required
@require_http_methods(["GET", "POST"])
def office_version(request, pk: int):
    _require(request, "scans.manage_scans")
    version = _found(selectors.version_detail(pk))
    bound = {}
    if request.method == "POST":
        result = _version_post(request, version)
        if not isinstance(result, dict):
            return result
        bound = result
    context = {
        "version": version,
        "template": version.template,
        "draft": version.is_draft,
        "dimensions": list(version.dimensions.all()),
        "scales": list(version.scales.all()),
        "rounds": list(version.rounds.all()),
        "bound": bool(bound),
    }
    if version.is_draft:
        context.update(_version_forms(version, bound))
    else:
        context["has_draft"] = version.template.versions.filter(status="draft").first()
    return render(request, "scans/office_version.html", context)


# --- the office: rounds -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def office_rounds(request):
    _require(request, "scans.manage_scans")
    versions = selectors.published_versions()
    form = RoundForm(request.POST or None, prefix="round", versions=versions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scan_round = services.round_open(
                actor=request.user,
                year=data["year"],
                template_version=data["template_version"],
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                reminder_days=services.reminder_days_parse(data["reminder_days"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The round for %(year)s is open. %(count)s hubs can fill in the scan.")
                % {"year": scan_round.year, "count": scan_round.responses.count()},
            )
            return redirect("scans:office_round", pk=scan_round.pk)
    return render(request, "scans/office_rounds.html", {"rounds": selectors.rounds_for_office(), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def office_round(request, pk: int):
    _require(request, "scans.manage_scans")
    scan_round = _found(selectors.round_detail(pk))
    url = reverse("scans:office_round", kwargs={"pk": scan_round.pk})
    if request.method == "POST":
        if request.POST.get("action") != "close":
            return HttpResponseBadRequest(_("Unknown action."))
        try:
            services.round_close(actor=request.user, scan_round=scan_round)
        except ValidationError as exc:
            return _refused(request, exc, url)
        messages.success(request, _("The round is closed."))
        return redirect(url)
    responses = list(selectors.round_responses(scan_round))
    shown = request.GET.get("status", "")
    if shown not in S.values:
        shown = ""
    return render(
        request,
        "scans/office_round.html",
        {
            "round": scan_round,
            "responses": [r for r in responses if r.status == shown] if shown else responses,
            "responses_total": len(responses),
            "shown": shown,
            "counts": selectors.status_counts(responses),
            "waiting": sum(1 for r in responses if r.status != S.SUBMITTED),
            "accepts": services.round_accepts_answers(scan_round),
            "now": timezone.now(),
        },
    )


@login_required
def office_round_export(request, pk: int, fmt: str):
    _require(request, "scans.manage_scans")
    scan_round = _found(selectors.round_detail(pk))
    table = selectors.round_score_table(scan_round)
    name = f"participatiescan-{scan_round.year}-scores"
    if fmt == "csv":
        response = HttpResponse(exports.scores_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        exports.scores_xlsx(scan_round, table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- one response -------------------------------------------------------------------------------


def _response_url(response, anchor: str = "") -> str:
    return reverse("scans:response", kwargs={"pk": response.pk}) + (f"#{anchor}" if anchor else "")


def _save(request, response, form) -> tuple[str | None, bool]:
    """Save the posted answers: (the refusal's text or None when saved, whether the page was stale)."""
    if not form.is_valid():
        return " ".join(str(e) for errors in form.errors.values() for e in errors), False
    try:
        saved = services.response_save(
            actor=request.user,
            response=response,
            expected_version=form.cleaned_data.get("version"),
            answers=form.answers(),
            comments=form.comments(),
            page=form.cleaned_data.get("page") or "",
        )
    except ValidationError as exc:
        return " ".join(exc.messages), isinstance(exc, ConcurrentEditError)
    response.version = saved.version
    response.status = saved.status
    response.last_saved_at, response.last_saved_by = saved.last_saved_at, request.user
    return None, False


def _response_post(request, response, blocks):
    action = request.POST.get("action", "")
    if action == "reopen":
        _require(request, "scans.reopen_response", response)
        form = ReasonForm(request.POST, prefix="reopen")
        if form.is_valid():
            try:
                services.response_reopen(actor=request.user, response=response, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The scan has been reopened. The hub's coordinators have been e-mailed."))
                return redirect(_response_url(response))
        return {"reopen_form": form}
    if action not in ("save", "submit"):
        return HttpResponseBadRequest(_("Unknown action."))
    _require(request, "scans.change_response", response)
    form = ResponseForm(request.POST, prefix="scan", blocks=blocks)
    problem, stale = _save(request, response, form)
    if request.htmx:
        return render(request, "scans/_autosave.html", {"response": response, "problem": problem, "stale": stale})
    if problem:
        return {"save_problem": problem, "response_form": form, "stale": stale}
    if action == "save":
        messages.success(request, _("Your answers have been saved."))
        return redirect(_response_url(response))
    try:
        services.response_submit(actor=request.user, response=response, expected_version=response.version)
    except services.IncompleteError as exc:
        return {"missing": exc.missing}
    except ValidationError as exc:
        return _refused(request, exc, _response_url(response))
    messages.success(request, _("Thank you. Your scan has been submitted."))
    return redirect(_response_url(response, "scores"))


@login_required
@require_http_methods(["GET", "POST"])
def response(request, pk: int):
    scan_response = _found(selectors.response_detail(pk))
    _require(request, "scans.view_response", scan_response)
    blocks = selectors.response_blocks(scan_response)
    extra = {}
    if request.method == "POST":
        result = _response_post(request, scan_response, blocks)
        if not isinstance(result, dict):
            return result
        extra = result
        blocks = selectors.response_blocks(scan_response)
        if "missing" in extra:
            numbers = {row.question.pk: row.number for block in blocks for row in block.questions}
            extra["missing"] = [(numbers.get(q.pk), q) for q in extra["missing"]]
    may_change = request.user.has_perm("scans.change_response", scan_response)
    editable = (
        may_change and scan_response.status in EDITABLE and services.round_accepts_answers(scan_response.scan_round)
    )
    context = {
        "response": scan_response,
        "round": scan_response.scan_round,
        "blocks": blocks,
        "editable": editable,
        "may_change": may_change,
        "may_reopen": request.user.has_perm("scans.reopen_response", scan_response)
        and scan_response.status == S.SUBMITTED
        and scan_response.scan_round.closed_at is None,
        "events": list(selectors.response_events(scan_response)),
        "now": timezone.now(),
        **extra,
    }
    if editable and "response_form" not in context:
        context["response_form"] = ResponseForm(
            prefix="scan", blocks=blocks, initial={"version": scan_response.version, "page": secrets.token_hex(8)}
        )
    if context["may_reopen"] and "reopen_form" not in context:
        context["reopen_form"] = ReasonForm(prefix="reopen")
    if scan_response.status == S.SUBMITTED:
        context.update(_radar(scan_response))
    return render(request, "scans/response.html", context)


def _radar(scan_response) -> dict:
    result = selectors.comparison(scan_response)
    series = [
        Series(scan_response.hub.name, [r.hub for r in result.rows]),
        Series(_("National median"), [r.median for r in result.rows]),
    ]
    if result.has_previous:
        series.append(Series(str(scan_response.scan_round.year - 1), [r.previous for r in result.rows]))
    description = _(
        "Scores from 0 to 100 per dimension of %(hub)s, the national median over %(count)s submitted scans"
        "%(previous)s. The table beside the chart gives the same numbers."
    ) % {
        "hub": scan_response.hub.name,
        "count": result.submitted_count,
        "previous": (_(" and the hub's own scan of %(year)s") % {"year": scan_response.scan_round.year - 1})
        if result.has_previous
        else "",
    }
    return {
        "comparison": result,
        "radar": radar_svg(
            chart_id=f"radar-{scan_response.pk}",
            title=_("Participation scan %(year)s: scores per dimension") % {"year": scan_response.scan_round.year},
            description=description,
            axes=[r.name for r in result.rows],
            series=series,
        ),
    }
