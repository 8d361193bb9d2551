"""Writes for policy questions: submit, enter on behalf, edit, and the intake steps.

Every status change goes through ``workflow.question_transition`` (one table of who may do what,
append-only history, row lock). Refusals raise ``ServiceError`` with a Dutch message and change
nothing; e-mails are queued in the same transaction and sent after commit. Each service that changes
what the public question pages show carries ``@bumps_version("questions")`` (ADR 0004).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import bumps_version, email_queue
from participatiehub.geo.models import Municipality
from participatiehub.hubs.constants import Agreement
from participatiehub.hubs.selectors import coverage_on
from participatiehub.network.models import Organisation

from .constants import Actor, LadderRung, QuestionStatus
from .models import PolicyQuestion, QuestionStatusChange
from .workflow import actors_for, question_transition

S = QuestionStatus

#: The fields a form may set on a question (the rest is set by the services).
EDITABLE_FIELDS = (
    "title",
    "summary",
    "background",
    "contact_name",
    "contact_email",
    "agreements",
    "themes",
    "municipalities",
    "promised_rung",
    "decision_body",
    "decision_date",
    "answer_due_date",
)
#: Statuses in which the asking decision-maker may still edit the question.
ASKER_EDITABLE = frozenset({S.SUBMITTED, S.CLARIFICATION_ASKED})
#: Statuses in which nobody edits the question any more.
FINAL = frozenset({S.DECLINED, S.CLOSED})

PURPOSE_SUBMITTED = "question_submitted"
PURPOSE_HUB_NOTICE = "question_hub_notice"
PURPOSE_ACCEPTED = "question_accepted"
PURPOSE_DECLINED = "question_declined"
PURPOSE_CLARIFICATION = "question_clarification"


# --- validation ------------------------------------------------------------------------------


def _clean(*, hub, data: dict, today: dt.date, check_dates: Iterable[str]) -> dict:
    """Check and normalise question fields; raise one ServiceError listing every problem."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(data)
    problems: list[str] = []
    for name in ("title", "summary", "background", "contact_name", "contact_email", "decision_body"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        problems.append(_("Give the question a title."))
    if "summary" in cleaned and not cleaned["summary"]:
        problems.append(_("Describe the question in a few short sentences."))
    if "decision_body" in cleaned and not cleaned["decision_body"]:
        problems.append(_("Say who makes the decision, for example the municipal council."))
    if "promised_rung" in cleaned and cleaned["promised_rung"] not in LadderRung.values:
        problems.append(_("Choose how much say the participants get (a rung of the participation ladder)."))
    if cleaned.get("contact_email"):
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            problems.append(_("The contact e-mail address is not valid."))
    if "agreements" in cleaned:
        agreements = [str(a) for a in (cleaned["agreements"] or [])]
        bad = [a for a in agreements if a not in Agreement.values]
        if bad:
            problems.append(_("Unknown agreement: %(values)s") % {"values": ", ".join(bad)})
        cleaned["agreements"] = list(dict.fromkeys(agreements))
    if "themes" in cleaned:
        themes = cleaned["themes"] or []
        if isinstance(themes, str):
            themes = themes.split(",")
        cleaned["themes"] = list(dict.fromkeys(t.strip() for t in themes if t and t.strip()))
    check = set(check_dates)
    decision_date = cleaned.get("decision_date")
    if "decision_date" in check and decision_date and decision_date < today:
        problems.append(_("The date of the decision is in the past. Choose today or a later date."))
    answer_due = cleaned.get("answer_due_date")
    if "answer_due_date" in check and answer_due and answer_due <= today:
        problems.append(_("The date for the answer to the advice must be in the future."))
    if "municipalities" in cleaned:
        municipalities = list(cleaned["municipalities"] or [])
        ids = {m.pk if isinstance(m, Municipality) else int(m) for m in municipalities}
        covered = set(
            coverage_on(today).filter(hub=hub, municipality_id__in=ids).values_list("municipality_id", flat=True)
        )
        outside = ids - covered
        if outside:
            names = Municipality.objects.filter(pk__in=outside).order_by("name").values_list("name", flat=True)
            problems.append(
                _("These municipalities are not in the area of %(hub)s: %(names)s.")
                % {"hub": hub.name, "names": ", ".join(names) or "?"}
            )
        cleaned["municipalities"] = sorted(ids)
    if problems:
        raise ServiceError(problems)
    return cleaned


#: Required fields start empty, so a missing field gets the same message as an empty one.
REQUIRED_BLANK = {"title": "", "summary": "", "promised_rung": "", "decision_body": ""}


# --- e-mail ----------------------------------------------------------------------------------


def _link(name: str, *args) -> str:
    """An absolute link for e-mails (the same setting the trajectories app uses)."""
    base = getattr(settings, "PH_SITE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + reverse(name, args=args)


def _asker_email(question: PolicyQuestion) -> str:
    if question.contact_email:
        return question.contact_email
    user = question.submitted_by
    if user is not None and not question.entered_on_behalf:
        return user.email
    return ""


def _mail_asker(question: PolicyQuestion, *, subject: str, body: str, purpose: str) -> None:
    to = _asker_email(question)
    if to:
        email_queue(to=to, subject=subject, body=body, purpose=purpose)


def _mail_hub(question: PolicyQuestion, *, subject: str, body: str) -> None:
    if question.hub.contact_email:
        email_queue(to=question.hub.contact_email, subject=subject, body=body, purpose=PURPOSE_HUB_NOTICE)


def _greeting(question: PolicyQuestion) -> str:
    return (_("Dear %(name)s,") % {"name": question.contact_name}) if question.contact_name else _("Hello,")


# --- creating --------------------------------------------------------------------------------


def _create(
    *, hub, organisation: Organisation, user, entered_on_behalf: bool, actor: str, data: dict
) -> PolicyQuestion:
    now = timezone.now()
    municipality_ids = data.pop("municipalities", [])
    question = PolicyQuestion.objects.create(
        hub=hub,
        asking_organisation=organisation,
        status=S.SUBMITTED,
        submitted_by=user,
        entered_on_behalf=entered_on_behalf,
        submitted_at=now,
        **data,
    )
    if municipality_ids:
        question.municipalities.set(municipality_ids)
    QuestionStatusChange.objects.create(
        question=question, from_status="", to_status=S.SUBMITTED, changed_at=now, changed_by=user, actor=actor
    )
    return question


def _organisation_for(user, organisation: Organisation | None) -> Organisation:
    roles = roles_for_user(user)
    if not roles.organisation_ids:
        raise ServiceError(_("Only a decision-maker can submit a question."))
    if organisation is None:
        if len(roles.organisation_ids) > 1:
            raise ServiceError(_("Choose the organisation you ask the question for."))
        return Organisation.objects.select_related("hub").get(pk=next(iter(roles.organisation_ids)))
    if organisation.pk not in roles.organisation_ids:
        raise ServiceError(_("You can only ask questions for your own organisation."))
    return organisation


@bumps_version("questions")
@transaction.atomic
def question_submit(*, user, organisation: Organisation | None = None, **fields) -> PolicyQuestion:
    """A decision-maker asks their organisation's hub a question."""
    organisation = _organisation_for(user, organisation)
    hub = organisation.hub
    data = _clean(
        hub=hub,
        data={**REQUIRED_BLANK, **fields},
        today=timezone.localdate(),
        check_dates=("decision_date", "answer_due_date"),
    )
    if not data.get("contact_name"):
        data["contact_name"] = getattr(user, "full_name", "") or ""
    if not data.get("contact_email"):
        data["contact_email"] = user.email
    question = _create(
        hub=hub, organisation=organisation, user=user, entered_on_behalf=False, actor=Actor.DECISION_MAKER, data=data
    )
    _mail_asker(
        question,
        subject=_("We have received your question: %(title)s") % {"title": question.title},
        body=_(
            "%(greeting)s\n\n"
            "Thank you for your question “%(title)s” to %(hub)s.\n"
            "The hub coordinator will look at it soon. You will get an e-mail when the hub accepts the question, "
            "declines it or needs more information.\n\n"
            "You can follow your question here:\n%(link)s\n"
        )
        % {
            "greeting": _greeting(question),
            "title": question.title,
            "hub": hub.name,
            "link": _link("questions:mine_detail", question.pk),
        },
        purpose=PURPOSE_SUBMITTED,
    )
    _mail_hub(
        question,
        subject=_("New question for %(hub)s: %(title)s") % {"hub": hub.name, "title": question.title},
        body=_(
            "Hello,\n\n%(organisation)s has asked the hub a new question: “%(title)s”.\n"
            "Open the inbox to take it in:\n%(link)s\n"
        )
        % {
            "organisation": organisation.name,
            "title": question.title,
            "link": _link("questions:intake", hub.slug, question.pk),
        },
    )
    return question


@bumps_version("questions")
@transaction.atomic
def question_enter_on_behalf(*, user, hub, organisation: Organisation, **fields) -> PolicyQuestion:
    """A hub coordinator enters a question for an organisation in the hub's network."""
    if hub.pk not in roles_for_user(user).hub_ids:
        raise ServiceError(_("Only the coordinator of this hub can enter a question for it."))
    if organisation.hub_id != hub.pk:
        raise ServiceError(_("Choose an organisation from the network of this hub."))
    data = _clean(
        hub=hub,
        data={**REQUIRED_BLANK, **fields},
        today=timezone.localdate(),
        check_dates=("decision_date", "answer_due_date"),
    )
    question = _create(
        hub=hub, organisation=organisation, user=user, entered_on_behalf=True, actor=Actor.COORDINATOR, data=data
    )
    _mail_asker(
        question,
        subject=_("%(hub)s has registered your question: %(title)s") % {"hub": hub.name, "title": question.title},
        body=_(
            "%(greeting)s\n\n"
            "%(hub)s has registered the question “%(title)s” for %(organisation)s.\n"
            "You will get an e-mail when the hub accepts the question, declines it or needs more information.\n"
        )
        % {
            "greeting": _greeting(question),
            "hub": hub.name,
            "title": question.title,
            "organisation": organisation.name,
        },
        purpose=PURPOSE_SUBMITTED,
    )
    return question


# --- editing ---------------------------------------------------------------------------------


@bumps_version("questions")
@transaction.atomic
def question_update(*, user, question: PolicyQuestion, expected_version: int, **fields) -> PolicyQuestion:
    """Edit a question: its hub's coordinator (until it is closed or declined), or the asker while it waits.

    Refuses with ConcurrentEditError when someone changed the question since ``expected_version``.
    """
    locked = PolicyQuestion.objects.select_for_update().select_related("hub").get(pk=question.pk)
    actors = actors_for(user, locked)
    if Actor.COORDINATOR in actors:
        if locked.status in FINAL:
            raise ServiceError(_("This question is closed. It can no longer be changed."))
    elif Actor.DECISION_MAKER in actors:
        if locked.status not in ASKER_EDITABLE:
            raise ServiceError(_("The hub has already taken this question in. Ask the hub coordinator to change it."))
    else:
        raise ServiceError(_("You may not change this question."))
    if locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this question while you were editing it. Your changes have not been saved. "
                "Reload the page to see the new version and make your changes again."
            )
        )
    changed_dates = [
        name
        for name in ("decision_date", "answer_due_date")
        if name in fields and fields[name] != getattr(locked, name)
    ]
    data = _clean(hub=locked.hub, data=fields, today=timezone.localdate(), check_dates=changed_dates)
    municipality_ids = data.pop("municipalities", None)
    PolicyQuestion.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now(), **data)
    if municipality_ids is not None:
        locked.municipalities.set(municipality_ids)
    question.refresh_from_db()
    return question


# --- intake steps ----------------------------------------------------------------------------


def _step(
    *, user, question: PolicyQuestion, to_status: str, expected_version: int | None, reason: str = ""
) -> QuestionStatusChange:
    """One transition, refused when the page the user acted on was stale."""
    if expected_version is not None:
        current = PolicyQuestion.objects.select_for_update().values_list("version", flat=True).get(pk=question.pk)
        if current != expected_version:
            raise ConcurrentEditError(
                _(
                    "Someone else changed this question in the meantime. Nothing has been changed. Look at the question again."
                )
            )
    return question_transition(question=question, to_status=to_status, user=user, reason=reason)


@bumps_version("questions")
@transaction.atomic
def question_accept(*, user, question: PolicyQuestion, expected_version: int | None = None) -> PolicyQuestion:
    _step(user=user, question=question, to_status=S.ACCEPTED, expected_version=expected_version)
    _mail_asker(
        question,
        subject=_("%(hub)s has accepted your question: %(title)s")
        % {"hub": question.hub.name, "title": question.title},
        body=_(
            "%(greeting)s\n\n"
            "Good news: %(hub)s has accepted your question “%(title)s”.\n"
            "The hub will now prepare the participation. You can follow it here:\n%(link)s\n"
        )
        % {
            "greeting": _greeting(question),
            "hub": question.hub.name,
            "title": question.title,
            "link": _link("questions:public_detail", question.pk),
        },
        purpose=PURPOSE_ACCEPTED,
    )
    return question


@bumps_version("questions")
@transaction.atomic
def question_decline(
    *, user, question: PolicyQuestion, reason: str, expected_version: int | None = None
) -> PolicyQuestion:
    change = _step(user=user, question=question, to_status=S.DECLINED, expected_version=expected_version, reason=reason)
    _mail_asker(
        question,
        subject=_("%(hub)s cannot take on your question: %(title)s")
        % {"hub": question.hub.name, "title": question.title},
        body=_(
            "%(greeting)s\n\n"
            "%(hub)s has decided not to take on your question “%(title)s”.\n\n"
            "The reason:\n%(reason)s\n\n"
            "Do you have questions about this? Reply to the hub at %(hub_email)s.\n"
        )
        % {
            "greeting": _greeting(question),
            "hub": question.hub.name,
            "title": question.title,
            "reason": change.reason,
            "hub_email": question.hub.contact_email or "-",
        },
        purpose=PURPOSE_DECLINED,
    )
    return question


@bumps_version("questions")
@transaction.atomic
def question_ask_clarification(
    *, user, question: PolicyQuestion, reason: str, expected_version: int | None = None
) -> PolicyQuestion:
    change = _step(
        user=user, question=question, to_status=S.CLARIFICATION_ASKED, expected_version=expected_version, reason=reason
    )
    _mail_asker(
        question,
        subject=_("%(hub)s has a question about: %(title)s") % {"hub": question.hub.name, "title": question.title},
        body=_(
            "%(greeting)s\n\n"
            "%(hub)s needs more information about your question “%(title)s”.\n\n"
            "What the hub asks:\n%(reason)s\n\n"
            "Answer here:\n%(link)s\n"
        )
        % {
            "greeting": _greeting(question),
            "hub": question.hub.name,
            "title": question.title,
            "reason": change.reason,
            "link": _link("questions:mine_detail", question.pk),
        },
        purpose=PURPOSE_CLARIFICATION,
    )
    return question


@bumps_version("questions")
@transaction.atomic
def question_resubmit(
    *, user, question: PolicyQuestion, clarification: str, expected_version: int | None = None
) -> PolicyQuestion:
    """The asker (or the coordinator, for them) answers the hub's question; the question waits in the inbox again."""
    _step(user=user, question=question, to_status=S.SUBMITTED, expected_version=expected_version, reason=clarification)
    _mail_hub(
        question,
        subject=_("Answer to your question about: %(title)s") % {"title": question.title},
        body=_("Hello,\n\n%(organisation)s has answered your question about “%(title)s”.\nOpen it here:\n%(link)s\n")
        % {
            "organisation": question.asking_organisation.name,
            "title": question.title,
            "link": _link("questions:intake", question.hub.slug, question.pk),
        },
    )
    return question


@bumps_version("questions")
@transaction.atomic
def question_close(*, user, question: PolicyQuestion, expected_version: int | None = None) -> PolicyQuestion:
    _step(user=user, question=question, to_status=S.CLOSED, expected_version=expected_version)
    return question


#: The intake steps a coordinator takes from the intake page, by the status they lead to.
@bumps_version("questions")
def question_step(
    *, user, question: PolicyQuestion, to_status: str, reason: str = "", expected_version: int | None = None
):
    """Dispatch to the service for ``to_status`` (used by the intake page's action forms)."""
    if to_status == S.ACCEPTED:
        return question_accept(user=user, question=question, expected_version=expected_version)
    if to_status == S.DECLINED:
        return question_decline(user=user, question=question, reason=reason, expected_version=expected_version)
    if to_status == S.CLARIFICATION_ASKED:
        return question_ask_clarification(
            user=user, question=question, reason=reason, expected_version=expected_version
        )
    if to_status == S.SUBMITTED:
        return question_resubmit(user=user, question=question, clarification=reason, expected_version=expected_version)
    if to_status == S.CLOSED:
        return question_close(user=user, question=question, expected_version=expected_version)
    raise ServiceError(_("This step cannot be taken here."))
