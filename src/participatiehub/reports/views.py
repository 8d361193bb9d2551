"""The programme office's pages for programme reports: the list, a report with its progress and downloads,
and the redaction report (review: undo a false positive, add a missed text)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participatiehub.core.paging import page_of
from participatiehub.core.storage import private_file_response

from . import generation, selectors, services
from .constants import ReportStatus
from .forms import AddTermForm, FindingFilterForm, ReportForm, UndoForm
from .models import RedactionFinding

DOWNLOADS = {
    "intern-pdf": ("internal_pdf", False, "pdf", "application/pdf"),
    "intern-docx": (
        "internal_docx",
        False,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "openbaar-pdf": ("public_pdf", True, "pdf", "application/pdf"),
    "openbaar-docx": (
        "public_docx",
        True,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def _require(request) -> None:
    if not request.user.has_perm("reports.manage"):
        raise PermissionDenied


def _errors(form, error: ValidationError) -> None:
    for text in error.messages:
        form.add_error(None, text)


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    _require(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(actor=request.user, period=form.cleaned_data["period"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The report is being made. This page shows how far it is."))
            return redirect("reports:detail", pk=report.pk)
    page = page_of(request, selectors.reports_list(), 25)
    return render(request, "reports/list.html", {"page": page, "form": form})


@login_required
@require_GET
def report_detail(request, pk: int):
    _require(request)
    report = selectors.report(pk)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "counts": selectors.finding_counts(report),
            "out_of_date": report.status == ReportStatus.DONE and selectors.is_out_of_date(report),
        },
    )


@login_required
@require_GET
def report_status(request, pk: int):
    """The progress block; htmx polls it while the report is being made."""
    _require(request)
    return render(request, "reports/_status.html", {"report": selectors.report(pk)})


@login_required
@require_POST
def report_rerun(request, pk: int):
    _require(request)
    report = selectors.report(pk)
    if services.report_rerun(actor=request.user, report=report):
        messages.success(request, _("The report is being made again."))
    else:
        messages.info(request, _("The report is already being made."))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_GET
def report_download(request, pk: int, kind: str):
    _require(request)
    if kind not in DOWNLOADS:
        raise Http404
    report = selectors.report(pk)
    field_name, public, extension, content_type = DOWNLOADS[kind]
    field = getattr(report, field_name)
    if not field:
        raise Http404
    services.download_logged(actor=request.user, report=report, public=public)
    try:
        return private_file_response(
            field, filename=generation.file_name(report, public, extension), content_type=content_type
        )
    except FileNotFoundError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk: int):
    _require(request)
    report = selectors.report(pk)
    form = AddTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_add(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The text is redacted from now on. The public files are being made again."))
            return redirect("reports:review", pk=report.pk)
    filters = FindingFilterForm(request.GET or None)
    state = filters.cleaned_data.get("state", "") if filters.is_valid() else ""
    page = page_of(request, selectors.findings(report, state=state), 100)
    return render(
        request,
        "reports/review.html",
        {
            "report": report,
            "page": page,
            "form": form,
            "filters": filters,
            "counts": selectors.finding_counts(report),
            "out_of_date": report.status == ReportStatus.DONE and selectors.is_out_of_date(report),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_undo(request, pk: int, finding_pk: int):
    _require(request)
    report = selectors.report(pk)
    finding = get_object_or_404(RedactionFinding, pk=finding_pk, report=report)
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_undo(actor=request.user, finding=finding, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The text stays readable from now on. The public files are being made again."))
            return redirect("reports:review", pk=report.pk)
    return render(request, "reports/undo.html", {"report": report, "finding": finding, "form": form})
