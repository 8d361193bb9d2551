"""Coordinator pages for pools, quotas, selections by lot, the transparency report, engagements and allowances,
and the public version of a published transparency report.

Access: log-in required; a hub that does not exist → 404; another hub or another role → 403
(``panels.manage_panels`` on the hub); a record of another hub → 404. The public report needs no
log-in: it exists (200) only while published, and only under its own hub's slug (otherwise 404).
Views stay thin.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import data_version
from participatiehub.hubs.selectors import hub_for_user_or_403

from . import selectors, services
from .constants import SelectionStatus
from .forms import (
    AllowanceForm,
    EngagementForm,
    MembersAddForm,
    PoolForm,
    PopulationForm,
    QuotaForm,
    ReplacementForm,
    SelectionForm,
)

PERM = "panels.manage_panels"


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _errors(exc: ServiceError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- pools ----------------------------------------------------------------------------------------


@login_required
def pool_list(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    return render(request, "panels/pool_list.html", {"hub": hub, "pools": list(selectors.pools_for_hub(hub))})


@login_required
def pool_create(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    form = PoolForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_create(hub=hub, actor=request.user, **form.service_kwargs())
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The pool has been made. Now add people and set the quotas."))
            return redirect("panels:pool_detail", hub_slug=hub.slug, pk=pool.pk)
    return render(request, "panels/pool_form.html", {"hub": hub, "form": form})


@login_required
def pool_edit(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    form = PoolForm(request.POST or None, instance=pool, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_update(
                pool=pool, actor=request.user, version=request.POST.get("version"), **form.service_kwargs()
            )
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The pool has been saved."))
            return redirect("panels:pool_detail", hub_slug=hub.slug, pk=pool.pk)
    return render(request, "panels/pool_form.html", {"hub": hub, "form": form, "pool": pool})


@login_required
def pool_detail(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    services.selections_fail_stale(pool=pool)
    members = list(selectors.active_members(pool))
    if members:
        processing_log_write(
            actor=request.user,
            activity="panels.pool_view",
            purpose="Samenstellen van een pool voor een loting",
            operation="read",
            subject_type="participant",
            subject_ids=[m.participant_id for m in members],
            hub_id=hub.pk,
        )
    # Show labels in the page's language, not the stored codes ("gender", "woman").
    cat_labels = selectors.category_labels(hub)
    labels = selectors.value_labels(hub, pool.categories)
    quotas = selectors.pool_quotas(pool)
    for quota in quotas:
        quota.category_label = cat_labels.get(quota.category, quota.category)
        quota.value_label = labels.get(quota.category, {}).get(quota.value, quota.value)
    unanswered = []
    for member in members:
        answers = {c: str(member.participant.attributes.get(c, "")).strip() for c in pool.categories}
        # None: not answered (shown as such, and listed above the table because it blocks the lottery).
        member.answer_labels = [labels.get(c, {}).get(v, v) if v else None for c, v in answers.items()]
        missing = [cat_labels.get(c, c) for c, v in answers.items() if not v]
        if missing:
            unanswered.append({"name": str(member.participant), "questions": missing})
    context = {
        "hub": hub,
        "pool": pool,
        "members": members,
        "unanswered": unanswered,
        "add_form": MembersAddForm(pool=pool),
        "quotas": quotas,
        "selections": list(selectors.selections_for_pool(pool)),
        "category_labels": cat_labels,
        "categories": [cat_labels.get(c, c) for c in pool.categories],
    }
    return render(request, "panels/pool_detail.html", context)


@login_required
def pool_members_add(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MembersAddForm(request.POST, pool=pool)
    if form.is_valid():
        try:
            added = services.pool_members_add(
                pool=pool, actor=request.user, participant_ids=[p.pk for p in form.cleaned_data["participants"]]
            )
        except ServiceError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext("%(count)s person added to the pool.", "%(count)s people added to the pool.", added)
                % {"count": added},
            )
    else:
        messages.error(request, _("Choose at least one person who gave consent for the panel."))
    return redirect("panels:pool_detail", hub_slug=hub.slug, pk=pool.pk)


@login_required
def pool_member_remove(request, hub_slug, pk, participant_pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.pool_member_remove(pool=pool, actor=request.user, participant_id=participant_pk)
    except ServiceError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The person has been taken out of the pool."))
    return redirect("panels:pool_detail", hub_slug=hub.slug, pk=pool.pk)


def _quota_rows(pool):
    labels = selectors.value_labels(pool.hub, pool.categories)
    cat_labels = selectors.category_labels(pool.hub)
    rows = []
    for category, values in selectors.known_values(pool).items():
        for value in values:
            rows.append(
                {
                    "category": category,
                    "category_label": cat_labels.get(category, category),
                    "value": value,
                    "label": labels.get(category, {}).get(value, value),
                }
            )
    return rows


@login_required
def pool_quotas(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    rows = _quota_rows(pool)
    existing = {(q.category, q.value): q for q in selectors.pool_quotas(pool)}
    initial = {"version": pool.version}
    for i, row in enumerate(rows):
        quota = existing.get((row["category"], row["value"]))
        if quota:
            initial[f"min_{i}"] = quota.minimum
            initial[f"max_{i}"] = quota.maximum
    form = QuotaForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quotas_save(
                pool=pool, actor=request.user, rows=form.quota_rows(), version=form.cleaned_data["version"]
            )
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The quotas have been saved."))
            return redirect("panels:pool_feasibility", hub_slug=hub.slug, pk=pool.pk)
    return render(request, "panels/pool_quotas.html", {"hub": hub, "pool": pool, "form": form})


@login_required
def pool_population(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    form = PopulationForm(
        request.POST or None, request.FILES or None, initial={"version": pool.version, "tolerance": 1}
    )
    preview, errors, gaps = None, [], []
    if request.method == "POST" and form.is_valid():
        rows, errors = services.parse_population_csv(form.cleaned_data["csv_text"], pool)
        tolerance = form.cleaned_data["tolerance"]
        if not errors:
            gaps = services.population_gaps(pool, rows)
            if "save" in request.POST:
                try:
                    services.population_shares_save(
                        pool=pool,
                        actor=request.user,
                        rows=rows,
                        tolerance=tolerance,
                        version=form.cleaned_data["version"],
                        accept_gaps=form.cleaned_data["accept_gaps"],
                    )
                except ServiceError as exc:
                    errors = [m for m in _errors(exc) if m not in gaps]
                else:
                    messages.success(request, _("The population figures and the quotas have been saved."))
                    return redirect("panels:pool_feasibility", hub_slug=hub.slug, pk=pool.pk)
            preview = services.derive_quotas(rows, pool.panel_size, tolerance)
        # Keep the text for the next step (a file upload is not sent twice).
        form.data = form.data.copy()
        form.data["csv_text"] = form.cleaned_data["csv_text"]
    cat_labels = selectors.category_labels(hub)
    labels = selectors.value_labels(hub, pool.categories)
    shares = selectors.pool_shares(pool)
    for row in [*(preview or []), *shares]:
        row.category_label = cat_labels.get(row.category, row.category)
        row.value_label = labels.get(row.category, {}).get(row.value, row.value)
    return render(
        request,
        "panels/pool_population.html",
        {
            "hub": hub,
            "pool": pool,
            "form": form,
            "preview": preview,
            "errors": errors,
            "gaps": gaps,
            "words": [
                {"label": cat_labels.get(c, c), "code": c, "values": list(labels.get(c, {}).items())}
                for c in pool.categories
            ],
            "shares": shares,
        },
    )


@login_required
def pool_feasibility(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    check = services.feasibility_check(pool)
    return render(request, "panels/pool_feasibility.html", {"hub": hub, "pool": pool, "check": check})


@login_required
def pool_relax(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        applied = services.relaxation_apply(pool=pool, actor=request.user, version=request.POST.get("version"))
    except ServiceError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The quotas have been changed: %(changes)s.") % {"changes": "; ".join(r.message for r in applied)},
        )
    return redirect("panels:pool_feasibility", hub_slug=hub.slug, pk=pool.pk)


# --- selections -----------------------------------------------------------------------------------


@login_required
def selection_create(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    pool = _found(selectors.pool_for_hub(hub, pk))
    services.selections_fail_stale(pool=pool)
    form = SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_start(pool=pool, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            return redirect("panels:selection_detail", hub_slug=hub.slug, pk=selection.pk)
    context = {"hub": hub, "pool": pool, "form": form, "active": selectors.active_selection(pool)}
    if settings.SELECTION_EXACT_SECONDS > 0:
        context["exact_minutes"] = selectors.whole_minutes(settings.SELECTION_EXACT_SECONDS)
    return render(request, "panels/selection_form.html", context)


def _selection_checked(hub, pk):
    """The hub's selection, after a run whose worker stopped has been marked failed."""
    selection = _found(selectors.selection_for_hub(hub, pk))
    if selection.status == SelectionStatus.RUNNING and services.selections_fail_stale(pool=selection.pool):
        selection.refresh_from_db()
    return selection


@login_required
def selection_detail(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    selection = _selection_checked(hub, pk)
    seated = list(selectors.seated_members(selection)) if selection.status == SelectionStatus.DONE else []
    if seated:
        processing_log_write(
            actor=request.user,
            activity="panels.selection_view",
            purpose="Uitnodigen van het gelote panel",
            operation="read",
            subject_type="participant",
            subject_ids=[m.participant_id for m in seated],
            hub_id=hub.pk,
        )
    return render(
        request,
        "panels/selection_detail.html",
        {"hub": hub, "selection": selection, "pool": selection.pool, "seated": seated},
    )


@login_required
def selection_progress(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    selection = _selection_checked(hub, pk)
    response = render(request, "panels/selection_progress.html", {"hub": hub, "selection": selection})
    if selection.status in (SelectionStatus.DONE, SelectionStatus.FAILED) and request.headers.get("HX-Request"):
        # Reload the whole page once to show the outcome.
        response["HX-Refresh"] = "true"
    return response


@login_required
def selection_replace(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    selection = _found(selectors.selection_for_hub(hub, pk))
    if selection.status != SelectionStatus.DONE:
        raise Http404
    seated = list(selectors.seated_members(selection))
    form = ReplacementForm(request.POST or None, seated=seated, initial={"panel_count": selection.panel_count})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.selection_start(
                pool=selection.pool,
                actor=request.user,
                seed=data["seed"],
                algorithm=data["algorithm"],
                panel_count=data["panel_count"],
                replaces=selection,
                dropped_out_ids=data["dropped_out"],
            )
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            return redirect("panels:selection_detail", hub_slug=hub.slug, pk=new.pk)
    return render(
        request,
        "panels/selection_replace.html",
        {"hub": hub, "selection": selection, "pool": selection.pool, "form": form},
    )


def _report(hub, pk, *, public: bool = False):
    selection = _found(selectors.selection_for_hub(hub, pk))
    if selection.status != SelectionStatus.DONE:
        raise Http404
    return selectors.transparency_report(selection, public=public)


def _public_url(request, hub, selection) -> str:
    if not selection.published_at:
        return ""
    return request.build_absolute_uri(reverse("panels:public_report", args=[hub.slug, selection.public_id]))


@login_required
def transparency(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    report = _report(hub, pk)
    selection = report["selection"]
    return render(
        request,
        "panels/transparency_report.html",
        {
            "hub": hub,
            "report": report,
            "public_url": _public_url(request, hub, selection),
            "publications": list(selection.publications.select_related("actor")),
        },
    )


def _pdf(request, hub, report) -> bytes:
    from weasyprint import HTML

    html = render_to_string("panels/transparency_pdf.html", {"hub": hub, "report": report}, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def _pdf_response(pdf: bytes, selection) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verslag-loting-{selection.pk}.pdf"'
    return response


@login_required
def transparency_pdf(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    report = _report(hub, pk)
    return _pdf_response(_pdf(request, hub, report), report["selection"])


def _publication_step(request, hub_slug, pk, step, done: str):
    """Publish or withdraw the public report (POST only); the outcome as a message on the report page."""
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    selection = _found(selectors.selection_for_hub(hub, pk))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        step(selection=selection, actor=request.user)
    except ServiceError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("panels:transparency", hub_slug=hub.slug, pk=selection.pk)


@login_required
def transparency_publish(request, hub_slug, pk):
    return _publication_step(
        request,
        hub_slug,
        pk,
        services.transparency_publish,
        _("The report is now public. Anyone can see it at the address below."),
    )


@login_required
def transparency_withdraw(request, hub_slug, pk):
    return _publication_step(
        request, hub_slug, pk, services.transparency_withdraw, _("The report is no longer public.")
    )


# --- the public report (anyone, no log-in) ----------------------------------------------------------


def _published(hub_slug, public_id):
    """The public version of a published report; 404 when not published or for another hub's slug."""
    selection = _found(selectors.published_selection(hub_slug, public_id))
    return selection.pool.hub, selectors.transparency_report(selection, public=True)


def public_report(request, hub_slug, public_id):
    hub, report = _published(hub_slug, public_id)
    return render(request, "panels/transparency_public.html", {"hub": hub, "report": report})


#: The public PDF is kept in the cache: anyone may ask for it, and rendering costs CPU.
PUBLIC_PDF_SECONDS = 3600


def public_report_pdf(request, hub_slug, public_id):
    hub, report = _published(hub_slug, public_id)
    selection = report["selection"]
    key = (
        f"panels:public-report-pdf:{selection.pk}:{selection.published_at.timestamp()}:"
        f"{get_language()}:{data_version(services.PUBLIC_REPORTS_VERSION)}"
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = _pdf(request, hub, report)
        cache.set(key, pdf, PUBLIC_PDF_SECONDS)
    return _pdf_response(pdf, selection)


# --- engagements and allowances -------------------------------------------------------------------


def _ledger_page(request, hub, form, record, *, done: str, rows, log_activity: str, log_purpose: str):
    """A register page (engagements, allowances): a valid POST records one row through ``record(data)``
    (returns (row, warnings)) and redirects to ``done``; otherwise the rows, whose reading is logged.
    Returns (redirect or None, rows)."""
    if request.method == "POST" and form.is_valid():
        try:
            _row, warnings = record(form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect(done, hub_slug=hub.slug), None
    rows = list(rows)
    processing_log_write(
        actor=request.user,
        activity=log_activity,
        purpose=log_purpose,
        operation="read",
        subject_type="participant",
        subject_ids=sorted({r.participant_id for r in rows}),
        hub_id=hub.pk,
    )
    return None, rows


@login_required
def engagements(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    form = EngagementForm(request.POST or None, hub=hub)
    done, rows = _ledger_page(
        request,
        hub,
        form,
        lambda data: services.engagement_record(
            hub=hub,
            actor=request.user,
            participant_id=data["participant"].pk,
            invited_on=data["invited_on"],
            took_part=data["took_part"],
            trajectory=data.get("trajectory"),
            activity=data.get("activity"),
        ),
        done="panels:engagements",
        rows=selectors.engagements_for_hub(hub),
        log_activity="panels.engagements_view",
        log_purpose="Bijhouden wie hoe vaak is uitgenodigd",
    )
    if done:
        return done
    return render(
        request,
        "panels/engagement_list.html",
        {"hub": hub, "form": form, "engagements": rows, "cap": selectors.max_invitations(hub)},
    )


@login_required
def allowances(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, PERM)
    form = AllowanceForm(request.POST or None, hub=hub)
    done, rows = _ledger_page(
        request,
        hub,
        form,
        lambda data: services.allowance_record(
            hub=hub,
            actor=request.user,
            participant_id=data["participant"].pk,
            amount=data["amount"],
            paid_on=data["paid_on"],
            kind=data["kind"],
            note=data["note"],
        ),
        done="panels:allowances",
        rows=selectors.allowances_for_hub(hub),
        log_activity="panels.allowances_view",
        log_purpose="Bijhouden van vergoedingen",
    )
    if done:
        return done
    return render(request, "panels/allowance_list.html", {"hub": hub, "form": form, "allowances": rows})
