"""The programme office's page of the redaction: the keep list and the review decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import DecisionForm, KeepTermForm
from .models import KeepTerm, RedactionDecision


def _errors(form, error: ValidationError) -> None:
    for text in error.messages:
        form.add_error(None, text)


@login_required
@require_http_methods(["GET", "POST"])
def keep_list(request):
    if not request.user.has_perm("redaction.manage"):
        raise PermissionDenied
    keep_form = KeepTermForm(prefix="keep")
    decision_form = DecisionForm(prefix="decision")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "keep":
            keep_form = KeepTermForm(request.POST, prefix="keep")
            if keep_form.is_valid():
                try:
                    services.keep_term_add(actor=request.user, **keep_form.cleaned_data)
                except ValidationError as error:
                    _errors(keep_form, error)
                else:
                    messages.success(request, _("The name is on the keep list. Texts published from now on keep it."))
                    return redirect("redaction:keep_list")
        elif action == "decision":
            decision_form = DecisionForm(request.POST, prefix="decision")
            if decision_form.is_valid():
                try:
                    services.decision_record(actor=request.user, **decision_form.cleaned_data)
                except ValidationError as error:
                    _errors(decision_form, error)
                else:
                    messages.success(request, _("The decision is saved. Make the public files again to apply it."))
                    return redirect("redaction:keep_list")
        elif action == "delete_keep":
            term = get_object_or_404(KeepTerm, pk=request.POST.get("pk") or 0)
            services.keep_term_delete(actor=request.user, term=term)
            messages.success(request, _("The name is off the keep list."))
            return redirect("redaction:keep_list")
        elif action == "withdraw":
            decision = get_object_or_404(RedactionDecision, pk=request.POST.get("pk") or 0)
            if services.decision_withdraw(actor=request.user, decision=decision):
                messages.success(request, _("The decision is withdrawn."))
            else:
                messages.info(request, _("This decision was withdrawn already."))
            return redirect("redaction:keep_list")
        else:
            messages.error(request, _("Nothing was changed: the request was not understood."))
            return redirect("redaction:keep_list")
    return render(
        request,
        "redaction/keep_list.html",
        {
            "terms": selectors.keep_terms(),
            "decisions": selectors.decision_history(),
            "keep_form": keep_form,
            "decision_form": decision_form,
        },
    )
