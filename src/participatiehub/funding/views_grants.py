"""Grant pages: the office's list, what needs attention and one grant with its actions; the budget
dashboard and its XLSX export (office and finance); the grantee's list and grant page; the award letter.

Access (tests/funding/test_grant_permissions.py): anonymous visitors go to the log-in page; an unknown
grant is a 404; an existing grant outside one's scope, or an office page for anyone but the office
(the budget also for finance), is a 403. Every edit carries the grant's version (optimistic locking).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from participatiehub.core.paging import PAGE_PARAM, page_of
from participatiehub.core.services import data_version, lazy_context
from participatiehub.core.storage import private_file_response
from participatiehub.hubs.selectors import overview_signature

from . import selectors_grants, services_grants
from .budget_export import budget_workbook
from .charts import Series, bar_chart_svg
from .constants import APPLIED_VERSION, GrantStatus
from .grant_forms import (
    ActivityLinkForm,
    ChangeRequestForm,
    FinalReportForm,
    ProgressReportForm,
    ReviewForm,
    SettlementForm,
)
from .models import AdvancePayment, ChangeRequest, GrantActivity, ProgrammeLine, ProgressReport, Reclaim
from .selectors_budget import budget_dashboard
from .services_grants import GRANTS_PUBLIC_VERSION
from .view_helpers import (
    form_action,
    found_for,
    object_action,
    post_actions,
    posted_id,
    require,
    row_action,
    submit,
)

G = GrantStatus


# --- the office: grants ------------------------------------------------------------------------


def _cache_key(*parts) -> str:
    """For the office's grant list and the budget dashboard (ADR 0004): changes whenever what they show
    can change — any grant, payment, report, settlement or reclaim (every grant service bumps
    ``GRANTS_PUBLIC_VERSION``), a programme line or a submitted budget (``APPLIED_VERSION``), a hub's
    name or region, and the date (what is overdue, the elapsed share of each line's period)."""
    versions = (data_version(GRANTS_PUBLIC_VERSION), data_version(APPLIED_VERSION))
    return ":".join(map(str, (*versions, overview_signature(), timezone.localdate(), *parts)))


@login_required
def office_grants(request):
    """Every grant, 50 per page, and what needs attention; cached until a grant changes."""
    require(request, "funding.manage_grants")
    lines = list(ProgrammeLine.objects.order_by("code"))
    line = next((x for x in lines if str(x.pk) == request.GET.get("lijn", "")), None)
    status = request.GET.get("status", "")
    if status not in G.values:
        status = ""
    page_number = request.GET.get(PAGE_PARAM, "")
    page_number = page_number if page_number.isdigit() and len(page_number) < 6 else ""

    def build() -> dict:
        grants = selectors_grants.grants_for_office(status=status, line_id=line.pk if line else None)
        return {"page": page_of(request, grants), "attention": selectors_grants.office_attention()}

    context = lazy_context(build, ("page", "attention"))
    context.update(
        {
            "lines": lines,
            "line": line,
            "status": status,
            "statuses": G.choices,
            "limit": selectors_grants.ATTENTION_LIMIT,
            "cache_key": _cache_key(line.pk if line else "", status, page_number),
        }
    )
    return render(request, "funding/grants/office_grants.html", context)


def _office_url(grant, anchor: str = "") -> str:
    return reverse("funding:office_grant", args=[grant.pk]) + (f"#{anchor}" if anchor else "")


def _review(request, grant, *, approve: bool):
    report = get_object_or_404(ProgressReport, pk=posted_id(request, "report"), grant=grant)
    service = services_grants.progress_report_approve if approve else services_grants.progress_report_return
    message = (
        _("The progress report has been approved.")
        if approve
        else _("The progress report has been returned to the applicant.")
    )
    form = ReviewForm(request.POST, prefix=f"review-{report.pk}")
    return submit(
        request, form, service, message, _office_url(grant, "reports"), f"review_form_{report.pk}", report=report
    )


def _decide_change(request, grant, *, approve: bool):
    change = get_object_or_404(ChangeRequest, pk=posted_id(request, "change"), grant=grant)
    message = _("The change request has been approved.") if approve else _("The change request has been rejected.")
    form = ReviewForm(request.POST, prefix=f"change-{change.pk}")
    return submit(
        request,
        form,
        services_grants.change_request_decide,
        message,
        _office_url(grant, "changes"),
        f"change_form_{change.pk}",
        request=change,
        approve=approve,
    )


_OFFICE_ACTIONS = {
    "pay": row_action(
        AdvancePayment,
        "advance",
        services_grants.advance_pay,
        gettext_lazy("The payment has been recorded. The applicant has been e-mailed."),
        _office_url,
        "payments",
        of="grant",
        versioned=True,
    ),
    "report_approve": lambda request, grant: _review(request, grant, approve=True),
    "report_return": lambda request, grant: _review(request, grant, approve=False),
    "change_approve": lambda request, grant: _decide_change(request, grant, approve=True),
    "change_reject": lambda request, grant: _decide_change(request, grant, approve=False),
    "settle": form_action(
        SettlementForm,
        "settle",
        services_grants.settle,
        gettext_lazy("The grant has been settled. The applicant has been e-mailed."),
        _office_url,
        "settlement",
        to="grant",
    ),
    "reclaim_received": row_action(
        Reclaim,
        "reclaim",
        services_grants.reclaim_received,
        gettext_lazy("The reclaimed amount has been recorded as received."),
        _office_url,
        "settlement",
        of="grant",
        versioned=True,
    ),
    "close": object_action(
        services_grants.grant_close, gettext_lazy("The grant has been closed."), _office_url, to="grant", versioned=True
    ),
}


def _grant_context(grant) -> dict:
    return {
        "grant": grant,
        "application": grant.application,
        "call": grant.application.call,
        "advance_rows": selectors_grants.advance_rows(grant),
        "final_report_due": services_grants.final_report_due(grant),
        "today": timezone.localdate(),
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def office_grant(request, pk: int):
    grant = found_for(request, selectors_grants.grant_detail(pk), "funding.manage_grants", on_object=False)
    bound = post_actions(request, _OFFICE_ACTIONS, _office_url(grant), grant)
    if not isinstance(bound, dict):
        return bound
    reports = [
        (r, bound.get(f"review_form_{r.pk}") or ReviewForm(prefix=f"review-{r.pk}", grant=grant))
        for r in grant.progress_reports.all()
    ]
    changes = [
        (c, bound.get(f"change_form_{c.pk}") or ReviewForm(prefix=f"change-{c.pk}", grant=grant))
        for c in grant.change_requests.all()
    ]
    requested = getattr(getattr(grant, "final_report", None), "requested_amount", None)
    context = {
        **_grant_context(grant),
        "office": True,
        "reports_with_forms": reports,
        "changes_with_forms": changes,
        "settle_form": bound.get("settle_form")
        or SettlementForm(prefix="settle", grant=grant, initial={"amount": requested}),
        "close_problems": services_grants.close_problems(grant) if grant.status == G.SETTLED else [],
    }
    return render(request, "funding/grants/office_grant.html", context)


# --- budget ------------------------------------------------------------------------------------


def _charts(dashboard) -> dict:
    lines = [*dashboard.lines, dashboard.total]
    return {
        "lines_chart": bar_chart_svg(
            chart_id="chart-lines",
            title=_("Budget per programme line"),
            description=_("Budget, committed, advanced and settled per programme line and in total."),
            categories=[f.line.code if f.line else _("Total") for f in lines],
            series=[
                Series(_("Budget"), [f.budget for f in lines]),
                Series(_("Committed"), [f.committed for f in lines]),
                Series(_("Advanced"), [f.advanced for f in lines]),
                Series(_("Settled"), [f.settled for f in lines]),
            ],
        ),
        "regions_chart": bar_chart_svg(
            chart_id="chart-regions",
            title=_("Applied for, awarded and paid per region"),
            description=_("The same amounts as in the table of regions."),
            categories=[a.name or _("Own area") for a in dashboard.regions],
            series=[
                Series(_("Applied for"), [a.applied for a in dashboard.regions]),
                Series(_("Awarded"), [a.awarded for a in dashboard.regions]),
                Series(_("Paid"), [a.paid for a in dashboard.regions]),
            ],
        ),
        "hubs_chart": bar_chart_svg(
            chart_id="chart-hubs",
            title=_("Applied for, awarded and paid per hub"),
            description=_("The same amounts as in the table of hubs."),
            categories=[a.name for a in dashboard.hubs],
            series=[
                Series(_("Applied for"), [a.applied for a in dashboard.hubs]),
                Series(_("Awarded"), [a.awarded for a in dashboard.hubs]),
                Series(_("Paid"), [a.paid for a in dashboard.hubs]),
            ],
        ),
    }


def _budget_areas(dashboard, charts) -> list[tuple]:
    return [
        (
            _("Per region"),
            _("Applied for, awarded and paid per care-office region, in euros"),
            _("Region"),
            dashboard.regions,
            charts["regions_chart"],
            "regions",
        ),
        (
            _("Per hub"),
            _("Applied for, awarded and paid per hub, in euros"),
            _("Hub"),
            dashboard.hubs,
            charts["hubs_chart"],
            "hubs",
        ),
    ]


@login_required
def budget(request):
    """The budget dashboard; the figures, charts and tables are cached until a figure can change."""
    require(request, "funding.view_budget")

    def build() -> dict:
        dashboard = budget_dashboard()
        charts = _charts(dashboard)
        return {"dashboard": dashboard, "lines_chart": charts["lines_chart"], "areas": _budget_areas(dashboard, charts)}

    context = lazy_context(build, ("dashboard", "lines_chart", "areas"))
    context["cache_key"] = _cache_key()
    return render(request, "funding/grants/budget.html", context)


@login_required
@require_GET
def budget_export(request):
    require(request, "funding.view_budget")
    content = budget_workbook(budget_dashboard())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="budget-{timezone.localdate():%Y-%m-%d}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the grantee -------------------------------------------------------------------------------


@login_required
def my_grants(request):
    require(request, "funding.view_funding")
    return render(request, "funding/grants/my_grants.html", {"grants": selectors_grants.grants_for_user(request.user)})


def _grant_url(grant, anchor: str = "") -> str:
    return reverse("funding:grant", args=[grant.pk]) + (f"#{anchor}" if anchor else "")


def _report_submit(request, grant):
    report = get_object_or_404(ProgressReport, pk=posted_id(request, "report"), grant=grant)
    return submit(
        request,
        ProgressReportForm(request.POST, prefix=f"report-{report.pk}"),
        services_grants.progress_report_submit,
        _("Your progress report has been sent to the programme office."),
        _grant_url(grant, "reports"),
        f"report_form_{report.pk}",
        report=report,
    )


def _grantee_form(form_class, prefix: str, service, message: str, anchor: str, kwargs=None):
    return form_action(form_class, prefix, service, message, _grant_url, anchor, to="grant", kwargs=kwargs)


_GRANTEE_ACTIONS = {
    "start": object_action(
        services_grants.grant_start,
        gettext_lazy("You have reported the start. Good luck!"),
        _grant_url,
        to="grant",
        versioned=True,
    ),
    "report_submit": _report_submit,
    "change_request": _grantee_form(
        ChangeRequestForm,
        "change",
        services_grants.change_request_submit,
        gettext_lazy("Your change request has been sent to the programme office."),
        "changes",
    ),
    "final_report": _grantee_form(
        FinalReportForm,
        "final",
        services_grants.final_report_submit,
        gettext_lazy("Your final report and request for settlement have been sent to the programme office."),
        "final",
    ),
    "activity_link": _grantee_form(
        ActivityLinkForm,
        "activity",
        services_grants.grant_activity_link,
        gettext_lazy("The activity has been linked to the grant."),
        "activities",
        kwargs=lambda grant: {"activities": selectors_grants.activity_choices(grant)},
    ),
    "activity_unlink": row_action(
        GrantActivity,
        "link",
        services_grants.grant_activity_unlink,
        gettext_lazy("The activity is no longer linked to the grant."),
        _grant_url,
        "activities",
        of="grant",
    ),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def grant(request, pk: int):
    grant = found_for(request, selectors_grants.grant_detail(pk), "funding.view_grant")
    may_change = request.user.has_perm("funding.change_grant", grant)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    bound = post_actions(request, _GRANTEE_ACTIONS, _grant_url(grant), grant)
    if not isinstance(bound, dict):
        return bound
    under_way = grant.status in (G.AWARDED, G.STARTED)
    reports = [
        (
            r,
            bound.get(f"report_form_{r.pk}")
            or ProgressReportForm(prefix=f"report-{r.pk}", grant=grant, initial={"text": r.text}),
        )
        for r in grant.progress_reports.all()
    ]
    context = {
        **_grant_context(grant),
        "office": False,
        "may_change": may_change,
        "under_way": under_way,
        "reports_with_forms": reports,
        "change_form": bound.get("change_form") or ChangeRequestForm(prefix="change", grant=grant),
        "final_form": bound.get("final_form") or FinalReportForm(prefix="final", grant=grant),
        "activity_form": bound.get("activity_form")
        or ActivityLinkForm(prefix="activity", grant=grant, activities=selectors_grants.activity_choices(grant)),
    }
    return render(request, "funding/grants/grant.html", context)


@login_required
def award_letter(request, pk: int):
    grant = found_for(request, selectors_grants.grant_detail(pk), "funding.view_grant")
    try:
        return private_file_response(
            grant.award_letter, filename=f"verleningsbesluit-{grant.number}.pdf", content_type="application/pdf"
        )
    except FileNotFoundError:
        raise Http404 from None
