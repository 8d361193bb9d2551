"""The redaction of free texts for publication (Woo), and the programme office's keep list and decisions.

Use::

    redactor = Redactor.build()        # once per run: known persons, keep list, review decisions
    result = redactor.redact(text)     # Redacted(text, spans); each Span indexes the original text

Writes (keep list, decisions) are one transaction each and write their processing-log row in it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write

from . import selectors
from .constants import Category, DecisionAction, KeepKind
from .engine import Engine, Redacted, RedactionLists, Span, apply, words
from .models import KeepTerm, RedactionDecision

__all__ = [
    "Redacted",
    "Redactor",
    "Span",
    "decision_record",
    "decision_withdraw",
    "keep_term_add",
    "keep_term_delete",
    "term_key",
]

PURPOSE = "Woo-publicatie: beoordeling van de anonimisering"


class Redactor:
    """Redacts free texts with deduce, the platform's known persons and the office's lists."""

    def __init__(self, lists: RedactionLists, *, use_deduce: bool = True):
        self.lists = lists
        self.engine = Engine(lists, use_deduce=use_deduce)

    @classmethod
    def build(cls, *, use_deduce: bool = True) -> Redactor:
        """Read the lists once (a dozen queries); then ``redact`` as many texts as needed."""
        return cls(selectors.redaction_lists(), use_deduce=use_deduce)

    def redact(self, text: str) -> Redacted:
        return self.engine.redact(text or "")

    def review(self, text: str) -> tuple[Redacted, list[Span]]:
        """The redacted text, and the spans the office's "undo" decisions kept (for a redaction report)."""
        spans, undone = self.engine.review(text or "")
        return apply(text or "", spans), undone

    @property
    def version(self) -> str:
        """The version of the office's keep list and decisions this Redactor applies."""
        return self.lists.office_version


def term_key(term: str) -> str:
    """A fragment as the engine compares it: its words, case and accents folded."""
    return " ".join(w for _s, _e, w in words(term))[:300]


def _log(actor, activity: str, ids: list[int]) -> None:
    processing_log_write(
        actor=actor,
        activity=activity,
        purpose=PURPOSE,
        operation="write",
        subject_type="person named in a published text",
        subject_ids=ids,
    )


@transaction.atomic
def keep_term_add(*, actor, kind: str, name: str, role: str = "", note: str = "") -> KeepTerm:
    name, role = " ".join((name or "").split()), " ".join((role or "").split())
    if not term_key(name):
        raise ValidationError(_("Fill in a name with at least one letter or digit."))
    if kind not in KeepKind.values:
        raise ValidationError(_("Choose what kind of name this is."))
    if kind == KeepKind.OFFICE_HOLDER and not role:
        raise ValidationError(_("Fill in the role of the office holder, for example: wethouder."))
    if kind == KeepKind.ORGANISATION:
        role = ""
    try:
        with transaction.atomic():
            term = KeepTerm.objects.create(kind=kind, name=name, role=role, note=note.strip(), created_by=actor)
    except IntegrityError:
        raise ValidationError(_("This name is already on the list.")) from None
    _log(actor, "redaction.keep_term_add", [term.pk])
    return term


@transaction.atomic
def keep_term_delete(*, actor, term: KeepTerm) -> None:
    pk = term.pk
    deleted, _rows = KeepTerm.objects.filter(pk=pk).delete()
    if deleted:
        _log(actor, "redaction.keep_term_delete", [pk])


@transaction.atomic
def decision_record(*, actor, action: str, term: str, reason: str, category: str = Category.NAME) -> RedactionDecision:
    """Keep (``undo``) or always redact (``add``) a fragment from now on; an earlier decision on it is withdrawn."""
    term = " ".join((term or "").split())[:300]
    key = term_key(term)
    if not key:
        raise ValidationError(_("Fill in a text with at least one letter or digit."))
    if action not in DecisionAction.values:
        raise ValidationError(_("Choose a decision."))
    if not (reason or "").strip():
        raise ValidationError(_("Give a short reason for this decision."))
    if action == DecisionAction.ADD and category not in Category.values:
        raise ValidationError(_("Choose a category."))
    now = timezone.now()
    earlier = list(RedactionDecision.objects.select_for_update().filter(term_key=key, withdrawn_at__isnull=True))
    for old in earlier:
        old.withdrawn_at, old.withdrawn_by = now, actor
        old.save(update_fields=["withdrawn_at", "withdrawn_by"])
    try:
        with transaction.atomic():
            decision = RedactionDecision.objects.create(
                action=action,
                term=term,
                term_key=key,
                category=category if action == DecisionAction.ADD else "",
                reason=reason.strip(),
                decided_by=actor,
            )
    except IntegrityError:  # someone decided on the same text at the same moment
        raise ValidationError(_("Someone else just decided on this text. Reload the page and look again.")) from None
    _log(actor, f"redaction.decision_{action}", [decision.pk])
    return decision


@transaction.atomic
def decision_withdraw(*, actor, decision: RedactionDecision) -> bool:
    """Withdraw a decision (the engine decides on its own again). False when it was withdrawn already."""
    done = RedactionDecision.objects.filter(pk=decision.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor
    )
    if done:
        _log(actor, "redaction.decision_withdraw", [decision.pk])
    return bool(done)
