"""Reads for participants, consent and invitations. Every queryset a view shows is scoped to a hub.

What other apps keep about a participant comes from the apps registered in ``registry``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.audit.services import pseudonym
from participatiehub.geo.models import Municipality

from . import registry
from .constants import ConsentPurpose, StandardAttribute
from .models import (
    AttributeDefinition,
    Consent,
    ConsentText,
    InvitationBatch,
    InvitationCode,
    Participant,
    SpecialAttributes,
)

SUBJECT_TYPE = "participant"

#: The keys of the standard attributes; hub-defined attributes may not reuse them.
STANDARD_KEYS = frozenset(StandardAttribute.values)


def normalise_code(raw: str) -> str:
    """What a person types from a letter: any case, with spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def code_for_signup(raw: str) -> InvitationCode | None:
    """The unused code matching ``raw`` (case and separators ignored), or None."""
    code = normalise_code(raw)
    if not code:
        return None
    return InvitationCode.objects.select_related("batch__hub").filter(code=code).first()


def current_consent_texts(date: dt.date | None = None) -> dict[str, ConsentText]:
    """Purpose → the latest text valid on ``date`` (today by default)."""
    date = date or timezone.localdate()
    texts: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(valid_from__lte=date).order_by("purpose", "-version"):
        texts.setdefault(text.purpose, text)
    return texts


def hub_municipalities(hub) -> QuerySet[Municipality]:
    """The municipalities the hub covers today."""
    today = timezone.localdate()
    return (
        Municipality.objects.filter(
            hub_coverage__hub=hub,
            hub_coverage__valid_from__lte=today,
        )
        .filter(Q(hub_coverage__valid_until__isnull=True) | Q(hub_coverage__valid_until__gte=today))
        .distinct()
        .order_by("name")
    )


def attribute_definitions(hub, *, special: bool) -> list[AttributeDefinition]:
    """The hub's own questions (and the platform's questions without a hub), special or not."""
    return [
        definition
        for definition in AttributeDefinition.objects.filter(Q(hub=hub) | Q(hub__isnull=True)).filter(
            special_category=special
        )
        if definition.key not in STANDARD_KEYS
    ]


def active_consents(participant: Participant) -> dict[str, Consent]:
    return {
        consent.purpose: consent
        for consent in participant.consents.filter(withdrawn_at__isnull=True).select_related("text")
    }


def participant_for_user(user) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.select_related("hub").filter(user=user, erased_at__isnull=True).first()


# --- coordinator side ---------------------------------------------------------------------------


def participants_for_hub(
    hub,
    *,
    q: str = "",
    municipality: str = "",
    age_band: str = "",
    consent: str = "",
    include_erased: bool = False,
) -> QuerySet[Participant]:
    active = Consent.objects.filter(withdrawn_at__isnull=True).order_by("purpose")
    queryset = (
        Participant.objects.filter(hub=hub)
        .select_related("user")
        .prefetch_related(Prefetch("consents", queryset=active, to_attr="active_consents"))
        .order_by("-signed_up_at", "id")
    )
    if not include_erased:
        queryset = queryset.filter(erased_at__isnull=True)
    if q:
        queryset = queryset.filter(Q(display_name__icontains=q) | Q(user__email__icontains=q))
    if municipality:
        queryset = queryset.filter(**{f"attributes__{StandardAttribute.MUNICIPALITY}": municipality})
    if age_band:
        queryset = queryset.filter(**{f"attributes__{StandardAttribute.AGE_BAND}": age_band})
    if consent in ConsentPurpose.values:
        queryset = queryset.filter(consents__purpose=consent, consents__withdrawn_at__isnull=True)
    return queryset


def participant_for_hub(hub, pk: int) -> Participant | None:
    return Participant.objects.select_related("user", "hub").filter(hub=hub, pk=pk).first()


def participant_detail(participant: Participant) -> dict:
    """Everything held about a participant except the special-category answers: the consents here,
    then what the registered apps keep (e.g. pool memberships, selections, engagements, allowances)."""
    detail = {"consents": list(participant.consents.select_related("text").order_by("purpose", "-given_at"))}
    for records in registry.registered():
        detail.update(records.detail(participant))
    return detail


def detail_templates() -> list[str]:
    """The registered apps' parts of the coordinator's participant page."""
    return [records.detail_template for records in registry.registered() if records.detail_template]


def mydata_templates() -> list[str]:
    """The registered apps' parts of the resident's "my data" page."""
    return [records.mydata_template for records in registry.registered() if records.mydata_template]


def special_answers(participant: Participant) -> dict:
    row = SpecialAttributes.objects.filter(participant=participant).first()
    return dict(row.data) if row else {}


def processing_log_for(participant: Participant) -> QuerySet[ProcessingLogEntry]:
    return ProcessingLogEntry.objects.filter(
        subject_type=SUBJECT_TYPE, subject_pseudonym=pseudonym(SUBJECT_TYPE, participant.pk)
    ).order_by("-occurred_at", "-id")


# --- invitations --------------------------------------------------------------------------------


def batches_for_hub(hub) -> QuerySet[InvitationBatch]:
    return (
        InvitationBatch.objects.filter(hub=hub)
        .select_related("municipality", "pool")
        .annotate(used=Count("codes", filter=Q(codes__used_at__isnull=False)))
        .order_by("-created_at", "-id")
    )


def batch_for_hub(hub, pk: int) -> InvitationBatch | None:
    return batches_for_hub(hub).filter(pk=pk).first()


def response_rate(batch: InvitationBatch) -> float:
    """Share of the batch's codes that were used (0–1)."""
    used = getattr(batch, "used", None)
    if used is None:
        used = batch.codes.filter(used_at__isnull=False).count()
    return used / batch.size if batch.size else 0.0


def batch_codes(batch: InvitationBatch) -> list[str]:
    return list(batch.codes.order_by("id").values_list("code", flat=True))


# --- my data ------------------------------------------------------------------------------------


def export_data(participant: Participant) -> dict:
    """Everything held about the participant, as plain data (for the page, JSON and CSV)."""
    detail = participant_detail(participant)
    user = participant.user
    labels = {d.key: d.label for d in AttributeDefinition.objects.filter(Q(hub=participant.hub) | Q(hub__isnull=True))}
    labels.update({key: str(label) for key, label in StandardAttribute.choices})
    return {
        "profile": {
            "hub": participant.hub.name,
            "name": participant.display_name,
            "email": user.email if user else "",
            "household_code": participant.household_code,
            "signed_up_at": participant.signed_up_at,
        },
        "attributes": [
            {"key": key, "question": labels.get(key, key), "answer": value}
            for key, value in sorted(participant.attributes.items())
        ],
        "special_attributes": [
            {"key": key, "question": labels.get(key, key), "answer": value}
            for key, value in sorted(special_answers(participant).items())
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "description": str(c.get_purpose_display()),
                "text_version": c.text.version,
                "text": c.text.text,
                "given_at": c.given_at,
                "withdrawn_at": c.withdrawn_at,
            }
            for c in detail["consents"]
        ],
        **{key: value for records in registry.registered() for key, value in records.export(detail).items()},
        "processing_log": [
            {
                "when": entry.occurred_at,
                "activity": entry.activity,
                "purpose": entry.purpose,
                "operation": entry.operation,
                "by_you": bool(user) and entry.actor_id == user.pk,
                "trace_id": entry.trace_id,
            }
            for entry in processing_log_for(participant)
        ],
    }


def export_csv_rows(data: dict) -> list[list[str]]:
    """Flatten export_data into (section, field, value) rows; list items get a number."""
    rows: list[list[str]] = []
    for section, content in data.items():
        if isinstance(content, dict):
            rows.extend([section, key, _text(value)] for key, value in content.items())
        else:
            for number, item in enumerate(content, start=1):
                rows.extend([f"{section} {number}", key, _text(value)] for key, value in item.items())
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def participant_names() -> list[str]:
    """Every resident's name (erased ones have none left): the redaction of published texts looks for them."""
    return list(Participant.objects.order_by().exclude(display_name="").values_list("display_name", flat=True))
