"""Reads of the redaction's keep list and review decisions, and of everything the Redactor must know."""

from __future__ import annotations

import hashlib
import json

from django.db.models import QuerySet

from participatiehub.accounts.selectors import user_names_and_emails
from participatiehub.geo.selectors import place_names
from participatiehub.hubs.selectors import hub_names_and_contacts
from participatiehub.network.selectors import contact_details, organisation_and_body_names
from participatiehub.participants.selectors import participant_names
from participatiehub.questions.selectors import question_contact_details
from participatiehub.trajectories.selectors import trajectory_participant_details

from .constants import DecisionAction, KeepKind
from .engine import RedactionLists
from .models import KeepTerm, RedactionDecision


def keep_terms() -> QuerySet[KeepTerm]:
    return KeepTerm.objects.select_related("created_by").order_by("kind", "name", "id")


def active_decisions() -> QuerySet[RedactionDecision]:
    return RedactionDecision.objects.filter(withdrawn_at__isnull=True).select_related("decided_by")


def decision_history(*, limit: int = 200) -> QuerySet[RedactionDecision]:
    """The latest decisions, withdrawn ones included (newest first)."""
    return RedactionDecision.objects.select_related("decided_by", "withdrawn_by").order_by("-decided_at", "-id")[:limit]


def _office_version(keep_rows, decision_rows) -> str:
    """A hash of the office's keep list and active decisions (what makes public files out of date)."""
    parts = [sorted(keep_rows), sorted(decision_rows)]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def office_version() -> str:
    """The version of the office's keep list and decisions now (two queries)."""
    keep_rows = [list(r) for r in KeepTerm.objects.order_by().values_list("kind", "name", "role")]
    decision_rows = [
        list(r)
        for r in RedactionDecision.objects.filter(withdrawn_at__isnull=True)
        .order_by()
        .values_list("action", "term", "category")
    ]
    return _office_version(keep_rows, decision_rows)


def redaction_lists() -> RedactionLists:
    """Every person the platform knows, what the office keeps, and its decisions (a dozen queries)."""
    names: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    organisations = organisation_and_body_names()
    for full_name, email in user_names_and_emails():
        names.append(full_name)
        emails.append(email)
    for name, email, phone in contact_details():
        names.append(name)
        emails.append(email)
        phones.append(phone)
    names.extend(participant_names())
    for name, email in trajectory_participant_details():
        names.append(name)
        emails.append(email)
    for hub_name, contact_name, contact_email, contact_phone in hub_names_and_contacts():
        organisations.add(hub_name)
        names.append(contact_name)
        emails.append(contact_email)
        phones.append(contact_phone)
    for name, email in question_contact_details():
        names.append(name)
        emails.append(email)
    office_holders = []
    keep_rows, decision_rows = [], []
    for term in KeepTerm.objects.order_by():
        keep_rows.append([term.kind, term.name, term.role])
        if term.kind == KeepKind.OFFICE_HOLDER:
            office_holders.append((term.name, term.role))
        else:
            organisations.add(term.name)
    undo, add = [], []
    for decision in RedactionDecision.objects.filter(withdrawn_at__isnull=True).order_by():
        decision_rows.append([decision.action, decision.term, decision.category])
        if decision.action == DecisionAction.UNDO:
            undo.append(decision.term)
        else:
            add.append((decision.term, decision.category or "naam"))
    return RedactionLists(
        person_names=[n for n in names if n],
        emails=[e for e in emails if e],
        phones=[p for p in phones if p],
        organisations=sorted(organisations),
        office_holders=office_holders,
        undo_terms=undo,
        add_terms=add,
        vocabulary=place_names(),
        office_version=_office_version(keep_rows, decision_rows),
    )
