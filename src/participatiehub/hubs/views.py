"""Hub pages: the national overview, public hub pages and the management pages. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.paging import page_of
from participatiehub.geo import selectors as geo_selectors
from participatiehub.geo.constants import Layer
from participatiehub.geo.services import geo_version

from . import sections, selectors, services
from .constants import NO_HUB_COLOUR, STATUS_COLOURS, HubStatus
from .forms import CoalitionAddForm, CoverageForm, DesignChoicesForm, HubCreateForm, HubDetailsForm, StatusChangeForm
from .models import CoalitionMember, Hub

MAP_LAYERS = [Layer.ZORGKANTOORREGIO, Layer.GGDREGIO, Layer.PROVINCE, Layer.IZA]
MAP_YEAR = 2025


def _service_error_messages(error: ServiceError) -> list[str]:
    return list(error.messages)


def overview(request):
    """The national overview. Map and tables are cached per layer and language until a hub or region changes."""
    layer = request.GET.get("laag") or Layer.ZORGKANTOORREGIO
    if layer not in {lay.value for lay in MAP_LAYERS} and layer != "geen":
        layer = Layer.ZORGKANTOORREGIO
    data = SimpleLazyObject(selectors.national_overview)

    def build_map() -> str:
        fills, labels = {}, {}
        hub_labels = {h.pk: f"{h.name} ({h.get_status_display()})" for h in data.hubs}
        no_hub = _("no hub")
        for m in data.municipalities:
            hub = m.hub
            fills[m.code] = STATUS_COLOURS[hub.status] if hub else NO_HUB_COLOUR
            labels[m.code] = ", ".join(hub_labels[h.pk] for h in m.hubs) if hub else no_hub
        return geo_selectors.render_map(
            fills=fills,
            labels=labels,
            region_layer=None if layer == "geen" else layer,
            year=MAP_YEAR,
            title=_("Map of the Netherlands: municipalities coloured by the status of their hub"),
            description=_(
                "%(covered)s of %(total)s municipalities are covered by a hub. The table below the map gives the same data."
            )
            % {"covered": len(data.covered), "total": len(data.municipalities)},
        )

    return render(
        request,
        "hubs/overview.html",
        {
            "data": data,
            "map_svg": SimpleLazyObject(build_map),
            "layers": [(lay.value, lay.label) for lay in MAP_LAYERS],
            "layer": layer,
            "blocks": SimpleLazyObject(sections.overview_parts),
            "cache_key": (
                f"{selectors.overview_signature()}:{geo_version()}:{sections.overview_versions()}:{timezone.localdate()}"
            ),
        },
    )


def hub_list(request):
    status = request.GET.get("status") or None
    if status not in HubStatus.values:
        status = None
    q = (request.GET.get("q") or "").strip()[:100]
    page = page_of(request, selectors.hubs_list(status=status, q=q or None))
    return render(request, "hubs/list.html", {"page": page, "status": status, "q": q, "statuses": HubStatus.choices})


def hub_public(request, slug: str):
    """A hub's public page; cached until the hub (or anything it shows) changes.

    Other apps add their sections (``hubs/sections.py``); their data versions are part of the cache key.
    """
    hub_row = get_object_or_404(Hub.objects.only("id", "slug", "name", "updated_at"), slug=slug)
    hub = SimpleLazyObject(lambda: selectors.hub_for_public_page(slug))
    can_manage = request.user.has_perm("hubs.change_hub", hub_row)
    return render(
        request,
        "hubs/public.html",
        {
            "hub": hub,
            "hub_name": hub_row.name,
            "design": SimpleLazyObject(lambda: selectors.current_design(hub)),
            "sections": SimpleLazyObject(lambda: sections.parts(sections.PUBLIC, hub_row)),
            "can_manage": can_manage,
            # Coverage and design choices are dated: the key includes today.
            "cache_key": (
                f"{hub_row.pk}:{hub_row.updated_at.timestamp()}:{sections.public_versions()}:"
                f"{int(can_manage)}:{timezone.localdate()}"
            ),
        },
    )


@login_required
def programme(request):
    if not request.user.has_perm("hubs.add_hub"):
        raise PermissionDenied
    data = selectors.national_overview()
    hubs = list(selectors.hubs_list())
    coalition = selectors.coalition_summary()
    for hub in hubs:
        info = coalition.get(hub.pk, {"members": 0, "leads": 0})
        hub.coalition_members = info["members"]
        hub.coalition_complete = info["members"] >= 2 and info["leads"] == 1
    return render(
        request, "hubs/programme.html", {"data": data, "hubs": hubs, "overlaps": selectors.coverage_overlaps()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_create(request):
    if not request.user.has_perm("hubs.add_hub"):
        raise PermissionDenied
    form = HubCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hub = services.hub_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                follows_region=form.cleaned_data["follows_region"],
                valid_from=form.cleaned_data["valid_from"],
                contact_email=form.cleaned_data["contact_email"],
            )
        except ServiceError as error:
            for message in _service_error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The hub has been registered."))
            return redirect("hubs:manage", slug=hub.slug)
    return render(request, "hubs/form.html", {"form": form, "title": _("Register a hub"), "submit": _("Register hub")})


@login_required
def hub_manage(request, slug: str):
    """The hub's dashboard: its details, history and what other apps add (``hubs/sections.py``)."""
    selectors.hub_for_user_or_403(request.user, slug, "hubs.view_hub_dashboard")
    hub = selectors.hub_for_public_page(slug)
    return render(
        request,
        "hubs/manage.html",
        {
            "hub": hub,
            "sections": sections.parts(sections.MANAGE, hub, request.user),
            "design": selectors.current_design(hub),
            "coalition_problems": services.coalition_problems(hub),
            "can_change_status": request.user.has_perm("hubs.change_hub_status", hub),
            "can_change_coverage": request.user.has_perm("hubs.change_hub_coverage", hub),
            "status_form": StatusChangeForm(hub=hub, initial={"version": hub.version}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_edit(request, slug: str):
    hub = selectors.hub_for_user_or_403(request.user, slug, "hubs.change_hub")
    form = HubDetailsForm(request.POST or None, instance=hub, initial={"version": hub.version})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in HubDetailsForm.Meta.fields}
        try:
            services.hub_update(actor=request.user, hub=hub, expected_version=form.cleaned_data["version"], **changes)
        except ServiceError as error:
            for message in _service_error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The hub's details have been saved."))
            return redirect("hubs:manage", slug=hub.slug)
    return render(
        request, "hubs/form.html", {"form": form, "hub": hub, "title": _("Edit the hub's details"), "submit": _("Save")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_status(request, slug: str):
    hub = selectors.hub_for_user_or_403(request.user, slug, "hubs.change_hub_status")
    form = StatusChangeForm(request.POST or None, hub=hub, initial={"version": hub.version})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != hub.version:
            form.add_error(
                None, _("Someone else changed this hub while you were working. Check the status and try again.")
            )
        else:
            try:
                services.hub_status_change(
                    actor=request.user,
                    hub=hub,
                    to_status=form.cleaned_data["to_status"],
                    note=form.cleaned_data["note"],
                )
            except ServiceError as error:
                for message in _service_error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The status is now “%(status)s”.") % {"status": hub.get_status_display()})
                return redirect("hubs:manage", slug=hub.slug)
    return render(
        request,
        "hubs/form.html",
        {"form": form, "hub": hub, "title": _("Change the status"), "submit": _("Change status")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_coverage(request, slug: str):
    hub = selectors.hub_for_user_or_403(request.user, slug, "hubs.change_hub_coverage")
    form = CoverageForm(request.POST or None, initial={"region": hub.follows_region_id})
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        municipalities = list(form.cleaned_data["municipalities"])
        if region:
            municipalities = services.municipalities_of_region(region, form.cleaned_data["valid_from"].year)
        try:
            result = services.hub_coverage_set(
                actor=request.user,
                hub=hub,
                municipalities=municipalities,
                valid_from=form.cleaned_data["valid_from"],
                follows_region=region,
            )
        except ServiceError as error:
            for message in _service_error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Area saved: %(added)s municipalities added, %(ended)s ended.") % result,
            )
            overlaps = {name: hubs for name, hubs in selectors.coverage_overlaps().items() if hub.name in hubs}
            if overlaps:
                messages.warning(
                    request,
                    _("These municipalities are also covered by another hub: %(names)s.")
                    % {"names": ", ".join(overlaps)},
                )
            return redirect("hubs:manage", slug=hub.slug)
    return render(
        request, "hubs/form.html", {"form": form, "hub": hub, "title": _("Change the area"), "submit": _("Save area")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_design(request, slug: str):
    hub = selectors.hub_for_user_or_403(request.user, slug, "hubs.add_designchoices")
    current = hub.design_versions.order_by("-valid_from", "-id").first()
    initial = {}
    if current:
        initial = {
            "legal_form": current.legal_form,
            "governance_note": current.governance_note,
            "domains": current.domains,
            "participation_forms": current.participation_forms,
            "agreements": current.agreements,
            "themes": ", ".join(current.themes),
        }
    form = DesignChoicesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.design_choices_record(
                actor=request.user,
                hub=hub,
                valid_from=data["valid_from"],
                legal_form=data["legal_form"],
                governance_note=data["governance_note"],
                domains=data["domains"],
                participation_forms=data["participation_forms"],
                agreements=data["agreements"],
                themes=[t for t in data["themes"].split(",")],
            )
        except ServiceError as error:
            for message in _service_error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The design choices have been saved as a new version."))
            return redirect("hubs:manage", slug=hub.slug)
    return render(
        request,
        "hubs/form.html",
        {"form": form, "hub": hub, "title": _("Record design choices"), "submit": _("Save new version")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_coalition(request, slug: str):
    hub = selectors.hub_for_user_or_403(request.user, slug, "hubs.change_hub")
    form = CoalitionAddForm(request.POST or None, hub=hub)
    if request.method == "POST":
        action = request.POST.get("action", "add")
        try:
            if action == "add":
                if form.is_valid():
                    services.coalition_member_add(
                        actor=request.user,
                        hub=hub,
                        organisation=form.cleaned_data["organisation"],
                        is_lead=form.cleaned_data["is_lead"],
                    )
                    messages.success(request, _("The organisation has joined the coalition."))
                    return redirect("hubs:coalition", slug=hub.slug)
            else:
                member = get_object_or_404(CoalitionMember, pk=request.POST.get("member"), hub=hub)
                if action == "lead":
                    services.coalition_lead_set(actor=request.user, hub=hub, member=member)
                    messages.success(request, _("The lead applicant has been changed."))
                elif action == "remove":
                    services.coalition_member_remove(actor=request.user, hub=hub, member=member)
                    messages.success(request, _("The organisation has left the coalition."))
                return redirect("hubs:coalition", slug=hub.slug)
        except ServiceError as error:
            for message in _service_error_messages(error):
                messages.error(request, message)
            return redirect("hubs:coalition", slug=hub.slug)
    members = hub.coalition.select_related("organisation")
    return render(
        request,
        "hubs/coalition.html",
        {
            "hub": hub,
            "members": members,
            "form": form,
            "problems": services.coalition_problems(hub),
            "has_organisations": hub.organisations.exists(),
        },
    )
