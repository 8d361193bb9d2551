"""Pages for policy questions: the public list and transparency page, the decision-maker's pages,
and the hub's inbox and intake. Views stay thin: selectors read, services write.

Access: the public pages are open but show only questions in a public status (anything else is 404).
Every other page needs a log-in. A hub or question that does not exist gives 404; one that exists
but is outside the user's scope gives 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.paging import page_of
from participatiehub.core.services import data_version, lazy_context
from participatiehub.hubs.constants import Agreement
from participatiehub.hubs.models import Hub
from participatiehub.hubs.selectors import hub_for_user_or_403
from participatiehub.network.models import Organisation

from . import selectors, services
from .constants import LadderRung, QuestionStatus
from .forms import (
    ClarificationForm,
    EnterOnBehalfForm,
    InboxFilterForm,
    PublicFilterForm,
    QuestionForm,
    StepForm,
    SubmitQuestionForm,
)
from .models import PolicyQuestion
from .workflow import allowed_transitions

S = QuestionStatus
PAGE_SIZE = 25
INBOX = "questions.view_inbox"
VIEW_QUESTION = "questions.view_question"
HANDLE = "questions.handle_question"

INTAKE_ACTIVITY = "questions.intake.view"
INTAKE_PURPOSE = "handling a policy question"
CONTACT_SUBJECT = "question_contact"

#: The intake steps as the page offers them: action name → (status it leads to, button, reason label, hint).
STEPS = {
    "accept": (S.ACCEPTED, gettext_lazy("Accept the question"), None, None),
    "clarify": (
        S.CLARIFICATION_ASKED,
        gettext_lazy("Ask for clarification"),
        gettext_lazy("What do you want to know?"),
        gettext_lazy("The asker gets this question by e-mail."),
    ),
    "decline": (
        S.DECLINED,
        gettext_lazy("Decline the question"),
        gettext_lazy("Reason for declining"),
        gettext_lazy("The asker gets this reason by e-mail. Explain it in plain words."),
    ),
    "resubmit": (
        S.SUBMITTED,
        gettext_lazy("Put back in the inbox"),
        gettext_lazy("Answer from the asker"),
        gettext_lazy("For example, when the asker answered by phone."),
    ),
    "close": (S.CLOSED, gettext_lazy("Close the question"), None, None),
}
STEP_BY_STATUS = {status: action for action, (status, *_rest) in STEPS.items()}


def _page(request, queryset):
    return page_of(request, queryset, PAGE_SIZE)


def _errors(error: ServiceError) -> list[str]:
    return list(error.messages)


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _agreement_labels(codes) -> list[str]:
    return [Agreement(code).label for code in codes or [] if code in Agreement.values]


def _chain_value(chain, name, default=None):
    if not chain:
        return default
    if isinstance(chain, dict):
        return chain.get(name, default)
    return getattr(chain, name, default)


# --- public -----------------------------------------------------------------------------------


def public_list(request):
    """Cached per query string until any question changes (ADR 0004); a hit costs no queries."""
    form = SimpleLazyObject(lambda: PublicFilterForm(request.GET or None))
    page = SimpleLazyObject(lambda: _page(request, selectors.public_questions(**form.filters())))
    cache_key = f"{data_version('questions')}:{request.get_full_path()}"
    return render(request, "questions/public_list.html", {"form": form, "page": page, "cache_key": cache_key})


def public_detail(request, pk):
    """The public transparency page; cached until any question changes (ADR 0004)."""
    title = selectors.public_question_title(pk)  # 404 unless the question is public

    def build() -> dict:
        question = selectors.public_question(pk)
        chain = selectors.public_chain(question)
        delivered = _chain_value(chain, "delivered_rung")
        return {
            "question": question,
            "chain": chain,
            "timeline": selectors.public_timeline(question, chain),
            "agreements": _agreement_labels(question.agreements),
            "promised_explanation": selectors.rung_explanation(question.promised_rung),
            "delivered_rung": LadderRung(delivered).label if delivered in LadderRung.values else None,
            "delivered_explanation": selectors.rung_explanation(delivered) if delivered else "",
            "overdue": bool(_chain_value(chain, "overdue", False)),
        }

    context = lazy_context(build, PUBLIC_DETAIL_NAMES)
    context.update({"title": title, "cache_key": f"{pk}:{data_version('questions')}:{timezone.localdate()}"})
    return render(request, "questions/public_detail.html", context)


PUBLIC_DETAIL_NAMES = (
    "question",
    "chain",
    "timeline",
    "agreements",
    "promised_explanation",
    "delivered_rung",
    "delivered_explanation",
    "overdue",
)


# --- the decision-maker -----------------------------------------------------------------------


def _asker_organisations(user) -> list[Organisation]:
    ids = roles_for_user(user).organisation_ids
    return list(Organisation.objects.filter(pk__in=ids).select_related("hub").order_by("name"))


@login_required
def submit(request):
    if not request.user.has_perm("questions.submit_question"):
        raise PermissionDenied
    organisations = _asker_organisations(request.user)
    form = SubmitQuestionForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation") or getattr(form, "single_organisation", None)
        try:
            question = services.question_submit(user=request.user, organisation=organisation, **form.service_kwargs())
        except ServiceError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Thank you. The hub has received your question. You will get an e-mail about it.")
            )
            return redirect("questions:mine_detail", pk=question.pk)
    hubs = sorted({o.hub.name for o in organisations})
    return render(request, "questions/submit.html", {"form": form, "hubs": hubs})


@login_required
def mine(request):
    if not roles_for_user(request.user).is_decision_maker:
        raise PermissionDenied
    page = _page(request, selectors.questions_for_decision_maker(request.user))
    return render(request, "questions/mine.html", {"page": page})


def _own_question(request, pk) -> PolicyQuestion:
    """The decision-maker's own question; 404 when it does not exist, 403 when it is someone else's."""
    question = selectors.question_for_decision_maker(request.user, pk)
    if question is None:
        if PolicyQuestion.objects.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return question


@login_required
def mine_detail(request, pk):
    question = _own_question(request, pk)
    form = None
    if question.status == S.CLARIFICATION_ASKED:
        form = ClarificationForm(request.POST or None, initial={"version": question.version})
    if request.method == "POST":
        if form is None:
            messages.error(request, _("The hub has not asked you anything about this question."))
            return redirect("questions:mine_detail", pk=question.pk)
        if form.is_valid():
            try:
                services.question_resubmit(
                    user=request.user,
                    question=question,
                    clarification=form.cleaned_data["clarification"],
                    expected_version=form.cleaned_data["version"],
                )
            except ServiceError as error:
                for message in _errors(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you. Your answer has been sent to the hub."))
                return redirect("questions:mine_detail", pk=question.pk)
    answer_url = None
    if question.status in (S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED):
        answer_url = _url_or_none("trajectories:answer", question.pk)
    is_public = question.status in selectors.PUBLIC_STATUSES
    context = {
        "question": question,
        "form": form,
        "answer_url": answer_url,
        "is_public": is_public,
        "can_edit": question.status in services.ASKER_EDITABLE,
        "agreements": _agreement_labels(question.agreements),
        "promised_explanation": selectors.rung_explanation(question.promised_rung),
        "last_request": next((c for c in reversed(question.history) if c.to_status == S.CLARIFICATION_ASKED), None),
    }
    return render(
        request, "questions/mine_detail.html", context, status=400 if form is not None and form.errors else 200
    )


@login_required
def mine_edit(request, pk):
    question = _own_question(request, pk)
    if question.status not in services.ASKER_EDITABLE:
        messages.error(request, _("The hub has already taken this question in. Ask the hub coordinator to change it."))
        return redirect("questions:mine_detail", pk=question.pk)
    return _edit(request, question, hubs=[question.hub_id], done=reverse("questions:mine_detail", args=[question.pk]))


def _edit(request, question: PolicyQuestion, *, hubs, done: str, hub=None):
    form = QuestionForm(request.POST or None, hubs=hubs, question=question)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                user=request.user,
                question=question,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.service_kwargs(),
            )
        except ConcurrentEditError:
            conflict = True
        except ServiceError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(done)
    context = {"form": form, "question": question, "conflict": conflict, "cancel_url": done, "hub": hub}
    return render(request, "questions/edit.html", context, status=409 if conflict else 200)


# --- the hub's inbox and intake ---------------------------------------------------------------


def _hub_question(request, hub_slug: str, pk: int, perm: str) -> tuple[Hub, PolicyQuestion]:
    """A question in the hub's inbox that the user holds ``perm`` on: an unknown hub or a question
    that is not in this hub is 404; a hub outside the user's scope or no ``perm`` is 403."""
    hub = hub_for_user_or_403(request.user, hub_slug, INBOX)
    question = selectors.question_for_hub(hub, pk)
    if question is None:
        raise Http404
    if not request.user.has_perm(perm, question):
        raise PermissionDenied
    return hub, question


@login_required
def inbox(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, INBOX)

    def build() -> dict:
        form = InboxFilterForm(request.GET or None)
        counts = selectors.inbox_counts(hub)
        return {
            "form": form,
            "page": _page(request, selectors.inbox_for_hub(hub, **form.filters())),
            "counts": counts,
            "waiting": sum(n for status, _label, n in counts if status in (S.SUBMITTED, S.CLARIFICATION_ASKED)),
        }

    context = lazy_context(build, ("form", "page", "counts", "waiting"))
    context.update({"hub": hub, "cache_key": f"{hub.pk}:{data_version('questions')}:{request.get_full_path()}"})
    return render(request, "questions/inbox.html", context)


@login_required
def enter(request, hub_slug):
    hub = hub_for_user_or_403(request.user, hub_slug, INBOX)
    form = EnterOnBehalfForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_enter_on_behalf(
                user=request.user, hub=hub, organisation=form.cleaned_data["organisation"], **form.service_kwargs()
            )
        except ServiceError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The question has been entered. It is now in the inbox."))
            return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
    return render(request, "questions/enter.html", {"hub": hub, "form": form})


def _step_forms(question: PolicyQuestion, allowed: list[str], data=None, action: str | None = None) -> list[dict]:
    forms = []
    for to_status in allowed:
        name = STEP_BY_STATUS.get(to_status)
        if name is None:  # steps taken elsewhere (the trajectory workspace), not on this page
            continue
        _status, button, reason_label, reason_help = STEPS[name]
        bound = data if action == name else None
        form = StepForm(
            bound,
            prefix=name,
            initial={"version": question.version},
            reason_label=reason_label,
            reason_help=reason_help,
            needs_reason=reason_label is not None,
        )
        forms.append({"action": name, "button": button, "form": form, "has_reason": reason_label is not None})
    return forms


@login_required
def intake(request, hub_slug, pk):
    """The question for the hub's staff (questions.view_question); its steps need questions.handle_question."""
    hub, question = _hub_question(request, hub_slug, pk, HANDLE if request.method == "POST" else VIEW_QUESTION)
    status = 200
    action = None
    allowed = allowed_transitions(request.user, question)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in STEPS:
            messages.error(request, _("This step cannot be taken here."))
            return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
        to_status = STEPS[action][0]
        form = StepForm(request.POST, prefix=action)
        if form.is_valid():
            try:
                services.question_step(
                    user=request.user,
                    question=question,
                    to_status=to_status,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentEditError as error:
                messages.error(request, " ".join(_errors(error)))
                return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
            except ServiceError as error:
                if to_status not in allowed:
                    messages.error(request, " ".join(_errors(error)))
                    return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
                status = 400
                step_forms = _step_forms(question, allowed, request.POST, action)
                for item in step_forms:
                    if item["action"] == action:
                        for message in _errors(error):
                            item["form"].add_error("reason" if item["has_reason"] else None, message)
                return _render_intake(request, hub, question, allowed, step_forms, status)
            else:
                messages.success(request, str(_STEP_DONE[action]))
                return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
        messages.error(request, _("The page was incomplete. Nothing has been changed. Try again."))
        return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
    with transaction.atomic():
        processing_log_write(
            actor=request.user,
            activity=INTAKE_ACTIVITY,
            purpose=INTAKE_PURPOSE,
            operation="read",
            subject_type=CONTACT_SUBJECT,
            subject_ids=[question.pk],
            hub_id=hub.pk,
        )
    return _render_intake(request, hub, question, allowed, _step_forms(question, allowed), status)


_STEP_DONE = {
    "accept": gettext_lazy("The question has been accepted. The asker gets an e-mail."),
    "clarify": gettext_lazy("Your question has been sent to the asker."),
    "decline": gettext_lazy("The question has been declined. The asker gets an e-mail with your reason."),
    "resubmit": gettext_lazy("The question is back in the inbox."),
    "close": gettext_lazy("The question has been closed."),
}


def _render_intake(request, hub, question, allowed, step_forms, status):
    context = {
        "hub": hub,
        "question": question,
        "agreements": _agreement_labels(question.agreements),
        "promised_explanation": selectors.rung_explanation(question.promised_rung),
        "similar": selectors.similar_questions(question),
        "chain": selectors.chain_for_staff(question),
        "step_forms": step_forms,
        "workspace_url": _url_or_none("trajectories:workspace", question.pk)
        if question.status not in (S.SUBMITTED, S.CLARIFICATION_ASKED, S.DECLINED)
        else None,
        "can_edit": question.status not in services.FINAL,
    }
    return render(request, "questions/intake.html", context, status=status)


@login_required
def edit(request, hub_slug, pk):
    hub, question = _hub_question(request, hub_slug, pk, HANDLE)
    if question.status in services.FINAL:
        messages.error(request, _("This question is closed. It can no longer be changed."))
        return redirect("questions:intake", hub_slug=hub.slug, pk=question.pk)
    return _edit(request, question, hubs=[hub], hub=hub, done=reverse("questions:intake", args=[hub.slug, question.pk]))
