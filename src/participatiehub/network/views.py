"""The coordinator's workspace for a hub's network. Views stay thin: selectors read, services write.

Access: every page needs a log-in (anonymous visitors go to the log-in page). A hub that does not
exist gives 404; an existing hub the user may not see or change gives 403 (PermissionDenied).
A record that is not in that hub gives 404.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participatiehub.core.paging import page_of
from participatiehub.hubs.models import Hub
from participatiehub.hubs.selectors import hub_for_user_or_403

from . import selectors, services
from .constants import IMPORT_COLUMNS, PAGE_SIZE, ImportStatus, RowStatus
from .forms import (
    BodyFilterForm,
    ContactPersonForm,
    ContactSearchForm,
    ImportUploadForm,
    OrganisationFilterForm,
    OrganisationForm,
    ParticipationBodyForm,
    RelationForm,
)
from .importing import EXAMPLE_ROW, ImportFileError, organisation_row

VIEW = "network.view_network"
CHANGE = "network.change_network"
CHANGE_OBJECT = "network.change_network_object"


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _changeable(request, hub: Hub, selector, pk):
    """A record of the hub's network that the user may change: 404 when it is not in this hub,
    403 without ``network.change_network_object`` on it."""
    record = _found(selector(hub, pk))
    if not request.user.has_perm(CHANGE_OBJECT, record):
        raise PermissionDenied
    return record


def _post_only(request):
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _list_cache_key(request, hub: Hub) -> str:
    """Cached list pages follow the hub's network version, the full query string and htmx-or-not.

    The form and the page are built lazily, so a cache hit costs no queries beyond the permission check.
    """
    return f"{hub.pk}:{selectors.network_version(hub.pk)}:{int(bool(request.htmx))}:{request.get_full_path()}"


def _filtered_list(request, hub: Hub, form_class, selector, kind: str):
    """A searchable list page (or, for htmx, just its results), cached behind the network version."""
    form = SimpleLazyObject(lambda: form_class(request.GET or None, hub=hub))
    page = SimpleLazyObject(lambda: _page(request, selector(hub, **form.filters())))
    context = {"hub": hub, "form": form, "page": page, "cache_key": _list_cache_key(request, hub)}
    template = f"network/_{kind}_results.html" if request.htmx else f"network/{kind}_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _page(request, queryset):
    return page_of(request, queryset, PAGE_SIZE, param="page")


# --- workspace and home -------------------------------------------------------------------------


@login_required
def workspace(request):
    hubs = list(selectors.hubs_for_coordinator(request.user))
    if not hubs:
        raise PermissionDenied
    if len(hubs) == 1:
        return redirect("network:home", hub_slug=hubs[0].slug)
    return render(request, "network/workspace.html", {"hubs": hubs})


@login_required
def home(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, VIEW)
    return render(request, "network/home.html", {"hub": hub, "summary": selectors.network_summary(hub)})


# --- organisations ------------------------------------------------------------------------------


@login_required
def organisation_list(request, hub_slug):
    return _filtered_list(
        request,
        hub_for_user_or_403(request.user, hub_slug, VIEW),
        OrganisationFilterForm,
        selectors.organisations_for_hub,
        "organisation",
    )


@dataclass(frozen=True)
class _Kind:
    """What differs between the pages that add and edit an organisation or a participation body."""

    name: str  # the record's name in the URL names, the template context and the update service
    form_class: type
    selector: Callable
    create: Callable
    update: Callable
    list_url: str
    add_title: str
    added: str
    conflict: str


ORGANISATION = _Kind(
    name="organisation",
    form_class=OrganisationForm,
    selector=selectors.organisation_for_hub,
    create=services.organisation_create,
    update=services.organisation_update,
    list_url="network:organisations",
    add_title=gettext_lazy("Add an organisation"),
    added=gettext_lazy("The organisation has been added."),
    conflict=gettext_lazy(
        "Someone else saved this organisation while you were editing it. Your changes have not been saved."
    ),
)
BODY = _Kind(
    name="body",
    form_class=ParticipationBodyForm,
    selector=selectors.body_for_hub,
    create=services.body_create,
    update=services.body_update,
    list_url="network:bodies",
    add_title=gettext_lazy("Add a participation body"),
    added=gettext_lazy("The participation body has been added."),
    conflict=gettext_lazy(
        "Someone else saved this participation body while you were editing it. Your changes have not been saved."
    ),
)


def _record_page(request, hub: Hub, form, *, record=None, add_title, cancel_url: str, status: int = 200, **extra):
    """The page with the form that adds or edits a record of the network (network/record_form.html)."""
    context = {"hub": hub, "form": form, "record": record, "add_title": add_title, "cancel_url": cancel_url, **extra}
    return render(request, "network/record_form.html", context, status=status)


def _record_create(request, hub_slug, kind: _Kind):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    form = kind.form_class(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            record = kind.create(hub=hub, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, str(kind.added))
            return redirect(f"network:{kind.name}_detail", hub_slug=hub.slug, pk=record.pk)
    return _record_page(
        request, hub, form, add_title=kind.add_title, cancel_url=reverse(kind.list_url, args=[hub.slug])
    )


def _record_edit(request, hub_slug, pk, kind: _Kind):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    record = _changeable(request, hub, kind.selector, pk)
    form = kind.form_class(request.POST or None, instance=record, hub=hub)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            kind.update(
                **{kind.name: record},
                actor=request.user,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.service_kwargs(),
            )
        except services.ConcurrentEditError:
            conflict = True  # the template explains it and links to the latest version
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"network:{kind.name}_detail", hub_slug=hub.slug, pk=record.pk)
    return _record_page(
        request,
        hub,
        form,
        record=record,
        add_title=kind.add_title,
        cancel_url=reverse(f"network:{kind.name}_detail", args=[hub.slug, record.pk]),
        conflict=kind.conflict if conflict else "",
        latest_url=reverse(f"network:{kind.name}_edit", args=[hub.slug, record.pk]),
        status=409 if conflict else 200,
    )


@login_required
def organisation_create(request, hub_slug):
    return _record_create(request, hub_slug, ORGANISATION)


@login_required
def organisation_detail(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, VIEW)
    organisation = _found(selectors.organisation_for_hub(hub, pk))
    detail = selectors.organisation_detail(organisation)
    services.contacts_view_log(actor=request.user, hub=hub, contacts=detail["contacts"])
    relation_form = RelationForm(hub=hub, source=organisation, auto_id="id_relation_%s")
    return render(
        request,
        "network/organisation_detail.html",
        {"hub": hub, "organisation": organisation, "relation_form": relation_form, **detail},
    )


@login_required
def organisation_edit(request, hub_slug, pk):
    return _record_edit(request, hub_slug, pk, ORGANISATION)


@login_required
def relation_add(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    organisation = _changeable(request, hub, selectors.organisation_for_hub, pk)
    if not_allowed := _post_only(request):
        return not_allowed
    form = RelationForm(request.POST, hub=hub, source=organisation, auto_id="id_relation_%s")
    if form.is_valid():
        try:
            services.relation_add(hub=hub, actor=request.user, source=organisation, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The relation has been added."))
    else:
        for error_list in form.errors.values():
            for message in error_list:
                messages.error(request, message)
    return redirect(reverse("network:organisation_detail", args=[hub.slug, organisation.pk]) + "#relaties")


@login_required
def relation_remove(request, hub_slug, pk, relation_pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    organisation = _changeable(request, hub, selectors.organisation_for_hub, pk)
    relation = _changeable(request, hub, selectors.relation_for_hub, relation_pk)
    if organisation.pk not in (relation.source_id, relation.target_id):
        raise Http404
    if not_allowed := _post_only(request):
        return not_allowed
    services.relation_remove(relation=relation, actor=request.user)
    messages.success(request, _("The relation has been removed."))
    return redirect(reverse("network:organisation_detail", args=[hub.slug, organisation.pk]) + "#relaties")


# --- participation bodies -----------------------------------------------------------------------


@login_required
def body_list(request, hub_slug):
    return _filtered_list(
        request, hub_for_user_or_403(request.user, hub_slug, VIEW), BodyFilterForm, selectors.bodies_for_hub, "body"
    )


@login_required
def body_create(request, hub_slug):
    return _record_create(request, hub_slug, BODY)


@login_required
def body_detail(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, VIEW)
    body = _found(selectors.body_for_hub(hub, pk))
    contacts = list(body.contacts.order_by("name"))
    services.contacts_view_log(actor=request.user, hub=hub, contacts=contacts)
    return render(request, "network/body_detail.html", {"hub": hub, "body": body, "contacts": contacts})


@login_required
def body_edit(request, hub_slug, pk):
    return _record_edit(request, hub_slug, pk, BODY)


# --- contact persons (every view is logged) ---------------------------------------------------


@login_required
def contact_list(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, VIEW)
    form = ContactSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = _page(request, selectors.contacts_for_hub(hub, q=q))
    services.contacts_view_log(actor=request.user, hub=hub, contacts=page.object_list)
    return render(request, "network/contact_list.html", {"hub": hub, "form": form, "page": page})


def _contact_page(request, hub: Hub, form, contact=None):
    return _record_page(
        request,
        hub,
        form,
        record=contact,
        add_title=gettext_lazy("Add a contact person"),
        cancel_url=reverse("network:contacts", args=[hub.slug]),
        intro=gettext_lazy("Only record what you need to contact this person, and write down why you may keep it."),
        delete_url=reverse("network:contact_delete", args=[hub.slug, contact.pk]) if contact else "",
    )


@login_required
def contact_create(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    initial = {}
    for key in ("organisation", "body"):
        value = request.GET.get(key, "")
        if value.isascii() and value.isdigit() and len(value) <= 18:  # an id, not a 5,000-digit number
            initial[key] = int(value)
    form = ContactPersonForm(request.POST or None, hub=hub, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(hub=hub, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contact person has been added."))
            return redirect("network:contacts", hub_slug=hub.slug)
    return _contact_page(request, hub, form)


@login_required
def contact_edit(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    contact = _changeable(request, hub, selectors.contact_for_hub, pk)
    form = ContactPersonForm(request.POST or None, instance=contact, hub=hub)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_update(contact=contact, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("network:contacts", hub_slug=hub.slug)
    else:
        services.contacts_view_log(actor=request.user, hub=hub, contacts=[contact])
    return _contact_page(request, hub, form, contact)


@login_required
def contact_delete(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    contact = _changeable(request, hub, selectors.contact_for_hub, pk)
    if request.method == "POST":
        services.contact_delete(contact=contact, actor=request.user)
        messages.success(request, _("The contact person has been deleted."))
        return redirect("network:contacts", hub_slug=hub.slug)
    services.contacts_view_log(actor=request.user, hub=hub, contacts=[contact])
    return render(request, "network/contact_delete.html", {"hub": hub, "contact": contact})


# --- import -----------------------------------------------------------------------------------


@login_required
def import_upload(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            network_import = services.network_import_prepare(
                hub=hub, actor=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("network:import_preview", hub_slug=hub.slug, import_pk=network_import.pk)
    return render(request, "network/import_upload.html", {"hub": hub, "form": form})


@login_required
def import_preview(request, hub_slug, import_pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    network_import = _found(selectors.network_import_for_hub(hub, import_pk))
    rows = network_import.rows
    return render(
        request,
        "network/import_preview.html",
        {
            "hub": hub,
            "import": network_import,
            "errors": [r for r in rows if r["status"] == RowStatus.ERROR],
            "new_rows": [r for r in rows if r["status"] == RowStatus.NEW],
            "duplicates": [r for r in rows if r["status"] == RowStatus.DUPLICATE],
            "pending": network_import.status == ImportStatus.PENDING,
        },
    )


@login_required
def import_commit(request, hub_slug, import_pk):
    hub = hub_for_user_or_403(request.user, hub_slug, CHANGE)
    network_import = _found(selectors.network_import_for_hub(hub, import_pk))
    if not_allowed := _post_only(request):
        return not_allowed
    if "discard" in request.POST:
        services.network_import_discard(network_import=network_import, actor=request.user)
        messages.info(request, _("The import has been cancelled. Nothing has been added."))
        return redirect("network:import", hub_slug=hub.slug)
    try:
        created, skipped = services.network_import_commit(network_import=network_import, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("network:import_preview", hub_slug=hub.slug, import_pk=network_import.pk)
    text = ngettext(
        "%(created)s organisation has been added.", "%(created)s organisations have been added.", created
    ) % {"created": created}
    if skipped:
        text += " " + ngettext(
            "%(skipped)s row was skipped because the organisation is already in the network.",
            "%(skipped)s rows were skipped because the organisations are already in the network.",
            skipped,
        ) % {"skipped": skipped}
    messages.success(request, text)
    return redirect("network:organisations", hub_slug=hub.slug)


def _xlsx_response(rows, filename: str) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Organisations"))

    def cells(values):
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            out.append(cell)
        return out

    sheet.append(cells(IMPORT_COLUMNS))
    for row in rows:
        sheet.append(cells(row))
    spool = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formulas in exported text (CSV injection); the import removes the quote again."""
    text = str(value or "")
    if text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and any(ch not in "0123456789 ()+-./" for ch in text)
    ):
        return "'" + text
    return text


def _csv_lines(rows):
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(IMPORT_COLUMNS)
    for row in rows:
        yield writer.writerow([_csv_safe(value) for value in row])


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_template(request, hub_slug, fmt):
    hub_for_user_or_403(request.user, hub_slug, CHANGE)
    if fmt == "xlsx":
        return _xlsx_response([EXAMPLE_ROW], "sjabloon-organisaties.xlsx")
    return _csv_response([EXAMPLE_ROW], "sjabloon-organisaties.csv")


# --- export -----------------------------------------------------------------------------------


@login_required
def export(request, hub_slug, fmt):
    hub = hub_for_user_or_403(request.user, hub_slug, VIEW)
    filters = OrganisationFilterForm(request.GET or None, hub=hub).filters()
    count = selectors.organisations_for_hub(hub, **filters).count()
    services.organisations_export_log(actor=request.user, hub=hub, count=count, fmt=fmt)
    rows = (organisation_row(o) for o in selectors.organisations_for_export(hub, **filters))
    filename = f"organisaties-{hub.slug}.{fmt}"
    if fmt == "xlsx":
        return _xlsx_response(rows, filename)
    return _csv_response(rows, filename)
