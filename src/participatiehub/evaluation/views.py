"""The evaluator export page: ask for an export (with its purpose), follow it, download it.

Evaluators only (``evaluation.download_export``); everyone sees only the exports made for them. Views
stay thin: selectors read, services write and log. Anonymous visitors go to log in; a signed-in user
without the role gets 403; someone else's export is 404 (as an unknown one).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import rules

from participatiehub.core.storage import private_file_response

from . import selectors, services
from .constants import ExportStatus
from .forms import ExportForm
from .tables import TABLES

PERM = "evaluation.download_export"


def _require(request) -> None:
    # The rule itself, not ``user.has_perm``: that lets every superuser through, and this export is for
    # people with the evaluator role only (the pseudonyms are made for them, the log names them).
    if not rules.has_perm(PERM, request.user):
        raise PermissionDenied


def _own(request, pk: int):
    export = selectors.export_for_user(request.user, pk)
    if export is None:
        raise Http404
    return export


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    _require(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.export_request(actor=request.user, purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The export is being made. This can take a few minutes. The download link appears below."),
            )
            return redirect("evaluation:index")
    exports = list(selectors.exports_for_user(request.user))
    return render(request, "evaluation/index.html", {"form": form, "exports": exports, "tables": TABLES})


@login_required
@require_GET
def status(request, pk: int):
    """The status cell of one export; htmx polls it while the export is being made."""
    _require(request)
    return render(request, "evaluation/_status.html", {"export": _own(request, pk)})


@login_required
@require_GET
def download(request, pk: int):
    _require(request)
    export = _own(request, pk)
    if export.status == ExportStatus.READY and export.file:
        try:
            response = private_file_response(
                export.file,
                filename=f"participatiehub-evaluatie-{export.schema_version}-{export.pk}.zip",
                content_type="application/zip",
            )
        except FileNotFoundError:
            messages.error(request, _("The file of this export cannot be found. Ask for a new export."))
            return redirect("evaluation:index")
        services.export_download_log(export=export, actor=request.user)
        return response
    messages.info(request, _("This export is not ready yet. Wait a moment; the download link appears here."))
    return redirect("evaluation:index")


@login_required
@require_POST
def retry(request, pk: int):
    _require(request)
    try:
        services.export_retry(export=_own(request, pk), actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The export is being made again."))
    return redirect("evaluation:index")
