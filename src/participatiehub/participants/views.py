"""Residents sign up with a letter code and manage their own data; coordinators see their hub's
participants (every view logged) and make invitation letters (the PDF is made by a background
task and stored privately; only the download view here reads it).

Access for coordinator pages: log-in required; a hub that does not exist → 404; a hub the user
may not manage (other hub, programme office, evaluator, decision-maker) → 403.
"""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participatiehub.core.paging import page_of
from participatiehub.core.ratelimit import client_ip, limit_count, limit_reached
from participatiehub.core.storage import private_file_response
from participatiehub.hubs.selectors import hub_for_user_or_403

from . import selectors, services
from .constants import ConsentPurpose, LettersStatus
from .forms import AttributesForm, CodeForm, InvitationBatchForm, ParticipantFilterForm, SignupForm

MANAGE = "panels.manage_panels"
PAGE_SIZE = 50
SESSION_CODE = "panels_signup_code"
SIGNUP_LIMIT = "signup-code"


def _add_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# --- sign-up ------------------------------------------------------------------------------------


@never_cache
def signup(request):
    """Step 1: the code from the letter (pre-filled from ?code=)."""
    if selectors.participant_for_user(request.user):
        return redirect("participants:mydata")
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    limited = False
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        # Wrong codes are counted per person (address and session) and per code typed: one person
        # typing wrong codes locks out only themselves; a code tried from many addresses gets locked.
        person = [f"ip:{client_ip(request)}", f"session:{request.session.session_key}"]
        typed = selectors.normalise_code(request.POST.get("code", ""))[:40]
        per_code = [f"code:{typed}"] if typed else []
        if limit_reached(SIGNUP_LIMIT, person, limit=settings.PH_SIGNUP_CODE_TRIES):
            limited = True
            form.is_valid()
            form.add_error(None, _("You tried too many codes. Wait 10 minutes and try again."))
        elif limit_reached(SIGNUP_LIMIT, per_code, limit=settings.PH_SIGNUP_CODE_TRIES_PER_CODE):
            limited = True
            form.is_valid()
            form.add_error(None, _("This code was tried too often. Wait 10 minutes and try again."))
        elif form.is_valid():
            try:
                code = services.code_check(code=form.cleaned_data["code"])
            except ValidationError as exc:
                limit_count(SIGNUP_LIMIT, person + per_code, window=settings.PH_SIGNUP_CODE_WINDOW)
                _add_errors(form, exc)
            else:
                request.session[SESSION_CODE] = code.code
                return redirect("participants:signup_details")
    return render(request, "participants/signup_code.html", {"form": form}, status=429 if limited else 200)


@never_cache
def signup_details(request):
    """Step 2: e-mail address, name and consents. Creates the account and logs in."""
    raw = request.session.get(SESSION_CODE)
    if not raw:
        return redirect("participants:signup")
    try:
        code = services.code_check(code=raw)
    except ValidationError as exc:
        request.session.pop(SESSION_CODE, None)
        for message in exc.messages:
            messages.error(request, message)
        return redirect("participants:signup")
    texts = selectors.current_consent_texts()
    form = SignupForm(request.POST or None, consent_texts=texts)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_signup(
                code=raw,
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                consents=form.purposes(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            request.session.pop(SESSION_CODE, None)
            login(request, participant.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("You have signed up. Thank you!"))
            return redirect("participants:signup_attributes")
    return render(request, "participants/signup_details.html", {"form": form, "hub": code.batch.hub})


@login_required
def signup_attributes(request):
    """Step 3 (and later: change my answers)."""
    participant = selectors.participant_for_user(request.user)
    if participant is None:
        raise Http404
    consents = set(selectors.active_consents(participant))
    initial = {f"attr_{k}": v for k, v in participant.attributes.items()}
    if ConsentPurpose.SPECIAL in consents:
        initial.update({f"special_{k}": v for k, v in selectors.special_answers(participant).items()})
    initial["household_code"] = participant.household_code
    form = AttributesForm(request.POST or None, hub=participant.hub, consents=consents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_attributes_update(participant=participant, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your answers have been saved."))
            return redirect("participants:mydata")
    return render(
        request,
        "participants/signup_attributes.html",
        {"form": form, "participant": participant, "first_time": request.GET.get("wijzig") is None},
    )


# --- my data ------------------------------------------------------------------------------------


def _own_participant(request):
    participant = selectors.participant_for_user(request.user)
    if participant is None:
        raise Http404
    return participant


@login_required
def mydata(request):
    participant = _own_participant(request)
    data = selectors.export_data(participant)
    active = selectors.active_consents(participant)
    texts = selectors.current_consent_texts()
    return render(
        request,
        "participants/mydata.html",
        {
            "participant": participant,
            "data": data,
            "active": active,
            "missing": [
                (p, label, texts.get(p)) for p, label in ConsentPurpose.choices if p not in active and p in texts
            ],
            "record_templates": selectors.mydata_templates(),
        },
    )


@login_required
def mydata_download(request, fmt: str):
    participant = _own_participant(request)
    data = selectors.export_data(participant)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("section"), _("field"), _("value")])
    writer.writerows(selectors.export_csv_rows(data))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.csv"'
    return response


@login_required
@require_POST
def consent_withdraw(request, purpose: str):
    participant = _own_participant(request)
    try:
        services.consent_withdraw(participant=participant, actor=request.user, purpose=purpose)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your consent has been withdrawn."))
    return redirect("participants:mydata")


@login_required
@require_POST
def consent_give(request, purpose: str):
    participant = _own_participant(request)
    try:
        services.consent_give(participant=participant, actor=request.user, purpose=purpose)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you. Your consent has been saved."))
    return redirect("participants:mydata")


@login_required
def erase(request):
    participant = _own_participant(request)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm."))
            return render(request, "participants/erase.html", {"participant": participant, "error": True}, status=400)
        services.participant_erase(participant=participant)
        logout(request)
        messages.success(request, _("Your data has been erased. You have been logged out."))
        return redirect("participants:erased")
    return render(request, "participants/erase.html", {"participant": participant})


def erased(request):
    return render(request, "participants/erased.html")


# --- coordinator: participants ------------------------------------------------------------------


@login_required
def participant_list(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    form = ParticipantFilterForm(request.GET or None, hub=hub)
    queryset = selectors.participants_for_hub(hub, **form.filters())
    page = page_of(request, queryset, PAGE_SIZE)
    services.participants_view_log(actor=request.user, hub=hub, participants=page.object_list)
    return render(request, "participants/participant_list.html", {"hub": hub, "form": form, "page": page})


@login_required
def participant_detail(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    participant = selectors.participant_for_hub(hub, pk)
    if participant is None:
        raise Http404
    services.participants_view_log(actor=request.user, hub=hub, participants=[participant])
    show_special = request.GET.get("bijzonder") == "1" and not participant.erased_at
    special = None
    if show_special:
        special = selectors.special_answers(participant)
        services.participant_special_view_log(actor=request.user, hub=hub, participant=participant)
    return render(
        request,
        "participants/participant_detail.html",
        {
            "hub": hub,
            "participant": participant,
            "show_special": show_special,
            "special": special,
            **selectors.participant_detail(participant),
            "record_templates": selectors.detail_templates(),
        },
    )


# --- coordinator: invitations -------------------------------------------------------------------


def _batch(hub, pk: int):
    batch = selectors.batch_for_hub(hub, pk)
    if batch is None:
        raise Http404
    return batch


@login_required
def invitation_list(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    batches = list(selectors.batches_for_hub(hub))
    for batch in batches:
        batch.rate = selectors.response_rate(batch)
    return render(request, "participants/invitation_list.html", {"hub": hub, "batches": batches})


@login_required
def invitation_create(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    form = InvitationBatchForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_batch_create(hub=hub, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The codes have been made. Now the letters are being made. For many letters this takes a few "
                    "minutes. You can download them below when they are ready."
                ),
            )
            return redirect("participants:invitations", hub_slug=hub.slug)
    return render(request, "participants/invitation_form.html", {"hub": hub, "form": form})


@login_required
def invitation_letters_status(request, hub_slug, pk):
    """The status cell of one batch; htmx polls it while the letters are being made."""
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    batch = _batch(hub, pk)
    return render(request, "participants/_letters_status.html", {"hub": hub, "batch": batch})


@login_required
def invitation_letters(request, hub_slug, pk):
    """Download the stored letters PDF. It holds the sign-up codes: only the hub's coordinators get it."""
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    batch = _batch(hub, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    response = None
    if batch.letters_status == LettersStatus.READY and batch.letters_file:
        try:
            response = private_file_response(
                batch.letters_file,
                filename=f"{slugify(f'brieven-{batch.name}') or 'brieven'}.pdf",
                content_type="application/pdf",
            )
        except FileNotFoundError:
            response = None
    if response is None:
        if batch.letters_status == LettersStatus.FAILED:
            messages.error(
                request, _("The letters of '%(name)s' could not be made. Click 'Try again'.") % {"name": batch.name}
            )
        elif batch.letters_status == LettersStatus.READY:
            messages.error(
                request,
                _("The file with the letters of '%(name)s' cannot be found. Contact the administrator.")
                % {"name": batch.name},
            )
        else:
            messages.info(
                request,
                _("The letters of '%(name)s' are not ready yet. Wait a moment; the download link appears here.")
                % {"name": batch.name},
            )
        return redirect("participants:invitations", hub_slug=hub.slug)
    return response


@login_required
def invitation_letters_retry(request, hub_slug, pk):
    hub = hub_for_user_or_403(request.user, hub_slug, MANAGE)
    batch = _batch(hub, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.invitation_letters_retry(batch=batch, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The letters are being made again."))
    return redirect("participants:invitations", hub_slug=hub.slug)
